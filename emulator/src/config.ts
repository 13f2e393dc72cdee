/** The emulator's settings, from environment variables the generator writes. */
import { readFileSync } from 'node:fs';
import { BadInput } from './cli.ts';
import {
  apiContainerPort,
  formatRouteKey,
  functionNamePattern,
  functionNameRule,
  functionSettingName,
  functionsSetting,
  holdMarginMs,
  integrationTimeoutMs,
  isPayloadVersion,
  notAllowed,
  parseRouteKeys,
  payloadVersions,
  restartWaitMs,
  rieContainerPort,
  rieMarginMs,
  routeShape,
  settingNames,
  siblingVariableProblem,
  singleFunctionName,
  type PayloadVersion,
  type RouteKey,
} from './contract.ts';
import { parseSchedule, type Schedule } from './schedules.ts';

/** One function behind the API: its routes or schedule, and the RIEs that run it. */
export interface FunctionConfig {
  readonly name: string;
  /** Route keys such as `GET /users/{id}`, comma-separated in ROUTES; none for a function on a schedule only. */
  readonly routes: readonly RouteKey[];
  /** The EventBridge rate() or cron() expression it runs on (<NAME>_SCHEDULE), if any. */
  readonly schedule?: Schedule | undefined;
  /** RIE base URLs; a host name stands for every address it resolves to. */
  readonly upstreams: readonly URL[];
  /**
   * The function's time-out (AWS_LAMBDA_FUNCTION_TIMEOUT): RIE gives up on an
   * invocation by then, so stopping waits for running ones at most this long.
   */
  readonly functionTimeoutMs: number;
  /** How long RIE may take to answer an invocation: the function's time-out plus RIE's margin. */
  readonly answerWithinMs: number;
}

export interface Config {
  readonly port: number;
  /** The Lambda Invoke API's port (INVOKE_PORT); off when unset. */
  readonly invokePort: number | undefined;
  readonly payloadVersion: PayloadVersion;
  /** Every function of the API, each route claimed by one. */
  readonly functions: readonly FunctionConfig[];
  readonly stage: string;
  /** API Gateway's integration time-out: the API type's own unless set. */
  readonly gatewayTimeoutMs: number;
  /** REST API binary media types (`image/png`, `image/*`, `*\/*`); payload 1.0 only. */
  readonly binaryMediaTypes: readonly string[];
  readonly cors: boolean;
  /** Requests waiting per upstream before the emulator answers 429. */
  readonly queueLimit: number;
  /** How often upstream names are resolved again (replicas come and go). */
  readonly upstreamRefreshMs: number;
  /** Whether functions fire on their schedules (SCHEDULES, on unless `off`). */
  readonly schedules: boolean;
  /** The region scheduled events name (AWS_REGION). */
  readonly region: string;
  /**
   * The token `make` sends with a hold or a release (CONTROL_TOKEN_FILE names
   * the file it is in); without one, the emulator's own endpoints are off.
   */
  readonly controlToken: string | undefined;
  /** Not settings: the longest function time-out plus margins fixed in the contract; tests shorten them. */
  readonly holdLeaseMs: number;
  readonly restartWaitMs: number;
}

// BadInput, so that a command-line script calling httpOrigin prints its one line.
const refuse = (name: string, value: string, allowed: string, why?: string) => new BadInput(notAllowed(name, value, allowed, why));

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw refuse(name, raw, 'a whole number');
  return Number(raw);
}

/**
 * `http://host:port`, for an RIE or the Invoke API: both speak plain HTTP, and
 * `lambda:8080` would read as a URL whose scheme is `lambda:`. A refusal shows
 * nothing up to the last `@`, so that a password given in the URL is not repeated.
 */
export function httpOrigin(setting: string, text: string, expected: string): URL {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  const shown = text.replace(/^([a-z][a-z\d+.-]*:\/\/)?.*@/is, '$1…@');
  if (url && (url.username !== '' || url.password !== '')) throw refuse(setting, shown, expected, 'it holds a user name or password');
  if (!url || url.protocol !== 'http:' || url.hostname === '' || url.pathname !== '/' || url.search !== '') throw refuse(setting, shown, expected);
  return url;
}

function routes(setting: string, text: string): RouteKey[] {
  const parsed = parseRouteKeys(text);
  if ('wrong' in parsed) throw refuse(setting, text, `route ${JSON.stringify(parsed.wrong)} is ${parsed.why}`);
  return parsed.routes;
}

/**
 * Two functions may not claim one route (API Gateway would have one integration
 * for it), name one path variable two ways (it keeps one resource per path), or
 * send to one RIE (it runs one invocation at a time, and each function's queue
 * would not know of the other's).
 */
function refuseSharedRoutesAndRies(functions: readonly FunctionConfig[]): void {
  const owners = new Map<string, { readonly name: string; readonly route: RouteKey }>();
  for (const { name, routes } of functions) {
    for (const route of routes) {
      const owner = owners.get(routeShape(route));
      if (owner && owner.name !== name) {
        throw refuse(functionSettingName(name, 'routes'), formatRouteKey(route), `a route no other function claims; ${owner.name} has ${formatRouteKey(owner.route)}`);
      }
      owners.set(routeShape(route), { name, route });
    }
  }
  const named = functions.flatMap(({ name, routes }) => routes.map((route) => ({ name, route })));
  const clash = siblingVariableProblem(named.map(({ route }) => route));
  const clashing = clash && named.find(({ route }) => route === clash.route);
  if (clash && clashing) throw refuse(functionSettingName(clashing.name, 'routes'), formatRouteKey(clash.route), `routes whose path variables agree with every function's; it is ${clash.why}`);
  const rieOwners = new Map<string, string>();
  for (const { name, upstreams } of functions) {
    for (const url of upstreams) {
      const owner = rieOwners.get(url.origin);
      if (owner && owner !== name) throw refuse(functionSettingName(name, 'upstreams'), url.origin, `RIEs no other function sends to; ${owner} sends to ${url.origin}`);
      rieOwners.set(url.origin, name);
    }
  }
}

type FunctionSettingNames = Readonly<Record<'routes' | 'upstreams' | 'functionTimeoutMs' | 'schedule', string>>;

function functionFrom(env: NodeJS.ProcessEnv, name: string, names: FunctionSettingNames, defaults: { routes?: string; upstreams?: string }): FunctionConfig {
  /** A setting's value, else the fallback; undefined when that is blank. */
  const given = (setting: string, fallback?: string) => {
    const value = env[setting] ?? fallback;
    return value === undefined || value.trim() === '' ? undefined : value;
  };
  const missing = (setting: string, what: string) => refuse(setting, env[setting] ?? '', `the function ${name}'s ${what}, as FUNCTIONS lists it`);
  const scheduleText = given(names.schedule);
  const schedule = scheduleText === undefined ? undefined : parseSchedule(names.schedule, scheduleText);
  // Routes are for HTTP: a function FUNCTIONS lists may have none (a queue's, a schedule's: the
  // Invoke API and its schedule reach it); the one function of ROUTES has the greedy default.
  const routesText = given(names.routes, schedule ? undefined : defaults.routes);
  const upstreamsText = given(names.upstreams, defaults.upstreams);
  if (upstreamsText === undefined) throw missing(names.upstreams, 'RIE URLs');
  // RIE's own default when AWS_LAMBDA_FUNCTION_TIMEOUT is not set: 300 s.
  const functionTimeoutMs = integer(env, names.functionTimeoutMs, 300_000);
  return {
    name,
    routes: routesText === undefined ? [] : routes(names.routes, routesText),
    schedule,
    upstreams: list(upstreamsText).map((text) => httpOrigin(names.upstreams, text, 'http://host:port, comma-separated')),
    functionTimeoutMs,
    answerWithinMs: functionTimeoutMs + rieMarginMs,
  };
}

/** FUNCTIONS and each function's settings; without FUNCTIONS, the one function of ROUTES and LAMBDA_UPSTREAMS. */
function functionsFrom(env: NodeJS.ProcessEnv): FunctionConfig[] {
  const listed = env[functionsSetting];
  if (listed === undefined) {
    const single = {
      routes: settingNames.routes,
      upstreams: settingNames.upstreams,
      functionTimeoutMs: settingNames.functionTimeoutMs,
      schedule: functionSettingName(singleFunctionName, 'schedule'),
    };
    return [functionFrom(env, singleFunctionName, single, { routes: 'ANY /{proxy+}', upstreams: `http://127.0.0.1:${rieContainerPort}` })];
  }
  const names = list(listed);
  if (names.length === 0) throw refuse(functionsSetting, listed, 'function names, comma-separated');
  const seen = new Set<string>();
  for (const name of names) {
    if (!functionNamePattern.test(name)) throw refuse(functionsSetting, listed, `function names of ${functionNameRule}; ${JSON.stringify(name)} is not one`);
    if (seen.has(name)) throw refuse(functionsSetting, listed, `each function once; ${name} is listed twice`);
    seen.add(name);
  }
  const functions = names.map((name) => {
    const settingOf = (setting: keyof FunctionSettingNames) => functionSettingName(name, setting);
    return functionFrom(env, name, { routes: settingOf('routes'), upstreams: settingOf('upstreams'), functionTimeoutMs: settingOf('functionTimeoutMs'), schedule: settingOf('schedule') }, {});
  });
  refuseSharedRoutesAndRies(functions);
  return functions;
}

/** The control token from its file: at least 16 characters, no white space. */
function controlToken(file: string | undefined): string | undefined {
  if (file === undefined || file === '') return undefined;
  let token: string;
  try {
    token = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw refuse(settingNames.controlTokenFile, file, `a readable file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  // The token itself is never repeated in a message.
  if (!/^\S{16,}$/.test(token)) throw refuse(settingNames.controlTokenFile, file, 'a file holding a token of at least 16 characters without white space');
  return token;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const names = settingNames;
  const payloadVersion = env[names.payloadVersion] ?? '1.0';
  if (!isPayloadVersion(payloadVersion)) throw refuse(names.payloadVersion, payloadVersion, payloadVersions.join(' or '));
  const cors = env[names.cors] ?? 'off';
  if (cors !== 'on' && cors !== 'off') throw refuse(names.cors, cors, 'on or off');
  const port = integer(env, names.port, apiContainerPort);
  if (port > 65535) throw refuse(names.port, String(port), 'a port from 0 to 65535');
  const invokePortText = env[names.invokePort];
  const invokePort = invokePortText === undefined || invokePortText === '' ? undefined : integer(env, names.invokePort, 0);
  if (invokePort !== undefined && (invokePort > 65535 || (invokePort === port && port !== 0))) {
    throw refuse(names.invokePort, String(invokePort), `a port from 0 to 65535 other than ${names.port} (${port})`);
  }
  const schedules = env[names.schedules] ?? 'on';
  if (schedules !== 'on' && schedules !== 'off') throw refuse(names.schedules, schedules, 'on or off');
  const region = env[names.region] ?? 'us-east-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw refuse(names.region, region, 'an AWS region such as us-east-1');
  const functions = functionsFrom(env);
  const longestTimeoutMs = Math.max(...functions.map((fn) => fn.functionTimeoutMs));
  return {
    port,
    invokePort,
    payloadVersion,
    functions,
    stage: env[names.stage] ?? (payloadVersion === '1.0' ? 'local' : '$default'),
    gatewayTimeoutMs: integer(env, names.gatewayTimeoutMs, integrationTimeoutMs[payloadVersion]),
    binaryMediaTypes: list(env[names.binaryMediaTypes]),
    cors: cors === 'on',
    queueLimit: integer(env, names.queueLimit, 1000),
    upstreamRefreshMs: integer(env, names.upstreamRefreshMs, 5000),
    schedules: schedules === 'on',
    region,
    controlToken: controlToken(env[names.controlTokenFile]),
    holdLeaseMs: longestTimeoutMs + holdMarginMs,
    restartWaitMs,
  };
}
