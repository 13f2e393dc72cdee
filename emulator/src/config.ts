/** The emulator's settings, from environment variables the generator writes. */
import {
  apiContainerPort,
  holdLeaseMs,
  integrationTimeoutMs,
  isPayloadVersion,
  notAllowed,
  parseRouteKeys,
  payloadVersions,
  restartWaitMs,
  rieContainerPort,
  settingNames,
  type PayloadVersion,
  type RouteKey,
} from './contract.ts';

export interface Config {
  readonly port: number;
  /** RIE base URLs; a host name stands for every address it resolves to. */
  readonly upstreams: readonly URL[];
  readonly payloadVersion: PayloadVersion;
  /** Route keys such as `GET /users/{id}`, comma-separated in ROUTES. */
  readonly routes: readonly RouteKey[];
  readonly stage: string;
  /** API Gateway's integration time-out: the API type's own unless set. */
  readonly gatewayTimeoutMs: number;
  /**
   * The function's time-out (AWS_LAMBDA_FUNCTION_TIMEOUT): RIE gives up on an
   * invocation by then, so stopping waits for running ones at most this long.
   */
  readonly functionTimeoutMs: number;
  /** REST API binary media types (`image/png`, `image/*`, `*\/*`); payload 1.0 only. */
  readonly binaryMediaTypes: readonly string[];
  readonly cors: boolean;
  /** Requests waiting per upstream before the emulator answers 429. */
  readonly queueLimit: number;
  /** How often upstream names are resolved again (replicas come and go). */
  readonly upstreamRefreshMs: number;
  /** Not settings, fixed in the contract; tests shorten them. */
  readonly holdLeaseMs: number;
  readonly restartWaitMs: number;
}

const refuse = (name: string, value: string, allowed: string) => new Error(notAllowed(name, value, allowed));

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw refuse(name, raw, 'a whole number');
  return Number(raw);
}

/** `http://host:port`: RIE speaks plain HTTP, and `lambda:8080` would read as a URL whose scheme is `lambda:`. */
function upstream(text: string): URL {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || url.protocol !== 'http:' || url.hostname === '' || url.pathname !== '/' || url.search !== '' || url.username !== '') {
    throw refuse(settingNames.upstreams, text, 'http://host:port, comma-separated');
  }
  return url;
}

function routes(text: string): RouteKey[] {
  const parsed = parseRouteKeys(text);
  if ('wrong' in parsed) throw refuse(settingNames.routes, text, `route ${JSON.stringify(parsed.wrong)} is ${parsed.why}`);
  return parsed.routes;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const names = settingNames;
  const payloadVersion = env[names.payloadVersion] ?? '1.0';
  if (!isPayloadVersion(payloadVersion)) throw refuse(names.payloadVersion, payloadVersion, payloadVersions.join(' or '));
  const cors = env[names.cors] ?? 'off';
  if (cors !== 'on' && cors !== 'off') throw refuse(names.cors, cors, 'on or off');
  const port = integer(env, names.port, apiContainerPort);
  if (port > 65535) throw refuse(names.port, String(port), 'a port from 0 to 65535');
  return {
    port,
    upstreams: list(env[names.upstreams] ?? `http://127.0.0.1:${rieContainerPort}`).map(upstream),
    payloadVersion,
    routes: routes(env[names.routes] ?? 'ANY /{proxy+}'),
    stage: env[names.stage] ?? (payloadVersion === '1.0' ? 'local' : '$default'),
    gatewayTimeoutMs: integer(env, names.gatewayTimeoutMs, integrationTimeoutMs[payloadVersion]),
    // RIE's own default when AWS_LAMBDA_FUNCTION_TIMEOUT is not set: 300 s.
    functionTimeoutMs: integer(env, names.functionTimeoutMs, 300_000),
    binaryMediaTypes: list(env[names.binaryMediaTypes]),
    cors: cors === 'on',
    queueLimit: integer(env, names.queueLimit, 1000),
    upstreamRefreshMs: integer(env, names.upstreamRefreshMs, 5000),
    holdLeaseMs,
    restartWaitMs,
  };
}
