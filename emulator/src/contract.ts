/**
 * What the emulator must agree on with API Gateway, Lambda and the generator
 * that configures it: the payload versions, the route grammar, the settings'
 * names, the container ports, and the limits and error answers of each API
 * type. The generator imports this file and the emulator runs it, so nothing
 * here is written twice.
 */

/**
 * The one line that refuses a value, from the generator and the emulator
 * alike: what was set, the value, what is wrong with it when more can be said,
 * and what is allowed.
 */
export const notAllowed = (name: string, value: unknown, allowed: string, why?: string): string =>
  `${name}: ${JSON.stringify(value)} is not allowed${why ? ` (${why})` : ''}; expected ${allowed}`;

/** Payload format 1.0 is a REST API's Lambda proxy integration; 2.0 an HTTP API's. */
export const payloadVersions = ['1.0', '2.0'] as const;
export type PayloadVersion = (typeof payloadVersions)[number];

export const isPayloadVersion = (value: string): value is PayloadVersion => (payloadVersions as readonly string[]).includes(value);

/**
 * How long API Gateway waits for the function: 29 s for REST APIs, 30 s for
 * HTTP APIs (https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html).
 */
export const integrationTimeoutMs: Readonly<Record<PayloadVersion, number>> = { '1.0': 29_000, '2.0': 30_000 };

/** API Gateway's limit on a request body, both API types: 10 MB. */
export const maxRequestBodyBytes = 10 * 1024 * 1024;

/**
 * Lambda's limit on a synchronous invocation's payload, each way, as the real
 * RIE v1.29 enforces it: 6 MiB + 100 bytes. A longer event reaches the function
 * cut short without a word, so the emulator refuses it first; a longer result
 * fails with Function.ResponseSizeTooLarge.
 */
export const maxInvocationPayloadBytes = 6 * 1024 * 1024 + 100;

export interface GatewayMessage {
  readonly statusCode: number;
  readonly message: string;
}

/**
 * What each API type answers when the function fails (an error, a crash, a
 * malformed or oversized result) and when it takes too long.
 * REST: 502 "Internal server error" and 504 "Endpoint request timed out"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html).
 * HTTP: 500 "Internal Server Error" and 503 "Service Unavailable"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html,
 * https://repost.aws/knowledge-center/api-gateway-5xx-error).
 */
export const gatewayErrors: Readonly<Record<PayloadVersion, { readonly failure: GatewayMessage; readonly timeout: GatewayMessage }>> = {
  '1.0': { failure: { statusCode: 502, message: 'Internal server error' }, timeout: { statusCode: 504, message: 'Endpoint request timed out' } },
  '2.0': { failure: { statusCode: 500, message: 'Internal Server Error' }, timeout: { statusCode: 503, message: 'Service Unavailable' } },
};

/**
 * The emulator's own endpoints, on its port under a prefix no API routes (as
 * LocalStack keeps `/_localstack/`; a route under it is refused). RIE keeps
 * the bootstrap it started, so a new build answers only after RIE restarts;
 * `make build` asks the emulator to hold new requests and let the running ones
 * finish, restarts RIE, then releases them: RIE never sees two invocations at
 * once, restart or not. Only `make` can ask: each request must carry the
 * stack's control token (a compose secret from a file only the user can read),
 * name a loopback Host and carry no Origin.
 */
export const controlPrefix = '/_lambda-local/';
export const controlPaths = { hold: `${controlPrefix}hold`, release: `${controlPrefix}release` } as const;
/** The header that carries the control token. A custom header: no browser sends one cross-origin without a preflight. */
export const controlTokenHeader = 'x-lambda-local-token';
/** The control token's file in localdev/, and the compose secret that mounts it. */
export const controlTokenFile = '.control-token';
export const controlTokenSecret = 'lambda_local_control_token';
/**
 * RIE answers a timed-out invocation about 100 ms after the function's
 * time-out (recorded in test/fixtures/real-rie/): past this margin no answer is
 * coming, and the connection is given up.
 */
export const rieMarginMs = 2_000;
/**
 * A hold nobody releases (an interrupted `make build`) ends by itself after the
 * function's time-out (the wait for what runs) plus this (the restart).
 */
export const holdMarginMs = 15_000;
/** How long a release waits for the old RIE to exit, then for the restarted one to accept connections. */
export const rieExitWaitMs = 2_000;
export const restartWaitMs = 10_000;

/** The emulator's settings, as the environment variables compose sets. */
export const settingNames = {
  port: 'PORT',
  upstreams: 'LAMBDA_UPSTREAMS',
  payloadVersion: 'PAYLOAD_VERSION',
  routes: 'ROUTES',
  stage: 'STAGE',
  gatewayTimeoutMs: 'GATEWAY_TIMEOUT_MS',
  functionTimeoutMs: 'FUNCTION_TIMEOUT_MS',
  binaryMediaTypes: 'BINARY_MEDIA_TYPES',
  cors: 'CORS',
  queueLimit: 'QUEUE_LIMIT',
  upstreamRefreshMs: 'UPSTREAM_REFRESH_MS',
  controlTokenFile: 'CONTROL_TOKEN_FILE',
  invokePort: 'INVOKE_PORT',
  functions: 'FUNCTIONS',
  /** `off` stops every function's schedule (see schedules.ts); on by default. */
  schedules: 'SCHEDULES',
  /** The region scheduled events name, as the function's container has it. */
  region: 'AWS_REGION',
} as const;

/**
 * One API may front many functions: FUNCTIONS lists their names, and each
 * function's settings are named after it, e.g. ORDERS_ROUTES for `orders`.
 * Without FUNCTIONS, ROUTES, LAMBDA_UPSTREAMS, FUNCTION_TIMEOUT_MS and
 * LAMBDA_SCHEDULE describe the one function, named `lambda` as its compose
 * service is. A function with a schedule (ORDERS_SCHEDULE, an EventBridge
 * rate() or cron() expression) needs no routes.
 */
export const functionsSetting = settingNames.functions;
export const functionSettings = { routes: 'ROUTES', upstreams: 'UPSTREAMS', functionTimeoutMs: 'TIMEOUT_MS', schedule: 'SCHEDULE' } as const;
export const singleFunctionName = 'lambda';

/**
 * A function's name: a Go package folder, a compose service and, upper-cased,
 * the start of environment variable names, so lower case, digits and inner
 * hyphens only (no underscore: `a-b` and `a_b` would share a variable).
 */
export const functionNamePattern = /^[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
export const functionNameRule = 'lower-case letters, digits and inner hyphens, starting with a letter, at most 40 characters';

/** The environment variable of one function's setting: ORDERS_ROUTES, BILLING_API_UPSTREAMS. */
export const functionSettingName = (name: string, setting: keyof typeof functionSettings): string =>
  `${name.toUpperCase().replaceAll('-', '_')}_${functionSettings[setting]}`;

/** The port the emulator listens on inside its container; the host port is the user's choice. */
export const apiContainerPort = 3000;
/** RIE's own listening port inside the lambda container (its default, 0.0.0.0:8080). */
export const rieContainerPort = 8080;
/** The Lambda Invoke API's port inside the emulator's container, when compose publishes it. */
export const invokeContainerPort = 9000;

/**
 * The Lambda Invoke API the emulator serves on INVOKE_PORT, beside the HTTP
 * API, for the AWS CLI and SDKs (`--endpoint-url`). Its payload limits are
 * those of Lambda's Invoke action: 6 MB synchronous, 1 MB asynchronous
 * (https://docs.aws.amazon.com/lambda/latest/dg/API_Invoke.html), counted in
 * bytes of 1024 * 1024 as Lambda counts them.
 */
export const invokePathPrefix = '/2015-03-31/functions/';
export const invokePathSuffix = '/invocations';
export const maxSyncInvokeBytes = 6 * 1024 * 1024;
export const maxAsyncInvokeBytes = 1024 * 1024;

/** API Gateway route keys: `METHOD /path/{param}`, `{proxy+}` greedy, `ANY` any method. */
const routeMethods = ['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
type RouteMethod = (typeof routeMethods)[number];

export interface RouteKey {
  readonly method: RouteMethod;
  /** The route's path template, e.g. `/users/{id}` or `/{proxy+}`. */
  readonly path: string;
}

export const routeGrammar = `"METHOD /path/{param}" with METHOD one of ${routeMethods.join(', ')}, {name+} only as the last segment`;

const literalSegment = /^[A-Za-z0-9._~-]+$/;
const parameterSegment = /^\{[A-Za-z_][A-Za-z0-9_]*\}$/;
const greedySegment = /^\{[A-Za-z_][A-Za-z0-9_]*\+\}$/;

function isRoutePath(path: string): boolean {
  if (path === '/') return true;
  if (!path.startsWith('/')) return false;
  const segments = path.slice(1).split('/');
  return segments.every((segment, index) => {
    if (literalSegment.test(segment) || parameterSegment.test(segment)) return true;
    // API Gateway allows a greedy parameter only as the last segment.
    return greedySegment.test(segment) && index === segments.length - 1;
  });
}

export const formatRouteKey = (route: RouteKey): string => `${route.method} ${route.path}`;

/** Route keys as a person reads them: `GET /users/{id}, ANY /{proxy+}`. */
export const formatRouteKeys = (routes: readonly RouteKey[]): string => routes.map(formatRouteKey).join(', ');

/** One route key, its method in either case; undefined when API Gateway would not accept it. */
export function parseRouteKey(text: string): RouteKey | undefined {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 2) return undefined;
  const [method, path] = parts as [string, string];
  const upper = method.toUpperCase();
  if (!(routeMethods as readonly string[]).includes(upper) || !isRoutePath(path)) return undefined;
  return { method: upper as RouteMethod, path };
}

/**
 * API Gateway keeps one resource per path: under one parent, every route that
 * has a variable there must name it alike (`/o/{id}` and `/o/{oid}` are refused
 * at deploy). Each variable segment, by the path above it, and the route that named it first.
 */
type VariableSegments = Map<string, { readonly segment: string; readonly route: RouteKey }>;

/** Why `route` cannot stand beside the routes of `seen`, or undefined; records its variables. */
function siblingVariableClash(route: RouteKey, seen: VariableSegments): string | undefined {
  const segments = route.path.split('/');
  for (const [index, segment] of segments.entries()) {
    if (!segment.startsWith('{')) continue;
    const parent = segments.slice(0, index).join('/');
    const first = seen.get(parent);
    if (first === undefined) seen.set(parent, { segment, route });
    else if (first.segment !== segment) {
      return `at odds with ${JSON.stringify(formatRouteKey(first.route))}: ${segment} where it has ${first.segment}, and API Gateway takes one variable name at each place in a path`;
    }
  }
  return undefined;
}

/** The first of `routes` (one function's or several's, in order) whose variables are at odds with an earlier route's, and why. */
export function siblingVariableProblem(routes: readonly RouteKey[]): { readonly route: RouteKey; readonly why: string } | undefined {
  const variables: VariableSegments = new Map();
  for (const route of routes) {
    const why = siblingVariableClash(route, variables);
    if (why) return { route, why };
  }
  return undefined;
}

/** A route as API Gateway tells routes apart: parameter names do not count. */
export const routeShape = (route: RouteKey) => `${route.method} ${route.path.replace(/\{[^}+]+\}/g, '{}').replace(/\{[^}]+\+\}/g, '{+}')}`;

/** A comma list of route keys, each once; or the first one that is wrong, and why. */
export function parseRouteKeys(text: string): { readonly routes: RouteKey[] } | { readonly wrong: string; readonly why: string } {
  const routes: RouteKey[] = [];
  const seen = new Set<string>();
  const variables: VariableSegments = new Map();
  for (const item of text.split(',')) {
    const route = parseRouteKey(item);
    if (!route) return { wrong: item.trim(), why: `not ${routeGrammar}` };
    if (`${route.path}/`.startsWith(controlPrefix)) return { wrong: item.trim(), why: `under ${controlPrefix}, which the emulator keeps for its own endpoints` };
    const key = formatRouteKey(route);
    if (seen.has(key)) return { wrong: item.trim(), why: 'listed twice' };
    const clash = siblingVariableClash(route, variables);
    if (clash) return { wrong: item.trim(), why: clash };
    seen.add(key);
    routes.push(route);
  }
  return { routes };
}
