import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  buildHttpApiEvent,
  buildRestApiEvent,
  formatRequestTime,
  type IncomingRequest,
} from '../src/events.ts';
import { compileRoutes, matchRoute, type RouteMatch } from '../src/routes.ts';
import { routeKeys } from './start-emulator.ts';
import { repoRoot } from '../../test/support/generate.ts';

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/apigw', name), 'utf8'));
}

/** The JSON type of a value, telling null, arrays and objects apart. */
function jsonType(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** `path: type` for every key of an object, nested objects included. */
function shape(value: unknown, at = ''): Map<string, string> {
  const result = new Map<string, string>();
  if (jsonType(value) !== 'object') return result;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const where = at ? `${at}.${key}` : key;
    result.set(where, jsonType(inner));
    // Maps keyed by header, parameter or variable names are compared as maps, not key by key.
    if (!/^(headers|multiValueHeaders|queryStringParameters|multiValueQueryStringParameters|pathParameters|stageVariables)$/.test(key)) {
      for (const [nested, type] of shape(inner, where)) result.set(nested, type);
    }
  }
  return result;
}

function request(overrides: Partial<IncomingRequest> = {}): IncomingRequest {
  return {
    method: 'POST',
    target: '/hello/world?name=me&tag=a&tag=b',
    rawHeaders: ['Host', 'example.com', 'User-Agent', 'curl/8.5.0', 'Content-Type', 'application/json', 'X-Trace', 'one', 'X-Trace', 'two'],
    body: Buffer.from('{"test":"body"}'),
    sourceIp: '192.0.2.10',
    httpVersion: '1.1',
    receivedAt: new Date(Date.UTC(2026, 10, 22, 14, 5, 9)),
    requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    ...overrides,
  };
}

const proxyRoute: RouteMatch = { routeKey: 'ANY /{proxy+}', resource: '/{proxy+}', pathParameters: { proxy: 'hello/world' } };
const settings = { stage: 'local', binaryMediaTypes: ['image/png'] };

describe('payload 1.0 events', () => {
  const event = buildRestApiEvent(request(), proxyRoute, settings);
  const json = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;

  it('has the keys and types of a real REST API event', () => {
    const real = shape(fixture('apigw-request.json'));
    const ours = shape(json);
    // Keys a real event fills only with an authorizer or a client certificate (mutual TLS).
    const onlyWithAuthorizer = new Set(['requestContext.authorizer', 'requestContext.identity.clientCert']);
    for (const [key, type] of real) {
      if (onlyWithAuthorizer.has(key) || [...onlyWithAuthorizer].some((prefix) => key.startsWith(`${prefix}.`))) continue;
      // The sample's API has stage variables; ours has none, and API Gateway then sends null.
      const expected = key === 'stageVariables' ? 'null' : type;
      // Identity fields of an unauthenticated caller are null in real events; this sample's caller had values.
      const nullable = key.startsWith('requestContext.identity.') && ours.get(key) === 'null' && type === 'string';
      if (!nullable) assert.equal(ours.get(key), expected, `${key}: ours ${ours.get(key)}, API Gateway's ${type}`);
    }
    const extra = [...ours.keys()].filter((key) => !real.has(key));
    assert.deepEqual(extra.sort(), ['isBase64Encoded', 'requestContext.identity.principalOrgId']);
  });

  it('keeps the last header and query values singly, and all of them in the multi-value maps', () => {
    assert.equal(event.headers['X-Trace'], 'two');
    assert.deepEqual(event.multiValueHeaders['X-Trace'], ['one', 'two']);
    assert.equal(event.queryStringParameters?.tag, 'b');
    assert.deepEqual(event.multiValueQueryStringParameters?.tag, ['a', 'b']);
    assert.deepEqual(event.pathParameters, { proxy: 'hello/world' });
  });

  it('describes the request in requestContext', () => {
    const context = event.requestContext;
    assert.equal(event.resource, '/{proxy+}');
    assert.equal(context.resourcePath, '/{proxy+}');
    assert.equal(context.path, '/local/hello/world');
    assert.equal(context.httpMethod, 'POST');
    assert.equal(context.identity.sourceIp, '192.0.2.10');
    assert.equal(context.identity.userAgent, 'curl/8.5.0');
    assert.equal(context.requestTimeEpoch, Date.UTC(2026, 10, 22, 14, 5, 9));
    assert.equal(context.requestTime, '22/Nov/2026:14:05:09 +0000');
    assert.equal(context.domainName, 'example.com');
    assert.equal(context.protocol, 'HTTP/1.1');
  });

  it('carries the request\'s id, and an extended id of its own for every event', () => {
    assert.equal(event.requestContext.requestId, 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef');
    const other = buildRestApiEvent(request(), proxyRoute, settings);
    assert.notEqual(other.requestContext.extendedRequestId, event.requestContext.extendedRequestId);
    assert.match(event.requestContext.extendedRequestId ?? '', /^[A-Za-z0-9+/]{15}=$/);
  });

  it('sends null for absent maps and body, as API Gateway does', () => {
    const bare = buildRestApiEvent(
      request({ method: 'GET', target: '/', rawHeaders: [], body: Buffer.alloc(0) }),
      { routeKey: 'GET /', resource: '/', pathParameters: {} },
      settings,
    );
    assert.equal(bare.queryStringParameters, null);
    assert.equal(bare.multiValueQueryStringParameters, null);
    assert.equal(bare.pathParameters, null);
    assert.equal(bare.stageVariables, null);
    assert.equal(bare.body, null);
    assert.equal(bare.isBase64Encoded, false);
  });

  it('base64-encodes bodies of binary media types only', () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const png = buildRestApiEvent(request({ rawHeaders: ['Content-Type', 'image/png'], body: bytes }), proxyRoute, settings);
    assert.equal(png.isBase64Encoded, true);
    assert.deepEqual(Buffer.from(png.body ?? '', 'base64'), bytes);
    const text = buildRestApiEvent(request({ rawHeaders: ['Content-Type', 'text/plain; charset=utf-8'], body: Buffer.from('héllo ✓') }), proxyRoute, settings);
    assert.equal(text.isBase64Encoded, false);
    assert.equal(text.body, 'héllo ✓');
  });
});

describe('payload 2.0 events', () => {
  const route: RouteMatch = { routeKey: 'POST /hello/{name}', resource: '/hello/{name}', pathParameters: { name: 'world' } };
  const event = buildHttpApiEvent(
    request({ rawHeaders: ['Host', 'example.com', 'User-Agent', 'curl/8.5.0', 'Content-Type', 'application/json', 'X-Trace', 'one', 'X-Trace', 'two', 'Cookie', 'a=1; b=2'] }),
    route,
    { stage: '$default', binaryMediaTypes: [] },
  );
  const json = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;

  it('has the keys and types of a real HTTP API event', () => {
    const real = shape(fixture('apigw-v2-request-no-authorizer.json'));
    const ours = shape(json);
    for (const [key, type] of real) {
      if (key === 'requestContext.authentication' || key.startsWith('requestContext.authentication.')) continue;
      assert.equal(ours.get(key), type, `${key}: ours ${ours.get(key)}, API Gateway's ${type}`);
    }
    const extra = [...ours.keys()].filter((key) => !real.has(key));
    assert.deepEqual(extra.sort(), ['body', 'cookies', 'pathParameters', 'queryStringParameters']);
  });

  it('lower-cases header names, joins repeats with commas and moves cookies out', () => {
    assert.equal(event.headers['x-trace'], 'one,two');
    assert.equal(event.headers.cookie, undefined);
    assert.deepEqual(event.cookies, ['a=1', 'b=2']);
    assert.equal(event.queryStringParameters?.tag, 'a,b');
    assert.equal(event.rawQueryString, 'name=me&tag=a&tag=b');
    assert.equal(event.rawPath, '/hello/world');
    assert.equal(event.routeKey, 'POST /hello/{name}');
    assert.equal(event.requestContext.http.method, 'POST');
    assert.equal(event.requestContext.http.sourceIp, '192.0.2.10');
    assert.equal(event.requestContext.stage, '$default');
    assert.equal(event.requestContext.requestId, 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef');
    assert.equal(event.requestContext.time, formatRequestTime(new Date(Date.UTC(2026, 10, 22, 14, 5, 9))));
  });

  it('leaves out absent maps and the body, and base64-encodes what is not text', () => {
    const bare = JSON.parse(JSON.stringify(buildHttpApiEvent(request({ target: '/', rawHeaders: [], body: Buffer.alloc(0) }), { ...route, pathParameters: {} }, settings)));
    for (const key of ['queryStringParameters', 'pathParameters', 'cookies', 'body']) assert.equal(key in bare, false, key);
    const binary = buildHttpApiEvent(request({ rawHeaders: ['content-type', 'application/octet-stream'], body: Buffer.from([0, 1, 2]) }), route, settings);
    assert.equal(binary.isBase64Encoded, true);
    assert.equal(binary.body, 'AAEC');
  });
});

/**
 * The query maps hold what the WHATWG form parser (URLSearchParams, the
 * platform's) reads from the query, whichever path events.ts takes to read it.
 * A seeded stream of queries heavy in the characters that matter, and the edge
 * cases by name.
 */
describe('query parameters', () => {
  const named = ['', 'a', 'a=', '=b', 'a=b=c', '&&a=1&&', '?a=b', '??a', 'a?b=c', 'a=%20b', 'a=%zz', 'a=%E2%82%AC', 'a=%C3', 'a+b=c+d', 'é=ü', '\ud800a=b', 'a=\udfff', '__proto__=1&constructor=2&toString=3'];
  let seed = 20261203;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const alphabet = ['a', 'b', 'Z', '0', '&', '&', '=', '=', '?', '%', '+', '%4', '%41', 'é', '\ud800', '\udc00', '.', ' ', '__proto__'];
  const generated = Array.from({ length: 400 }, () => Array.from({ length: Math.floor(next() * 12) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
  /** Each name's values in order, grouped as URLSearchParams reads them. */
  const grouped = (query: string) => {
    const groups = new Map<string, string[]>();
    for (const [name, value] of new URLSearchParams(query)) groups.set(name, [...(groups.get(name) ?? []), value]);
    return groups;
  };
  const entriesOf = (map: Record<string, unknown> | null | undefined) => new Map(Object.entries(map ?? {}));

  it('gives REST API events the pairs URLSearchParams reads', () => {
    for (const query of [...named, ...generated]) {
      const event = buildRestApiEvent(request({ target: `/hello?${query}` }), proxyRoute, settings);
      const expected = grouped(query);
      assert.deepEqual(entriesOf(event.multiValueQueryStringParameters), expected, `query ${JSON.stringify(query)}`);
      assert.deepEqual(entriesOf(event.queryStringParameters), new Map([...expected].map(([name, values]) => [name, values.at(-1)])), `query ${JSON.stringify(query)}`);
      if (expected.size === 0) assert.equal(event.queryStringParameters, null, `query ${JSON.stringify(query)}`);
    }
  });

  it('gives HTTP API events the pairs URLSearchParams reads, values joined by commas', () => {
    const route: RouteMatch = { routeKey: 'ANY /{proxy+}', resource: '/{proxy+}', pathParameters: {} };
    for (const query of [...named, ...generated]) {
      const event = buildHttpApiEvent(request({ target: `/hello?${query}` }), route, settings);
      const expected = new Map([...grouped(query)].map(([name, values]) => [name, values.join(',')]));
      assert.deepEqual(entriesOf(event.queryStringParameters), expected, `query ${JSON.stringify(query)}`);
    }
  });
});

/** Path parameters come in a map without a prototype: a route may name one `{constructor}`. */
const parameters = (entries: Record<string, string>) => Object.assign(Object.create(null) as Record<string, string>, entries);

describe('routes', () => {
  const table = compileRoutes(routeKeys(['GET /users/{id}', 'GET /users/me', 'ANY /users/{id}', 'ANY /{proxy+}', 'POST /files/{path+}']));

  it('prefers literal segments, then parameters, then greedy ones, then specific methods over ANY', () => {
    assert.equal(matchRoute(table, 'GET', '/users/me')?.routeKey, 'GET /users/me');
    assert.deepEqual(matchRoute(table, 'GET', '/users/42'), { routeKey: 'GET /users/{id}', resource: '/users/{id}', pathParameters: parameters({ id: '42' }) });
    assert.equal(matchRoute(table, 'DELETE', '/users/42')?.routeKey, 'ANY /users/{id}');
    assert.deepEqual(matchRoute(table, 'POST', '/files/a/b/c.txt')?.pathParameters, parameters({ path: 'a/b/c.txt' }));
    assert.deepEqual(matchRoute(table, 'GET', '/anything/else')?.pathParameters, parameters({ proxy: 'anything/else' }));
    assert.deepEqual(matchRoute(compileRoutes(routeKeys(['GET /{constructor}'])), 'GET', '/x')?.pathParameters, parameters({ constructor: 'x' }));
  });

  it('matches nothing outside the table', () => {
    const narrow = compileRoutes(routeKeys(['GET /users/{id}']));
    assert.equal(matchRoute(narrow, 'GET', '/users'), undefined);
    assert.equal(matchRoute(narrow, 'POST', '/users/1'), undefined);
    assert.equal(matchRoute(narrow, 'GET', '/users/1/extra'), undefined);
    const root = compileRoutes(routeKeys(['GET /']));
    assert.deepEqual(matchRoute(root, 'GET', '/'), { routeKey: 'GET /', resource: '/', pathParameters: parameters({}) });
    assert.equal(matchRoute(root, 'GET', '/x'), undefined);
    // A greedy segment takes one segment at least; the literal before it must match.
    const files = compileRoutes(routeKeys(['POST /files/{path+}', 'GET /a/{x}/c']));
    assert.equal(matchRoute(files, 'POST', '/files'), undefined);
    assert.equal(matchRoute(files, 'POST', '/filez/a'), undefined);
    assert.equal(matchRoute(files, 'GET', '/a/b'), undefined);
    assert.equal(matchRoute(files, 'GET', '/a/b/d'), undefined);
    assert.deepEqual(matchRoute(files, 'GET', '/a/b/c')?.pathParameters, parameters({ x: 'b' }));
  });
});
