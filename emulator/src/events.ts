/**
 * Builds the event API Gateway sends a Lambda proxy integration, for payload
 * format 1.0 (REST API) and 2.0 (HTTP API), from a plain HTTP request.
 */
import { randomFillSync, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import type { PayloadVersion } from './contract.ts';
import type { RouteMatch } from './routes.ts';

export interface IncomingRequest {
  readonly method: string;
  /** Path and query exactly as the client sent them. */
  readonly target: string;
  /** Node's `rawHeaders`: names in the client's case, repeated names kept. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly httpVersion: string;
  readonly receivedAt: Date;
  /** The id API Gateway gives the request: in the event and in the response's id header alike. */
  readonly requestId: string;
}

interface EventSettings {
  readonly stage: string;
  readonly binaryMediaTypes: readonly string[];
}

/** Not a real account: AWS fills in the owner's, in API Gateway's events, scheduled events and every other source's (sample-events.ts). */
export const accountId = '123456789012';
const apiId = 'local';

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `22/Nov/2026:14:00:00 +0000`, the form of `requestTime` and `time`. */
export function formatRequestTime(date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

/** Random bytes fetched a few thousand at a time: a call per request showed up in the emulator's profile. */
const entropy = Buffer.alloc(11 * 512);
let entropyUsed = entropy.length;

/** An id shaped like API Gateway's `extendedRequestId` (and HTTP API's `requestId`): 11 random bytes, 16 base64 characters. */
function shortRequestId(): string {
  if (entropyUsed === entropy.length) {
    randomFillSync(entropy);
    entropyUsed = 0;
  }
  entropyUsed += 11;
  return entropy.toString('base64', entropyUsed - 11, entropyUsed);
}

/** A new request id in the form the payload's API type uses: a UUID for REST APIs, a short one for HTTP APIs. */
export function newRequestId(payloadVersion: PayloadVersion): string {
  return payloadVersion === '1.0' ? randomUUID() : shortRequestId();
}

/**
 * A map for keys the client chooses: no prototype, so `constructor`,
 * `toString` and `__proto__` are keys like any other.
 */
function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function headerPairs(rawHeaders: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    pairs.push([rawHeaders[index] ?? '', rawHeaders[index + 1] ?? '']);
  }
  return pairs;
}

function headerValue(pairs: readonly [string, string][], name: string): string | undefined {
  return pairs.findLast(([key]) => key.toLowerCase() === name)?.[1];
}

function splitTarget(target: string): { path: string; rawQuery: string } {
  const mark = target.indexOf('?');
  return mark === -1 ? { path: target, rawQuery: '' } : { path: target.slice(0, mark), rawQuery: target.slice(mark + 1) };
}

/**
 * The query's name-value pairs, as URLSearchParams reads them. A query of
 * plain ASCII without `%`, `+` or a leading `?` has nothing to decode or drop,
 * so splitting gives the same pairs without its cost, which showed in the
 * emulator's time before each invocation.
 */
function queryPairs(rawQuery: string): [string, string][] {
  if (rawQuery === '') return [];
  if (/[%+\u0080-\uffff]|^\?/.test(rawQuery)) return [...new URLSearchParams(rawQuery)];
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    pairs.push(equals === -1 ? [part, ''] : [part.slice(0, equals), part.slice(equals + 1)]);
  }
  return pairs;
}

function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** REST APIs treat a body as binary when its type matches a configured binary media type. */
function isBinaryForRestApi(contentType: string | undefined, binaryMediaTypes: readonly string[]): boolean {
  const type = mediaTypeOf(contentType);
  return binaryMediaTypes.some((pattern) => {
    const wanted = pattern.toLowerCase();
    if (wanted === '*/*') return true;
    if (wanted.endsWith('/*')) return type.startsWith(wanted.slice(0, -1));
    return type === wanted;
  });
}

/** HTTP APIs pass text as it is and base64-encode everything else. */
function isBinaryForHttpApi(contentType: string | undefined): boolean {
  const type = mediaTypeOf(contentType);
  if (type === '') return false;
  if (type.startsWith('text/')) return false;
  if (type.endsWith('+json') || type.endsWith('+xml')) return false;
  return !['application/json', 'application/xml', 'application/javascript', 'application/x-www-form-urlencoded', 'application/graphql'].includes(type);
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function domainOf(pairs: readonly [string, string][]): string {
  return headerValue(pairs, 'host') ?? 'localhost';
}

export function buildRestApiEvent(request: IncomingRequest, match: RouteMatch, settings: EventSettings): APIGatewayProxyEvent {
  const pairs = headerPairs(request.rawHeaders);
  const { path: rawPath, rawQuery } = splitTarget(request.target);
  const path = decodePath(rawPath);
  const headers = dictionary<string>();
  const multiValueHeaders = dictionary<string[]>();
  for (const [name, value] of pairs) {
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const query = queryPairs(rawQuery);
  const queryStringParameters = dictionary<string>();
  const multiValueQueryStringParameters = dictionary<string[]>();
  for (const [name, value] of query) {
    queryStringParameters[name] = value;
    (multiValueQueryStringParameters[name] ??= []).push(value);
  }
  const binary = isBinaryForRestApi(headerValue(pairs, 'content-type'), settings.binaryMediaTypes);
  const hasBody = request.body.length > 0;
  const domainName = domainOf(pairs);
  const hasParameters = Object.keys(match.pathParameters).length > 0;
  return {
    resource: match.resource,
    path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: query.length > 0 ? queryStringParameters : null,
    multiValueQueryStringParameters: query.length > 0 ? multiValueQueryStringParameters : null,
    pathParameters: hasParameters ? match.pathParameters : null,
    stageVariables: null,
    requestContext: {
      accountId,
      apiId,
      authorizer: undefined,
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      extendedRequestId: shortRequestId(),
      httpMethod: request.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: null,
        userAgent: headerValue(pairs, 'user-agent') ?? null,
        userArn: null,
      },
      path: `/${settings.stage}${path}`,
      protocol: `HTTP/${request.httpVersion}`,
      requestId: request.requestId,
      requestTime: formatRequestTime(request.receivedAt),
      requestTimeEpoch: request.receivedAt.getTime(),
      resourceId: apiId,
      resourcePath: match.resource,
      stage: settings.stage,
    },
    body: hasBody ? request.body.toString(binary ? 'base64' : 'utf8') : null,
    isBase64Encoded: hasBody && binary,
  };
}

export function buildHttpApiEvent(request: IncomingRequest, match: RouteMatch, settings: EventSettings): APIGatewayProxyEventV2 {
  const pairs = headerPairs(request.rawHeaders);
  const { path: rawPath, rawQuery } = splitTarget(request.target);
  const headers = dictionary<string>();
  const cookies: string[] = [];
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    // HTTP APIs move cookies into their own array.
    if (key === 'cookie') cookies.push(...value.split(';').map((cookie) => cookie.trim()).filter(Boolean));
    else headers[key] = headers[key] === undefined ? value : `${headers[key]},${value}`;
  }
  const query = queryPairs(rawQuery);
  const queryStringParameters = dictionary<string>();
  for (const [name, value] of query) {
    queryStringParameters[name] = queryStringParameters[name] === undefined ? value : `${queryStringParameters[name]},${value}`;
  }
  const binary = isBinaryForHttpApi(headers['content-type']);
  const hasBody = request.body.length > 0;
  const domainName = domainOf(pairs);
  return {
    version: '2.0',
    routeKey: match.routeKey,
    rawPath,
    rawQueryString: rawQuery,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(query.length > 0 ? { queryStringParameters } : {}),
    ...(Object.keys(match.pathParameters).length > 0 ? { pathParameters: match.pathParameters } : {}),
    requestContext: {
      accountId,
      apiId,
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: request.method,
        path: decodePath(rawPath),
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: request.requestId,
      routeKey: match.routeKey,
      stage: settings.stage,
      time: formatRequestTime(request.receivedAt),
      timeEpoch: request.receivedAt.getTime(),
    },
    ...(hasBody ? { body: request.body.toString(binary ? 'base64' : 'utf8') } : {}),
    isBase64Encoded: hasBody && binary,
  };
}
