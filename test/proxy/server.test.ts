import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import type { Config } from '../../templates/localdev/proxy/src/config.ts';
import { startEmulator } from '../../templates/localdev/proxy/src/server.ts';
import { loopbackServer } from '../loopback-server.ts';

/**
 * A stand-in for RIE with its real failure mode: a second invocation while one
 * runs crashes it, and from then on it answers 502 with an empty body.
 */
async function fakeRie(behaviour: (event: Record<string, unknown>) => Promise<{ status: number; body: string }>) {
  let running = 0;
  let crashed = false;
  let invocations = 0;
  const origin = await loopbackServer(async (_request, response, body) => {
    if (running > 0) crashed = true;
    if (crashed) {
      response.writeHead(502).end();
      return;
    }
    running++;
    invocations++;
    const answer = await behaviour(JSON.parse(body.toString('utf8')));
    running--;
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
  });
  return {
    origin,
    get crashed() {
      return crashed;
    },
    get invocations() {
      return invocations;
    },
  };
}

const servers: Server[] = [];
after(() => {
  for (const server of servers) server.close();
});

async function emulator(upstreams: string[], overrides: Partial<Config> = {}, log: (line: string) => void = () => {}) {
  const config: Config = {
    port: 0,
    upstreams: upstreams.map((url) => new URL(url)),
    payloadVersion: '1.0',
    routes: ['ANY /{proxy+}', 'GET /'],
    stage: 'local',
    gatewayTimeoutMs: 29_000,
    binaryMediaTypes: [],
    cors: false,
    queueLimit: 1000,
    upstreamRefreshMs: 60_000,
    ...overrides,
  };
  const { server } = await startEmulator(config, log);
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const echo = async (event: Record<string, unknown>) => {
  await new Promise((resolve) => setTimeout(resolve, 2));
  return { status: 200, body: JSON.stringify({ statusCode: 200, body: String(event.path), headers: { 'content-type': 'text/plain' } }) };
};

describe('emulator against a RIE stand-in', () => {
  it('never overlaps two invocations on one upstream, across 200 concurrent requests', async () => {
    const rie = await fakeRie(echo);
    const base = await emulator([rie.origin]);
    const responses = await Promise.all(Array.from({ length: 200 }, (_, index) => fetch(`${base}/item/${index}`)));
    const bodies = await Promise.all(responses.map((response) => response.text()));
    assert.deepEqual(responses.map((response) => response.status), Array(200).fill(200));
    assert.deepEqual(bodies, Array.from({ length: 200 }, (_, index) => `/item/${index}`));
    assert.equal(rie.crashed, false);
    assert.equal(rie.invocations, 200);
  });

  it('answers 429 past the queue bound instead of queueing without end', async () => {
    const rie = await fakeRie(echo);
    const base = await emulator([rie.origin], { queueLimit: 5 });
    const statuses = await Promise.all(Array.from({ length: 20 }, () => fetch(`${base}/x`).then((response) => response.status)));
    assert.ok(statuses.includes(429), String(statuses));
    assert.ok(statuses.filter((status) => status === 200).length >= 5, String(statuses));
    assert.equal(rie.crashed, false);
  });

  it('spreads requests over several upstreams', async () => {
    const fakes = await Promise.all([fakeRie(echo), fakeRie(echo), fakeRie(echo), fakeRie(echo)]);
    const base = await emulator(fakes.map((fake) => fake.origin));
    const responses = await Promise.all(Array.from({ length: 64 }, () => fetch(`${base}/x`)));
    assert.deepEqual(responses.map((response) => response.status), Array(64).fill(200));
    for (const fake of fakes) {
      assert.equal(fake.crashed, false);
      assert.ok(fake.invocations > 0, 'every upstream served some');
    }
  });

  it('answers as API Gateway does when the function fails, times out or cannot be reached', async () => {
    const failing = await fakeRie(async (event) => {
      if (event.path === '/error') return { status: 200, body: '{"errorMessage":"boom","errorType":"errorString"}' };
      if (event.path === '/malformed') return { status: 200, body: '{"statusCode":"two hundred"}' };
      if (event.path === '/slow') await new Promise((resolve) => setTimeout(resolve, 700));
      return { status: 200, body: '{"statusCode":201,"multiValueHeaders":{"Set-Cookie":["a=1","b=2"]},"body":"ok"}' };
    });
    const base = await emulator([failing.origin], { gatewayTimeoutMs: 100 });
    const error = await fetch(`${base}/error`);
    assert.equal(error.status, 502);
    assert.deepEqual(await error.json(), { message: 'Internal server error' });
    assert.equal((await fetch(`${base}/malformed`)).status, 502);
    const slow = await fetch(`${base}/slow`);
    assert.equal(slow.status, 504);
    assert.deepEqual(await slow.json(), { message: 'Endpoint request timed out' });
    // RIE is still busy with /slow: this one waits for it rather than overlapping, and times out too.
    const queuedAt = performance.now();
    assert.equal((await fetch(`${base}/queued`)).status, 504);
    assert.ok(performance.now() - queuedAt < 400, 'a waiting request times out at its own deadline');
    await new Promise((resolve) => setTimeout(resolve, 700));
    const ok = await fetch(`${base}/fine`);
    assert.equal(ok.status, 201);
    assert.deepEqual(ok.headers.getSetCookie(), ['a=1', 'b=2']);
    assert.equal(failing.crashed, false);

    const unreachable = await emulator(['http://127.0.0.1:9']);
    assert.equal((await fetch(`${unreachable}/x`)).status, 502);
  });

  it('refuses unknown routes and oversized bodies before invoking', async () => {
    const rie = await fakeRie(echo);
    const upstream = rie.origin;
    const rest = await emulator([upstream], { routes: ['GET /only'] });
    const missing = await fetch(`${rest}/other`);
    assert.equal(missing.status, 403);
    assert.deepEqual(await missing.json(), { message: 'Missing Authentication Token' });
    const http = await emulator([upstream], { routes: ['GET /only'], payloadVersion: '2.0', stage: '$default' });
    assert.equal((await fetch(`${http}/other`)).status, 404);
    const big = await fetch(`${rest}/only`, { method: 'GET' });
    assert.equal(big.status, 200);
    const huge = await emulator([upstream], { routes: ['POST /upload'] });
    const tooLarge = await fetch(`${huge}/upload`, { method: 'POST', body: Buffer.alloc(7 * 1024 * 1024, 'a') });
    assert.equal(tooLarge.status, 413);
    assert.equal(rie.invocations, 1, 'only the matched, small request reached RIE');
  });

  it('passes unicode paths and bodies through, decoded where API Gateway decodes them', async () => {
    let seen: Record<string, unknown> = {};
    const rie = await fakeRie(async (event) => {
      seen = event;
      return { status: 200, body: JSON.stringify({ statusCode: 200, body: 'ünïcødé ✓', headers: { 'content-type': 'text/plain; charset=utf-8' } }) };
    });
    const base = await emulator([rie.origin]);
    const response = await fetch(`${base}/caf%C3%A9/%E2%9C%93?q=%C3%A9t%C3%A9`, { method: 'POST', body: 'día ✓', headers: { 'content-type': 'text/plain' } });
    assert.equal(await response.text(), 'ünïcødé ✓');
    assert.equal(seen.path, '/café/✓');
    assert.deepEqual(seen.queryStringParameters, { q: 'été' });
    assert.equal(seen.body, 'día ✓');
    const requestContext = seen.requestContext as { requestId: string };
    assert.equal(response.headers.get('x-amzn-requestid'), requestContext.requestId, 'the response names the event\'s request id');
    assert.equal(seen.isBase64Encoded, false);
  });

  it('refuses a body over 10 MB, and one whose event would pass 6 MB, with 413', async () => {
    const rie = await fakeRie(echo);
    const base = await emulator([rie.origin], { binaryMediaTypes: ['application/octet-stream'] });
    const overTen = await fetch(`${base}/upload`, { method: 'POST', body: Buffer.alloc(10 * 1024 * 1024 + 1) });
    assert.equal(overTen.status, 413);
    // 5 MB of binary is 6.7 MB once base64-encoded into the event.
    const binary = await fetch(`${base}/upload`, { method: 'POST', body: Buffer.alloc(5 * 1024 * 1024), headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(binary.status, 413);
    const fits = await fetch(`${base}/upload`, { method: 'POST', body: Buffer.alloc(4 * 1024 * 1024), headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(fits.status, 200);
    assert.equal(rie.invocations, 1);
  });

  it('logs one line per request, with the function\'s error when it failed', async () => {
    const rie = await fakeRie(async (event) =>
      event.path === '/fail'
        ? { status: 200, body: '{"errorMessage":"boom","errorType":"errorString"}' }
        : { status: 200, body: '{"statusCode":204}' },
    );
    const lines: string[] = [];
    const base = await emulator([rie.origin], {}, (line) => lines.push(line));
    await fetch(`${base}/ok?x=1`);
    await fetch(`${base}/fail`, { method: 'POST' });
    const requests = lines.filter((line) => !line.startsWith('upstreams:'));
    assert.equal(requests.length, 2);
    assert.match(requests[0] ?? '', /^GET \/ok\?x=1 204 \d+\.\dms id=[0-9a-f-]{36}$/);
    assert.match(requests[1] ?? '', /^POST \/fail 502 \d+\.\dms id=[0-9a-f-]{36} error="function error: errorString: boom"$/);
  });

  it('adds CORS headers and answers preflights itself when CORS is on, and neither when it is off', async () => {
    const rie = await fakeRie(echo);
    const withCors = await emulator([rie.origin], { cors: true });
    const preflight = await fetch(`${withCors}/x`, { method: 'OPTIONS', headers: { origin: 'http://app.test', 'access-control-request-method': 'POST' } });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.equal(preflight.headers.get('access-control-allow-methods'), '*');
    assert.equal(rie.invocations, 0, 'a preflight does not reach the function');
    const answered = await fetch(`${withCors}/x`);
    assert.equal(answered.status, 200);
    assert.equal(answered.headers.get('access-control-allow-origin'), '*');
    const withoutCors = await emulator([rie.origin]);
    assert.equal((await fetch(`${withoutCors}/x`)).headers.get('access-control-allow-origin'), null);
  });

  it('answers 502 at once when no upstream address is known', async () => {
    const base = await emulator([]);
    const response = await fetch(`${base}/x`);
    assert.equal(response.status, 502);
  });
});
