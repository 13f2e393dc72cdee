import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createUpstreamPool } from '../src/upstream-pool.ts';
import { loopbackServer } from '../../test/support/loopback-server.ts';

/** An upstream that holds each invocation until released, and records overlap. */
async function heldUpstream() {
  let running = 0;
  let overlapped = false;
  let served = 0;
  const pending: (() => void)[] = [];
  const origin = await loopbackServer((_request, response) => {
    if (running > 0) overlapped = true;
    running++;
    pending.push(() => {
      running--;
      served++;
      response.end('{"statusCode":200}');
    });
  });
  return {
    origin,
    releaseAll: () => pending.splice(0).forEach((release) => release()),
    get waiting() {
      return pending.length;
    },
    get overlapped() {
      return overlapped;
    },
    get served() {
      return served;
    },
  };
}

const until = async (condition: () => boolean) => {
  for (let tries = 0; !condition(); tries++) {
    if (tries > 200) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('upstream pool', () => {
  it('puts an upstream that appears while requests wait to work at once', async () => {
    const [first, second] = [await heldUpstream(), await heldUpstream()];
    const [a, b] = [first.origin, second.origin];
    const pool = createUpstreamPool([a], 10);
    const results = [pool.invoke('{}', 5000), pool.invoke('{}', 5000)];
    await until(() => first.waiting === 1);
    assert.equal(pool.setOrigins([a, b]), true);
    await until(() => second.waiting === 1);
    first.releaseAll();
    second.releaseAll();
    assert.deepEqual((await Promise.all(results)).map((result) => result.kind), ['answered', 'answered']);
    assert.equal(first.overlapped || second.overlapped, false);
  });

  it('lets a removed upstream finish its invocation and sends it nothing more', async () => {
    const [first, second] = [await heldUpstream(), await heldUpstream()];
    const [a, b] = [first.origin, second.origin];
    const pool = createUpstreamPool([a], 10);
    const inFlight = pool.invoke('{}', 5000);
    await until(() => first.waiting === 1);
    pool.setOrigins([b]);
    const next = pool.invoke('{}', 5000);
    await until(() => second.waiting === 1);
    first.releaseAll();
    assert.equal((await inFlight).kind, 'answered');
    const later = pool.invoke('{}', 5000);
    second.releaseAll();
    await next;
    await until(() => second.waiting === 1);
    second.releaseAll();
    await later;
    assert.equal(first.served, 1);
    assert.equal(second.served, 2);
    assert.equal(pool.setOrigins([b]), false, 'the same set is no change');
  });
});
