/** The emulator's settings, from environment variables the generator writes. */
import { integrationTimeoutMs, isPayloadVersion, payloadVersions, type PayloadVersion } from './contract.ts';

export interface Config {
  readonly port: number;
  /** RIE base URLs; a host name stands for every address it resolves to. */
  readonly upstreams: readonly URL[];
  readonly payloadVersion: PayloadVersion;
  /** Route keys such as `GET /users/{id}`, comma-separated. */
  readonly routes: readonly string[];
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
}

/** A setting that is not allowed: one line naming it, the value and what is allowed. */
function notAllowed(name: string, value: string, expected: string): Error {
  return new Error(`${name}: ${JSON.stringify(value)} is not allowed; expected ${expected}`);
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw notAllowed(name, raw, 'a whole number');
  return Number(raw);
}

/** `http://host:port`: RIE speaks plain HTTP, and `lambda:8080` would read as a URL whose scheme is `lambda:`. */
function upstream(text: string): URL {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || url.protocol !== 'http:' || url.hostname === '' || url.pathname !== '/' || url.search !== '' || url.username !== '') {
    throw notAllowed('LAMBDA_UPSTREAMS', text, 'http://host:port, comma-separated');
  }
  return url;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const payloadVersion = env.PAYLOAD_VERSION ?? '1.0';
  if (!isPayloadVersion(payloadVersion)) throw notAllowed('PAYLOAD_VERSION', payloadVersion, payloadVersions.join(' or '));
  const cors = env.CORS ?? 'off';
  if (cors !== 'on' && cors !== 'off') throw notAllowed('CORS', cors, 'on or off');
  const port = integer(env, 'PORT', 3000);
  if (port > 65535) throw notAllowed('PORT', String(port), 'a port from 0 to 65535');
  return {
    port,
    upstreams: list(env.LAMBDA_UPSTREAMS ?? 'http://127.0.0.1:8080').map(upstream),
    payloadVersion,
    routes: list(env.ROUTES ?? 'ANY /{proxy+}'),
    stage: env.STAGE ?? (payloadVersion === '1.0' ? 'local' : '$default'),
    gatewayTimeoutMs: integer(env, 'GATEWAY_TIMEOUT_MS', integrationTimeoutMs[payloadVersion]),
    // RIE's own default when AWS_LAMBDA_FUNCTION_TIMEOUT is not set: 300 s.
    functionTimeoutMs: integer(env, 'FUNCTION_TIMEOUT_MS', 300_000),
    binaryMediaTypes: list(env.BINARY_MEDIA_TYPES),
    cors: cors === 'on',
    queueLimit: integer(env, 'QUEUE_LIMIT', 1000),
    upstreamRefreshMs: integer(env, 'UPSTREAM_REFRESH_MS', 5000),
  };
}
