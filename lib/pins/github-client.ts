/**
 * Octokit as this generator uses it: retries and GitHub's rate-limit rules
 * (primary and secondary) within the run's bounds, a time-out on every request,
 * a token from the environment when there is one, and no logging of its own.
 */
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { RetryPolicy } from './fetch-with-retry.ts';
import { LookupError } from '../errors.ts';
import { packageVersion } from '../scaffold/package-root.ts';

const GitHubClient = Octokit.plugin(retry, throttling);
export type GitHub = InstanceType<typeof GitHubClient>;

export function createGitHubClient(options: { baseUrl: string; token: string | undefined; policy: RetryPolicy }): GitHub {
  const { baseUrl, token, policy } = options;
  const retries = policy.attempts - 1;
  // Retry when GitHub asks us to wait, if the wait fits the run's bound.
  const onLimit = (retryAfterSeconds: number, _options: object, _octokit: unknown, retryCount: number) =>
    retryCount < retries && retryAfterSeconds * 1000 <= policy.maxRetryAfterMs;
  const silent = () => {};
  return new GitHubClient({
    baseUrl,
    ...(token ? { auth: token } : {}),
    userAgent: `generator-lambda-local/${packageVersion}`,
    log: { debug: silent, info: silent, warn: silent, error: silent },
    request: {
      fetch: (url: string | URL, init?: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(policy.timeoutMs) }),
    },
    retry: { retries, retryAfterBaseValue: policy.backoffMs },
    throttle: { onRateLimit: onLimit, onSecondaryRateLimit: onLimit },
  });
}

function header(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** One line for a failed GitHub API call: what, where, and for a rate limit, until when. */
export function describeGitHubError(error: unknown, what: string): LookupError {
  if (!(error instanceof Error)) return new LookupError(`${what}: ${String(error)}`);
  const status = 'status' in error && typeof error.status === 'number' ? error.status : undefined;
  const headers = 'response' in error && typeof error.response === 'object' && error.response !== null && 'headers' in error.response ? error.response.headers : undefined;
  if ((status === 403 || status === 429) && header(headers, 'x-ratelimit-remaining') === '0') {
    const reset = Number(header(headers, 'x-ratelimit-reset'));
    const until = Number.isFinite(reset) ? ` until ${new Date(reset * 1000).toISOString()}` : '';
    return new LookupError(`${what}: GitHub API rate limit exhausted${until}; set GITHUB_TOKEN for a higher limit`);
  }
  // Octokit hands unparsable JSON back as text, and its paging then trips over it.
  if (status === undefined && error instanceof TypeError) return new LookupError(`${what}: the API answered with malformed JSON`);
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const reason = cause?.name === 'TimeoutError' ? 'no answer in time' : cause && 'code' in cause ? String(cause.code) : error.message.split(' - ')[0];
  return new LookupError(`${what}: ${status && status < 500 ? `HTTP ${status} ` : ''}${reason}`);
}
