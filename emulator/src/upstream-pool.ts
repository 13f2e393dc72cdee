/**
 * RIE runs one invocation at a time and fails when a second arrives while one
 * runs, so each upstream carries at most one request, and an upstream that
 * carries one stays busy until RIE answers it, until the function's time-out
 * plus RIE's margin has passed, or until RIE's side closes the connection
 * (RIE has exited): nothing on the emulator's side frees it earlier, not a
 * release, not a lease. Requests wait in a bounded queue for the
 * next free upstream; past the bound they are refused. An upstream that
 * refuses connections leaves the rotation for a back-off and is tried again
 * in the background; with none left, requests fail at once. The set of
 * upstreams can change while requests run (a compose service scaled up or
 * down); a removed upstream finishes what it has, then leaves. While held (RIE
 * restarting on a new bootstrap), requests wait and none is sent.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { connectToRie, RieError, whenAnswering, type InvocationResult, type RieConnection } from './rie-connection.ts';

export type Invocation =
  /** `ranMs`: from sending the event to RIE's answer, the time queued left out. */
  | { readonly kind: 'answered'; readonly result: InvocationResult; readonly upstream: string; readonly ranMs: number }
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
  /** Answered, or its client stopped waiting. */
  settled: boolean;
  settle(invocation: Invocation): void;
}

/** An upstream out of the rotation: it refused a connection. */
interface Down {
  readonly reason: string;
  readonly backoffMs: number;
  readonly retry: NodeJS.Timeout;
}

export interface PoolOptions {
  /**
   * How long RIE may take to answer an invocation: the function's time-out plus
   * RIE's margin. Past it, the connection is closed and the upstream takes the
   * next one.
   */
  readonly answerWithinMs?: number;
  /** The first back-off of an upstream that refuses connections; it doubles up to maxBackoffMs. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
}

export interface UpstreamPool {
  invoke(event: string, timeoutMs: number): Promise<Invocation>;
  /** Whether invoke() would queue one more request now rather than answer queue-full. */
  hasRoom(): boolean;
  /** Replaces the upstreams; returns true when the set changed. */
  setOrigins(origins: readonly string[]): boolean;
  /**
   * Resolves once no invocation runs on any upstream, those whose client has
   * stopped waiting included: RIE fails if a new one arrives while one runs.
   */
  whenIdle(): Promise<void>;
  /**
   * Sends nothing new until release(); resolves once nothing runs. Requests
   * that arrive meanwhile wait, their time-out running. False, and nothing
   * changes, when a hold is already on.
   */
  hold(): Promise<void> | false;
  /**
   * Ends the hold: connections to the RIE that was restarted are dropped,
   * upstreams out of the rotation are tried again, and what waits is sent.
   * An upstream still busy stays busy until its invocation ends.
   */
  release(): void;
  /**
   * Stopping: every request still queued is answered now with `reason` (none
   * was sent, so nothing runs for it), and later ones at once; what runs goes
   * on until RIE answers. whenIdle() then waits for those alone.
   */
  close(reason: string): void;
  readonly origins: readonly string[];
  readonly size: number;
}

export function createUpstreamPool(initialOrigins: readonly string[], queueLimit: number, options: PoolOptions = {}): UpstreamPool {
  const answerWithinMs = options.answerWithinMs ?? 301_000;
  const firstBackoffMs = options.backoffMs ?? 250;
  const maxBackoffMs = options.maxBackoffMs ?? 5000;
  let origins = new Set<string>();
  /** Free upstreams, in the order they are used. */
  let idle: string[] = [];
  /** Upstreams carrying an invocation, those removed from `origins` meanwhile included: never idle. */
  const busy = new Set<string>();
  const down = new Map<string, Down>();
  /** Busy upstreams whose kept connection leads to a RIE since restarted: replaced once free. */
  const stale = new Set<string>();
  const queue: Waiter[] = [];
  const connections = new Map<string, RieConnection>();
  let held = false;
  /** Why the pool takes nothing more (it is stopping), once closed. */
  let closedBecause: string | undefined;
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

  /** Makes `origin` free for the next request, unless it carries one, is out of the rotation or already free. */
  function makeIdle(origin: string): void {
    if (origins.has(origin) && !busy.has(origin) && !down.has(origin) && !idle.includes(origin)) idle.push(origin);
  }

  /** With every upstream out of the rotation, nothing will take what waits: it fails now. */
  function failIfNoneLive(): void {
    if (down.size === 0 || origins.size === 0 || [...origins].some((origin) => !down.has(origin))) return;
    const reasons = [...down.values()].map((entry) => entry.reason).join('; ');
    for (const waiter of queue.splice(0)) waiter.settle({ kind: 'unreachable', reason: `no upstream accepts connections: ${reasons}` });
  }

  function setOrigins(next: readonly string[]): boolean {
    const wanted = new Set(next);
    const changed = wanted.size !== origins.size || [...wanted].some((origin) => !origins.has(origin));
    if (!changed) return false;
    for (const origin of idle) if (!wanted.has(origin)) disconnect(origin);
    for (const [origin, entry] of down) {
      if (wanted.has(origin)) continue;
      clearTimeout(entry.retry);
      down.delete(origin);
    }
    origins = wanted;
    idle = idle.filter((origin) => wanted.has(origin));
    for (const origin of wanted) makeIdle(origin);
    if (origins.size === 0) {
      // Nothing to wait for: every queued request fails now, as an unreachable RIE does.
      for (const waiter of queue.splice(0)) waiter.settle({ kind: 'unreachable', reason: 'no upstream address' });
    }
    failIfNoneLive();
    drain();
    return true;
  }

  function drain(): void {
    while (!held && idle.length > 0 && queue.length > 0) {
      const waiter = queue.shift();
      const origin = idle.shift();
      if (!waiter || !origin) return;
      waiter.sentAt = performance.now();
      busy.add(origin);
      void send(origin, waiter);
    }
  }

  /** The upstream takes the next request, or leaves when it was removed meanwhile. */
  function free(origin: string): void {
    busy.delete(origin);
    if (stale.delete(origin) || !origins.has(origin)) disconnect(origin);
    makeIdle(origin);
    drain();
    notifyIfIdle();
  }

  /** Wakes whoever waits for nothing to run (a hold, a stop). */
  function notifyIfIdle(): void {
    if (busy.size === 0) for (const resolve of idleWaiters.splice(0)) resolve();
  }

  /** Out of the rotation for a back-off; then asked for a path RIE does not serve, which is no invocation. */
  function takeOut(origin: string, reason: string, backoffMs: number): void {
    disconnect(origin);
    const entry: Down = {
      reason,
      backoffMs,
      retry: setTimeout(async () => {
        const answering = await whenAnswering(origin, 0);
        // A release or a new set of upstreams may have dealt with it meanwhile.
        if (down.get(origin) !== entry) return;
        if (answering) {
          down.delete(origin);
          makeIdle(origin);
          drain();
        } else {
          takeOut(origin, reason, Math.min(backoffMs * 2, maxBackoffMs));
        }
      }, backoffMs),
    };
    entry.retry.unref();
    down.set(origin, entry);
  }

  /** Posts one event. The upstream counts as busy until RIE has answered, whoever still waits. */
  async function send(origin: string, waiter: Waiter): Promise<void> {
    try {
      const sentAt = performance.now();
      const result = await connectionTo(origin).invoke(waiter.event, answerWithinMs);
      waiter.settle({ kind: 'answered', upstream: origin, result, ranMs: performance.now() - sentAt });
      free(origin);
    } catch (error) {
      const failure = error instanceof RieError ? error : new RieError(String(error), true);
      const reason = `${origin}: ${failure.message}`;
      if (!failure.delivered) {
        // The event never reached RIE: another upstream may take it.
        busy.delete(origin);
        takeOut(origin, reason, firstBackoffMs);
        delete waiter.sentAt;
        if (!waiter.settled) queue.unshift(waiter);
        failIfNoneLive();
        drain();
        notifyIfIdle();
        return;
      }
      disconnect(origin);
      if (failure.timedOut) {
        // Past the function's time-out and RIE's margin, RIE has ended the invocation.
        waiter.settle({ kind: 'unreachable', reason: `${origin}: RIE gave no answer within ${answerWithinMs} ms, the function's time-out and RIE's margin` });
        free(origin);
        return;
      }
      // The emulator never closes a connection that carries an invocation
      // before the deadline: RIE's side closed it, so RIE has exited (it
      // does on a second invocation) or never got it (a port proxy in
      // between found nothing listening). Nothing runs there. Should it be
      // gone, the next connection is refused, and that takes it out.
      waiter.settle({ kind: 'unreachable', reason });
      free(origin);
    }
  }

  function whenIdle(): Promise<void> {
    return busy.size === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
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
    hasRoom: () => queue.length < queueLimit * origins.size,
    hold() {
      if (held) return false;
      held = true;
      return whenIdle();
    },
    release() {
      if (!held) return;
      held = false;
      // The connections kept alive lead to the RIE that was stopped; a busy
      // one is replaced once its invocation has ended, never before.
      for (const origin of [...connections.keys()]) {
        if (busy.has(origin)) stale.add(origin);
        else disconnect(origin);
      }
      for (const [origin, entry] of down) {
        clearTimeout(entry.retry);
        down.delete(origin);
        makeIdle(origin);
      }
      drain();
    },
    close(reason) {
      closedBecause = reason;
      for (const waiter of queue.splice(0)) waiter.settle({ kind: 'unreachable', reason });
    },
    invoke(event, timeoutMs) {
      if (closedBecause !== undefined) return Promise.resolve({ kind: 'unreachable', reason: closedBecause });
      if (origins.size === 0) return Promise.resolve({ kind: 'unreachable', reason: 'no upstream address' });
      if (queue.length >= queueLimit * origins.size) return Promise.resolve({ kind: 'queue-full' });
      return new Promise<Invocation>((resolve) => {
        // One deadline per request, queued or sent: API Gateway stops waiting at
        // its time-out, while RIE goes on with an invocation it has started.
        const queuedAt = performance.now();
        const timer = setTimeout(() => {
          const index = queue.indexOf(waiter);
          if (index !== -1) queue.splice(index, 1);
          waiter.settled = true;
          resolve({ kind: 'timed-out', queuedMs: (waiter.sentAt ?? performance.now()) - queuedAt });
        }, timeoutMs);
        const waiter: Waiter = {
          event,
          settled: false,
          settle: (invocation) => {
            if (waiter.settled) return;
            waiter.settled = true;
            clearTimeout(timer);
            resolve(invocation);
          },
        };
        queue.push(waiter);
        failIfNoneLive();
        drain();
      });
    },
  };
}
