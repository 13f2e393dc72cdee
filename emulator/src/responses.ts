/**
 * Turns what RIE returns into the HTTP response API Gateway would send, or
 * into the gateway error API Gateway gives when the function failed or
 * answered something it cannot use. Whatever the function returns, the result
 * is a response Node can send: framing headers are the emulator's own, and a
 * header Node would refuse is left out, with the reason kept for the log.
 */
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { gatewayErrors, type GatewayMessage, type PayloadVersion } from './contract.ts';

export interface HttpResponse {
  readonly statusCode: number;
  /** Repeated names stay repeated (Set-Cookie). */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
  /** What was changed on the way, for the request's log line. */
  readonly notes?: readonly string[];
}

/** A response the client gets instead of the function's, and why (for the log). */
export interface GatewayFailure {
  readonly response: HttpResponse;
  readonly reason: string;
}

export function jsonMessage(statusCode: number, message: string): HttpResponse {
  return {
    statusCode,
    headers: [['Content-Type', 'application/json']],
    body: Buffer.from(JSON.stringify({ message })),
  };
}

const messageResponse = ({ statusCode, message }: GatewayMessage): HttpResponse => jsonMessage(statusCode, message);

/** The API type's answer when the function failed. */
export const functionFailed = (payload: PayloadVersion): HttpResponse => messageResponse(gatewayErrors[payload].failure);

/** The API type's answer when the function took longer than the integration time-out. */
export const integrationTimedOut = (payload: PayloadVersion): HttpResponse => messageResponse(gatewayErrors[payload].timeout);

export function isGatewayFailure(value: unknown): value is GatewayFailure {
  return isRecord(value) && 'reason' in value && 'response' in value;
}

/** A JSON object: not null, not a list. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Absent and null mean the same in both response formats. */
const isAbsent = (value: unknown): value is undefined | null => value === undefined || value === null;

type HeaderValue = string | number | boolean;
const isHeaderValue = (value: unknown): value is HeaderValue =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * Headers that frame or route the connection. The emulator frames every
 * response itself, so the function's are never sent as they are: REST APIs
 * pass them on renamed `x-amzn-Remapped-<name>` (as real REST API responses
 * show: x-amzn-Remapped-Content-Length, -Connection), HTTP APIs drop them.
 */
const framingHeaders = new Set(['connection', 'content-length', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** The function's headers as the client may get them, with a note for each one changed or left out. */
function sendableHeaders(payload: PayloadVersion, headers: readonly (readonly [string, string])[]): { headers: [string, string][]; notes: string[] } {
  const sendable: [string, string][] = [];
  const notes: string[] = [];
  for (const [name, value] of headers) {
    let sentName = name;
    if (framingHeaders.has(name.toLowerCase())) {
      if (payload === '2.0') {
        notes.push(`dropped header ${name} (the emulator frames responses itself)`);
        continue;
      }
      sentName = `x-amzn-Remapped-${name}`;
    }
    try {
      validateHeaderName(sentName);
      validateHeaderValue(sentName, value);
    } catch (error) {
      notes.push(`dropped header ${JSON.stringify(name)}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    sendable.push([sentName, value]);
  }
  return { headers: sendable, notes };
}

function failure(payload: PayloadVersion, reason: string): GatewayFailure {
  return { response: functionFailed(payload), reason };
}

function decodeBody(payload: PayloadVersion, body: unknown, isBase64Encoded: unknown): Buffer | GatewayFailure {
  if (isAbsent(body)) return Buffer.alloc(0);
  if (typeof body !== 'string') return failure(payload, `body is ${typeof body}, not a string`);
  return isBase64Encoded === true ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
}

function singleHeaders(payload: PayloadVersion, headers: unknown): [string, string][] | GatewayFailure {
  if (isAbsent(headers)) return [];
  if (!isRecord(headers)) return failure(payload, 'headers is not an object');
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!isHeaderValue(value)) return failure(payload, `header ${name} is not a string, number or boolean`);
    pairs.push([name, String(value)]);
  }
  return pairs;
}

function statusCodeOf(payload: PayloadVersion, value: unknown): number | GatewayFailure {
  // 1xx are not final answers: sent as one, the client would wait for the real answer for ever.
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 200 || value > 599) {
    return failure(payload, `statusCode ${JSON.stringify(value)} is not an HTTP status from 200 to 599`);
  }
  return value;
}

function finish(payload: PayloadVersion, statusCode: number, headers: readonly [string, string][], body: Buffer): HttpResponse {
  const sendable = sendableHeaders(payload, headers);
  return { statusCode, headers: sendable.headers, body, ...(sendable.notes.length > 0 ? { notes: sendable.notes } : {}) };
}

/** Payload 1.0: statusCode, headers, multiValueHeaders (wins on the same name), body. */
function mapRestApiResult(result: unknown): HttpResponse | GatewayFailure {
  const payload = '1.0';
  if (!isRecord(result)) return failure(payload, 'the result is not a JSON object');
  const statusCode = statusCodeOf(payload, result.statusCode);
  if (isGatewayFailure(statusCode)) return statusCode;
  const single = singleHeaders(payload, result.headers);
  if (isGatewayFailure(single)) return single;
  const multi: [string, string][] = [];
  if (!isAbsent(result.multiValueHeaders)) {
    if (!isRecord(result.multiValueHeaders)) return failure(payload, 'multiValueHeaders is not an object');
    for (const [name, values] of Object.entries(result.multiValueHeaders)) {
      if (isAbsent(values)) continue;
      if (!Array.isArray(values) || !values.every(isHeaderValue)) return failure(payload, `multiValueHeaders.${name} is not a list of strings`);
      for (const value of values) multi.push([name, String(value)]);
    }
  }
  const multiNames = new Set(multi.map(([name]) => name.toLowerCase()));
  const headers = [...single.filter(([name]) => !multiNames.has(name.toLowerCase())), ...multi];
  const body = decodeBody(payload, result.body, result.isBase64Encoded);
  if (isGatewayFailure(body)) return body;
  return finish(payload, statusCode, headers, body);
}

/** Payload 2.0: statusCode, headers, cookies, body, and the shorthand of a bare result. */
function mapHttpApiResult(result: unknown): HttpResponse | GatewayFailure {
  const payload = '2.0';
  if (!isRecord(result) || result.statusCode === undefined) {
    // A result without statusCode is the body itself: 200, application/json.
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    return { statusCode: 200, headers: [['Content-Type', 'application/json']], body: Buffer.from(body ?? '') };
  }
  const statusCode = statusCodeOf(payload, result.statusCode);
  if (isGatewayFailure(statusCode)) return statusCode;
  const headers = singleHeaders(payload, result.headers);
  if (isGatewayFailure(headers)) return headers;
  if (!isAbsent(result.cookies)) {
    if (!Array.isArray(result.cookies) || !result.cookies.every((cookie) => typeof cookie === 'string')) {
      return failure(payload, 'cookies is not a list of strings');
    }
    for (const cookie of result.cookies) headers.push(['Set-Cookie', cookie]);
  }
  const body = decodeBody(payload, result.body, result.isBase64Encoded);
  if (isGatewayFailure(body)) return body;
  return finish(payload, statusCode, headers, body);
}

/** `errorType: errorMessage` when `result` is the error object aws-lambda-go and RIE write; the Invoke API tells a function error by it too. */
export function describeError(result: unknown): string | undefined {
  if (!isRecord(result) || typeof result.errorMessage !== 'string' || result.statusCode !== undefined) return undefined;
  return typeof result.errorType === 'string' ? `${result.errorType}: ${result.errorMessage}` : result.errorMessage;
}

export function parseJson(text: string): { readonly value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** RIE's plain-text answer when the function ran past AWS_LAMBDA_FUNCTION_TIMEOUT (it then kills the runtime). */
const functionTimeout = /^Task timed out after \d+\.\d\d seconds$/;

/**
 * Maps RIE's answer (status and raw body) to what the client gets. RIE sends no
 * X-Amz-Function-Error header: a function's error comes as 200 with an error
 * object, a crash or an oversized result as 502, a time-out as 200 with text.
 */
export function mapInvocationResult(payload: PayloadVersion, upstreamStatus: number, upstreamBody: Buffer): HttpResponse | GatewayFailure {
  const text = upstreamBody.toString('utf8');
  const parsed = parseJson(text);
  const error = parsed && describeError(parsed.value);
  if (upstreamStatus !== 200) {
    return failure(payload, error ? `function failed (RIE ${upstreamStatus}): ${error}` : `RIE answered ${upstreamStatus}: ${text.slice(0, 500) || '(empty body)'}`);
  }
  if (!parsed) return failure(payload, functionTimeout.test(text) ? `function timed out: ${text}` : `the result is not JSON: ${text.slice(0, 200)}`);
  if (error) return failure(payload, `function error: ${error}`);
  return payload === '1.0' ? mapRestApiResult(parsed.value) : mapHttpApiResult(parsed.value);
}
