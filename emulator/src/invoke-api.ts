/**
 * The Lambda Invoke API, on its own port beside the HTTP API, so that the AWS
 * CLI and SDKs (`--endpoint-url`) can call the repo's functions as they call
 * Lambda. Every invocation goes through the function's one pool, the same the
 * HTTP API uses: RIE never sees two at once, whichever port they came through.
 *
 * Statuses, headers and error shapes follow Lambda's Invoke action,
 * https://docs.aws.amazon.com/lambda/latest/dg/API_Invoke.html: 200 with the
 * function's payload (X-Amz-Function-Error when it failed, X-Amz-Executed-Version),
 * 202 for Event, 204 for DryRun; errors as Lambda's REST-JSON protocol sends
 * them, the name in x-amzn-ErrorType and {Type, Message} in the body, so the
 * SDKs raise the exception by its name.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FunctionConfig } from './config.ts';
import { invokePathPrefix, invokePathSuffix, maxAsyncInvokeBytes, maxSyncInvokeBytes } from './contract.ts';
import { newRequestId } from './events.ts';
import { notFromLocalTools, readBody } from './incoming.ts';
import { describeError, parseJson } from './responses.ts';
import type { Invocation, UpstreamPool } from './upstream-pool.ts';

export interface InvokeTarget {
  readonly fn: FunctionConfig;
  readonly pool: UpstreamPool;
}

interface InvokeAnswer {
  readonly statusCode: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
  /** Why, for the log line, when the emulator answered for the function. */
  readonly reason?: string;
}

const empty = Buffer.alloc(0);
const executedVersion = '$LATEST';
/**
 * How long an invocation may wait for its turn: for ever, in effect (setTimeout's
 * longest). Once sent, the pool gives RIE the function's time-out and its margin.
 */
export const untilItsTurnMs = 2 ** 31 - 1;

/**
 * Lambda's model spells the message member `message` for these exceptions and
 * `Message` for the others (ResourceNotFoundException, ServiceException).
 */
const lowerCaseMessage = new Set(['InvalidParameterValueException', 'InvalidRequestContentException', 'RequestTooLargeException', 'TooManyRequestsException']);

/**
 * One of Lambda's errors (Invoke's "Errors" section): its HTTP status, the
 * exception's name in x-amzn-ErrorType, and a JSON body with Type (User for
 * the caller's mistakes, Service for Lambda's own) and the message.
 */
function lambdaError(statusCode: number, name: string, message: string, extra: Record<string, string> = {}, headers: readonly (readonly [string, string])[] = []): InvokeAnswer {
  const messageKey = lowerCaseMessage.has(name) ? 'message' : 'Message';
  return {
    statusCode,
    headers: [['x-amzn-ErrorType', name], ['Content-Type', 'application/json'], ...headers],
    body: Buffer.from(JSON.stringify({ Type: statusCode >= 500 ? 'Service' : 'User', [messageKey]: message, ...extra })),
    reason: `${name}: ${message}`,
  };
}

/**
 * The function a path names: a name, a full or partial ARN, each maybe with a
 * qualifier after a colon (the forms and pattern Invoke's FunctionName
 * documents); the Qualifier query parameter may name it instead.
 */
const functionNamePattern = /^(?:arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d:)?(?:\d{12}:)?(?:function:)?([a-zA-Z0-9_.-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/;

function parseTarget(target: string): { readonly name: string; readonly qualifier: string | undefined; readonly given: string } | undefined {
  const [path = '', query = ''] = target.split('?');
  if (!path.startsWith(invokePathPrefix) || !path.endsWith(invokePathSuffix)) return undefined;
  let given: string;
  try {
    given = decodeURIComponent(path.slice(invokePathPrefix.length, -invokePathSuffix.length));
  } catch {
    return undefined;
  }
  const parsed = functionNamePattern.exec(given);
  if (!parsed?.[1]) return { name: '', qualifier: undefined, given };
  const qualifier = new URLSearchParams(query).get('Qualifier') ?? parsed[2];
  return { name: parsed[1], qualifier: qualifier ?? undefined, given };
}

/**
 * LogType Tail asks for the last 4 KB of the function's log. The emulator
 * cannot give that: the function writes to its RIE's container, which another
 * container cannot read. Refusing Tail would break `aws lambda invoke
 * --log-type Tail` and the SDK calls that pass it, so the emulator sends the
 * lines it can truthfully write, Lambda's START, END and REPORT lines with the
 * request id the client got (RIE gives the function an id of its own) and the
 * time RIE took to answer (a cold start's init included), and between them one
 * line that says where the function's own output is.
 */
function tailLog(requestId: string, fnName: string, ranMs: number): string {
  const lines = [
    `START RequestId: ${requestId} Version: ${executedVersion}`,
    `(lambda-local: the function's own output is in its container's log, not here: docker compose logs ${fnName})`,
    `END RequestId: ${requestId}`,
    `REPORT RequestId: ${requestId}\tDuration: ${ranMs.toFixed(2)} ms`,
    '',
  ];
  return Buffer.from(lines.join('\n')).toString('base64');
}

/** RIE's answer as Invoke gives it: the payload, and X-Amz-Function-Error when the function failed. */
function syncAnswer(status: number, body: Buffer): { readonly payload: Buffer; readonly failed: boolean } {
  const text = body.toString('utf8');
  // RIE answers 200 with the function's error object, 502 for a panic, an
  // exit or an oversized result (test/fixtures/real-rie/README.md), 200 with
  // plain text for a time-out. Lambda reports each as an Unhandled error;
  // the Go runtime has no Handled ones. An error object is told as the HTTP API tells it.
  const parsed = parseJson(text);
  if (status === 200 && parsed && describeError(parsed.value) === undefined) return { payload: body, failed: false };
  if (parsed) return { payload: body, failed: true };
  return { payload: Buffer.from(JSON.stringify({ errorMessage: text || `RIE answered ${status} without a body` })), failed: true };
}

/**
 * How an invocation nobody waits for ended (an Event, a scheduled fire), for
 * its log line: the time it ran and the function's error, or why it did not run.
 */
export function backgroundOutcome(invocation: Invocation): string {
  if (invocation.kind !== 'answered') return `not run: ${invocation.kind === 'unreachable' ? invocation.reason : invocation.kind}`;
  const { failed, payload } = syncAnswer(invocation.result.status, invocation.result.body);
  return `ran ${invocation.ranMs.toFixed(1)}ms${failed ? ` error=${JSON.stringify(payload.toString('utf8').slice(0, 500))}` : ''}`;
}

export interface InvokeApi {
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

/**
 * What Event invocations of one function may hold in memory while they wait:
 * each keeps its payload (up to 1 MB) until it runs, and a loop of them would
 * otherwise grow the emulator past its heap. Past it, Lambda's throttling error.
 */
export const maxQueuedEventBytes = 64 * 1024 * 1024;

export function createInvokeApi(
  targets: ReadonlyMap<string, InvokeTarget>,
  queueLimit: number,
  log: (line: string) => void,
  isStopping: () => boolean = () => false,
): InvokeApi {
  const names = [...targets.keys()].join(', ');
  /** Payload bytes of the Event invocations that wait, by function. */
  const queuedEventBytes = new Map<string, number>();

  /** Runs an Event invocation when its turn comes; its outcome goes to the log, as Lambda's goes to the function's logs. */
  async function runLater(target: InvokeTarget, event: string, requestId: string): Promise<void> {
    const bytes = Buffer.byteLength(event);
    queuedEventBytes.set(target.fn.name, (queuedEventBytes.get(target.fn.name) ?? 0) + bytes);
    const invocation = await target.pool.invoke(event, untilItsTurnMs).finally(() => {
      queuedEventBytes.set(target.fn.name, (queuedEventBytes.get(target.fn.name) ?? 0) - bytes);
    });
    log(`Event id=${requestId} fn=${target.fn.name} ${backgroundOutcome(invocation)}`);
  }

  /** `reached`: the function and invocation type, once known, for the log line. */
  async function respond(request: IncomingMessage, requestId: string, reached: { fn?: string; type?: string }): Promise<InvokeAnswer> {
    const foreign = notFromLocalTools(request);
    if (foreign) return lambdaError(403, 'AccessDeniedException', `this port takes requests from the developer's own tools only: ${foreign}`);
    const parsed = parseTarget(request.url ?? '');
    if (!parsed || request.method !== 'POST') {
      return lambdaError(404, 'UnknownOperationException', `this port serves Lambda's Invoke action only: POST ${invokePathPrefix}<function>${invokePathSuffix}`);
    }
    const target = targets.get(parsed.name);
    if (!target || (parsed.qualifier !== undefined && parsed.qualifier !== executedVersion)) {
      return lambdaError(404, 'ResourceNotFoundException', `Function not found: ${parsed.given}${parsed.qualifier ? ` (qualifier ${parsed.qualifier}; only ${executedVersion} runs locally)` : ''}; functions here: ${names}`);
    }
    reached.fn = target.fn.name;
    const invocationType = String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    if (!['RequestResponse', 'Event', 'DryRun'].includes(invocationType)) {
      return lambdaError(400, 'InvalidParameterValueException', `X-Amz-Invocation-Type ${JSON.stringify(invocationType)} is not allowed; expected RequestResponse, Event or DryRun`);
    }
    reached.type = invocationType;
    const logType = String(request.headers['x-amz-log-type'] ?? 'None');
    if (logType !== 'None' && logType !== 'Tail') {
      return lambdaError(400, 'InvalidParameterValueException', `X-Amz-Log-Type ${JSON.stringify(logType)} is not allowed; expected None or Tail`);
    }
    const limit = invocationType === 'Event' ? maxAsyncInvokeBytes : maxSyncInvokeBytes;
    let body: Buffer | InvokeAnswer;
    try {
      body = await readBody(request, limit, (reason) =>
        lambdaError(413, 'RequestTooLargeException', `the payload is too large for ${invocationType === 'Event' ? 'an asynchronous' : 'a synchronous'} invocation: ${reason}`),
      );
    } catch (error) {
      // The client left mid-payload: nothing is invoked, and the answer is for the log.
      return lambdaError(400, 'InvalidRequestContentException', `the payload broke off: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!Buffer.isBuffer(body)) return body;
    // No payload is an empty JSON object to the function, as Lambda passes it.
    const event = body.length === 0 ? '{}' : body.toString('utf8');
    if (parseJson(event) === undefined) return lambdaError(400, 'InvalidRequestContentException', 'the payload could not be parsed as JSON');
    if (invocationType === 'DryRun') return { statusCode: 204, headers: [], body: empty };
    const { pool, fn } = target;
    if (pool.size === 0) return lambdaError(500, 'ServiceException', `no RIE address for ${fn.name}`);
    // Each RIE runs one invocation at a time, as a function with a reserved concurrency of one per RIE would.
    const throttled = () =>
      lambdaError(429, 'TooManyRequestsException', `${queueLimit} invocations already wait for each RIE of ${fn.name}`, { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' }, [['Retry-After', '1']]);
    if (!pool.hasRoom()) return throttled();
    if (invocationType === 'Event') {
      if ((queuedEventBytes.get(fn.name) ?? 0) + Buffer.byteLength(event) > maxQueuedEventBytes) {
        return lambdaError(429, 'TooManyRequestsException', `Event invocations of ${fn.name} already wait with ${maxQueuedEventBytes / 1024 / 1024} MiB of payloads`, { Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' }, [['Retry-After', '1']]);
      }
      // Queued now, so that its place is kept; the client does not wait.
      void runLater(target, event, requestId);
      return { statusCode: 202, headers: [], body: empty };
    }
    const invocation = await pool.invoke(event, untilItsTurnMs);
    switch (invocation.kind) {
      case 'queue-full':
        return throttled();
      case 'timed-out':
      case 'unreachable':
        return lambdaError(500, 'ServiceException', `${fn.name} did not answer: ${invocation.kind === 'unreachable' ? invocation.reason : 'timed out'}`);
      case 'answered': {
        const { payload, failed } = syncAnswer(invocation.result.status, invocation.result.body);
        const headers: [string, string][] = [['Content-Type', 'application/json'], ['X-Amz-Executed-Version', executedVersion]];
        if (failed) headers.push(['X-Amz-Function-Error', 'Unhandled']);
        if (logType === 'Tail') headers.push(['X-Amz-Log-Result', tailLog(requestId, fn.name, invocation.ranMs)]);
        return { statusCode: 200, headers, body: payload, ...(failed ? { reason: `function error: ${payload.toString('utf8').slice(0, 500)}` } : {}) };
      }
    }
  }

  return {
    async handle(request, response) {
      const started = performance.now();
      const requestId = newRequestId('1.0');
      let answer: InvokeAnswer;
      const reached: { fn?: string; type?: string } = {};
      try {
        answer = await respond(request, requestId, reached);
      } catch (error) {
        answer = lambdaError(500, 'ServiceException', `the emulator failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      const headers = [...answer.headers, ['x-amzn-RequestId', requestId]];
      if (answer.statusCode !== 204) headers.push(['Content-Length', String(answer.body.length)]);
      // Once stopping, no connection is kept for another request.
      if (isStopping()) headers.push(['Connection', 'close']);
      try {
        response.writeHead(answer.statusCode, headers.flat());
        response.end(answer.body);
      } catch (error) {
        // Nothing a client sends reaches a header; should Node still refuse one, the connection ends.
        response.destroy();
        answer = { ...answer, reason: `cannot send the response: ${error instanceof Error ? error.message : String(error)}` };
      }
      const fn = `${reached.fn ? ` fn=${reached.fn}` : ''}${reached.type ? ` type=${reached.type}` : ''}`;
      const detail = answer.reason ? ` error=${JSON.stringify(answer.reason)}` : '';
      log(`${request.method} ${request.url} ${answer.statusCode} ${(performance.now() - started).toFixed(1)}ms id=${requestId}${fn}${detail}`);
    },
  };
}
