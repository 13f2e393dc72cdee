import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { connectToRie, createResponseReader } from '../src/rie-connection.ts';
import { repoRoot } from '../../test/support/generate.ts';
import { closedPort } from '../../test/support/loopback-server.ts';
import { scratchDir } from '../../test/support/scratch.ts';

/** Feeds a response cut at `cut`, then the rest: every place a TCP read could split it. */
function readInTwo(response: string, cut: number) {
  const bytes = Buffer.from(response, 'latin1');
  const reader = createResponseReader();
  const early = reader.feed(bytes.subarray(0, cut));
  if (cut < bytes.length) {
    assert.equal(early, undefined, `complete after only ${cut} of ${bytes.length} bytes`);
    return reader.feed(bytes.subarray(cut));
  }
  return early;
}

function readAtEveryCut(response: string) {
  const results = [];
  for (let cut = 1; cut <= Buffer.byteLength(response, 'latin1'); cut++) results.push(readInTwo(response, cut));
  return results;
}

describe('RIE response reader', () => {
  it('reads a body sized by Content-Length however the bytes arrive', () => {
    const response = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n{"statusCode":1}';
    for (const result of readAtEveryCut(response)) {
      assert.deepEqual(result && { ...result, body: result.body.toString() }, { status: 200, body: '{"statusCode":1}', keepAlive: true });
    }
  });

  it('joins a chunked body, with chunk extensions and trailers', () => {
    const response = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\nA\r\n, world!!!\r\n0\r\nX-Trailer: yes\r\n\r\n';
    for (const result of readAtEveryCut(response)) {
      assert.equal(result?.body.toString(), 'hello, world!!!');
      assert.equal(result?.keepAlive, true);
    }
  });

  it('skips an interim 100 Continue', () => {
    const result = readInTwo('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n', 10);
    assert.deepEqual(result && { status: result.status, length: result.body.length }, { status: 502, length: 0 });
  });

  it('takes a body without length or chunks as ending with the connection', () => {
    const reader = createResponseReader();
    assert.equal(reader.feed(Buffer.from('HTTP/1.1 200 OK\r\n\r\npart one, ')), undefined);
    assert.equal(reader.feed(Buffer.from('part two')), undefined);
    const result = reader.end();
    assert.equal(result?.body.toString(), 'part one, part two');
    assert.equal(result?.keepAlive, false);
  });

  it('gives up the connection when the server says so', () => {
    assert.equal(readInTwo('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}', 5)?.keepAlive, false);
    assert.equal(readInTwo('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}', 5)?.keepAlive, false);
    assert.equal(readInTwo('HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n{}', 5)?.keepAlive, true);
  });

  it('does not count a response ended early as complete', () => {
    const reader = createResponseReader();
    assert.equal(reader.feed(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{"a"')), undefined);
    assert.equal(reader.end(), undefined);
  });

  it('refuses what is not HTTP/1.x framing', () => {
    assert.throws(() => createResponseReader().feed(Buffer.from('SSH-2.0-OpenSSH_9.2\r\n\r\n')), /not an HTTP\/1\.x response: "SSH-2\.0-OpenSSH_9\.2"/);
    assert.throws(() => createResponseReader().feed(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n')), /bad Content-Length "-1"/);
    assert.throws(
      () => createResponseReader().feed(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')),
      /bad chunk size "zz"/,
    );
    assert.throws(
      () => createResponseReader().feed(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n')),
      /chunk longer than its size/,
    );
  });
});

const servers: Server[] = [];
after(() => servers.forEach((server) => server.close()));

/** A raw TCP server that answers each request with what `answer` writes, and counts connections. */
async function rawServer(answer: (socket: Socket, request: string) => void) {
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const headEnd = received.indexOf('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(received)?.[1] ?? 0);
      if (headEnd !== -1 && Buffer.byteLength(received, 'latin1') >= headEnd + 4 + length) {
        const request = received;
        received = '';
        answer(socket, request);
      }
    });
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get connections() {
      return connections;
    },
  };
}

describe('RIE connection', () => {
  it('posts the event in one request to the invoke path and keeps one connection for all invocations', async () => {
    const requests: string[] = [];
    const server = await rawServer((socket, request) => {
      requests.push(request);
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${requests.length}\r\n\r\n${'x'.repeat(requests.length)}`);
    });
    const connection = connectToRie(server.origin);
    for (let count = 1; count <= 3; count++) {
      assert.deepEqual(await connection.invoke('{"ünïcode":"✓"}'), { status: 200, body: Buffer.from('x'.repeat(count)) });
    }
    connection.close();
    assert.equal(server.connections, 1);
    const [head = '', body] = requests[0]?.split('\r\n\r\n') ?? [];
    assert.match(head, /^POST \/2015-03-31\/functions\/function\/invocations HTTP\/1\.1\r\n/);
    assert.match(head, new RegExp(`\r\nHost: ${server.origin.slice('http://'.length)}(\r\n|$)`));
    assert.match(head, /\r\nContent-Type: application\/json(\r\n|$)/);
    assert.match(head, new RegExp(`\r\nContent-Length: ${Buffer.byteLength('{"ünïcode":"✓"}')}(\r\n|$)`));
    assert.equal(Buffer.from(body ?? '', 'latin1').toString(), '{"ünïcode":"✓"}');
  });

  it('opens a new connection after RIE closes the last one', async () => {
    const server = await rawServer((socket) => socket.end('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}'));
    const connection = connectToRie(server.origin);
    assert.equal((await connection.invoke('{}')).status, 200);
    assert.equal((await connection.invoke('{}')).status, 200);
    assert.equal(server.connections, 2);
    connection.close();
  });

  it('opens a new connection when RIE has dropped an idle one', async () => {
    const server = await rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}');
      setTimeout(() => socket.destroy(), 10);
    });
    const connection = connectToRie(server.origin);
    assert.equal((await connection.invoke('{}')).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await connection.invoke('{}')).status, 200);
    assert.equal(server.connections, 2);
    connection.close();
  });

  it('fails an invocation whose answer breaks off, and the next one works', async () => {
    let answered = 0;
    const server = await rawServer((socket) => {
      answered++;
      if (answered === 1) socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"partial"');
      else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}');
    });
    const connection = connectToRie(server.origin);
    await assert.rejects(connection.invoke('{}'), /connection closed before the response ended/);
    assert.equal((await connection.invoke('{}')).body.toString(), '{}');
    connection.close();
  });

  it('says why when RIE is not listening', async () => {
    const port = await closedPort();
    await assert.rejects(connectToRie(`http://127.0.0.1:${port}`).invoke('{}'), new RegExp(`ECONNREFUSED 127\\.0\\.0\\.1:${port}`));
  });

  it('refuses a second invocation while one runs, as RIE cannot take it', async () => {
    const server = await rawServer(() => {});
    const connection = connectToRie(server.origin);
    void connection.invoke('{}').catch(() => {});
    await assert.rejects(connection.invoke('{}'), /already running/);
    connection.close();
  });
});

/** The status line and headers a server sends for one invocation, read off the socket. */
async function rawHead(origin: string, asked: object): Promise<string> {
  const { hostname, port } = new URL(origin);
  const socket = connect({ host: hostname, port: Number(port) });
  const event = JSON.stringify(asked);
  socket.end(`POST /2015-03-31/functions/function/invocations HTTP/1.1\r\nHost: ${hostname}\r\nContent-Length: ${event.length}\r\n\r\n${event}`);
  let received = '';
  for await (const chunk of socket) {
    received += String(chunk);
    if (received.includes('\r\n\r\n')) break;
  }
  socket.destroy();
  return received.slice(0, received.indexOf('\r\n\r\n') + 2);
}

// RIE serves invocations with Go's net/http, which frames short answers with
// Content-Length and long or flushed ones in chunks: read both from the real thing.
describe('RIE connection against Go net/http', () => {
  it('reads short, flushed and multi-megabyte answers from a Go server', async () => {
    const directory = scratchDir('go-invoke-server');
    const binary = path.join(directory, 'server');
    const build = spawnSync('go', ['build', '-o', binary, path.join(repoRoot, 'test/fixtures/go-invoke-server/main.go')], {
      encoding: 'utf8',
      env: { ...process.env, HOME: directory, GOCACHE: path.join(directory, 'cache'), GOPATH: path.join(directory, 'go'), GOPROXY: 'off' },
    });
    assert.equal(build.status, 0, `go build: ${build.error?.message ?? build.stderr}`);
    const child = spawn(binary, { stdio: ['ignore', 'pipe', 'inherit'] });
    after(() => child.kill());
    const [origin] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    // Both framings do occur: look at the raw heads Go sends.
    assert.match(await rawHead(origin, { size: 10 }), /\r\nContent-Length: 10\r\n/);
    assert.match(await rawHead(origin, { size: 5000 }), /\r\nTransfer-Encoding: chunked\r\n/);
    const connection = connectToRie(origin);
    for (const asked of [{ size: 0 }, { size: 10 }, { size: 5000 }, { size: 60, flush: true }, { size: 5_500_000 }]) {
      const { status, body } = await connection.invoke(JSON.stringify(asked));
      assert.equal(status, 200);
      assert.equal(body.length, asked.size, `body of ${JSON.stringify(asked)}`);
      assert.equal(body.toString(), '0123456789'.repeat(asked.size / 10 + 1).slice(0, asked.size));
    }
    connection.close();
  });
});
