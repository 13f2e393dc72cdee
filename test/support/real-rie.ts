/**
 * The recordings of the real RIE v1.29 and aws-lambda-go v1.54.0
 * (test/fixtures/real-rie/), and raw HTTP/1.1 on both sides of them: requests
 * rebuilt byte for byte, responses read as they were framed on the wire, and
 * recorded responses turned back into the exact bytes RIE sent. No HTTP library
 * sits between a test and these bytes, so header order and framing are seen as
 * they are.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { repoRoot } from './generate.ts';

const fixtures = path.join(repoRoot, 'test/fixtures/real-rie');

interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: readonly [string, string][];
  /** Null for a request sent without a body. */
  readonly body?: string | null;
  readonly bodyBytes?: number;
  readonly bodySha256?: string;
  readonly bodyDescription?: string;
  readonly sentAfterMs?: number;
  readonly clientClosedSocketAfterMs?: number;
}

interface RecordedResponse {
  readonly statusLine: string;
  readonly status: number;
  readonly headers: readonly [string, string][];
  readonly headerOrderWithDate: readonly string[];
  readonly framing: 'content-length' | 'chunked' | 'close';
  readonly chunkSizes?: readonly number[];
  readonly body?: string;
  readonly bodyBase64?: string;
  readonly bodyBytes?: number;
  readonly bodySha256?: string;
  readonly bodyFirst300?: string;
}

export interface Transcript {
  readonly name: string;
  readonly what: string;
  readonly rie: { readonly function: string; readonly freshRie: boolean; readonly AWS_LAMBDA_FUNCTION_TIMEOUT: string };
  readonly request: RecordedRequest;
  readonly response: RecordedResponse | null;
  readonly connection: { readonly outcome: 'complete-response' | 'server-closed' | 'client-closed-socket' };
  readonly elapsedMs: number;
  readonly rieExited: boolean;
  readonly exitStatus?: number;
  readonly functionReceivedBytes?: number | null;
  readonly runtimeReceivedBytes?: number;
}

export const transcripts: readonly Transcript[] = JSON.parse(readFileSync(path.join(fixtures, 'transcripts.json'), 'utf8'));

interface MarshalRecord {
  readonly name: string;
  readonly goValue: string;
  readonly jsonMarshalText: string;
  readonly lambdaStartWireText: string;
}

interface FieldRecord {
  readonly type: string;
  readonly field: string;
  readonly goType: string;
  readonly json: string;
  readonly omitempty: boolean;
  readonly tag: string;
}

export const marshalRecording: { readonly marshal: readonly MarshalRecord[]; readonly fields: readonly FieldRecord[] } = JSON.parse(
  readFileSync(path.join(fixtures, 'aws-lambda-go-marshal.json'), 'utf8'),
);

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A large body the recording keeps only as a size, a hash and a prefix: a run of
 * one character closed by `"}`. Rebuilt, then checked against the hash.
 */
function rebuildLarge(prefix: string, size: number, expectedSha: string): Buffer {
  const filler = prefix.at(-1) ?? '';
  const rebuilt = Buffer.from(`${prefix}${filler.repeat(size - prefix.length - 2)}"}`);
  if (sha256(rebuilt) !== expectedSha) throw new Error(`cannot rebuild a ${size}-byte body from ${JSON.stringify(prefix.slice(0, 40))}`);
  return rebuilt;
}

function requestBody(request: RecordedRequest): Buffer {
  if (request.body === null) return Buffer.alloc(0);
  if (request.body !== undefined) return Buffer.from(request.body);
  const { bodyBytes = 0, bodySha256 = '', bodyDescription = '' } = request;
  // The descriptions read `JSON event of N bytes: {"path":"/x","body":"aaa…"} (…)`.
  const prefix = /: (\{.*?aaa)…/.exec(bodyDescription)?.[1];
  if (!prefix) throw new Error(`cannot rebuild the request body described as ${bodyDescription}`);
  return rebuildLarge(prefix, bodyBytes, bodySha256);
}

export function responseBody(response: RecordedResponse): Buffer {
  if (response.body !== undefined) return Buffer.from(response.body);
  if (response.bodyBase64 !== undefined) return Buffer.from(response.bodyBase64, 'base64');
  return rebuildLarge(response.bodyFirst300 ?? '', response.bodyBytes ?? 0, response.bodySha256 ?? '');
}

/** The request exactly as recorded, with the Host header naming `host`. */
export function requestBytes(request: RecordedRequest, host: string): Buffer {
  const head = [`${request.method} ${request.path} HTTP/1.1`, ...request.headers.map(([name, value]) => `${name}: ${name === 'Host' ? host : value}`)];
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), requestBody(request)]);
}

/** The response exactly as RIE put it on the wire: header order, Date, framing and chunk sizes. */
export function responseBytes(response: RecordedResponse, date = new Date().toUTCString()): Buffer {
  const values = new Map(response.headers.map(([name, value]) => [name, value]));
  const head = [response.statusLine, ...response.headerOrderWithDate.map((name) => `${name}: ${name === 'Date' ? date : values.get(name)}`)];
  const body = responseBody(response);
  let framed = body;
  if (response.framing === 'chunked') {
    const parts: Buffer[] = [];
    let offset = 0;
    for (const size of response.chunkSizes ?? [body.length, 0]) {
      parts.push(Buffer.from(`${size.toString(16)}\r\n`), body.subarray(offset, offset + size), Buffer.from('\r\n'));
      offset += size;
    }
    framed = Buffer.concat(parts);
  }
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), framed]);
}

interface WireResponse {
  readonly statusLine: string;
  /** Names and values in wire order, Date included. */
  readonly headers: readonly [string, string][];
  readonly framing: 'content-length' | 'chunked' | 'close';
  readonly chunkSizes: readonly number[];
  readonly body: Buffer;
}

export interface Exchange {
  readonly response: WireResponse | undefined;
  readonly outcome: 'complete-response' | 'server-closed' | 'client-closed-socket';
  readonly elapsedMs: number;
}

/** Reads one response from `data`, or undefined while it is incomplete. */
export function parseWireResponse(data: Buffer, ended: boolean): WireResponse | undefined {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd === -1) return undefined;
  const [statusLine = '', ...lines] = data.toString('latin1', 0, headEnd).split('\r\n');
  const headers = lines.map((line): [string, string] => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]);
  const header = (name: string) => headers.find(([key]) => key.toLowerCase() === name)?.[1];
  const rest = data.subarray(headEnd + 4);
  const length = header('content-length');
  if (length !== undefined) {
    return rest.length >= Number(length) ? { statusLine, headers, framing: 'content-length', chunkSizes: [], body: rest.subarray(0, Number(length)) } : undefined;
  }
  if (header('transfer-encoding') === 'chunked') {
    if (!rest.subarray(-5).equals(Buffer.from('0\r\n\r\n'))) return undefined;
    const chunkSizes: number[] = [];
    const parts: Buffer[] = [];
    let offset = 0;
    for (;;) {
      const lineEnd = rest.indexOf('\r\n', offset);
      const size = parseInt(rest.toString('latin1', offset, lineEnd), 16);
      chunkSizes.push(size);
      if (size === 0) break;
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      offset = lineEnd + 2 + size + 2;
    }
    return { statusLine, headers, framing: 'chunked', chunkSizes, body: Buffer.concat(parts) };
  }
  return ended ? { statusLine, headers, framing: 'close', chunkSizes: [], body: rest } : undefined;
}

/** Writes `bytes` to 127.0.0.1:`port` and reads one response, as a plain TCP client. */
export function rawExchange(port: number, bytes: Buffer, options: { closeAfterMs?: number } = {}): Promise<Exchange> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect({ host: '127.0.0.1', port });
    const received: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (exchange: Omit<Exchange, 'elapsedMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(closer);
      socket.destroy();
      resolve({ ...exchange, elapsedMs: performance.now() - started });
    };
    const closer = options.closeAfterMs === undefined ? undefined : setTimeout(() => finish({ response: undefined, outcome: 'client-closed-socket' }), options.closeAfterMs);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      size += chunk.length;
      const response = parseWireResponse(Buffer.concat(received, size), false);
      if (response) finish({ response, outcome: 'complete-response' });
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      const response = size > 0 ? parseWireResponse(Buffer.concat(received, size), true) : undefined;
      finish({ response, outcome: response ? 'complete-response' : 'server-closed' });
    });
  });
}
