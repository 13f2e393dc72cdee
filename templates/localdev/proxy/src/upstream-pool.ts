/**
 * RIE runs one invocation at a time and fails when a second arrives while one
 * runs, so each upstream carries at most one request. Requests wait in a
 * bounded queue for the next free upstream; past the bound they are refused.
 * The set of upstreams can change while requests run (a compose service
 * scaled up or down); a removed upstream finishes what it has, then leaves.
 */
import { lookup } from 'node:dns/promises';
import { Agent, request as httpRequest } from 'node:http';
import { isIP } from 'node:net';

export interface InvocationResult {
  readonly status: number;
  readonly body: Buffer;
}

export type Invocation =
  | { readonly kind: 'answered'; readonly result: InvocationResult; readonly upstream: string }
  | { readonly kind: 'timed-out' }
  | { readonly kind: 'unreachable'; readonly reason: string }
  | { readonly kind: 'queue-full' };

const invokePath = '/2015-03-31/functions/function/invocations';

/** Every address a configured upstream stands for: a scaled compose service has one per replica. */
export async function expandUpstreams(upstreams: readonly URL[]): Promise<string[]> {
  const expanded = new Set<string>();
  for (const upstream of upstreams) {
    const host = upstream.hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true });
    for (const { address, family } of addresses) {
      const url = new URL(upstream.href);
      url.hostname = family === 6 ? `[${address}]` : address;
      expanded.add(url.origin);
    }
  }
  return [...expanded];
}

interface Waiter {
  readonly event: string;
  settle(invocation: Invocation): void;
}

export interface UpstreamPool {
  invoke(event: string, timeoutMs: number): Promise<Invocation>;
  /** Replaces the upstreams; returns true when the set changed. */
  setOrigins(origins: readonly string[]): boolean;
  readonly size: number;
}

export function createUpstreamPool(initialOrigins: readonly string[], queueLimit: number): UpstreamPool {
  let origins = new Set<string>();
  let idle: string[] = [];
  const queue: Waiter[] = [];

  function setOrigins(next: readonly string[]): boolean {
    const wanted = new Set(next);
    const changed = wanted.size !== origins.size || [...wanted].some((origin) => !origins.has(origin));
    if (!changed) return false;
    const busy = [...origins].filter((origin) => !idle.includes(origin));
    idle = [...wanted].filter((origin) => !busy.includes(origin));
    origins = wanted;
    if (origins.size === 0) {
      // Nothing to wait for: every queued request fails now, as an unreachable RIE does.
      for (const waiter of queue.splice(0)) waiter.settle({ kind: 'unreachable', reason: 'no upstream address' });
    }
    drain();
    return true;
  }

  function drain(): void {
    while (idle.length > 0 && queue.length > 0) {
      const waiter = queue.shift();
      const origin = idle.shift();
      if (!waiter || !origin) return;
      send(origin, waiter.event).then(waiter.settle);
    }
  }

  /** Posts one event; the upstream counts as busy until RIE has answered, whoever still waits. */
  function send(origin: string, event: string): Promise<Invocation> {
    return post(origin, event).finally(() => {
      if (origins.has(origin)) idle.push(origin);
      drain();
    });
  }

  setOrigins(initialOrigins);
  return {
    get size() {
      return origins.size;
    },
    setOrigins,
    invoke(event, timeoutMs) {
      if (origins.size === 0) return Promise.resolve({ kind: 'unreachable', reason: 'no upstream address' });
      if (queue.length >= queueLimit * origins.size) return Promise.resolve({ kind: 'queue-full' });
      return new Promise<Invocation>((resolve) => {
        // One deadline per request, queued or sent: API Gateway stops waiting at
        // its time-out, while RIE goes on with an invocation it has started.
        const timer = setTimeout(() => {
          const index = queue.indexOf(waiter);
          if (index !== -1) queue.splice(index, 1);
          resolve({ kind: 'timed-out' });
        }, timeoutMs);
        const waiter: Waiter = {
          event,
          settle: (invocation) => {
            clearTimeout(timer);
            resolve(invocation);
          },
        };
        queue.push(waiter);
        drain();
      });
    },
  };
}

// One kept-alive socket per upstream is all RIE's one-at-a-time model needs.
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function post(origin: string, event: string): Promise<Invocation> {
  return new Promise((resolve) => {
    const request = httpRequest(`${origin}${invokePath}`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(event) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ kind: 'answered', upstream: origin, result: { status: response.statusCode ?? 0, body: Buffer.concat(chunks) } }),
      );
      response.on('error', (error) => resolve({ kind: 'unreachable', reason: `${origin}: ${describe(error)}` }));
    });
    request.on('error', (error) => resolve({ kind: 'unreachable', reason: `${origin}: ${describe(error)}` }));
    request.end(event);
  });
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
