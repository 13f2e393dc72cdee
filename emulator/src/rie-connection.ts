/**
 * One kept-alive HTTP/1.1 connection to a RIE, carrying one invocation at a
 * time: all RIE allows. Node's http client took a third of the emulator's CPU
 * per request, so this one writes each request in a single piece and reads
 * the response the way RIE's Go server frames it: a status line and headers,
 * then a body sized by Content-Length, sent in chunks, or ended by closing
 * the connection.
 */
import { connect, type Socket } from 'node:net';

export interface InvocationResult {
  readonly status: number;
  readonly body: Buffer;
}

/**
 * Why an invocation got no answer. `delivered` is false only when the event
 * cannot have reached RIE (the connection was never made): then nothing runs
 * there. `timedOut`: no answer came within the deadline the caller gave.
 */
export class RieError extends Error {
  readonly delivered: boolean;
  readonly timedOut: boolean;
  constructor(message: string, delivered: boolean, timedOut = false) {
    super(message);
    this.delivered = delivered;
    this.timedOut = timedOut;
  }
}

export interface RieConnection {
  /**
   * Posts one event; rejects with a RieError, its reason in one line, when RIE
   * cannot be reached, breaks off, or has not answered within `deadlineMs`
   * (then the connection is closed: whatever RIE sends later is no answer).
   */
  invoke(event: string, deadlineMs?: number): Promise<InvocationResult>;
  /** Closes the connection now; an invocation in flight fails. */
  close(): void;
}

interface ParsedResponse extends InvocationResult {
  readonly keepAlive: boolean;
}

interface ResponseReader {
  /** Takes the next bytes; returns the response once it is complete. Throws on what is not HTTP/1.x. */
  feed(chunk: Buffer): ParsedResponse | undefined;
  /** The connection ended: the response, when its end was to be the connection's. */
  end(): ParsedResponse | undefined;
}

const invokePath = '/2015-03-31/functions/function/invocations';
/** More head than this is not RIE talking. */
const maxHeadBytes = 64 * 1024;
const empty = Buffer.alloc(0);

type Framing = 'head' | 'length' | 'to-close' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers';

export function createResponseReader(): ResponseReader {
  let pending: Buffer = empty;
  let framing: Framing = 'head';
  let status = 0;
  let keepAlive = true;
  /** Body bytes still due: of the whole body, or of the current chunk. */
  let remaining = 0;
  const body: Buffer[] = [];

  const complete = (): ParsedResponse => ({ status, body: Buffer.concat(body), keepAlive: keepAlive && pending.length === 0 });

  function takeLine(): string | undefined {
    const end = pending.indexOf('\r\n');
    if (end === -1) {
      if (pending.length > maxHeadBytes) throw new Error('response line too long');
      return undefined;
    }
    const line = pending.toString('latin1', 0, end);
    pending = pending.subarray(end + 2);
    return line;
  }

  function takeBody(): void {
    const taken = Math.min(remaining, pending.length);
    if (taken > 0) body.push(pending.subarray(0, taken));
    pending = pending.subarray(taken);
    remaining -= taken;
  }

  /** Reads a status line and headers once all have arrived; false while they have not. */
  function readHead(): boolean {
    const end = pending.indexOf('\r\n\r\n');
    if (end === -1) {
      if (pending.length > maxHeadBytes) throw new Error('response head too large');
      return false;
    }
    const [statusLine = '', ...headerLines] = pending.toString('latin1', 0, end).split('\r\n');
    pending = pending.subarray(end + 4);
    const parsed = /^HTTP\/1\.([01]) (\d{3})(?: |$)/.exec(statusLine);
    if (!parsed) throw new Error(`not an HTTP/1.x response: ${JSON.stringify(statusLine.slice(0, 40))}`);
    status = Number(parsed[2]);
    let length: number | undefined;
    let chunked = false;
    let connection = '';
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim().toLowerCase();
      if (name === 'content-length') {
        if (!/^\d+$/.test(value)) throw new Error(`bad Content-Length ${JSON.stringify(value)}`);
        length = Number(value);
      } else if (name === 'transfer-encoding') {
        chunked = value.split(',').at(-1)?.trim() === 'chunked';
      } else if (name === 'connection') {
        connection = value;
      }
    }
    keepAlive = parsed[1] === '1' ? !connection.includes('close') : connection.includes('keep-alive');
    // An interim answer (100 Continue) comes before the real one.
    if (status < 200) return true;
    if (status === 204 || status === 304) {
      framing = 'length';
      remaining = 0;
    } else if (chunked) {
      framing = 'chunk-size';
    } else if (length !== undefined) {
      framing = 'length';
      remaining = length;
    } else {
      framing = 'to-close';
      keepAlive = false;
    }
    return true;
  }

  function advance(): ParsedResponse | undefined {
    for (;;) {
      switch (framing) {
        case 'head':
          if (!readHead()) return undefined;
          break;
        case 'length':
          takeBody();
          return remaining === 0 ? complete() : undefined;
        case 'to-close':
          if (pending.length > 0) body.push(pending);
          pending = empty;
          return undefined;
        case 'chunk-size': {
          const line = takeLine();
          if (line === undefined) return undefined;
          const size = line.split(';')[0]?.trim() ?? '';
          if (!/^[0-9a-fA-F]{1,8}$/.test(size)) throw new Error(`bad chunk size ${JSON.stringify(size.slice(0, 20))}`);
          remaining = parseInt(size, 16);
          framing = remaining === 0 ? 'trailers' : 'chunk-data';
          break;
        }
        case 'chunk-data':
          takeBody();
          if (remaining > 0) return undefined;
          framing = 'chunk-end';
          break;
        case 'chunk-end': {
          const line = takeLine();
          if (line === undefined) return undefined;
          if (line !== '') throw new Error('chunk longer than its size');
          framing = 'chunk-size';
          break;
        }
        case 'trailers': {
          const line = takeLine();
          if (line === undefined) return undefined;
          if (line === '') return complete();
          break;
        }
      }
    }
  }

  return {
    feed(chunk) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      return advance();
    },
    end() {
      return framing === 'to-close' ? complete() : undefined;
    },
  };
}

interface InFlight {
  readonly socket: Socket;
  readonly reader: ResponseReader;
  readonly deadline: NodeJS.Timeout | undefined;
  resolve(result: InvocationResult): void;
  reject(error: RieError): void;
}

/** Host and port of an upstream origin, an IPv6 address without its brackets, as net.connect takes them. */
function addressOf(origin: string): { readonly host: string; readonly port: number } {
  const url = new URL(origin);
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 80) };
}

/**
 * Resolves true once RIE itself answers at `origin`, false after `withinMs`
 * (tried at least once). It asks for a path RIE does not serve and takes its
 * 404 as the sign: an accepted connection is not enough, as Docker's port
 * proxy accepts on a published port before RIE listens behind it. Nothing is
 * invoked: RIE invokes only on its one invocation path.
 */
export async function whenAnswering(origin: string, withinMs: number): Promise<boolean> {
  const until = performance.now() + withinMs;
  const { host, port } = addressOf(origin);
  for (;;) {
    const answered = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port });
      socket.setTimeout(1000, () => socket.destroy());
      socket.once('connect', () => socket.write(`GET /lambda-local-ready HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
      socket.once('data', (chunk: Buffer) => {
        socket.destroy();
        resolve(chunk.toString('latin1', 0, 7) === 'HTTP/1.');
      });
      socket.once('error', () => resolve(false));
      socket.once('close', () => resolve(false));
    });
    if (answered) return true;
    if (performance.now() + 50 >= until) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A bare connection to `origin`, kept open: RIE's server never closes an idle
 * one, so its closing means the RIE process behind it has exited. A release
 * waits for that before it looks for the restarted RIE, or it could find the
 * old one still accepting while it shuts down.
 */
export function watchForExit(origin: string): { whenExited(withinMs: number): Promise<boolean>; stop(): void } {
  const socket = connect(addressOf(origin));
  const exited = new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
  });
  socket.on('error', () => {});
  socket.on('data', () => {});
  return {
    async whenExited(withinMs) {
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), withinMs);
      });
      const result = await Promise.race([exited.then(() => true), gaveUp]);
      clearTimeout(timer);
      return result;
    },
    stop: () => socket.destroy(),
  };
}

export function connectToRie(origin: string): RieConnection {
  const url = new URL(origin);
  const { host, port } = addressOf(origin);
  const requestHead = `POST ${invokePath} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: `;
  let socket: Socket | undefined;
  let inFlight: InFlight | undefined;

  /** Whether the socket was ever connected: before that, no byte can have reached RIE. */
  const connected = new WeakSet<Socket>();

  function settle(outcome: InvocationResult | Error): void {
    const current = inFlight;
    inFlight = undefined;
    if (!current) return;
    clearTimeout(current.deadline);
    if (outcome instanceof RieError) current.reject(outcome);
    else if (outcome instanceof Error) current.reject(new RieError(outcome.message, connected.has(current.socket)));
    else current.resolve({ status: outcome.status, body: outcome.body });
  }

  function open(): Socket {
    const opened = connect({ host, port, noDelay: true });
    opened.once('connect', () => connected.add(opened));
    let failure: Error | undefined;
    opened.on('data', (chunk: Buffer) => {
      if (inFlight?.socket !== opened) {
        // RIE does not speak unasked; whatever this is, the connection cannot be trusted.
        opened.destroy();
        return;
      }
      let response: ParsedResponse | undefined;
      try {
        response = inFlight.reader.feed(chunk);
      } catch (error) {
        opened.destroy();
        settle(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (!response) return;
      if (!response.keepAlive) opened.destroy();
      settle(response);
    });
    opened.on('error', (error) => {
      failure = error;
    });
    opened.on('close', () => {
      if (socket === opened) socket = undefined;
      if (inFlight?.socket !== opened) return;
      settle(inFlight.reader.end() ?? failure ?? new Error('connection closed before the response ended'));
    });
    return opened;
  }

  return {
    invoke(event, deadlineMs) {
      if (inFlight) return Promise.reject(new RieError('an invocation is already running on this connection', false));
      if (!socket || !socket.writable || socket.readableEnded) {
        // Never opened, or RIE has closed its side since the last answer.
        socket?.destroy();
        socket = open();
      }
      const current = socket;
      return new Promise<InvocationResult>((resolve, reject) => {
        // RIE ends an invocation at the function's time-out; past the caller's
        // deadline no answer is coming, and the connection cannot be reused.
        const deadline =
          deadlineMs === undefined
            ? undefined
            : setTimeout(() => {
                current.destroy();
                settle(new RieError(`no answer within ${deadlineMs} ms`, connected.has(current), true));
              }, deadlineMs);
        inFlight = { socket: current, reader: createResponseReader(), deadline, resolve, reject };
        // Head and event in one write: one packet for small events, no Nagle wait.
        current.write(`${requestHead}${Buffer.byteLength(event)}\r\n\r\n${event}`);
      });
    },
    close() {
      socket?.destroy();
    },
  };
}
