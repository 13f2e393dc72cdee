import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRequestLog } from '../src/request-log.ts';

describe('request log', () => {
  it('writes the lines of a spell in one write, each ending in a newline, once the spell is over', async () => {
    const writes: string[] = [];
    const log = createRequestLog((text) => writes.push(text), 30);
    log('GET / 200 0.4ms id=a');
    await sleep(5);
    log('GET / 200 0.5ms id=b');
    assert.deepEqual(writes, []);
    await sleep(60);
    assert.deepEqual(writes, ['GET / 200 0.4ms id=a\nGET / 200 0.5ms id=b\n']);
    log('GET / 502 0.6ms id=c');
    await sleep(60);
    assert.deepEqual(writes.slice(1), ['GET / 502 0.6ms id=c\n']);
  });

  it('writes at once when 64 KiB wait, not holding a burst in memory', () => {
    const writes: string[] = [];
    const log = createRequestLog((text) => writes.push(text), 60_000);
    const line = 'x'.repeat(1023);
    for (let index = 0; index < 64; index++) log(line);
    assert.equal(writes.length, 1);
    assert.equal(writes[0], `${line}\n`.repeat(64));
    log.flush();
  });

  it('writes what waits at once when flushed, and nothing twice', async () => {
    const writes: string[] = [];
    const log = createRequestLog((text) => writes.push(text), 10);
    log('last line before exit');
    log.flush();
    assert.deepEqual(writes, ['last line before exit\n']);
    log.flush();
    await sleep(30);
    assert.deepEqual(writes, ['last line before exit\n']);
  });

  it('does not keep the process alive for a line', () => {
    // The timer is unref'd: a process with nothing else to do exits, and its exit handler flushes.
    const log = createRequestLog(() => {}, 60_000);
    log('a line');
    assert.equal(process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length, 0);
    log.flush();
  });
});
