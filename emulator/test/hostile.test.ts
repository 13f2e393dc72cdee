/**
 * What a function returns and what a client sends can never crash the
 * emulator or reach RIE twice at once: hostile results, keys named after
 * Object.prototype's members, malformed requests, a restart with an invocation
 * still running, configuration mistakes; and the generated hello handlers,
 * built with the real aws-lambda-go (which writes "cookies":null) behind the
 * real RIE, answering through it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { before, describe, it } from 'node:test';
import { repoRoot } from '../../test/support/generate.ts';
import { closedPort } from '../../test/support/loopback-server.ts';
import { generatedHandlerBinary } from '../../test/support/go-programs.ts';
import { parseWireResponse, rawExchange } from '../../test/support/real-rie.ts';
import { startProbe, startRie } from '../../test/support/rie.ts';
import { emulator } from './start-emulator.ts';

// The handlers are built before the suites start, outside their time limits (see test/support/rie.ts).
before(() => {
  generatedHandlerBinary('1.0');
  generatedHandlerBinary('2.0');
}, { timeout: 600_000 });

const returning = (result: unknown) => ({ method: 'POST', body: JSON.stringify(result) });
const failedStatus = { '1.0': 502, '2.0': 500 } as const;

for (const payloadVersion of ['1.0', '2.0'] as const) {
  describe(`payload ${payloadVersion}: what a function returns`, { timeout: 30_000 }, () => {
    it('treats null as absent in every optional field', async () => {
      const api = await emulator([(await startProbe()).origin], { payloadVersion });
      const nulls = await fetch(`${api.base}/__raw`, returning({ statusCode: 201, headers: null, multiValueHeaders: null, cookies: null, body: null, isBase64Encoded: null }));
      assert.equal(nulls.status, 201);
      assert.equal(await nulls.text(), '');
      const cookies = await fetch(`${api.base}/__raw`, returning({ statusCode: 200, headers: { 'content-type': 'text/plain' }, multiValueHeaders: { 'x-list': null }, body: 'ok', cookies: null }));
      assert.equal(cookies.status, 200);
      assert.equal(await cookies.text(), 'ok');
    });

    it('drops headers Node cannot send, frames the response itself, and stays up', async () => {
      const lines: string[] = [];
      const api = await emulator([(await startProbe()).origin], { payloadVersion }, (line) => lines.push(line));
      const result = {
        statusCode: 200,
        headers: { 'x-u': '☃', 'x-crlf': 'a\r\nb', 'bad name': 'v', 'x-ok': 'fine', 'Content-Length': '3', 'Transfer-Encoding': 'chunked', Connection: 'close' },
        body: '0123456789',
      };
      const body = JSON.stringify(result);
      // Two requests on one kept-alive connection: a false Content-Length would corrupt the second.
      const request = `POST /__raw HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      const exchange = await rawExchange(api.port, Buffer.from(request + request));
      assert.ok(exchange.response);
      assert.equal(exchange.response.statusLine, 'HTTP/1.1 200 OK');
      assert.equal(exchange.response.body.toString(), '0123456789');
      const names = exchange.response.headers.map(([name]) => name.toLowerCase());
      assert.ok(names.includes('x-ok'));
      for (const dropped of ['x-u', 'x-crlf', 'bad name', 'transfer-encoding']) assert.ok(!names.includes(dropped), dropped);
      assert.equal(exchange.response.headers.find(([name]) => name.toLowerCase() === 'content-length')?.[1], '10', 'the emulator frames the body');
      if (payloadVersion === '1.0') {
        // REST APIs pass the function's framing headers on, renamed.
        assert.equal(exchange.response.headers.find(([name]) => name === 'x-amzn-Remapped-Content-Length')?.[1], '3');
      }
      assert.match(lines.at(-1) ?? '', /note="dropped header \\"x-u\\": Invalid character in header content \[\\"x-u\\"\]"/);
      const second = await fetch(`${api.base}/__raw`, returning({ ...result, headers: { 'Content-Length': '1000' } }));
      assert.equal(await second.text(), '0123456789', 'a too-large Content-Length does not hang the client');
      assert.equal((await fetch(`${api.base}/after`)).status, 200, 'the emulator is still up');
    });

    it('refuses statuses outside 200 to 599 as a malformed result', async () => {
      const api = await emulator([(await startProbe()).origin], { payloadVersion });
      for (const statusCode of [100, 101, 199, 600, '200']) {
        const response = await fetch(`${api.base}/__raw`, returning({ statusCode, body: 'x' }));
        assert.equal(response.status, failedStatus[payloadVersion], `statusCode ${JSON.stringify(statusCode)}`);
      }
    });

    it("passes keys named after Object.prototype's members through as data", async () => {
      const api = await emulator([(await startProbe()).origin], { payloadVersion });
      const response = await fetch(`${api.base}/__dump?constructor=1&toString=2&__proto__=3&constructor=4`, { headers: { constructor: 'h', 'x-proto': 'p' } });
      assert.equal(response.status, 200);
      const event = JSON.parse(await response.text());
      assert.ok(Object.hasOwn(event.queryStringParameters, '__proto__'), '__proto__ kept as a key');
      assert.equal(event.queryStringParameters.__proto__, '3');
      assert.equal(event.queryStringParameters.toString, '2');
      assert.equal(event.headers.constructor, 'h');
      if (payloadVersion === '1.0') {
        assert.equal(event.queryStringParameters.constructor, '4');
        assert.deepEqual(event.multiValueQueryStringParameters.constructor, ['1', '4']);
        assert.deepEqual(event.multiValueHeaders.constructor, ['h']);
      } else {
        assert.equal(event.queryStringParameters.constructor, '1,4');
      }
    });
  });
}

describe('malformed requests', () => {
  for (const [what, request, reason] of [
    ['two Host headers', 'GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', /error="400: 2 Host headers"/],
    ['an absolute-form target', 'GET http://example.com/x HTTP/1.1\r\nHost: example.com\r\n\r\n', /error="400: request target \\"http:\/\/example\.com\/x\\" is not a path"/],
    ['the asterisk target', 'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n', /error="400: request target \\"\*\\" is not a path"/],
  ] as const) {
    it(`refuses ${what} with 400 before any route`, async () => {
      const rie = await startProbe();
      const lines: string[] = [];
      const api = await emulator([rie.origin], {}, (line) => lines.push(line));
      const exchange = await rawExchange(api.port, Buffer.from(request));
      assert.equal(exchange.response?.statusLine, 'HTTP/1.1 400 Bad Request');
      assert.match(lines.at(-1) ?? '', reason);
      assert.doesNotMatch(await rie.quietLog(), /probe: /, 'nothing reached the function');
    });
  }
});

/** `node src/server.ts` as compose runs it; resolves once it has printed its first line. */
function runEmulator(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['src/server.ts'], { cwd: path.join(repoRoot, 'emulator'), env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const firstLine = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    void exited.then((code) => reject(new Error(`the emulator exited with ${code}: ${stderr}`)));
  });
  // A test that expects the process to fail awaits `exited` instead.
  firstLine.catch(() => {});
  return { child, exited, firstLine, stderr: () => stderr };
}

describe('the emulator process', { timeout: 30_000 }, () => {
  it('restarted while RIE still runs an invocation, never sends RIE a second one', async () => {
    const rie = await startProbe();
    const port = await closedPort();
    const env = { PORT: String(port), LAMBDA_UPSTREAMS: rie.origin, GATEWAY_TIMEOUT_MS: '300', FUNCTION_TIMEOUT_MS: '3000' };
    const first = runEmulator(env);
    await first.firstLine;
    // API Gateway gives up at 300 ms; the function goes on for 1.5 s.
    assert.equal((await fetch(`http://127.0.0.1:${port}/__slow`)).status, 504);
    const stoppedAt = performance.now();
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0);
    assert.ok(performance.now() - stoppedAt > 800, 'the first emulator waited for RIE to finish');
    const second = runEmulator(env);
    await second.firstLine;
    try {
      assert.equal((await fetch(`http://127.0.0.1:${port}/after-restart`)).status, 200);
      assert.equal(rie.exitStatus(), undefined, 'RIE is alive: it never saw two invocations at once');
    } finally {
      second.child.kill('SIGKILL');
    }
  });

  it('waits for RIE however many SIGTERMs and SIGINTs come, saying so after the first', async () => {
    const rie = await startProbe();
    const port = await closedPort();
    const emulatorProcess = runEmulator({ PORT: String(port), LAMBDA_UPSTREAMS: rie.origin, FUNCTION_TIMEOUT_MS: '3000' });
    await emulatorProcess.firstLine;
    const output: string[] = [];
    createInterface({ input: emulatorProcess.child.stdout }).on('line', (line) => output.push(line));
    // /__slow runs 1.5 s; compose and a terminal both send their signal again.
    const slow = fetch(`http://127.0.0.1:${port}/__slow`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    emulatorProcess.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));
    emulatorProcess.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));
    emulatorProcess.child.kill('SIGINT');
    assert.equal((await slow).status, 200, 'the request in flight was answered');
    assert.equal(await emulatorProcess.exited, 0);
    assert.ok(output.some((line) => line.startsWith('SIGTERM: still waiting for RIE to finish what it runs')), output.join('\n'));
    assert.equal(rie.exitStatus(), undefined);
  });

  it('says in one line that its port is busy, or that an upstream is not a URL it can use', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, resolve));
    const { port } = busy.address() as AddressInfo;
    try {
      const taken = runEmulator({ PORT: String(port), LAMBDA_UPSTREAMS: 'http://127.0.0.1:9' });
      assert.equal(await taken.exited, 1);
      assert.equal(taken.stderr(), `api-gateway-emulator: PORT: ${port} is already in use; stop what listens there or choose another port\n`);
    } finally {
      busy.close();
    }
    const schemeless = runEmulator({ PORT: '0', LAMBDA_UPSTREAMS: 'lambda:8080' });
    assert.equal(await schemeless.exited, 1);
    assert.equal(schemeless.stderr(), 'api-gateway-emulator: LAMBDA_UPSTREAMS: "lambda:8080" is not allowed; expected http://host:port, comma-separated\n');
  });
});

describe('the generated hello handlers, built with the real aws-lambda-go, behind the real RIE, through the emulator', { timeout: 60_000 }, () => {
  for (const payloadVersion of ['1.0', '2.0'] as const) {
    it(`payload ${payloadVersion} answers 200`, async () => {
      const rie = await startRie([generatedHandlerBinary(payloadVersion)]);
      const api = await emulator([rie.origin], { payloadVersion });
      const response = await fetch(`${api.base}/hello?name=world`);
      assert.equal(response.status, 200, await response.clone().text());
      assert.equal(response.headers.get('content-type'), 'application/json');
      assert.deepEqual(await response.json(), { method: 'GET', path: '/hello', query: { name: 'world' } });
    });
  }
});

// The raw parser is shared with the stand-in tests; a framing it misreads would hide a fault here.
it('reads a response framed by Content-Length exactly, leaving what follows', () => {
  const parsed = parseWireResponse(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1'), false);
  assert.equal(parsed?.body.toString(), 'ok');
});
