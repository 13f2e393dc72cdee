/**
 * Turns what RIE returns into the HTTP response API Gateway would send, or
 * into the gateway error API Gateway gives when the function failed or
 * answered something it cannot use.
 */
import type { PayloadVersion } from './config.ts';

export interface HttpResponse {
  readonly statusCode: number;
  /** Repeated names stay repeated (Set-Cookie). */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
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

export const internalServerError = (): HttpResponse => jsonMessage(502, 'Internal server error');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type HeaderValue = string | number | boolean;
const isHeaderValue = (value: unknown): value is HeaderValue =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

function failure(reason: string): GatewayFailure {
  return { response: internalServerError(), reason };
}

function decodeBody(body: unknown, isBase64Encoded: unknown): Buffer | GatewayFailure {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body !== 'string') return failure(`body is ${typeof body}, not a string`);
  return isBase64Encoded === true ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
}

function singleHeaders(headers: unknown): [string, string][] | GatewayFailure {
  if (headers === undefined || headers === null) return [];
  if (!isRecord(headers)) return failure('headers is not an object');
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!isHeaderValue(value)) return failure(`header ${name} is not a string, number or boolean`);
    pairs.push([name, String(value)]);
  }
  return pairs;
}

function isFailure(value: unknown): value is GatewayFailure {
  return isRecord(value) && 'reason' in value && 'response' in value;
}

function statusCodeOf(value: unknown): number | GatewayFailure {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 100 || value > 599) {
    return failure(`statusCode ${JSON.stringify(value)} is not an HTTP status`);
  }
  return value;
}

/** The function's own failure as RIE reports it: `errorMessage`/`errorType`. */
function functionError(result: unknown): GatewayFailure | undefined {
  if (isRecord(result) && typeof result.errorMessage === 'string' && result.statusCode === undefined) {
    const type = typeof result.errorType === 'string' ? `${result.errorType}: ` : '';
    return failure(`function error: ${type}${result.errorMessage}`);
  }
  return undefined;
}

/** Payload 1.0: statusCode, headers, multiValueHeaders (wins on the same name), body. */
function mapRestApiResult(result: unknown): HttpResponse | GatewayFailure {
  if (!isRecord(result)) return failure('the result is not a JSON object');
  const statusCode = statusCodeOf(result.statusCode);
  if (isFailure(statusCode)) return statusCode;
  const single = singleHeaders(result.headers);
  if (isFailure(single)) return single;
  const multi: [string, string][] = [];
  if (result.multiValueHeaders !== undefined && result.multiValueHeaders !== null) {
    if (!isRecord(result.multiValueHeaders)) return failure('multiValueHeaders is not an object');
    for (const [name, values] of Object.entries(result.multiValueHeaders)) {
      if (!Array.isArray(values) || !values.every(isHeaderValue)) return failure(`multiValueHeaders.${name} is not a list of strings`);
      for (const value of values) multi.push([name, String(value)]);
    }
  }
  const multiNames = new Set(multi.map(([name]) => name.toLowerCase()));
  const headers = [...single.filter(([name]) => !multiNames.has(name.toLowerCase())), ...multi];
  const body = decodeBody(result.body, result.isBase64Encoded);
  if (isFailure(body)) return body;
  return { statusCode, headers, body };
}

/** Payload 2.0: the 1.0 fields plus cookies, and the shorthand of a bare result. */
function mapHttpApiResult(result: unknown): HttpResponse | GatewayFailure {
  if (!isRecord(result) || result.statusCode === undefined) {
    // A result without statusCode is the body itself: 200, application/json.
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    return { statusCode: 200, headers: [['Content-Type', 'application/json']], body: Buffer.from(body ?? '') };
  }
  const statusCode = statusCodeOf(result.statusCode);
  if (isFailure(statusCode)) return statusCode;
  const headers = singleHeaders(result.headers);
  if (isFailure(headers)) return headers;
  if (result.cookies !== undefined) {
    if (!Array.isArray(result.cookies) || !result.cookies.every((cookie) => typeof cookie === 'string')) {
      return failure('cookies is not a list of strings');
    }
    for (const cookie of result.cookies) headers.push(['Set-Cookie', cookie]);
  }
  const body = decodeBody(result.body, result.isBase64Encoded);
  if (isFailure(body)) return body;
  return { statusCode, headers, body };
}

/** Maps RIE's answer (status and raw body) to what the client gets. */
export function mapInvocationResult(
  payloadVersion: PayloadVersion,
  upstreamStatus: number,
  upstreamBody: Buffer,
): HttpResponse | GatewayFailure {
  if (upstreamStatus !== 200) {
    return failure(`RIE answered ${upstreamStatus}: ${upstreamBody.toString('utf8').slice(0, 500) || '(empty body)'}`);
  }
  let result: unknown;
  try {
    result = JSON.parse(upstreamBody.toString('utf8'));
  } catch {
    return failure(`the result is not JSON: ${upstreamBody.toString('utf8').slice(0, 200)}`);
  }
  const error = functionError(result);
  if (error) return error;
  return payloadVersion === '1.0' ? mapRestApiResult(result) : mapHttpApiResult(result);
}

export { isFailure as isGatewayFailure };
