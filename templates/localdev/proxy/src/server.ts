/**
 * The API Gateway emulator: plain HTTP in, API Gateway proxy event to RIE,
 * API Gateway-shaped HTTP response out. Run with `node src/server.ts`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { readConfig, type Config } from './config.ts';
import { buildHttpApiEvent, buildRestApiEvent, newRequestId, type IncomingRequest } from './events.ts';
import { internalServerError, isGatewayFailure, jsonMessage, mapInvocationResult, type HttpResponse } from './responses.ts';
import { createRequestLog } from './request-log.ts';
import { compileRoutes, matchRoute } from './routes.ts';
import { createUpstreamPool, expandUpstreams, type UpstreamPool } from './upstream-pool.ts';

/** API Gateway's limit on a request body. */
const maxBodyBytes = 10 * 1024 * 1024;
/** Lambda's limit on a synchronous invocation's payload; RIE truncates beyond it silently. */
const maxEventBytes = 6 * 1024 * 1024;

class BodyTooLarge extends Error {}

const noBody = Buffer.alloc(0);

function readBody(request: IncomingMessage): Promise<Buffer> {
  // A request that announces no body has none; Node discards the empty stream when the response ends.
  if (request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined) {
    return Promise.resolve(noBody);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        request.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

const corsHeaders: readonly (readonly [string, string])[] = [
  ['Access-Control-Allow-Origin', '*'],
  ['Access-Control-Allow-Headers', '*'],
  ['Access-Control-Allow-Methods', '*'],
];

function send(response: ServerResponse, config: Config, answer: HttpResponse, requestId: string): void {
  const headers = [...answer.headers, ...(config.cors ? corsHeaders : [])];
  if (!headers.some(([name]) => name.toLowerCase() === 'content-type') && answer.body.length > 0) {
    headers.push(['Content-Type', 'application/json']);
  }
  // API Gateway's id for the request, as it sends in every response.
  headers.push([config.payloadVersion === '1.0' ? 'x-amzn-RequestId' : 'apigw-requestid', requestId]);
  response.writeHead(answer.statusCode, headers.flat());
  response.end(answer.body);
}

export interface Emulator {
  readonly server: Server;
  readonly pool: UpstreamPool;
}

/** Resolves the upstream names again, so replicas that come and go are used; true when the set changed. */
async function refreshUpstreams(config: Config, pool: UpstreamPool, log: (line: string) => void): Promise<boolean> {
  try {
    return pool.setOrigins(await expandUpstreams(config.upstreams));
  } catch (error) {
    log(`upstreams: cannot resolve ${config.upstreams.map((url) => url.host).join(', ')}: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

export async function startEmulator(config: Config, log: (line: string) => void = console.log): Promise<Emulator> {
  const routes = compileRoutes(config.routes);
  const pool = createUpstreamPool([], config.queueLimit);
  await refreshUpstreams(config, pool, log);
  const refresher = setInterval(async () => {
    if (await refreshUpstreams(config, pool, log)) log(`upstreams: now ${pool.size} address(es)`);
  }, config.upstreamRefreshMs);
  refresher.unref();
  const notFound = () =>
    config.payloadVersion === '1.0' ? jsonMessage(403, 'Missing Authentication Token') : jsonMessage(404, 'Not Found');

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now();
    const requestId = newRequestId(config.payloadVersion);
    const method = request.method ?? 'GET';
    const target = request.url ?? '/';
    let detail = '';
    let answer: HttpResponse;
    try {
      answer = await respond();
    } catch (error) {
      detail = ` error=${JSON.stringify(error instanceof Error ? error.message : String(error))}`;
      answer = internalServerError();
    }
    send(response, config, answer, requestId);
    const latency = (performance.now() - started).toFixed(1);
    log(`${method} ${target} ${answer.statusCode} ${latency}ms id=${requestId}${detail}`);

    async function respond(): Promise<HttpResponse> {
      if (config.cors && method === 'OPTIONS' && request.headers['access-control-request-method']) {
        return { statusCode: 204, headers: [], body: Buffer.alloc(0) };
      }
      const match = matchRoute(routes, method, target.split('?')[0] ?? '/');
      if (!match) return notFound();
      let body: Buffer;
      try {
        body = await readBody(request);
      } catch (error) {
        if (error instanceof BodyTooLarge) return jsonMessage(413, 'Request Too Long');
        throw error;
      }
      const incoming: IncomingRequest = {
        method,
        target,
        rawHeaders: request.rawHeaders,
        body,
        sourceIp: (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        httpVersion: request.httpVersion,
        receivedAt: new Date(),
        requestId,
      };
      const event = JSON.stringify(
        config.payloadVersion === '1.0' ? buildRestApiEvent(incoming, match, config) : buildHttpApiEvent(incoming, match, config),
      );
      if (Buffer.byteLength(event) > maxEventBytes) return jsonMessage(413, 'Request Too Long');
      const invocation = await pool.invoke(event, config.gatewayTimeoutMs);
      switch (invocation.kind) {
        case 'queue-full':
          return jsonMessage(429, 'Too Many Requests');
        case 'timed-out':
          detail = ` error="no answer within ${config.gatewayTimeoutMs} ms"`;
          return jsonMessage(504, 'Endpoint request timed out');
        case 'unreachable':
          detail = ` error=${JSON.stringify(`RIE unreachable: ${invocation.reason}`)}`;
          return internalServerError();
        case 'answered': {
          const mapped = mapInvocationResult(config.payloadVersion, invocation.result.status, invocation.result.body);
          if (isGatewayFailure(mapped)) {
            detail = ` error=${JSON.stringify(mapped.reason)}`;
            return mapped.response;
          }
          return mapped;
        }
      }
    }
  }

  const server = createServer((request, response) => void handle(request, response));
  server.on('close', () => clearInterval(refresher));
  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  return { server, pool };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const config = readConfig();
  const log = createRequestLog((text) => process.stdout.write(text));
  const { server, pool } = await startEmulator(config, log);
  log(`API Gateway emulator (payload ${config.payloadVersion}) on :${config.port}, ${pool.size} upstream(s), routes: ${config.routes.join(', ')}`);
  // `docker compose down` sends SIGTERM: finish what is in flight, then leave.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      server.close(() => {
        log.flush();
        process.exit(0);
      });
      server.closeIdleConnections();
    });
  }
}
