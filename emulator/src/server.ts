/**
 * The API Gateway emulator: plain HTTP in, API Gateway proxy event to RIE,
 * API Gateway-shaped HTTP response out. Run with `node src/server.ts`.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isMain } from './cli.ts';
import { readConfig, type Config, type FunctionConfig } from './config.ts';
import { controlPaths, controlPrefix, controlTokenHeader, formatRouteKey, formatRouteKeys, maxInvocationPayloadBytes, maxRequestBodyBytes, rieExitWaitMs, settingNames } from './contract.ts';
import { buildHttpApiEvent, buildRestApiEvent, newRequestId, type IncomingRequest } from './events.ts';
import { announcesBody, noBody, notFromLocalTools, readBody } from './incoming.ts';
import { createInvokeApi } from './invoke-api.ts';
import { createRequestLog } from './request-log.ts';
import { startSchedules, systemClock, type Clock, type Schedules } from './schedules.ts';
import { functionFailed, integrationTimedOut, isGatewayFailure, jsonMessage, mapInvocationResult, type GatewayFailure, type HttpResponse } from './responses.ts';
import { compileRoutes, matchRoute, servesPath } from './routes.ts';
import { watchForExit, whenAnswering } from './rie-connection.ts';
import { createUpstreamPool, expandUpstreams, type UpstreamPool } from './upstream-pool.ts';

/** An answer the emulator makes itself, and why, for the request's log line. */
const refuse = (statusCode: number, message: string, reason: string): GatewayFailure => ({ response: jsonMessage(statusCode, message), reason });

/**
 * What HTTP/1.1 forbids and API Gateway refuses before any route: two Host
 * headers (RFC 9112, 3.2), and a target that is not a path (absolute-form
 * belongs to proxies, `*` to OPTIONS of the server itself).
 */
function malformed(request: IncomingMessage): GatewayFailure | undefined {
  let hosts = 0;
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    if (request.rawHeaders[index]?.toLowerCase() === 'host') hosts++;
  }
  if (hosts > 1) return refuse(400, 'Bad Request', `400: ${hosts} Host headers`);
  const target = request.url ?? '';
  if (!target.startsWith('/')) return refuse(400, 'Bad Request', `400: request target ${JSON.stringify(target.slice(0, 100))} is not a path`);
  return undefined;
}

/**
 * CORS with every origin, header and method allowed, as each API type answers
 * it. A REST API gets an OPTIONS method on each of its paths, a mock
 * integration (what SAM's Cors setting creates): 200, `{}`, these headers; the
 * function's own responses are left as they are, so it must add
 * Access-Control-Allow-Origin itself. An HTTP API answers a preflight itself,
 * and to a request with an Origin adds Access-Control-Allow-Origin, ignoring
 * the function's CORS headers.
 */
const corsHeaders: readonly (readonly [string, string])[] = [
  ['Access-Control-Allow-Origin', '*'],
  ['Access-Control-Allow-Headers', '*'],
  ['Access-Control-Allow-Methods', '*'],
];
const restCorsMock: HttpResponse = { statusCode: 200, headers: [['Content-Type', 'application/json'], ...corsHeaders], body: Buffer.from('{}\n') };
const httpApiPreflight: HttpResponse = { statusCode: 204, headers: [...corsHeaders], body: noBody };

/** The headers an HTTP API with CORS sends: the function's CORS headers out, the configured origin in when the request has an Origin. */
function httpApiCorsHeaders(headers: readonly (readonly [string, string])[], origin: string | undefined): (readonly [string, string])[] {
  const kept = headers.filter(([name]) => !name.toLowerCase().startsWith('access-control-'));
  return origin === undefined ? kept : [...kept, ['Access-Control-Allow-Origin', '*']];
}

/** A function of the API and the queue in front of its RIEs: each RIE runs one invocation at a time. */
interface Backend {
  readonly fn: FunctionConfig;
  readonly pool: UpstreamPool;
}

export interface Emulator {
  readonly server: Server;
  /** The Lambda Invoke API's listener, when INVOKE_PORT is set. */
  readonly invokeServer: Server | undefined;
  /** Each function's pool of RIEs, by function name. */
  readonly pools: ReadonlyMap<string, UpstreamPool>;
  /**
   * Stops taking requests, answers those it has, then waits until RIE has
   * finished every invocation it started (at most the function's time-out):
   * an emulator started next must not send RIE a second one while one runs.
   */
  stop(): Promise<void>;
}

/**
 * Resolves a function's upstream names again, so replicas that come and go are
 * used; true when the set changed. An address another function's pool has is
 * left out: two names may resolve to one RIE, and two queues in front of it
 * would overlap (config.ts refuses the same URL twice; this catches the rest).
 */
async function refreshUpstreams({ fn, pool }: Backend, others: readonly Backend[], log: (line: string) => void): Promise<boolean> {
  try {
    const taken = new Set(others.filter((other) => other.pool !== pool).flatMap((other) => other.pool.origins));
    const resolved = await expandUpstreams(fn.upstreams);
    const shared = resolved.filter((origin) => taken.has(origin));
    if (shared.length > 0) log(`upstreams: ${fn.name}: left out ${shared.join(', ')}, which another function sends to: one RIE runs one function`);
    return pool.setOrigins(resolved.filter((origin) => !taken.has(origin)));
  } catch (error) {
    log(`upstreams: cannot resolve ${fn.upstreams.map((url) => url.host).join(', ')}: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

/** Functions and routes as the start-up line shows them. */
function describeFunctions(functions: readonly FunctionConfig[], pools: ReadonlyMap<string, UpstreamPool>): string {
  const [only] = functions;
  const routesOf = (fn: FunctionConfig) => (fn.routes.length > 0 ? formatRouteKeys(fn.routes) : 'none');
  if (functions.length === 1 && only) return `${pools.get(only.name)?.size ?? 0} upstream(s), routes: ${routesOf(only)}`;
  return `functions: ${functions.map((fn) => `${fn.name} (${pools.get(fn.name)?.size ?? 0} upstream(s)): ${routesOf(fn)}`).join('; ')}`;
}

function listen(server: Server, port: number, setting: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`${setting}: ${port} is already in use; stop what listens there or choose another port`) : error);
    });
    server.listen(port, () => resolve());
  });
}

/** `clock`: the time schedules fire by; tests give a fake one. */
export async function startEmulator(config: Config, log: (line: string) => void = console.log, clock: Clock = systemClock): Promise<Emulator> {
  const backends: Backend[] = config.functions.map((fn) => ({ fn, pool: createUpstreamPool([], config.queueLimit, { answerWithinMs: fn.answerWithinMs }) }));
  const pools = new Map(backends.map(({ fn, pool }) => [fn.name, pool]));
  // Every route of the API in one table; the route a request matches names its function (no two claim one: see config.ts).
  const allRoutes = config.functions.flatMap((fn) => fn.routes);
  const routes = compileRoutes(allRoutes);
  const backendOf = new Map(backends.flatMap((backend) => backend.fn.routes.map((route) => [formatRouteKey(route), backend] as const)));
  const longestTimeoutMs = Math.max(...config.functions.map((fn) => fn.functionTimeoutMs));
  const payload = config.payloadVersion;
  // API Gateway's id for the request, as it sends in every response.
  const requestIdHeader = payload === '1.0' ? 'x-amzn-RequestId' : 'apigw-requestid';
  const routeList = formatRouteKeys(allRoutes);
  // With one function, the log has no need to say which.
  const namesFunctions = backends.length > 1;
  let stopping = false;

  function notFound(method: string, path: string): GatewayFailure {
    const reason = `no route matches ${method} ${path} (routes: ${routeList})`;
    return payload === '1.0' ? refuse(403, 'Missing Authentication Token', reason) : refuse(404, 'Not Found', reason);
  }

  /**
   * Sends `answer`. Should Node still refuse it, the client gets the API type's
   * failure instead, and the reason is returned for the log: never a crash.
   */
  function send(response: ServerResponse, answer: HttpResponse, requestId: string, origin: string | undefined): string | undefined {
    const headers = config.cors && payload === '2.0' && answer !== httpApiPreflight ? httpApiCorsHeaders(answer.headers, origin) : [...answer.headers];
    if (!headers.some(([name]) => name.toLowerCase() === 'content-type') && answer.body.length > 0) {
      headers.push(['Content-Type', 'application/json']);
    }
    headers.push([requestIdHeader, requestId]);
    // The emulator's own framing, as API Gateway's: the function's Content-Length never is.
    if (answer.statusCode !== 204 && answer.statusCode !== 304) headers.push(['Content-Length', String(answer.body.length)]);
    // Once stopping, no connection is kept for another request.
    if (stopping) headers.push(['Connection', 'close']);
    try {
      response.writeHead(answer.statusCode, headers.flat());
    } catch (error) {
      const failed = functionFailed(payload);
      response.writeHead(failed.statusCode, [...failed.headers, [requestIdHeader, requestId]].flat());
      response.end(failed.body);
      return `cannot send the response: ${error instanceof Error ? error.message : String(error)}`;
    }
    response.end(answer.body);
    return undefined;
  }

  /** `reached.fn`: the function the request's route belongs to, for the log line. */
  async function respond(request: IncomingMessage, requestId: string, receivedAt: Date, reached: { fn?: string }): Promise<HttpResponse | GatewayFailure> {
    const method = request.method ?? 'GET';
    const target = request.url ?? '/';
    const bad = malformed(request);
    if (bad) return bad;
    const path = target.split('?')[0] ?? '/';
    if (config.cors && method === 'OPTIONS') {
      if (payload === '1.0' && servesPath(routes, path)) return restCorsMock;
      if (payload === '2.0' && request.headers.origin !== undefined && request.headers['access-control-request-method'] !== undefined) return httpApiPreflight;
    }
    const match = matchRoute(routes, method, path);
    if (!match) return notFound(method, path);
    const backend = backendOf.get(match.routeKey);
    if (!backend) throw new Error(`route ${match.routeKey} has no function`);
    reached.fn = backend.fn.name;
    const { pool } = backend;
    // Without a body nothing is awaited: the event goes to RIE in the same turn the request arrived in.
    const body = announcesBody(request) ? await readBody(request, maxRequestBodyBytes, (reason) => refuse(413, 'Request Too Long', `413: ${reason}`)) : noBody;
    if (!Buffer.isBuffer(body)) return body;
    const incoming: IncomingRequest = {
      method,
      target,
      rawHeaders: request.rawHeaders,
      body,
      sourceIp: (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
      httpVersion: request.httpVersion,
      receivedAt,
      requestId,
    };
    const event = JSON.stringify(payload === '1.0' ? buildRestApiEvent(incoming, match, config) : buildHttpApiEvent(incoming, match, config));
    const eventBytes = Buffer.byteLength(event);
    if (eventBytes > maxInvocationPayloadBytes) {
      return refuse(413, 'Request Too Long', `413: event ${eventBytes} bytes > Lambda's ${maxInvocationPayloadBytes}`);
    }
    const invocation = await pool.invoke(event, config.gatewayTimeoutMs);
    switch (invocation.kind) {
      case 'queue-full':
        return refuse(429, 'Too Many Requests', `429: ${config.queueLimit} requests already wait for each of ${pool.size} upstream(s)`);
      case 'timed-out': {
        const response = integrationTimedOut(payload);
        const queued = invocation.queuedMs >= 1 ? `: ${Math.round(invocation.queuedMs)} ms of it queued behind another invocation` : '';
        return { response, reason: `${response.statusCode} after ${config.gatewayTimeoutMs} ms${queued}` };
      }
      case 'unreachable':
        return { response: functionFailed(payload), reason: `RIE unreachable: ${invocation.reason}` };
      case 'answered':
        return mapInvocationResult(payload, invocation.result.status, invocation.result.body);
    }
  }

  /** The hold now on: the functions it holds, its lease, and a bare connection to each of their RIEs, closed when that RIE exits. */
  interface Hold {
    readonly held: readonly Backend[];
    lease: NodeJS.Timeout;
    readonly watches: ReturnType<typeof watchForExit>[];
  }
  let hold: Hold | undefined;

  function endHold(): void {
    if (!hold) return;
    clearTimeout(hold.lease);
    for (const watch of hold.watches) watch.stop();
    const { held } = hold;
    hold = undefined;
    for (const { pool } of held) pool.release();
  }

  /** The functions a hold names (`?functions=a,b`: only those restart), all by default; or why the names are wrong. */
  function heldBy(target: string): readonly Backend[] | string {
    const query = new URLSearchParams(target.split('?')[1] ?? '');
    const names = query.get('functions');
    if (names === null) return backends;
    const wanted = names.split(',').filter(Boolean);
    const unknown = wanted.filter((name) => !pools.has(name));
    if (wanted.length === 0 || unknown.length > 0) return `functions: ${JSON.stringify(names)} is not allowed; expected names among ${[...pools.keys()].join(', ')}`;
    return backends.filter(({ fn }) => wanted.includes(fn.name));
  }

  /**
   * Why a control request is refused, or undefined: only `make` may hold the
   * API. It sends the stack's token, which no web page has and none could send
   * without a preflight this port never grants (a custom header); a page
   * reached through DNS rebinding also names another Host, and a browser's
   * request carries an Origin.
   */
  function controlRefusal(request: IncomingMessage): string | undefined {
    const foreign = notFromLocalTools(request);
    if (foreign) return foreign;
    if (config.controlToken === undefined) return 'no control token is configured';
    const given = Buffer.from(String(request.headers[controlTokenHeader] ?? ''));
    const expected = Buffer.from(config.controlToken);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return `no valid ${controlTokenHeader} header`;
    return undefined;
  }

  /** `make build`'s hold and release around a restart of RIE (see controlPaths). */
  async function control(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = performance.now();
    const path = (request.url ?? '').split('?')[0];
    // Nothing of a control request is read: its body is dropped with the response.
    const refusal = controlRefusal(request);
    let status = 200;
    let outcome: string;
    if (refusal) {
      status = 403;
      outcome = `refused: ${refusal}`;
    } else if (stopping) {
      // Nothing will restart RIE or release a hold now.
      status = 503;
      outcome = 'stopping';
    } else if (request.method !== 'POST' || (path !== controlPaths.hold && path !== controlPaths.release)) {
      status = 404;
      outcome = `the emulator's own endpoints are POST ${controlPaths.hold} and POST ${controlPaths.release}`;
    } else if (path === controlPaths.hold) {
      const held = heldBy(request.url ?? '');
      if (typeof held === 'string') {
        status = 400;
        outcome = held;
      } else if (hold) {
        status = 409;
        outcome = 'a hold is already on; one at a time';
      } else {
        // No pool is held while no hold is on, so each of these holds.
        const idle = Promise.all(held.map(({ pool }) => pool.hold() || Promise.resolve()));
        const lease = () =>
          setTimeout(() => {
            endHold();
            log(`hold: released after ${config.holdLeaseMs} ms without a release`);
          }, config.holdLeaseMs).unref();
        const current: Hold = { held, lease: lease(), watches: [] };
        hold = current;
        // make gave up waiting (its time limit, Ctrl-C): it will not release, so nothing is held.
        const gaveUp = () => {
          if (hold === current && current.watches.length === 0) endHold();
        };
        request.socket.once('close', gaveUp);
        await idle;
        request.socket.off('close', gaveUp);
        if (hold === current) {
          // The lease counts again from now, for the restart and the release; and
          // from now the RIE that ran the last invocation is watched for its exit.
          clearTimeout(current.lease);
          current.lease = lease();
          current.watches.push(...held.flatMap(({ pool }) => pool.origins.map(watchForExit)));
          outcome = `new requests wait; what ran has finished after ${(performance.now() - started).toFixed(0)} ms`;
        } else {
          status = 409;
          outcome = 'the hold ended before what ran had finished';
        }
      }
    } else if (!hold) {
      status = 409;
      outcome = 'no hold is on';
    } else {
      // The old RIE exits first (else it might still accept while it shuts
      // down), then the restarted one, maybe at a new address, must listen.
      const current = hold;
      const exited = await Promise.all(current.watches.map((watch) => watch.whenExited(rieExitWaitMs)));
      for (const backend of current.held) await refreshUpstreams(backend, backends, log);
      const origins = current.held.flatMap(({ pool }) => pool.origins);
      const listening = await Promise.all(origins.map((origin) => whenAnswering(origin, config.restartWaitMs)));
      if (hold === current) endHold();
      const deaf = origins.filter((_, index) => !listening[index]);
      const unrestarted = exited.filter((done) => !done).length;
      if (deaf.length > 0 || unrestarted > 0) status = 503;
      if (deaf.length > 0) outcome = `released, but ${deaf.join(', ')} did not answer within ${config.restartWaitMs} ms`;
      else if (unrestarted > 0) outcome = `released, but ${unrestarted} RIE(s) did not exit within ${rieExitWaitMs} ms: the old bootstrap still answers`;
      else outcome = `RIE answers again after ${(performance.now() - started).toFixed(0)} ms`;
    }
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(`${JSON.stringify({ message: outcome })}\n`);
    log(`${request.method} ${request.url} ${status} ${(performance.now() - started).toFixed(1)}ms ${outcome}`);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.url?.startsWith(controlPrefix)) return control(request, response);
    const started = performance.now();
    const requestId = newRequestId(payload);
    let answer: HttpResponse;
    let detail = '';
    const reached: { fn?: string } = {};
    try {
      const outcome = await respond(request, requestId, new Date(), reached);
      if (isGatewayFailure(outcome)) {
        answer = outcome.response;
        detail = ` error=${JSON.stringify(outcome.reason)}`;
      } else {
        answer = outcome;
      }
    } catch (error) {
      answer = functionFailed(payload);
      detail = ` error=${JSON.stringify(error instanceof Error ? error.message : String(error))}`;
    }
    for (const note of answer.notes ?? []) detail += ` note=${JSON.stringify(note)}`;
    const unsent = send(response, answer, requestId, request.headers.origin);
    if (unsent) detail += ` error=${JSON.stringify(unsent)}`;
    const latency = (performance.now() - started).toFixed(1);
    const fn = namesFunctions && reached.fn ? ` fn=${reached.fn}` : '';
    log(`${request.method} ${request.url} ${response.statusCode} ${latency}ms id=${requestId}${fn}${detail}`);
  }

  // Upstreams first: a request that arrives the moment the port opens finds them.
  // One after another: each sees the addresses the ones before it took.
  for (const backend of backends) await refreshUpstreams(backend, backends, log);
  const server = createServer((request, response) => void handle(request, response));
  await listen(server, config.port, settingNames.port);
  let invokeServer: Server | undefined;
  if (config.invokePort !== undefined) {
    const invokeApi = createInvokeApi(new Map(backends.map((backend) => [backend.fn.name, backend])), config.queueLimit, log, () => stopping);
    invokeServer = createServer((request, response) => void invokeApi.handle(request, response));
    try {
      await listen(invokeServer, config.invokePort, settingNames.invokePort);
    } catch (error) {
      server.close();
      throw error;
    }
  }
  const refresher = setInterval(async () => {
    for (const backend of backends) {
      const name = namesFunctions ? `${backend.fn.name}: ` : '';
      if (await refreshUpstreams(backend, backends, log)) log(`upstreams: ${name}now ${backend.pool.size} address(es)`);
    }
  }, config.upstreamRefreshMs);
  refresher.unref();
  server.on('close', () => clearInterval(refresher));

  // Schedules start once both ports listen and the upstreams are resolved: the first fire finds the pool ready.
  const scheduled = backends.filter(({ fn }) => fn.schedule !== undefined);
  let schedules: Schedules | undefined;
  if (scheduled.length > 0 && config.schedules) schedules = startSchedules(scheduled, { clock, region: config.region, log });
  else if (scheduled.length > 0) log(`schedules: off (${settingNames.schedules}=off): ${scheduled.map(({ fn }) => `${fn.name} ${fn.schedule?.expression}`).join(', ')} will not fire`);
  server.on('close', () => schedules?.stop());

  let stopped: Promise<void> | undefined;
  async function stopOnce(): Promise<void> {
    stopping = true;
    // No fire from now on; one that waits for its turn is answered below, as the other invocations are.
    schedules?.stop();
    // Held requests are answered, not left to their lease: nothing restarts RIE now.
    endHold();
    // What waits for its turn is answered now, Event invocations included (each
    // logged as not run): only what RIE runs is waited for, within the function's
    // time-out, which compose's stop_grace_period covers. A request that still
    // comes on a kept-alive connection is answered at once, and the connection closed.
    for (const { pool } of backends) pool.close('the emulator is stopping');
    const listeners = [server, ...(invokeServer ? [invokeServer] : [])];
    const closed = Promise.all(listeners.map((listener) => new Promise<void>((resolve) => listener.close(() => resolve()))));
    for (const listener of listeners) listener.closeIdleConnections();
    await closed;
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), longestTimeoutMs);
    });
    const idle = Promise.all(backends.map(({ pool }) => pool.whenIdle())).then(() => false);
    if (await Promise.race([idle, gaveUp])) {
      log(`stopping: RIE still runs an invocation after the function's time-out of ${longestTimeoutMs} ms`);
    }
    clearTimeout(timer);
  }
  /** The same wait however often it is asked for: a second signal must not cut it short. */
  const stop = () => (stopped ??= stopOnce());

  return { server, invokeServer, pools, stop };
}

if (isMain(import.meta.url)) {
  const log = createRequestLog((text) => process.stdout.write(text));
  // Lines wait up to 50 ms to go out together; an exit of any kind writes them first.
  process.on('exit', () => log.flush());
  let emulator: Emulator;
  let config: Config;
  try {
    config = readConfig();
    emulator = await startEmulator(config, log);
  } catch (error) {
    // A configuration mistake: one line, not a stack trace.
    process.stderr.write(`api-gateway-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const invokeApi = config.invokePort === undefined ? '' : `; Lambda Invoke API on :${config.invokePort}`;
  log(`API Gateway emulator (payload ${config.payloadVersion}) on :${config.port}, ${describeFunctions(config.functions, emulator.pools)}${invokeApi}`);
  // `docker compose down` and `restart` send SIGTERM: answer what is in flight,
  // let RIE finish what it runs, then leave. Every signal after the first waits
  // for the same: an emulator started next must not overlap what RIE runs.
  let signals = 0;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, async () => {
      signals++;
      if (signals > 1) {
        const longest = Math.max(...config.functions.map((fn) => fn.functionTimeoutMs));
        log(`${signal}: still waiting for RIE to finish what it runs (at most ${longest} ms); SIGKILL ends the emulator at once, and may leave RIE an invocation to overlap`);
      }
      await emulator.stop();
      log.flush();
      process.exit(0);
    });
  }
}
