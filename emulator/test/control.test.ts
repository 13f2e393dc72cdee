/**
 * No client can make RIE see two invocations, and no client can freeze the
 * API: the faults found on the hold and release `make build` sends, and on
 * upstreams that stop answering, each reproduced against the real RIE (which
 * exits with status 2 on an overlap) where it can be.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { controlPaths, controlTokenHeader } from '../src/contract.ts';
import { probeInvocations, startProbe } from '../../test/support/rie.ts';
import { controlHeaders, emulator, testControlToken } from './start-emulator.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `condition` holds; fails after 10 s. */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 10_000) assert.fail('the condition did not come within 10 s');
    await sleep(10);
  }
}
/** A control request, by default as `make` sends it: the token, from loopback. Node's http client, as fetch keeps its own Host. */
function control(base: string, path: string, headers: Record<string, string> = controlHeaders): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const sent = request(`${base}${path}`, { method: 'POST', headers, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

describe('the hold and release cannot make RIE see two invocations', { timeout: 60_000 }, () => {
  it('hold, release at once, then a request while an invocation runs: the request waits for it', async () => {
    const rie = await startProbe();
    const api = await emulator([rie.origin]);
    // /__slow runs 1.5 s; the hold comes once it runs, the release before it ends.
    const slow = fetch(`${api.base}/__slow`);
    await until(() => rie.log().includes('path="/__slow"'));
    const hold = control(api.base, controlPaths.hold);
    await sleep(50);
    const release = await control(api.base, controlPaths.release);
    assert.equal(release.status, 200);
    const next = await fetch(`${api.base}/next`);
    assert.equal((await slow).status, 200);
    assert.equal(next.status, 200, 'not a 502 from a crashed RIE');
    await hold;
    assert.equal(rie.exitStatus(), undefined, 'RIE never saw two invocations at once');
    assert.equal(await probeInvocations(rie), 2);
  });

  it('a hold whose client gives up before what runs has finished holds nothing', async () => {
    const rie = await startProbe();
    const api = await emulator([rie.origin]);
    const slow = fetch(`${api.base}/__slow`);
    await until(() => rie.log().includes('path="/__slow"'));
    const abandoned = new AbortController();
    const hold = fetch(`${api.base}${controlPaths.hold}`, { method: 'POST', headers: controlHeaders, signal: abandoned.signal }).catch(() => undefined);
    await sleep(50);
    abandoned.abort();
    await hold;
    assert.equal((await slow).status, 200);
    // Nobody will release it: were it still on, this request would wait for the 60 s lease, past the suite's limit.
    assert.equal((await fetch(`${api.base}/next`)).status, 200);
  });

  it('a release after which the old RIE still runs says so with 503', async () => {
    const rie = await startProbe();
    const api = await emulator([rie.origin]);
    assert.equal((await control(api.base, controlPaths.hold)).status, 200);
    // Nothing restarted RIE: the old bootstrap still answers, and the release must not claim otherwise.
    assert.equal((await control(api.base, controlPaths.release)).status, 503);
    assert.equal((await fetch(`${api.base}/x`)).status, 200);
  });

  it('a hold whose lease ends while an invocation runs frees nothing early', async () => {
    const rie = await startProbe();
    const lines: string[] = [];
    const api = await emulator([rie.origin], { holdLeaseMs: 200 }, (line) => lines.push(line));
    const slow = fetch(`${api.base}/__slow`);
    await until(() => rie.log().includes('path="/__slow"'));
    void control(api.base, controlPaths.hold);
    await until(() => lines.includes('hold: released after 200 ms without a release'));
    const next = await fetch(`${api.base}/next`);
    assert.equal((await slow).status, 200);
    assert.equal(next.status, 200);
    assert.equal(rie.exitStatus(), undefined, 'RIE never saw two invocations at once');
  });
});

describe('only make can hold the API: the control endpoints refuse every other client', { timeout: 60_000 }, () => {
  it('refuses holds without the token, from a browser or under a foreign Host, and the API keeps answering', async () => {
    const rie = await startProbe();
    const lines: string[] = [];
    const api = await emulator([rie.origin], { gatewayTimeoutMs: 2000 }, (line) => lines.push(line));
    const attempts: [string, Record<string, string>][] = [
      ['no token', {}],
      ['a wrong token', { [controlTokenHeader]: 'x'.repeat(testControlToken.length) }],
      // A form post from any page: no preflight, and no token to send.
      ['a browser form', { 'content-type': 'text/plain', origin: 'https://evil.example' }],
      ['a browser with the token', { ...controlHeaders, origin: 'https://evil.example' }],
      ['DNS rebinding', { ...controlHeaders, host: `evil.example:${api.port}` }],
    ];
    for (const [what, headers] of attempts) {
      for (const path of [controlPaths.hold, controlPaths.release]) {
        assert.equal((await control(api.base, path, headers)).status, 403, `${what}: POST ${path}`);
      }
    }
    assert.ok(lines.some((line) => / 403 .*refused: no valid x-lambda-local-token header$/.test(line)), lines.join('\n'));
    assert.ok(lines.some((line) => / 403 .*refused: Host "evil\.example" is not loopback$/.test(line)), lines.join('\n'));
    assert.ok(lines.some((line) => / 403 .*refused: a browser sent it \(Origin header\)$/.test(line)), lines.join('\n'));
    // A flood of holds without the token holds nothing.
    await Promise.all(Array.from({ length: 100 }, () => control(api.base, controlPaths.hold, {})));
    const answered = await fetch(`${api.base}/after-flood`);
    assert.equal(answered.status, 200, 'the API is not frozen');
    assert.equal(rie.exitStatus(), undefined);
  });

  it("holds do not pile up: after 100 of make's holds, the one release make build sends frees the API", async () => {
    const rie = await startProbe();
    const api = await emulator([rie.origin], { gatewayTimeoutMs: 2000 });
    const statuses = await Promise.all(Array.from({ length: 100 }, async () => (await control(api.base, controlPaths.hold)).status));
    assert.deepEqual([statuses.filter((status) => status === 200).length, statuses.filter((status) => status === 409).length], [1, 99]);
    // 503: nothing restarted RIE here, and the release says so; it releases all the same.
    assert.equal((await control(api.base, controlPaths.release)).status, 503);
    assert.equal((await fetch(`${api.base}/after-release`)).status, 200, 'the API is not frozen');
  });

  it('refuses with 403 when no control token is configured', async () => {
    const rie = await startProbe();
    const api = await emulator([rie.origin], { controlToken: undefined });
    assert.equal((await control(api.base, controlPaths.hold)).status, 403);
    assert.equal((await fetch(`${api.base}/x`)).status, 200);
  });
});

/**
 * An upstream that accepts connections and reads requests, then acts as `behave`
 * says for the nth connection: `freeze` (never answers), `banner` (a status line,
 * never the header end) or `answer` (as RIE answers a success).
 */
async function misbehavingUpstream(behave: (connection: number) => 'freeze' | 'banner' | 'answer') {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    const behaviour = behave(connections++);
    socket.on('error', () => {});
    socket.on('data', () => {
      if (behaviour === 'banner') socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n');
      if (behaviour === 'answer') socket.write('HTTP/1.1 200 OK\r\nContent-Length: 18\r\n\r\n{"statusCode":200}');
    });
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

describe('an upstream that stops answering', { timeout: 60_000 }, () => {
  for (const behaviour of ['freeze', 'banner'] as const) {
    it(`${behaviour === 'freeze' ? 'accepts and never answers' : 'sends a status line and never ends its headers'}: the request gets the 5xx at the function's deadline, and the queue moves on`, async () => {
      const upstream = await misbehavingUpstream((connection) => (connection === 0 ? behaviour : 'answer'));
      const lines: string[] = [];
      // The function's time-out and RIE's margin: 800 ms; API Gateway would wait 10 s.
      const api = await emulator([upstream.origin], { gatewayTimeoutMs: 10_000, answerWithinMs: 800 }, (line) => lines.push(line));
      try {
        const [stuck, queued] = await Promise.all([fetch(`${api.base}/stuck`), (async () => (await sleep(50), fetch(`${api.base}/queued`)))()]);
        assert.equal(stuck.status, 502, "REST API's answer to a failed integration");
        assert.equal(queued.status, 200, 'the next request went out once the deadline had passed');
        assert.ok(lines.some((line) => line.startsWith('GET /stuck 502') && line.includes('RIE gave no answer within 800 ms')), lines.join('\n'));
      } finally {
        upstream.close();
      }
    });
  }
});

describe('a dead replica', { timeout: 60_000 }, () => {
  it('is taken out of the rotation: with one of three stopped, every request answers 200', async () => {
    const fleet = await Promise.all([startProbe(), startProbe(), startProbe()]);
    const lines: string[] = [];
    const api = await emulator(fleet.map((rie) => rie.origin), {}, (line) => lines.push(line));
    fleet[1]?.stop();
    await fleet[1]?.exited;
    const statuses: number[] = [];
    for (let request = 0; request < 30; request++) statuses.push((await fetch(`${api.base}/r${request}`)).status);
    assert.deepEqual(statuses, Array(30).fill(200), lines.join('\n'));
    let invoked = 0;
    for (const live of [fleet[0], fleet[2]]) if (live) invoked += await probeInvocations(live);
    assert.equal(invoked, 30, 'the live replicas took every request');
  });

  it('with none live, the 5xx comes at once with the reason', async () => {
    const rie = await startProbe();
    const lines: string[] = [];
    const api = await emulator([rie.origin], { gatewayTimeoutMs: 10_000 }, (line) => lines.push(line));
    rie.stop();
    await rie.exited;
    assert.equal((await fetch(`${api.base}/x`)).status, 502);
    assert.match(lines.at(-1) ?? '', /error="RIE unreachable: no upstream accepts connections: http:\/\/127\.0\.0\.1:\d+: connect ECONNREFUSED/);
  });
});
