/**
 * RIE runs one invocation at a time and fails when a second arrives while one
 * runs, so each upstream carries at most one request. Requests wait in a
 * bounded queue for the next free upstream; past the bound they are refused.
 * The set of upstreams can change while requests run (a compose service
 * scaled up or down); a removed upstream finishes what it has, then leaves.
 * While held (RIE restarting on a new bootstrap), requests wait and none is sent.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { connectToRie, type InvocationResult, type RieConnection } from './rie-connection.ts';

type Invocation =
  | { readonly kind: 'answered'; readonly result: InvocationResult; readonly upstream: string }
  /** API Gateway stopped waiting; `queuedMs` of the wait was spent behind other invocations. */
  | { readonly kind: 'timed-out'; readonly queuedMs: number }
  | { readonly kind: 'unreachable'; readonly reason: string }
  | { readonly kind: 'queue-full' };

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
  /** When an upstream took it; until then it waits in the queue. */
  sentAt?: number;
  settle(invocation: Invocation): void;
}

export interface UpstreamPool {
  invoke(event: string, timeoutMs: number): Promise<Invocation>;
  /** Replaces the upstreams; returns true when the set changed. */
  setOrigins(origins: readonly string[]): boolean;
  /**
   * Resolves once no invocation runs on any upstream, those whose client has
   * stopped waiting included: RIE fails if a new one arrives while one runs.
   */
  whenIdle(): Promise<void>;
  /**
   * Sends nothing new until as many release() calls; resolves once nothing
   * runs. Requests that arrive meanwhile wait, their time-out running.
   */
  hold(): Promise<void>;
  /** Ends one hold; with none left, opens new connections and sends what waits. */
  release(): void;
  readonly origins: readonly string[];
  readonly size: number;
}

export function createUpstreamPool(initialOrigins: readonly string[], queueLimit: number): UpstreamPool {
  let origins = new Set<string>();
  let idle: string[] = [];
  const queue: Waiter[] = [];
  const connections = new Map<string, RieConnection>();
  let running = 0;
  let holds = 0;
  const idleWaiters: (() => void)[] = [];

  function connectionTo(origin: string): RieConnection {
    let connection = connections.get(origin);
    if (!connection) {
      connection = connectToRie(origin);
      connections.set(origin, connection);
    }
    return connection;
  }

  function disconnect(origin: string): void {
    connections.get(origin)?.close();
    connections.delete(origin);
  }

  function setOrigins(next: readonly string[]): boolean {
    const wanted = new Set(next);
    const changed = wanted.size !== origins.size || [...wanted].some((origin) => !origins.has(origin));
    if (!changed) return false;
    const busy = [...origins].filter((origin) => !idle.includes(origin));
    for (const origin of idle) if (!wanted.has(origin)) disconnect(origin);
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
    while (holds === 0 && idle.length > 0 && queue.length > 0) {
      const waiter = queue.shift();
      const origin = idle.shift();
      if (!waiter || !origin) return;
      waiter.sentAt = performance.now();
      send(origin, waiter.event).then(waiter.settle);
    }
  }

  /** Posts one event; the upstream counts as busy until RIE has answered, whoever still waits. */
  function send(origin: string, event: string): Promise<Invocation> {
    running++;
    return post(origin, connectionTo(origin), event).finally(() => {
      running--;
      if (origins.has(origin)) idle.push(origin);
      else disconnect(origin);
      drain();
      if (running === 0) for (const resolve of idleWaiters.splice(0)) resolve();
    });
  }

  function whenIdle(): Promise<void> {
    return running === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
  }

  setOrigins(initialOrigins);
  return {
    get size() {
      return origins.size;
    },
    get origins() {
      return [...origins];
    },
    setOrigins,
    whenIdle,
    hold() {
      holds++;
      return whenIdle();
    },
    release() {
      if (holds === 0) return;
      holds--;
      if (holds > 0) return;
      // The connections kept alive lead to the RIE that was stopped.
      for (const origin of [...connections.keys()]) disconnect(origin);
      drain();
    },
    invoke(event, timeoutMs) {
      if (origins.size === 0) return Promise.resolve({ kind: 'unreachable', reason: 'no upstream address' });
      if (queue.length >= queueLimit * origins.size) return Promise.resolve({ kind: 'queue-full' });
      return new Promise<Invocation>((resolve) => {
        // One deadline per request, queued or sent: API Gateway stops waiting at
        // its time-out, while RIE goes on with an invocation it has started.
        const queuedAt = performance.now();
        const timer = setTimeout(() => {
          const index = queue.indexOf(waiter);
          if (index !== -1) queue.splice(index, 1);
          resolve({ kind: 'timed-out', queuedMs: (waiter.sentAt ?? performance.now()) - queuedAt });
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

async function post(origin: string, connection: RieConnection, event: string): Promise<Invocation> {
  try {
    return { kind: 'answered', upstream: origin, result: await connection.invoke(event) };
  } catch (error) {
    return { kind: 'unreachable', reason: `${origin}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
