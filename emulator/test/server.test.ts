/**
 * The emulator in front of the RIE stand-in (test/fixtures/rie-stand-in, which
 * replays the real RIE's recordings) running the recorded probe function:
 * a second invocation while one runs crashes it with exit status 2, as it does
 * the real RIE, so any overlap fails these tests loudly.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closedPort } from '../../test/support/loopback-server.ts';
import { probeInvocations, startProbe } from '../../test/support/rie.ts';
import { emulator } from './start-emulator.ts';



/** The probe's summary of the event it got. */
async function summary(response: Response): Promise<{ path: string; payload: string; requestId: string }> {
  return JSON.parse(await response.text());
}

/** A result for the probe to return as it is: its `/__raw` path returns the event's body. */
const returning = (result: unknown) => ({ method: 'POST', body: JSON.stringify(result) });

describe('emulator against the RIE stand-in', { timeout: 60_000 }, () => {
  it('never overlaps two invocations on one upstream, across 200 concurrent requests', async () => {
    const rie = await startProbe();
    const api = await emulator([rie.origin]);
    const responses = await Promise.all(Array.from({ length: 200 }, (_, index) => fetch(`${api.base}/item/${index}`)));
    const paths = await Promise.all(responses.map(async (response) => (await summary(response)).path));
    assert.deepEqual(responses.map((response) => response.status), Array(200).fill(200));
    assert.deepEqual(paths, Array.from({ length: 200 }, (_, index) => `/item/${index}`));
    assert.equal(rie.exitStatus(), undefined, 'RIE is alive');
    assert.equal(await probeInvocations(rie), 200);
  });

  it('answers 429 past the queue bound instead of queueing without end, and says why', async () => {
    const rie = await startProbe();
    const lines: string[] = [];
    const api = await emulator([rie.origin], { queueLimit: 5 }, (line) => lines.push(line));
    const statuses = await Promise.all(Array.from({ length: 20 }, () => fetch(`${api.base}/x`).then((response) => response.status)));
    assert.ok(statuses.includes(429), String(statuses));
    assert.ok(statuses.filter((status) => status === 200).length >= 5, String(statuses));
    assert.ok(lines.some((line) => / 429 .* error="429: 5 requests already wait for each of 1 upstream\(s\)"$/.test(line)), lines.join('\n'));
    assert.equal(rie.exitStatus(), undefined);
  });

  it('spreads requests over several upstreams', async () => {
    const fleet = await Promise.all([startProbe(), startProbe(), startProbe(), startProbe()]);
    const api = await emulator(fleet.map((rie) => rie.origin));
    const responses = await Promise.all(Array.from({ length: 64 }, () => fetch(`${api.base}/x`)));
    assert.deepEqual(responses.map((response) => response.status), Array(64).fill(200));
    for (const rie of fleet) {
      assert.equal(rie.exitStatus(), undefined);
      assert.ok(await probeInvocations(rie) > 0, 'every upstream served some');
    }
  });

  for (const [payloadVersion, failed, timedOut] of [
    ['1.0', [502, { message: 'Internal server error' }], [504, { message: 'Endpoint request timed out' }]],
    ['2.0', [500, { message: 'Internal Server Error' }], [503, { message: 'Service Unavailable' }]],
  ] as const) {
    it(`answers as API Gateway does, payload ${payloadVersion}, when the function fails, times out or cannot be reached`, async () => {
      const rie = await startProbe();
      const lines: string[] = [];
      const api = await emulator([rie.origin], { payloadVersion, gatewayTimeoutMs: 300 }, (line) => lines.push(line));
      const error = await fetch(`${api.base}/__error`);
      assert.equal(error.status, failed[0]);
      assert.deepEqual(await error.json(), failed[1]);
      const malformed = await fetch(`${api.base}/__raw`, returning({ statusCode: 'two hundred' }));
      assert.equal(malformed.status, failed[0]);
      const slow = await fetch(`${api.base}/__slow`);
      assert.equal(slow.status, timedOut[0]);
      assert.deepEqual(await slow.json(), timedOut[1]);
      // RIE still runs /__slow: this one waits for it rather than overlapping, and times out at its own deadline.
      const queuedAt = performance.now();
      assert.equal((await fetch(`${api.base}/queued`)).status, timedOut[0]);
      assert.ok(performance.now() - queuedAt < 600, 'a waiting request times out at its own deadline');
      assert.match(lines.find((line) => line.startsWith('GET /queued ')) ?? '', new RegExp(`error="${timedOut[0]} after 300 ms: \\d+ ms of it queued behind another invocation"$`));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal((await fetch(`${api.base}/fine`)).status, 200);
      assert.equal(rie.exitStatus(), undefined, 'RIE never saw two invocations at once');

      const unreachable = await emulator([`http://127.0.0.1:${await closedPort()}`], { payloadVersion }, (line) => lines.push(line));
      const refused = await fetch(`${unreachable.base}/x`);
      assert.equal(refused.status, failed[0]);
      assert.match(lines.at(-1) ?? '', /error="RIE unreachable: no upstream accepts connections: http:\/\/127\.0\.0\.1:\d+: connect ECONNREFUSED/);
    });
  }

  it('keeps RIE busy for a client that went away: the next request waits for the abandoned invocation', async () => {
    const rie = await startProbe();
    const api = await emulator([rie.origin]);
    // RIE does not cancel an invocation whose client left; a new one meanwhile would crash it.
    await assert.rejects(fetch(`${api.base}/__slow`, { signal: AbortSignal.timeout(200) }));
    const startedAt = performance.now();
    assert.equal((await fetch(`${api.base}/next`)).status, 200);
    assert.ok(performance.now() - startedAt > 1000, 'it waited for /__slow to end');
    assert.equal(rie.exitStatus(), undefined, 'RIE is alive');
  });

  it('refuses unknown routes and oversized bodies before invoking, and logs why', async () => {
    const rie = await startProbe();
    const lines: string[] = [];
    const rest = await emulator([rie.origin], { routes: ['GET /only'] }, (line) => lines.push(line));
    const missing = await fetch(`${rest.base}/other`);
    assert.equal(missing.status, 403);
    assert.deepEqual(await missing.json(), { message: 'Missing Authentication Token' });
    assert.match(lines.at(-1) ?? '', /error="no route matches GET \/other \(routes: GET \/only\)"$/);
    const http = await emulator([rie.origin], { routes: ['GET /only'], payloadVersion: '2.0' });
    assert.equal((await fetch(`${http.base}/other`)).status, 404);
    assert.equal((await fetch(`${rest.base}/only`)).status, 200);
    const upload = await emulator([rie.origin], { routes: ['POST /upload'] }, (line) => lines.push(line));
    const tooLarge = await fetch(`${upload.base}/upload`, { method: 'POST', body: Buffer.alloc(11 * 1024 * 1024, 'a') });
    assert.equal(tooLarge.status, 413);
    assert.match(lines.at(-1) ?? '', /error="413: body 11534336 bytes > 10485760"$/);
    assert.equal(await probeInvocations(rie), 1, 'only the matched, small request reached RIE');
  });

  it('passes unicode paths and bodies through, decoded where API Gateway decodes them', async () => {
    const rie = await startProbe();
    const api = await emulator([rie.origin]);
    const described = await fetch(`${api.base}/caf%C3%A9/%E2%9C%93`);
    assert.equal((await summary(described)).path, '/café/✓');
    const dumped = await fetch(`${api.base}/__dump?q=%C3%A9t%C3%A9`, { method: 'POST', body: 'día ✓', headers: { 'content-type': 'text/plain' } });
    const event = JSON.parse(await dumped.text());
    assert.deepEqual(event.queryStringParameters, { q: 'été' });
    assert.equal(event.body, 'día ✓');
    assert.equal(event.isBase64Encoded, false);
    assert.equal(dumped.headers.get('x-amzn-requestid'), event.requestContext.requestId, "the response names the event's request id");
  });

  it('refuses a body over 10 MB, and one whose event would pass Lambda\'s 6 MB, with 413', async () => {
    const rie = await startProbe();
    const lines: string[] = [];
    const api = await emulator([rie.origin], { binaryMediaTypes: ['application/octet-stream'] }, (line) => lines.push(line));
    assert.equal((await fetch(`${api.base}/upload`, { method: 'POST', body: Buffer.alloc(10 * 1024 * 1024 + 1) })).status, 413);
    // 5 MB of binary is 6.7 MB once base64-encoded into the event.
    const binary = await fetch(`${api.base}/upload`, { method: 'POST', body: Buffer.alloc(5 * 1024 * 1024), headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(binary.status, 413);
    assert.match(lines.at(-1) ?? '', /error="413: event \d+ bytes > Lambda's 6291556"$/);
    const fits = await fetch(`${api.base}/upload`, { method: 'POST', body: Buffer.alloc(4 * 1024 * 1024), headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(fits.status, 200);
    assert.equal(await probeInvocations(rie), 1);
  });

  it("logs one line per request, with the function's error when it failed", async () => {
    const rie = await startProbe();
    const lines: string[] = [];
    const api = await emulator([rie.origin], {}, (line) => lines.push(line));
    await fetch(`${api.base}/ok?x=1`);
    await fetch(`${api.base}/__error`, { method: 'POST' });
    const requests = lines.filter((line) => !line.startsWith('upstreams:'));
    assert.equal(requests.length, 2);
    assert.match(requests[0] ?? '', /^GET \/ok\?x=1 200 \d+\.\dms id=[0-9a-f-]{36}$/);
    assert.match(requests[1] ?? '', /^POST \/__error 502 \d+\.\dms id=[0-9a-f-]{36} error="function error: errorString: boom"$/);
  });

  it("answers CORS as a REST API with SAM's Cors does: OPTIONS on each routed path from a mock, the function's responses as they are", async () => {
    const rie = await startProbe();
    const api = await emulator([rie.origin], { cors: true, payloadVersion: '1.0', routes: ['GET /users', 'POST /__raw'] });
    const options = await fetch(`${api.base}/users`, { method: 'OPTIONS' });
    assert.equal(options.status, 200);
    assert.equal(options.headers.get('content-type'), 'application/json');
    assert.deepEqual(['origin', 'headers', 'methods'].map((name) => options.headers.get(`access-control-allow-${name}`)), ['*', '*', '*']);
    assert.equal(await options.text(), '{}\n');
    assert.equal((await fetch(`${api.base}/elsewhere`, { method: 'OPTIONS' })).status, 403, 'no OPTIONS method where no route is');
    assert.equal(await probeInvocations(rie), 0, 'the mock answers, not the function');
    // With the Lambda proxy integration, CORS headers on a response are the function's to add.
    const plain = await fetch(`${api.base}/users`, { headers: { origin: 'http://app.test' } });
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.get('access-control-allow-origin'), null);
    const own = await fetch(`${api.base}/__raw`, returning({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': 'http://app.test' }, body: 'ok' }));
    assert.equal(own.headers.get('access-control-allow-origin'), 'http://app.test');
  });

  it('answers CORS as an HTTP API with a CORS configuration does: preflights itself, the origin on every response to one', async () => {
    const rie = await startProbe();
    const api = await emulator([rie.origin], { cors: true, payloadVersion: '2.0' });
    const preflight = await fetch(`${api.base}/x`, { method: 'OPTIONS', headers: { origin: 'http://app.test', 'access-control-request-method': 'POST' } });
    assert.equal(preflight.status, 204);
    assert.deepEqual(['origin', 'headers', 'methods'].map((name) => preflight.headers.get(`access-control-allow-${name}`)), ['*', '*', '*']);
    assert.equal(await probeInvocations(rie), 0, 'a preflight does not reach the function');
    // Not a preflight: the ANY route takes it to the function.
    assert.equal((await summary(await fetch(`${api.base}/x`, { method: 'OPTIONS' }))).path, '/x');
    assert.equal((await fetch(`${api.base}/x`, { headers: { origin: 'http://app.test' } })).headers.get('access-control-allow-origin'), '*');
    assert.equal((await fetch(`${api.base}/x`)).headers.get('access-control-allow-origin'), null, 'no Origin, no CORS headers');
    // The function's own CORS headers are ignored.
    const own = await fetch(`${api.base}/__raw`, {
      ...returning({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': 'http://evil.test', 'Access-Control-Expose-Headers': 'x-secret' }, body: 'ok' }),
      headers: { origin: 'http://app.test' },
    });
    assert.equal(own.headers.get('access-control-allow-origin'), '*');
    assert.equal(own.headers.get('access-control-expose-headers'), null);
  });

  it('adds no CORS headers and leaves OPTIONS to the function when CORS is off', async () => {
    const rie = await startProbe();
    for (const payloadVersion of ['1.0', '2.0'] as const) {
      const api = await emulator([rie.origin], { payloadVersion });
      const preflight = await fetch(`${api.base}/x`, { method: 'OPTIONS', headers: { origin: 'http://app.test', 'access-control-request-method': 'POST' } });
      assert.equal((await summary(preflight)).path, '/x');
      assert.equal(preflight.headers.get('access-control-allow-origin'), null);
      assert.equal((await fetch(`${api.base}/x`, { headers: { origin: 'http://app.test' } })).headers.get('access-control-allow-origin'), null);
    }
  });

  it('answers 502 at once when no upstream address is known', async () => {
    const api = await emulator([]);
    assert.equal((await fetch(`${api.base}/x`)).status, 502);
  });
});
