/**
 * The hold and release `make build` wraps around a restart of RIE: RIE keeps
 * the bootstrap it started, so new code answers only from a restarted RIE,
 * and RIE fails if a second invocation arrives while one runs, restart or
 * not. Against the real RIE, which exits with status 2 on any overlap.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { controlPaths } from '../src/contract.ts';
import { closedPort } from '../../test/support/loopback-server.ts';
import { probeInvocations, startProbe } from '../../test/support/rie.ts';
import { controlHeaders, emulator } from './start-emulator.ts';

const post = (url: string) => fetch(url, { method: 'POST', headers: controlHeaders });
const messageOf = async (response: Response) => ((await response.json()) as { message: string }).message;

/** Whether `promise` has settled within `ms`. */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true), () => (settled = true));
  await new Promise((resolve) => setTimeout(resolve, ms));
  return settled;
}

describe('holding requests while RIE restarts on a new bootstrap', { timeout: 60_000 }, () => {
  it('lets the running invocation finish, holds new requests, and sends them to the restarted RIE', async () => {
    const port = await closedPort();
    const old = await startProbe({ port });
    const lines: string[] = [];
    const api = await emulator([old.origin], {}, (line) => lines.push(line));

    // /__slow runs 1.5 s: the hold answers only once it has finished.
    const slow = fetch(`${api.base}/__slow`, { method: 'POST' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const holding = post(`${api.base}${controlPaths.hold}`);
    assert.equal(await settledWithin(holding, 300), false, 'the hold waits for the running invocation');
    const hold = await holding;
    assert.equal(hold.status, 200);
    assert.equal((await slow).status, 200, 'the running invocation finished');

    const held = fetch(`${api.base}/after-reload`);
    assert.equal(await settledWithin(held, 300), false, 'a new request waits while held');

    // What `docker restart` does to the lambda container: RIE stops, and starts again on its port.
    old.stop();
    assert.equal(await old.exited, null, 'the old RIE was stopped, not crashed by an overlap');
    const restarted = await startProbe({ port });
    const release = await post(`${api.base}${controlPaths.release}`);
    assert.equal(release.status, 200, await release.clone().text());
    assert.match(await messageOf(release), /^RIE answers again after \d+ ms$/);

    const answer = await held;
    assert.equal(answer.status, 200);
    assert.equal(JSON.parse(await answer.text()).path, '/after-reload');
    assert.equal(await probeInvocations(restarted), 1, 'the held request reached the restarted RIE');
    assert.equal(await probeInvocations(old), 1, 'the old RIE ran the slow invocation alone');
    assert.equal(restarted.exitStatus(), undefined, 'the restarted RIE is alive');
    assert.ok(lines.some((line) => line.startsWith(`POST ${controlPaths.hold} 200 `)), lines.join('\n'));
  });

  it('waits for a restarted RIE to listen again before it sends what was held', async () => {
    const port = await closedPort();
    const old = await startProbe({ port });
    const api = await emulator([old.origin]);
    assert.equal((await post(`${api.base}${controlPaths.hold}`)).status, 200);
    const held = fetch(`${api.base}/late`);
    old.stop();
    await old.exited;
    // RIE comes back 700 ms after the release was asked for.
    const releasing = post(`${api.base}${controlPaths.release}`);
    await new Promise((resolve) => setTimeout(resolve, 700));
    const restarted = await startProbe({ port });
    assert.equal((await releasing).status, 200);
    assert.equal((await held).status, 200, 'not a 502 from a refused connection');
    assert.equal(await probeInvocations(restarted), 1);
  });

  it('releases with 503 and a reason when RIE does not come back, and the held requests get the failure answer', async () => {
    const port = await closedPort();
    const api = await emulator([`http://127.0.0.1:${port}`], { restartWaitMs: 300 });
    assert.equal((await post(`${api.base}${controlPaths.hold}`)).status, 200);
    const held = fetch(`${api.base}/x`);
    const release = await post(`${api.base}${controlPaths.release}`);
    assert.equal(release.status, 503);
    assert.equal(await messageOf(release), `released, but http://127.0.0.1:${port} did not answer within 300 ms`);
    assert.equal((await held).status, 502);
  });

  it('ends a hold nobody releases after its lease, and says so', async () => {
    const rie = await startProbe();
    const lines: string[] = [];
    const api = await emulator([rie.origin], { holdLeaseMs: 400 }, (line) => lines.push(line));
    await post(`${api.base}${controlPaths.hold}`);
    const started = performance.now();
    const held = await fetch(`${api.base}/x`);
    assert.equal(held.status, 200);
    assert.ok(performance.now() - started >= 250, 'the request waited for the lease to end');
    assert.ok(lines.includes('hold: released after 400 ms without a release'), lines.join('\n'));
  });

  it('takes one hold at a time: a second is refused with 409 and changes nothing', async () => {
    const rie = await startProbe();
    const api = await emulator([rie.origin]);
    assert.equal((await post(`${api.base}${controlPaths.hold}`)).status, 200);
    const second = await post(`${api.base}${controlPaths.hold}`);
    assert.equal(second.status, 409);
    assert.equal(await messageOf(second), 'a hold is already on; one at a time');
    const held = fetch(`${api.base}/x`);
    assert.equal(await settledWithin(held, 300), false, 'the first hold is still on');
    // 503: nothing restarted RIE here, and the release says so; it releases all the same.
    assert.equal((await post(`${api.base}${controlPaths.release}`)).status, 503);
    assert.equal((await held).status, 200);
    assert.equal((await post(`${api.base}${controlPaths.release}`)).status, 409, 'nothing is held any more');
  });

  it('answers the held requests when it stops, instead of leaving them to the lease', async () => {
    const rie = await startProbe();
    const api = await emulator([rie.origin]);
    await post(`${api.base}${controlPaths.hold}`);
    const held = fetch(`${api.base}/x`);
    assert.equal(await settledWithin(held, 200), false);
    const started = performance.now();
    await api.stop();
    assert.equal((await held).status, 200);
    assert.ok(performance.now() - started < 5000, 'stop did not wait for the lease');
  });

  it("answers 404 under its own prefix to anything but its two endpoints, and never sends it to the function", async () => {
    const rie = await startProbe();
    const api = await emulator([rie.origin]);
    const wrong = await fetch(`${api.base}${controlPaths.hold}`, { headers: controlHeaders });
    assert.equal(wrong.status, 404);
    assert.match(await messageOf(wrong), /POST \/_lambda-local\/hold and POST \/_lambda-local\/release/);
    assert.equal((await post(`${api.base}/_lambda-local/other`)).status, 404);
    assert.equal(await probeInvocations(rie), 0);
  });
});
