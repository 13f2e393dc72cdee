import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createRequestLog } from '../src/request-log.ts';

describe('request log', () => {
  it('writes the lines of one turn of the event loop in one write, each ending in a newline', async () => {
    const writes: string[] = [];
    const log = createRequestLog((text) => writes.push(text));
    log('GET / 200 0.4ms id=a');
    log('GET / 200 0.5ms id=b');
    assert.deepEqual(writes, []);
    await nextTurn();
    assert.deepEqual(writes, ['GET / 200 0.4ms id=a\nGET / 200 0.5ms id=b\n']);
    log('GET / 502 0.6ms id=c');
    await nextTurn();
    assert.deepEqual(writes.slice(1), ['GET / 502 0.6ms id=c\n']);
  });

  it('writes what waits at once when flushed, and nothing twice', async () => {
    const writes: string[] = [];
    const log = createRequestLog((text) => writes.push(text));
    log('last line before exit');
    log.flush();
    assert.deepEqual(writes, ['last line before exit\n']);
    log.flush();
    await nextTurn();
    assert.deepEqual(writes, ['last line before exit\n']);
  });
});
