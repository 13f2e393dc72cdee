/** The emulator's settings, from environment variables the generator writes. */

export type PayloadVersion = '1.0' | '2.0';

export interface Config {
  readonly port: number;
  /** RIE base URLs; a host name stands for every address it resolves to. */
  readonly upstreams: readonly URL[];
  readonly payloadVersion: PayloadVersion;
  /** Route keys such as `GET /users/{id}`, comma-separated. */
  readonly routes: readonly string[];
  readonly stage: string;
  /** API Gateway's integration time-out: 29 s unless raised. */
  readonly gatewayTimeoutMs: number;
  /** REST API binary media types (`image/png`, `image/*`, `*\/*`); payload 1.0 only. */
  readonly binaryMediaTypes: readonly string[];
  readonly cors: boolean;
  /** Requests waiting per upstream before the emulator answers 429. */
  readonly queueLimit: number;
  /** How often upstream names are resolved again (replicas come and go). */
  readonly upstreamRefreshMs: number;
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`${name}: ${JSON.stringify(raw)} is not allowed; expected a whole number`);
  return Number(raw);
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const payloadVersion = env.PAYLOAD_VERSION ?? '1.0';
  if (payloadVersion !== '1.0' && payloadVersion !== '2.0') {
    throw new Error(`PAYLOAD_VERSION: ${JSON.stringify(payloadVersion)} is not allowed; expected 1.0 or 2.0`);
  }
  const upstreams = list(env.LAMBDA_UPSTREAMS ?? 'http://127.0.0.1:8080').map((text) => {
    if (!URL.canParse(text)) throw new Error(`LAMBDA_UPSTREAMS: ${JSON.stringify(text)} is not a URL`);
    return new URL(text);
  });
  const cors = env.CORS ?? 'off';
  if (cors !== 'on' && cors !== 'off') throw new Error(`CORS: ${JSON.stringify(cors)} is not allowed; expected on or off`);
  return {
    port: integer(env, 'PORT', 3000),
    upstreams,
    payloadVersion,
    routes: list(env.ROUTES ?? 'ANY /{proxy+}'),
    stage: env.STAGE ?? (payloadVersion === '1.0' ? 'local' : '$default'),
    gatewayTimeoutMs: integer(env, 'GATEWAY_TIMEOUT_MS', 29_000),
    binaryMediaTypes: list(env.BINARY_MEDIA_TYPES),
    cors: cors === 'on',
    queueLimit: integer(env, 'QUEUE_LIMIT', 1000),
    upstreamRefreshMs: integer(env, 'UPSTREAM_REFRESH_MS', 5000),
  };
}
