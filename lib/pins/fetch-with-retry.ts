/**
 * HTTP with a time-out on every attempt and a bounded number of attempts, for
 * the lookups a run makes (registries, release assets). What fails for good
 * comes back as a `LookupError` saying what was asked and what went wrong.
 */

import { LookupError } from '../errors.ts';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** Time-out of one attempt, headers and body. */
  readonly timeoutMs: number;
  /** Wait before the second attempt; doubled for each further one. */
  readonly backoffMs: number;
  /** Longest `Retry-After` honoured; a longer one fails at once. */
  readonly maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 3, timeoutMs: 15_000, backoffMs: 500, maxRetryAfterMs: 30_000 };

interface Fetched<T> {
  readonly response: Response;
  readonly body: T;
}

/** Reads a whole body into memory: for manifests, tokens and API answers, which are small. */
const readWhole = async (response: Response): Promise<Buffer> => Buffer.from(await response.arrayBuffer());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'no answer in time';
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = cause && 'code' in cause ? String(cause.code) : undefined;
  return code ?? cause?.message ?? error.message;
}

/**
 * Fetches `url`, retrying connection failures, time-outs, 429 and 5xx. Any other
 * status is returned to the caller with its body as `consume` read it, within the
 * same attempt and time-out. `what` names the lookup in errors and must not
 * contain secrets.
 */
export function fetchWithRetry(url: string, init: RequestInit, policy: RetryPolicy, what: string): Promise<Fetched<Buffer>>;
export function fetchWithRetry<T>(
  url: string,
  init: RequestInit,
  policy: RetryPolicy,
  what: string,
  consume: (response: Response) => Promise<T>,
): Promise<Fetched<T>>;
export async function fetchWithRetry<T>(
  url: string,
  init: RequestInit,
  policy: RetryPolicy,
  what: string,
  consume?: (response: Response) => Promise<T>,
): Promise<Fetched<T | Buffer>> {
  let problem = '';
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    let wait = policy.backoffMs * 2 ** (attempt - 1);
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(policy.timeoutMs) });
      if (response.status !== 429 && response.status < 500) return { response, body: consume ? await consume(response) : await readWhole(response) };
      await response.body?.cancel();
      problem = `HTTP ${response.status}`;
      const asked = retryAfterMs(response);
      if (asked !== undefined) {
        if (asked > policy.maxRetryAfterMs) {
          throw new LookupError(`${what}: HTTP ${response.status}, asked to retry after ${Math.ceil(asked / 1000)} s`);
        }
        wait = Math.max(wait, asked);
      }
    } catch (error) {
      if (error instanceof LookupError) throw error;
      problem = causeOf(error);
    }
    if (attempt < policy.attempts) await sleep(wait);
  }
  throw new LookupError(`${what}: ${problem} (${policy.attempts} attempts)`);
}
