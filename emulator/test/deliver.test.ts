/**
 * `make send` (emulator/src/deliver.ts) against the real RIE and the real
 * aws-lambda-go, through the emulator's Invoke API, as the generated repo runs
 * it: a function that fails some records on purpose (test/fixtures/batch-worker)
 * gets a batch, and what deliver reports and redelivers is what SQS (partial
 * batch responses, maxReceiveCount, the dead-letter queue) and Lambda's stream
 * pollers (a retry from the failed sequence number, MaximumRetryAttempts) would
 * do. What the function received is read from its own log, not from deliver's.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { triggerKinds } from '../../lib/triggers/index.ts';
import { repoRoot } from '../../test/support/generate.ts';
import { fixtures, goProgram } from '../../test/support/go-programs.ts';
import { closedPort, loopbackServer } from '../../test/support/loopback-server.ts';
import { startRie, type RunningRie } from '../../test/support/rie.ts';
import { runInBackground, type Ran } from '../../test/support/run-in-background.ts';
import { emulatorOf } from './start-emulator.ts';

const cli = path.join(repoRoot, 'emulator/src/deliver.ts');
const worker = () => goProgram('batch-worker', { 'main.go': readFileSync(path.join(fixtures, 'batch-worker/main.go'), 'utf8') });

/** `node src/deliver.ts …` as `make send` runs it in the api container: INVOKE_PORT names the Invoke API's port. */
const deliver = (args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> => runInBackground(process.execPath, [cli, ...args], { env });

/** A function `name` of the batch worker in `mode`, behind its own real RIE and the emulator's Invoke API. */
async function batchFunction(name: string, mode: 'sqs' | 'kinesis' | 'dynamodb' | 'echo'): Promise<{ invokeUrl: string; rie: RunningRie }> {
  const rie = await startRie([worker(), mode]);
  const api = await emulatorOf([{ name, routes: ['ANY /{proxy+}'], upstreams: [rie.origin] }], { invokePort: 0 });
  return { invokeUrl: api.invokeBase ?? assert.fail('the Invoke API is not listening'), rie };
}

interface SqsDelivery {
  readonly id: string;
  readonly receive: number;
  readonly handle: string;
  readonly body: string;
}

/** Every SQS message the function was given, in order, from its log. */
async function sqsDeliveries(rie: RunningRie): Promise<SqsDelivery[]> {
  const lines = (await rie.quietLog()).matchAll(/^.*batch-worker: sqs id=(\S+) receive=(\d+) handle=(\S+) body=(.*)$/gm);
  return [...lines].map(([, id = '', receive = '', handle = '', body = '']) => ({ id, receive: Number(receive), handle, body }));
}

/** Every stream record the function was given, by invocation: the sequence numbers and what each held. */
async function streamDeliveries(rie: RunningRie, kind: 'kinesis' | 'dynamodb'): Promise<{ seq: string; text: string }[]> {
  const lines = (await rie.quietLog()).matchAll(new RegExp(`^.*batch-worker: ${kind} seq=(\\d+) (?:data|status)=(.*)$`, 'gm'));
  return [...lines].map(([, seq = '', text = '']) => ({ seq, text }));
}

const lines = (ran: Ran) => ran.stdout.trimEnd().split('\n');

describe('make send: SQS, against the real RIE and aws-lambda-go', { timeout: 120_000 }, () => {
  before(() => {
    worker();
  }, { timeout: 600_000 });

  it('reports the one failed message of three by its id, redelivers only it up to --max-receive-count, then says SQS moves it to the dead-letter queue; exit 1', async () => {
    const { invokeUrl, rie } = await batchFunction('worker', 'sqs');
    const sent = await deliver(['--function', 'worker', '--kind', 'sqs', '--body', '{"id":1}', '--body', '{"id":2,"fail":true}', '--body', '{"id":3}', '--max-receive-count', '3', '--invoke-url', invokeUrl]);
    assert.equal(sent.status, 1, `${sent.stdout}${sent.stderr}`);
    assert.equal(sent.stderr, '');
    const got = await sqsDeliveries(rie);
    const bad = got.find((delivery) => delivery.body.includes('fail')) ?? assert.fail('the bad message never arrived');
    // The function saw the batch of three, then the bad message alone, twice more: receives 2 and 3, the same id, a new receipt handle each time.
    assert.deepEqual(got.map((delivery) => delivery.body), ['{"id":1}', '{"id":2,"fail":true}', '{"id":3}', '{"id":2,"fail":true}', '{"id":2,"fail":true}']);
    const redelivered = got.filter((delivery) => delivery.id === bad.id);
    assert.deepEqual(redelivered.map((delivery) => delivery.receive), [1, 2, 3]);
    assert.equal(new Set(redelivered.map((delivery) => delivery.handle)).size, 3, 'a new receipt handle for each receive');
    assert.equal(new Set(got.map((delivery) => delivery.id)).size, 3);
    const out = lines(sent);
    assert.match(out[0] ?? '', /^send: 3 sqs messages to worker, each received at most 3 times \(--max-receive-count\)$/);
    assert.equal(out[1], `receive 1 of 3: 3 messages → 2 delivered, 1 failed (batchItemFailures): ${bad.id}`);
    assert.equal(out[2], `retry, receive 2 of 3: 1 message → 1 failed (batchItemFailures): ${bad.id}`);
    assert.equal(out[3], `retry, receive 3 of 3: 1 message → 1 failed (batchItemFailures): ${bad.id}`);
    assert.equal(out[4], `dead-letter: ${bad.id} failed its 3rd receive; SQS moves it to the queue's dead-letter queue (maxReceiveCount 3)`);
    assert.equal(out[5], 'done: 2 of 3 messages delivered; 1 moved to the dead-letter queue');
    assert.equal(out.length, 6);
  });

  it('delivers an all-good batch in one invocation: no retry, exit 0', async () => {
    const { invokeUrl, rie } = await batchFunction('worker', 'sqs');
    const sent = await deliver(['--function', 'worker', '--kind', 'sqs', '--body', '{"id":1}', '--count', '3', '--max-receive-count', '3', '--invoke-url', invokeUrl]);
    assert.equal(sent.status, 0, `${sent.stdout}${sent.stderr}`);
    assert.deepEqual(lines(sent).slice(1), ['receive 1 of 3: 3 messages → all delivered', 'done: all 3 messages delivered']);
    const got = await sqsDeliveries(rie);
    assert.equal(got.length, 3);
    assert.deepEqual(got.map((delivery) => delivery.receive), [1, 1, 1]);
  });

  it('redelivers a message until it succeeds: exit 0 after one retry', async () => {
    const { invokeUrl, rie } = await batchFunction('worker', 'sqs');
    const sent = await deliver(['--function', 'worker', '--body', '{"id":1}', '--body', '"flaky"', '--invoke-url', invokeUrl]);
    assert.equal(sent.status, 0, `${sent.stdout}${sent.stderr}`);
    const got = await sqsDeliveries(rie);
    assert.deepEqual(got.map((delivery) => [delivery.body, delivery.receive]), [['{"id":1}', 1], ['flaky', 1], ['flaky', 2]]);
    assert.match(lines(sent)[2] ?? '', /^retry, receive 2 of 5: 1 message → all delivered$/);
    assert.equal(lines(sent).at(-1), 'done: all 2 messages delivered');
  });

  it("receives a failing message 5 times by default, the generated template's maxReceiveCount", async () => {
    const queue = triggerKinds.sqs.sam({ logicalId: 'Worker', timeoutSeconds: 30 }).resources.WorkerQueue?.Properties?.RedrivePolicy as { maxReceiveCount: number };
    assert.equal(queue.maxReceiveCount, 5);
    const { invokeUrl, rie } = await batchFunction('worker', 'sqs');
    const sent = await deliver(['--function', 'worker', '--body', '"fail"'], { INVOKE_PORT: new URL(invokeUrl).port });
    assert.equal(sent.status, 1, `${sent.stdout}${sent.stderr}`);
    assert.deepEqual((await sqsDeliveries(rie)).map((delivery) => delivery.receive), [1, 2, 3, 4, 5]);
    assert.match(sent.stdout, /failed its 5th receive; SQS moves it to the queue's dead-letter queue \(maxReceiveCount 5\)/);
  });

  it("treats a function error as the whole batch's failure: every message is redelivered, as Lambda's SQS poller does", async () => {
    const { invokeUrl, rie } = await batchFunction('worker', 'sqs');
    const sent = await deliver(['--function', 'worker', '--body', '{"id":1}', '--body', '"boom"', '--body', '{"id":3}', '--max-receive-count', '2', '--invoke-url', invokeUrl]);
    assert.equal(sent.status, 1, `${sent.stdout}${sent.stderr}`);
    const got = await sqsDeliveries(rie);
    // The worker stops at "boom": the third message of each batch is never logged, yet redelivered all the same.
    assert.deepEqual(got.map((delivery) => [delivery.body, delivery.receive]), [['{"id":1}', 1], ['boom', 1], ['{"id":1}', 2], ['boom', 2]]);
    const out = lines(sent);
    assert.equal(out[1], 'receive 1 of 2: 3 messages → all failed (function error: errorString: boom)');
    assert.equal(out[2], 'retry, receive 2 of 2: 3 messages → all failed (function error: errorString: boom)');
    assert.equal(out.filter((line) => line.startsWith('dead-letter: ')).length, 3);
    assert.equal(out.at(-1), 'done: 0 of 3 messages delivered; 3 moved to the dead-letter queue');
  });

  it('takes what a function returns that is no good batch response as the whole batch failing, and no response or none failed as success', async () => {
    const { invokeUrl } = await batchFunction('echo', 'echo');
    const send = (result: string) => deliver(['--function', 'echo', '--body', JSON.stringify(result), '--body', '{"id":2}', '--max-receive-count', '1', '--invoke-url', invokeUrl]);
    const failures: readonly (readonly [string, RegExp])[] = [
      ['"ok"', /all failed \(not a batch response: a JSON string, not an object with batchItemFailures\)$/],
      ['[1]', /all failed \(not a batch response: a JSON array, not an object with batchItemFailures\)$/],
      ['{"batchItemFailures":"m-1"}', /all failed \(not a batch response: batchItemFailures is not a list\)$/],
      ['{"batchItemFailures":[{"itemIdentifier":""}]}', /all failed \(not a batch response: batchItemFailures\[0\]\.itemIdentifier is empty\)$/],
      ['{"batchItemFailures":[{"messageId":"x"}]}', /all failed \(not a batch response: batchItemFailures\[0\] has no itemIdentifier\)$/],
      ['{"batchItemFailures":[{"itemIdentifier":"not-in-batch"}]}', /all failed \(not a batch response: batchItemFailures\[0\]\.itemIdentifier "not-in-batch" is no message id of this batch\)$/],
    ];
    for (const [result, line] of failures) {
      const sent = await send(result);
      assert.equal(sent.status, 1, `${result}: ${sent.stdout}${sent.stderr}`);
      assert.match(lines(sent)[1] ?? '', line, result);
    }
    for (const result of ['{}', 'null', '{"batchItemFailures":null}', '{"batchItemFailures":[]}', '{"statusCode":200}']) {
      const sent = await send(result);
      assert.equal(sent.status, 0, `${result}: ${sent.stdout}${sent.stderr}`);
      assert.equal(lines(sent)[1], 'receive 1 of 1: 2 messages → all delivered', result);
    }
  });

  it('never overlaps the function: two sends at once both finish right, and RIE never saw two invocations at once', async () => {
    const { invokeUrl, rie } = await batchFunction('worker', 'sqs');
    const args = (tag: string) => ['--function', 'worker', '--body', `{"tag":"${tag}"}`, '--body', `{"tag":"${tag}","fail":1}`, '--max-receive-count', '4', '--invoke-url', invokeUrl];
    const [first, second] = await Promise.all([deliver(args('a')), deliver(args('b'))]);
    assert.equal(first?.status, 1, first?.stdout);
    assert.equal(second?.status, 1, second?.stdout);
    const got = await sqsDeliveries(rie);
    for (const tag of ['a', 'b']) {
      assert.deepEqual(got.filter((delivery) => delivery.body === `{"tag":"${tag}","fail":1}`).map((delivery) => delivery.receive), [1, 2, 3, 4]);
      assert.equal(got.filter((delivery) => delivery.body === `{"tag":"${tag}"}`).length, 1);
    }
    assert.equal(rie.exitStatus(), undefined, 'RIE is still running');
  });
});

describe('make send: the stream kinds, against the real RIE and aws-lambda-go', { timeout: 120_000 }, () => {
  before(() => {
    worker();
  }, { timeout: 600_000 });

  it('Kinesis: retries from the failed record, the records after it included, up to --maximum-retry-attempts, then says Lambda skips them; exit 1', async () => {
    const { invokeUrl, rie } = await batchFunction('reader', 'kinesis');
    const sent = await deliver(['--function', 'reader', '--kind', 'kinesis', '--body', '"r1"', '--body', '"r2 fail"', '--body', '"r3"', '--maximum-retry-attempts', '2', '--invoke-url', invokeUrl]);
    assert.equal(sent.status, 1, `${sent.stdout}${sent.stderr}`);
    const got = await streamDeliveries(rie, 'kinesis');
    assert.deepEqual(got.map((record) => record.text), ['r1', 'r2 fail', 'r3', 'r2 fail', 'r3', 'r2 fail', 'r3']);
    const [first, second, third] = got.slice(0, 3).map((record) => record.seq);
    assert.ok(first && second && third && BigInt(first) < BigInt(second) && BigInt(second) < BigInt(third), 'in sequence order');
    assert.deepEqual(got.slice(3).map((record) => record.seq), [second, third, second, third], 'the same records, by sequence number');
    const out = lines(sent);
    assert.equal(out[0], 'send: 3 kinesis records to reader; a failed batch is retried at most 2 times (--maximum-retry-attempts), from its first failed record');
    assert.equal(out[1], `attempt 1: records 1-3 → failed from record 2 (batchItemFailures: ${second}); records 2-3 are retried`);
    assert.equal(out[2], `retry 1 of 2: records 2-3 → failed from record 2 (batchItemFailures: ${second}); records 2-3 are retried`);
    assert.equal(out[3], `retry 2 of 2: records 2-3 → failed from record 2 (batchItemFailures: ${second})`);
    assert.equal(out[4], `skipped: records 2-3, from sequence number ${second}, still failed after 2 retries; Lambda skips them (MaximumRetryAttempts 2) and sends them to the OnFailure destination if one is set`);
    assert.equal(out[5], 'done: 1 of 3 records processed; 2 skipped');
  });

  it('Kinesis: of several failures reported in any order, the lowest sequence number is where the retry starts', async () => {
    const { invokeUrl, rie } = await batchFunction('reader', 'kinesis');
    // The worker lists its failures last first: r3's, then r1's.
    const sent = await deliver(['--function', 'reader', '--kind', 'kinesis', '--body', '"r1 flaky"', '--body', '"r2"', '--body', '"r3 flaky"', '--invoke-url', invokeUrl]);
    assert.equal(sent.status, 0, `${sent.stdout}${sent.stderr}`);
    assert.deepEqual((await streamDeliveries(rie, 'kinesis')).map((record) => record.text), ['r1 flaky', 'r2', 'r3 flaky', 'r1 flaky', 'r2', 'r3 flaky']);
    assert.match(lines(sent)[1] ?? '', /^attempt 1: records 1-3 → failed from record 1 \(batchItemFailures: \d+, \d+\); records 1-3 are retried$/);
    assert.equal(lines(sent)[2], 'retry 1 of 3: records 1-3 → all processed');
    assert.equal(lines(sent).at(-1), 'done: all 3 records processed');
  });

  it("Kinesis: a function error retries the whole batch; 3 retries by default, the generated template's MaximumRetryAttempts", async () => {
    assert.equal(triggerKinds.kinesis.sam({ logicalId: 'F', timeoutSeconds: 30 }).events.Stream?.Properties.MaximumRetryAttempts, 3);
    const { invokeUrl, rie } = await batchFunction('reader', 'kinesis');
    const sent = await deliver(['--function', 'reader', '--kind', 'kinesis', '--body', '"r1"', '--body', '"boom"', '--invoke-url', invokeUrl]);
    assert.equal(sent.status, 1, `${sent.stdout}${sent.stderr}`);
    assert.deepEqual((await streamDeliveries(rie, 'kinesis')).map((record) => record.text), Array(4).fill(['r1', 'boom']).flat());
    assert.equal(lines(sent)[1], 'attempt 1: records 1-2 → all failed (function error: errorString: boom); records 1-2 are retried');
    assert.match(sent.stdout, /^skipped: records 1-2, from sequence number \d+, still failed after 3 retries; Lambda skips them \(MaximumRetryAttempts 3\)/m);
  });

  it('DynamoDB: the changes from the failed one are retried, its own shape; exit 0 once they succeed', async () => {
    const { invokeUrl, rie } = await batchFunction('orders', 'dynamodb');
    const sent = await deliver(['--function', 'orders', '--kind', 'dynamodb-stream', '--body', '{"orderId":"o-1","status":"placed"}', '--body', '{"orderId":"o-2","status":"flaky"}', '--invoke-url', invokeUrl]);
    assert.equal(sent.status, 0, `${sent.stdout}${sent.stderr}`);
    const got = await streamDeliveries(rie, 'dynamodb');
    assert.deepEqual(got.map((record) => record.text), ['placed', 'flaky', 'flaky']);
    assert.equal(got[1]?.seq, got[2]?.seq);
    assert.equal(lines(sent)[0], 'send: 2 dynamodb-stream records to orders; a failed batch is retried at most 3 times (--maximum-retry-attempts), from its first failed record');
    assert.equal(lines(sent)[1], `attempt 1: records 1-2 → failed from record 2 (batchItemFailures: ${got[1]?.seq}); record 2 is retried`);
  });
});

describe('make send: whatever the Invoke API answers, one line and an exit status, never a crash', { timeout: 60_000 }, () => {
  it('takes a 200 that is not JSON, or larger than any Lambda result, as the whole batch failing', async () => {
    const notJson = await loopbackServer((_request, response) => response.end('<html>not json</html>'));
    const sent = await deliver(['--function', 'worker', '--max-receive-count', '1', '--invoke-url', notJson]);
    assert.equal(sent.status, 1, sent.stderr);
    assert.equal(lines(sent)[1], 'receive 1 of 1: 1 message → all failed (not a batch response: not JSON: "<html>not json</html>")');
    const huge = await loopbackServer((_request, response) => response.end(Buffer.alloc(8 * 1024 * 1024, 0x20)));
    const big = await deliver(['--function', 'worker', '--max-receive-count', '1', '--invoke-url', huge]);
    assert.equal(big.status, 1, big.stderr);
    assert.match(lines(big)[1] ?? '', /^receive 1 of 1: 1 message → all failed \(not a batch response: over \d+ bytes, more than Lambda returns\)$/);
  });

  it("stops with exit 2 and the Invoke API's own error when it refuses, and when nothing listens", async () => {
    const { invokeUrl } = await batchFunction('worker', 'sqs');
    const unknown = await deliver(['--function', 'nope', '--invoke-url', invokeUrl]);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^stopped: the Invoke API answered 404 ResourceNotFoundException: Function not found: nope; functions here: worker; 1 message not delivered\n$/);
    const closed = `http://127.0.0.1:${await closedPort()}`;
    const nobody = await deliver(['--function', 'worker', '--invoke-url', closed]);
    assert.equal(nobody.status, 2);
    assert.match(nobody.stderr, new RegExp(`^stopped: cannot reach the Invoke API at ${closed}: ECONNREFUSED; 1 message not delivered\\n$`));
    const hangsUp = await loopbackServer((request) => request.socket.destroy());
    const cut = await deliver(['--function', 'worker', '--invoke-url', hangsUp]);
    assert.equal(cut.status, 2);
    assert.match(cut.stderr, /^stopped: cannot reach the Invoke API at http:\/\/127\.0\.0\.1:\d+: (ECONNRESET|socket hang up)[^\n]*; 1 message not delivered\n$/);
  });
});

describe('make send: bad input', () => {
  const refusals: readonly (readonly [readonly string[], NodeJS.ProcessEnv, RegExp])[] = [
    [[], {}, /^--function: missing; expected the name of the function to send to$/],
    [['--function', 'worker', '--kind', 's3'], {}, /^--kind: "s3" is not allowed; expected sqs, kinesis or dynamodb-stream/],
    [['--function', 'worker', '--max-receive-count', '0'], {}, /^--max-receive-count: "0" is not allowed; expected a whole number from 1 to 1000$/],
    [['--function', 'worker', '--kind', 'kinesis', '--max-receive-count', '3'], {}, /^--max-receive-count: "3" is not allowed \(.+\); expected --maximum-retry-attempts for kinesis$/],
    [['--function', 'worker', '--maximum-retry-attempts', '3'], {}, /^--maximum-retry-attempts: "3" is not allowed \(.+\); expected --max-receive-count for sqs$/],
    [['--function', 'worker', '--kind', 'kinesis', '--maximum-retry-attempts', '10001'], {}, /^--maximum-retry-attempts: "10001" is not allowed; expected a whole number from 0 to 10000$/],
    [['--function', 'worker'], { INVOKE_PORT: '' }, /^INVOKE_PORT: missing; expected the port of the emulator's Lambda Invoke API, or --invoke-url http:\/\/127\.0\.0\.1:PORT$/],
    [['--function', 'worker'], { INVOKE_PORT: 'x' }, /^INVOKE_PORT: "x" is not allowed; expected a port from 1 to 65535$/],
    [['--function', 'worker', '--invoke-url', 'ftp://x'], {}, /^--invoke-url: "ftp:\/\/x" is not allowed; expected http:\/\/host:port$/],
    [['--function', 'worker', '--invoke-url', 'http://user:s3cret@127.0.0.1:9000'], {}, /^--invoke-url: "http:\/\/…@127\.0\.0\.1:9000" is not allowed \(it holds a user name or password\); expected http:\/\/host:port$/],
    [['--function', 'worker', '--body', 'nope'], {}, /^--body: "nope" is not allowed \(not JSON\); expected JSON/],
    [['--function', 'worker', '--count', '0'], {}, /^--count: "0" is not allowed; expected a whole number from 1 to 10000$/],
  ];
  for (const [args, env, line] of refusals) {
    it(`refuses ${JSON.stringify(args.join(' '))}${Object.keys(env).length > 0 ? ` with ${JSON.stringify(env)}` : ''}: one line, exit 2, nothing sent`, async () => {
      const result = await deliver(args, { INVOKE_PORT: '', ...env });
      assert.equal(result.status, 2, result.stdout);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr.split('\n').length, 2, `one line: ${result.stderr}`);
      assert.match(result.stderr.trimEnd(), line);
    });
  }
});
