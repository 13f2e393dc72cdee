/**
 * Every response the real RIE v1.29 gave in the recordings, byte for byte and
 * framed as it was (Content-Length or chunked, header order, Date), fed to the
 * emulator's RIE client and response mapping through a raw TCP upstream; the
 * client must get what API Gateway answers, for both payload formats.
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { responseBody, responseBytes, transcripts, type Transcript } from '../../test/support/real-rie.ts';
import { emulator, type TestEmulator } from './start-emulator.ts';

const servers: Server[] = [];
const sockets = new Set<Socket>();
after(() => {
  for (const socket of sockets) socket.destroy();
  for (const server of servers) server.close();
});

/** A RIE that answers each event with the recording its path names: `/<recording name>`. */
function replayingRie(): Promise<string> {
  const server = createServer((socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      const headEnd = pending.indexOf('\r\n\r\n');
      if (headEnd === -1) return;
      const length = Number(/content-length: (\d+)/i.exec(pending.toString('latin1', 0, headEnd))?.[1] ?? 0);
      if (pending.length < headEnd + 4 + length) return;
      const event = JSON.parse(pending.toString('utf8', headEnd + 4, headEnd + 4 + length)) as { path?: string; rawPath?: string };
      pending = pending.subarray(headEnd + 4 + length);
      const recorded = transcripts.find((entry) => `/${entry.name}` === (event.rawPath ?? event.path));
      // The overlap and disconnect recordings got no response at all: RIE closed the connection.
      if (!recorded?.response) socket.destroy();
      else socket.write(responseBytes(recorded.response));
    });
    socket.on('error', () => {});
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

type Expected = { readonly status: number; readonly body: string | ((recorded: Transcript) => string); readonly reason?: RegExp };

const rest = {
  failed: { status: 502, body: '{"message":"Internal server error"}' },
  ok: (body: string) => ({ status: 200, body }),
};
const http = {
  failed: { status: 500, body: '{"message":"Internal Server Error"}' },
};

/** The function's own body, for recordings whose result is a proxy response. */
const functionBody = (recorded: Transcript) => (JSON.parse(responseBody(recorded.response ?? assert.fail('no response')).toString()) as { body: string }).body;
const wholeResult = (recorded: Transcript) => responseBody(recorded.response ?? assert.fail('no response')).toString();

/** What API Gateway answers to each recorded RIE response, REST (1.0) and HTTP (2.0). */
const expectations: Record<string, { readonly rest: Expected; readonly http: Expected }> = {};
const success = { status: 200, body: functionBody };
const failure = (reason: RegExp) => ({ rest: { ...rest.failed, reason }, http: { ...http.failed, reason } });
for (const recorded of transcripts) {
  const name = recorded.name;
  const body = recorded.response ? responseBody(recorded.response).toString() : '';
  if (!recorded.response) {
    expectations[name] = failure(/RIE unreachable: .*closed before the response ended/);
  } else if (recorded.response.status === 404) {
    expectations[name] = failure(/RIE answered 404: 404 page not found/);
  } else if (body.startsWith('{"statusCode"')) {
    // Proxy responses, cookies:null and headers:null included, are answered as the function said.
    expectations[name] = { rest: success, http: success };
  }
}
Object.assign(expectations, {
  'c-error': failure(/function error: errorString: boom/),
  'c-panic': failure(/function failed \(RIE 502\): string: probe panic/),
  'c-exit': failure(/function failed \(RIE 502\): Runtime\.ExitError: RequestId: \S+ Error: Runtime exited with error: exit status 3/),
  'd-sleep-timeout': failure(/function timed out: Task timed out after 3\.00 seconds/),
  'e-event-7MiB-body': failure(/function error: errorString: unexpected EOF/),
  'e-event-6MiB-plus-200': failure(/function error: errorString: unexpected EOF/),
  'e-event-6MiB-plus-101': failure(/function error: errorString: unexpected EOF/),
  'f-response-7MiB': failure(/function failed \(RIE 502\): Function\.ResponseSizeTooLarge: Response payload size \(7340100 bytes\)/),
  'f-response-6291557-bytes': failure(/Function\.ResponseSizeTooLarge/),
  'g-non-json-body': failure(/function error: SyntaxError: invalid character 'o' in literal null/),
  'g-empty-body': failure(/function error: errorString: EOF/),
  'g-get-no-body': failure(/function error: errorString: EOF/),
  // A result without statusCode: malformed for a REST API, the body itself for an HTTP API.
  'k-shorthand': { rest: { ...rest.failed, reason: /statusCode undefined is not an HTTP status/ }, http: { status: 200, body: wholeResult } },
});
for (const name of ['r-raw-runtime-rest-sample-event', 'r-raw-runtime-event-7MiB-body', 'r-raw-runtime-event-6MiB-plus-200', 'r-raw-runtime-event-6MiB-plus-101', 'r-raw-runtime-non-json-body', 'r-raw-runtime-empty-body']) {
  expectations[name] = { rest: { ...rest.failed, reason: /statusCode undefined/ }, http: { status: 200, body: wholeResult } };
}

describe('recorded RIE responses through the emulator', () => {
  let upstream = '';
  const emulators: Partial<Record<'1.0' | '2.0', { api: TestEmulator; lines: string[] }>> = {};
  before(async () => {
    upstream = await replayingRie();
    for (const payloadVersion of ['1.0', '2.0'] as const) {
      const lines: string[] = [];
      emulators[payloadVersion] = { api: await emulator([upstream], { payloadVersion }, (line) => lines.push(line)), lines };
    }
  });

  it('has an expectation for every recording', () => {
    assert.deepEqual(transcripts.filter((recorded) => !expectations[recorded.name]).map((recorded) => recorded.name), []);
  });

  for (const recorded of transcripts) {
    for (const [payloadVersion, side] of [['1.0', 'rest'], ['2.0', 'http']] as const) {
      it(`${recorded.name}, payload ${payloadVersion}`, async () => {
        const expected = expectations[recorded.name]?.[side];
        const running = emulators[payloadVersion];
        assert.ok(expected && running);
        const response = await fetch(`${running.api.base}/${recorded.name}`);
        const text = await response.text();
        assert.equal(response.status, expected.status, `${text}\n${running.lines.join("\n")}`);
        assert.equal(text, typeof expected.body === 'string' ? expected.body : expected.body(recorded));
        const line = running.lines.findLast((entry) => entry.startsWith(`GET /${recorded.name} `)) ?? '';
        if (expected.reason) assert.match(line, expected.reason);
        else assert.doesNotMatch(line, / error=/);
      });
    }
  }
});
