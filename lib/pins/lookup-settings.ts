/**
 * The settings of the live lookups that the option table and a run need
 * before any lookup happens: where GitHub is, which token to use, where image
 * digests may be read, and what a RIE version range is. Light on purpose:
 * Octokit and the registry client load only when something is looked up.
 */
import validRange from 'semver/ranges/valid.js';

export const defaultGitHubApiUrl = 'https://api.github.com';

/** `GITHUB_TOKEN`, else `GH_TOKEN`, else none (anonymous, 60 requests an hour). */
export function githubTokenFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.GITHUB_TOKEN || env.GH_TOKEN || undefined;
}

/** Where image digests are read: the registry itself, or GitHub's Packages API for images on GitHub's registry. */
export const digestSources = ['registry', 'github-packages'] as const;
export type DigestSource = (typeof digestSources)[number];

export function isSemverRange(text: string): boolean {
  return validRange(text) !== null;
}
