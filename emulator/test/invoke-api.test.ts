/**
 * The Lambda Invoke API as the real AWS clients use it: @aws-sdk/client-lambda
 * and aws-sdk-go-v2's Lambda client, pointed at the emulator's invoke port,
 * against the real RIE running the probe function on the real aws-lambda-go.
 * The probe picks what it does from the event's `path` (test/fixtures/rie-probe),
 * so the payloads here are API Gateway-shaped.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { connect } from 'node:net';
import { InvokeCommand, LambdaClient, RequestTooLargeException, ResourceNotFoundException, InvalidRequestContentException, TooManyRequestsException, type InvokeCommandInput } from '@aws-sdk/client-lambda';
import { fixtures, goProgram } from '../../test/support/go-programs.ts';
import { probeInvocations, startProbe, type RunningRie } from '../../test/support/rie.ts';
import { emulatorOf, type TestEmulator } from './start-emulator.ts';

/** One function, `orders`, behind its own real RIE, reachable through both the HTTP API and the Invoke API. */
async function ordersFunction(log: (line: string) => void = () => {}): Promise<{ api: TestEmulator; invoke: string; rie: RunningRie }> {
  const rie = await startProbe();
  const api = await emulatorOf([{ name: 'orders', routes: ['ANY /{proxy+}'], upstreams: [rie.origin] }], { invokePort: 0 }, log);
  return { api, invoke: api.invokeBase ?? assert.fail('the Invoke API is not listening'), rie };
}

/** The SDK as a developer points it at a local endpoint: fake credentials, no retries (a retry would hide what the emulator answered). */
const lambdaClient = (endpoint: string) =>
  new LambdaClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDLOCALEMULATOR', secretAccessKey: 'local-emulator-secret' }, maxAttempts: 1 });

const event = (path: string) => JSON.stringify({ httpMethod: 'GET', path });
const invoke = (endpoint: string, input: Omit<InvokeCommandInput, 'FunctionName'> & { FunctionName?: string }) =>
  lambdaClient(endpoint).send(new InvokeCommand({ FunctionName: 'orders', ...input }));
const text = (payload: Uint8Array | undefined) => Buffer.from(payload ?? new Uint8Array()).toString('utf8');

/** The error the SDK threw; fails when it threw none. */
async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number; requestId?: string } }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  return assert.fail('the call succeeded');
}

/** Waits until the probe has logged `count` invocations (5 s at most). */
async function invocationsReach(rie: RunningRie, count: number): Promise<number> {
  const until = Date.now() + 5000;
  let seen = await probeInvocations(rie);
  while (seen < count && Date.now() < until) {
    await sleep(50);
    seen = await probeInvocations(rie);
  }
  return seen;
}

describe('the Lambda Invoke API, called by @aws-sdk/client-lambda', { timeout: 60_000 }, () => {
  it('RequestResponse returns the function payload, with the executed version', async () => {
    const { invoke: endpoint, rie } = await ordersFunction();
    const output = await invoke(endpoint, { Payload: event('/orders/7') });
    assert.equal(output.StatusCode, 200);
    assert.equal(output.FunctionError, undefined);
    assert.equal(output.ExecutedVersion, '$LATEST');
    const result = JSON.parse(text(output.Payload)) as { statusCode: number; body: string };
    assert.equal(result.statusCode, 200);
    assert.equal((JSON.parse(result.body) as { path: string }).path, '/orders/7');
    assert.equal(await probeInvocations(rie), 1);
  });

  it("reports a function's returned error and its panic as FunctionError Unhandled, with RIE's error JSON", async () => {
    const { invoke: endpoint } = await ordersFunction();
    const failed = await invoke(endpoint, { Payload: event('/__error') });
    assert.equal(failed.StatusCode, 200);
    assert.equal(failed.FunctionError, 'Unhandled');
    assert.deepEqual(JSON.parse(text(failed.Payload)), { errorMessage: 'boom', errorType: 'errorString' });
    const panicked = await invoke(endpoint, { Payload: event('/__panic') });
    assert.equal(panicked.StatusCode, 200);
    assert.equal(panicked.FunctionError, 'Unhandled');
    const panic = JSON.parse(text(panicked.Payload)) as { errorMessage: string; errorType: string; stackTrace: unknown[] };
    assert.equal(panic.errorMessage, 'probe panic');
    assert.ok(Array.isArray(panic.stackTrace));
  });

  it('reports an exit and a time-out as FunctionError Unhandled too, and the next invocation runs', async () => {
    const { invoke: endpoint } = await ordersFunction();
    const exited = await invoke(endpoint, { Payload: event('/__exit') });
    assert.equal(exited.FunctionError, 'Unhandled');
    assert.equal((JSON.parse(text(exited.Payload)) as { errorType: string }).errorType, 'Runtime.ExitError');
    // /__sleep takes 5 s; the function's time-out is 3 s.
    const timedOut = await invoke(endpoint, { Payload: event('/__sleep') });
    assert.equal(timedOut.FunctionError, 'Unhandled');
    assert.match((JSON.parse(text(timedOut.Payload)) as { errorMessage: string }).errorMessage, /Task timed out after 3\.00 seconds/);
    assert.equal((await invoke(endpoint, { Payload: event('/after') })).FunctionError, undefined);
  });

  it('answers Event with 202 at once and runs the invocation later; DryRun with 204 without running it', async () => {
    const lines: string[] = [];
    const { invoke: endpoint, rie } = await ordersFunction((line) => lines.push(line));
    const started = performance.now();
    // /__slow sleeps 1.5 s: the 202 comes long before that.
    const queued = await invoke(endpoint, { InvocationType: 'Event', Payload: event('/__slow') });
    assert.equal(queued.StatusCode, 202);
    assert.ok(performance.now() - started < 1000, `202 after ${performance.now() - started} ms`);
    assert.equal(text(queued.Payload), '');
    const dry = await invoke(endpoint, { InvocationType: 'DryRun', Payload: event('/orders/1') });
    assert.equal(dry.StatusCode, 204);
    assert.equal(await invocationsReach(rie, 1), 1);
    assert.match(await rie.quietLog(), /probe: path="\/__slow"/);
    assert.doesNotMatch(rie.log(), /path="\/orders\/1"/, 'DryRun invoked nothing');
    // Its outcome goes to the emulator's log, under the id the client got.
    const id = queued.$metadata.requestId ?? assert.fail('no request id');
    const ran = new RegExp(`^Event id=${id} fn=orders ran [\\d.]+ms$`);
    for (const until = Date.now() + 5000; !lines.some((line) => ran.test(line)) && Date.now() < until; ) await sleep(50);
    assert.ok(lines.some((line) => ran.test(line)), lines.join('\n'));
  });

  it('answers LogType Tail with START, END and REPORT lines for the request id, and says where the function output is', async () => {
    const { invoke: endpoint } = await ordersFunction();
    const output = await invoke(endpoint, { LogType: 'Tail', Payload: event('/orders/2') });
    const requestId = output.$metadata.requestId ?? assert.fail('no request id');
    const tail = Buffer.from(output.LogResult ?? assert.fail('no LogResult'), 'base64').toString('utf8');
    const lines = tail.trimEnd().split('\n');
    assert.equal(lines[0], `START RequestId: ${requestId} Version: $LATEST`);
    assert.match(lines[1] ?? '', /docker compose logs orders/);
    assert.equal(lines[2], `END RequestId: ${requestId}`);
    assert.match(lines[3] ?? '', new RegExp(`^REPORT RequestId: ${requestId}\\tDuration: \\d+\\.\\d\\d ms$`));
    assert.equal((await invoke(endpoint, { Payload: event('/orders/2') })).LogResult, undefined, 'no log without Tail');
  });

  it('raises ResourceNotFoundException (404) for an unknown function and for a version other than $LATEST', async () => {
    const { invoke: endpoint, rie } = await ordersFunction();
    const missing = await rejection(invoke(endpoint, { FunctionName: 'nope', Payload: event('/') }));
    assert.ok(missing instanceof ResourceNotFoundException, String(missing));
    assert.equal(missing.$metadata?.httpStatusCode, 404);
    assert.match(missing.message, /Function not found: nope/);
    assert.equal(missing.Type, 'User');
    assert.match(missing.$metadata?.requestId ?? '', /^[0-9a-f-]{36}$/);
    const version = await rejection(invoke(endpoint, { FunctionName: 'orders', Qualifier: '3', Payload: event('/') }));
    assert.ok(version instanceof ResourceNotFoundException, String(version));
    // An ARN names the function as its name does.
    const byArn = await invoke(endpoint, { FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:orders', Payload: event('/by-arn') });
    assert.equal(byArn.StatusCode, 200);
    assert.equal(await probeInvocations(rie), 1);
  });

  it('raises RequestTooLargeException (413) past 6 MB synchronous and 1 MB asynchronous, InvalidRequestContentException for a payload that is not JSON', async () => {
    const { invoke: endpoint, rie } = await ordersFunction();
    const padded = (bytes: number) => JSON.stringify({ path: '/big', pad: 'x'.repeat(bytes - JSON.stringify({ path: '/big', pad: '' }).length) });
    const sync = await rejection(invoke(endpoint, { Payload: padded(6 * 1024 * 1024 + 1) }));
    assert.ok(sync instanceof RequestTooLargeException, String(sync));
    assert.equal(sync.$metadata?.httpStatusCode, 413);
    assert.match(sync.message, /too large for a synchronous invocation/);
    const async = await rejection(invoke(endpoint, { InvocationType: 'Event', Payload: padded(1024 * 1024 + 1) }));
    assert.ok(async instanceof RequestTooLargeException, String(async));
    // Exactly at the limits, both are taken.
    assert.equal((await invoke(endpoint, { InvocationType: 'Event', Payload: padded(1024 * 1024) })).StatusCode, 202);
    assert.equal((await invoke(endpoint, { Payload: padded(6 * 1024 * 1024) })).StatusCode, 200);
    const notJson = await rejection(invoke(endpoint, { Payload: 'not json' }));
    assert.ok(notJson instanceof InvalidRequestContentException, String(notJson));
    assert.equal(notJson.$metadata?.httpStatusCode, 400);
    assert.equal(await invocationsReach(rie, 2), 2);
  });

  it('never overlaps RIE under concurrent Event, RequestResponse and HTTP API requests, and runs each once', async () => {
    const { api, invoke: endpoint, rie } = await ordersFunction();
    const client = lambdaClient(endpoint);
    const events = Array.from({ length: 15 }, (_, index) => client.send(new InvokeCommand({ FunctionName: 'orders', InvocationType: 'Event', Payload: event(`/event/${index}`) })));
    const syncs = Array.from({ length: 15 }, (_, index) => client.send(new InvokeCommand({ FunctionName: 'orders', Payload: event(`/sync/${index}`) })));
    const http = Array.from({ length: 15 }, (_, index) => fetch(`${api.base}/http/${index}`));
    assert.deepEqual((await Promise.all(events)).map((output) => output.StatusCode), Array(15).fill(202));
    assert.deepEqual((await Promise.all(syncs)).map((output) => output.FunctionError ?? output.StatusCode), Array(15).fill(200));
    assert.deepEqual((await Promise.all(http)).map((response) => response.status), Array(15).fill(200));
    assert.equal(await invocationsReach(rie, 45), 45);
    assert.equal(rie.exitStatus(), undefined, 'RIE never saw two invocations at once');
    const log = await rie.quietLog();
    for (const kind of ['event', 'sync', 'http']) {
      for (let index = 0; index < 15; index++) assert.equal(log.split(`path="/${kind}/${index}"`).length, 2, `/${kind}/${index} ran once`);
    }
  });

  it('raises TooManyRequestsException (429) once QUEUE_LIMIT invocations wait for the RIE', async () => {
    const rie = await startProbe();
    const api = await emulatorOf([{ name: 'orders', routes: ['ANY /{proxy+}'], upstreams: [rie.origin] }], { invokePort: 0, queueLimit: 1 });
    const endpoint = api.invokeBase ?? assert.fail('the Invoke API is not listening');
    // /__slow holds the RIE for 1.5 s; one Event may wait behind it, the next may not.
    const running = invoke(endpoint, { Payload: event('/__slow') });
    await sleep(300);
    assert.equal((await invoke(endpoint, { InvocationType: 'Event', Payload: event('/waits') })).StatusCode, 202);
    const refused = await rejection(invoke(endpoint, { InvocationType: 'Event', Payload: event('/refused') }));
    assert.ok(refused instanceof TooManyRequestsException, String(refused));
    assert.equal(refused.$metadata?.httpStatusCode, 429);
    assert.equal(refused.Reason, 'ReservedFunctionConcurrentInvocationLimitExceeded');
    assert.equal(refused.retryAfterSeconds, '1');
    assert.equal((await running).StatusCode, 200);
    assert.equal(await invocationsReach(rie, 2), 2);
    assert.doesNotMatch(await rie.quietLog(), /refused/);
  });

  it('outlives clients that send a broken name, cut their payload short or leave while queued', async () => {
    const lines: string[] = [];
    const { invoke: endpoint, rie } = await ordersFunction((line) => lines.push(line));
    const { port } = new URL(endpoint);
    const raw = (bytes: string, thenClose: boolean) =>
      new Promise<string>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.write(bytes));
        let answer = '';
        socket.on('data', (chunk: Buffer) => {
          answer += chunk.toString('latin1');
        });
        if (thenClose) setTimeout(() => socket.destroy(), 100);
        socket.on('close', () => resolve(answer));
        socket.on('error', () => resolve(answer));
        socket.setTimeout(2000, () => socket.destroy());
      });
    const head = (name: string, length: number) => `POST /2015-03-31/functions/${name}/invocations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`;
    assert.match(await raw(`${head('%E0%A4%A', 2)}{}`, false), /^HTTP\/1\.1 404 /);
    // Announces 100 bytes, sends 10, leaves.
    await raw(`${head('orders', 100)}{"path":"/`, true);
    // Leaves while its invocation waits behind /__slow: the invocation still runs, once.
    const slow = invoke(endpoint, { Payload: event('/__slow') });
    await sleep(200);
    const left = JSON.stringify({ path: '/left' });
    await raw(`${head('orders', left.length)}${left}`, true);
    assert.equal((await slow).StatusCode, 200);
    assert.equal((await invoke(endpoint, { Payload: event('/still') })).StatusCode, 200);
    assert.equal(rie.exitStatus(), undefined);
    const log = await rie.quietLog();
    assert.equal(log.split('path="/left"').length, 2, 'the invocation whose client left ran once');
    assert.ok(lines.some((line) => /^POST \/2015-03-31\/functions\/%E0%A4%A\/invocations 404 /.test(line)), lines.join('\n'));
    assert.ok(lines.some((line) => / 400 [\d.]+ms id=\S+ fn=orders type=RequestResponse error="InvalidRequestContentException: the payload broke off: aborted"$/.test(line)), lines.join('\n'));
  });

  it('refuses a browser (Origin) and a Host that is not loopback, and a path that is not Invoke', async () => {
    const { invoke: endpoint, rie } = await ordersFunction();
    const url = `${endpoint}/2015-03-31/functions/orders/invocations`;
    const fromPage = await fetch(url, { method: 'POST', headers: { Origin: 'https://example.com' }, body: event('/') });
    assert.equal(fromPage.status, 403);
    assert.equal(fromPage.headers.get('access-control-allow-origin'), null);
    const rebound = await new Promise<number>((resolve, reject) => {
      const sent = request(url, { method: 'POST', headers: { Host: 'attacker.example:9001' }, agent: false }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      sent.on('error', reject);
      sent.end(event('/'));
    });
    assert.equal(rebound, 403);
    const other = await fetch(`${endpoint}/2015-03-31/functions/orders/configuration`);
    assert.equal(other.status, 404);
    assert.equal(other.headers.get('x-amzn-errortype'), 'UnknownOperationException');
    assert.equal(await probeInvocations(rie), 0);
  });
});

describe("the Lambda Invoke API, called by aws-sdk-go-v2's Lambda client", { timeout: 600_000 }, () => {
  const client = () =>
    goProgram('invoke-client', { 'main.go': readFileSync(path.join(fixtures, 'invoke-client/main.go'), 'utf8') }, { 'github.com/aws/aws-sdk-go-v2/service/lambda': 'v1.117.0' });

  // Not spawnSync: the emulator runs in this process, and must answer while the client waits.
  const run = async (endpoint: string, name: string, payload: string) => {
    const { stdout } = await promisify(execFile)(client(), [endpoint, name, payload], { encoding: 'utf8', timeout: 30_000 });
    return JSON.parse(stdout) as Record<string, unknown>;
  };

  it('invokes RequestResponse, and gets the typed ResourceNotFoundException for an unknown function', async () => {
    client();
    const { invoke: endpoint, rie } = await ordersFunction();
    const output = await run(endpoint, 'orders', event('/from-go'));
    assert.equal(output.statusCode, 200);
    assert.equal(output.executedVersion, '$LATEST');
    assert.equal(output.functionError, undefined);
    assert.equal((JSON.parse((JSON.parse(String(output.payload)) as { body: string }).body) as { path: string }).path, '/from-go');
    const failed = await run(endpoint, 'orders', event('/__error'));
    assert.equal(failed.functionError, 'Unhandled');
    assert.deepEqual(JSON.parse(String(failed.payload)), { errorMessage: 'boom', errorType: 'errorString' });
    const missing = await run(endpoint, 'nope', event('/'));
    assert.equal(missing.errorType, '*types.ResourceNotFoundException');
    assert.match(String(missing.errorMessage), /Function not found: nope/);
    assert.equal(await probeInvocations(rie), 2);
  });
});

describe('the Invoke API when the emulator stops, and its Event backlog', { timeout: 60_000 }, () => {
  it('answers what waits, logs each queued Event as not run, and waits only for what RIE runs', async () => {
    const lines: string[] = [];
    const { api, invoke: endpoint, rie } = await ordersFunction((line) => lines.push(line));
    // One runs for 1.5 s; behind it, five Events and a synchronous invocation wait their turn.
    const running = invoke(endpoint, { Payload: event('/__slow') });
    await invocationsReach(rie, 1);
    for (let index = 0; index < 5; index++) assert.equal((await invoke(endpoint, { InvocationType: 'Event', Payload: event(`/queued/${index}`) })).StatusCode, 202);
    const waiting = rejection(invoke(endpoint, { Payload: event('/waiting') }));
    await sleep(100);
    await api.stop();
    assert.equal((await running).StatusCode, 200, 'what RIE ran was answered');
    const refused = await waiting;
    assert.equal(refused.name, 'ServiceException');
    assert.match(refused.message, /the emulator is stopping/);
    assert.equal(lines.filter((line) => /^Event id=\S+ fn=orders not run: the emulator is stopping$/.test(line)).length, 5, lines.join('\n'));
    assert.equal(await probeInvocations(rie), 1, 'nothing queued was sent once stopping');
    assert.equal(rie.exitStatus(), undefined);
  });

  it('refuses an Event past 64 MiB of queued payloads with TooManyRequestsException, and holds no more', async () => {
    const { invoke: endpoint, rie } = await ordersFunction();
    // /__sleep holds RIE until the 3 s time-out: nothing leaves the queue while the Events arrive.
    const running = invoke(endpoint, { Payload: event('/__sleep') });
    await invocationsReach(rie, 1);
    // 1 MiB less a little each, within Lambda's 1 MB Event limit: 67 of them fill the bound.
    const big = JSON.stringify({ httpMethod: 'GET', path: '/big', body: 'x'.repeat(1_000_000 - 100) });
    // All at once, so a loaded machine cannot outlast the running invocation while they arrive one by one.
    const outcomes = await Promise.allSettled(Array.from({ length: 80 }, () => invoke(endpoint, { InvocationType: 'Event', Payload: big })));
    const accepted = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as Error] : []));
    assert.ok(accepted.every((outcome) => outcome.value.StatusCode === 202));
    assert.equal(accepted.length, Math.floor((64 * 1024 * 1024) / Buffer.byteLength(big)));
    assert.equal(refused.length, 80 - accepted.length);
    for (const error of refused) {
      assert.ok(error instanceof TooManyRequestsException, String(error));
      assert.match(error.message, /already wait with 64 MiB of payloads/);
    }
    await running;
  });
});
