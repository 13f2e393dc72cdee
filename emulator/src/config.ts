/** The emulator's settings, from environment variables the generator writes. */
import { readFileSync } from 'node:fs';
import {
  apiContainerPort,
  holdMarginMs,
  integrationTimeoutMs,
  isPayloadVersion,
  notAllowed,
  parseRouteKeys,
  payloadVersions,
  restartWaitMs,
  rieContainerPort,
  rieMarginMs,
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
  /**
   * The token `make` sends with a hold or a release (CONTROL_TOKEN_FILE names
   * the file it is in); without one, the emulator's own endpoints are off.
   */
  readonly controlToken: string | undefined;
  /** Not settings: the function's time-out plus margins fixed in the contract; tests shorten them. */
  readonly holdLeaseMs: number;
  readonly restartWaitMs: number;
  /** How long RIE may take to answer an invocation: the function's time-out plus RIE's margin. */
  readonly answerWithinMs: number;
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
  // RIE's own default when AWS_LAMBDA_FUNCTION_TIMEOUT is not set: 300 s.
  const functionTimeoutMs = integer(env, names.functionTimeoutMs, 300_000);
  if (port > 65535) throw refuse(names.port, String(port), 'a port from 0 to 65535');
  return {
    port,
    upstreams: list(env[names.upstreams] ?? `http://127.0.0.1:${rieContainerPort}`).map(upstream),
    payloadVersion,
    routes: routes(env[names.routes] ?? 'ANY /{proxy+}'),
    stage: env[names.stage] ?? (payloadVersion === '1.0' ? 'local' : '$default'),
    gatewayTimeoutMs: integer(env, names.gatewayTimeoutMs, integrationTimeoutMs[payloadVersion]),
    functionTimeoutMs,
    binaryMediaTypes: list(env[names.binaryMediaTypes]),
    cors: cors === 'on',
    queueLimit: integer(env, names.queueLimit, 1000),
    upstreamRefreshMs: integer(env, names.upstreamRefreshMs, 5000),
    controlToken: controlToken(env[names.controlTokenFile]),
    holdLeaseMs: functionTimeoutMs + holdMarginMs,
    restartWaitMs,
    answerWithinMs: functionTimeoutMs + rieMarginMs,
  };
}
