/**
 * Options that steer one run rather than describe the repo, so they are not
 * stored in `.yo-rc.json`: where pins come from and which RIE release may be pinned.
 */
import { defaultGitHubApiUrl } from '../../lib/github-client.ts';
import { parseImageReference } from '../../lib/image-reference.ts';
import { digestSources, type DigestSource } from '../../lib/live-pins.ts';
import { isSemverRange } from '../../lib/rie-release.ts';
import { refusal } from './answers.ts';
import { InvalidAnswerError } from './collect-answers.ts';

export interface RunOptions {
  readonly offline: boolean;
  readonly githubApiUrl: string;
  readonly rieRange: string | undefined;
  readonly digestSource: DigestSource;
  /** The registry whose images GitHub's Packages API knows: ghcr.io, or a GitHub Enterprise host's. */
  readonly githubContainerRegistry: string;
}

/** Option type for values: given twice, the last one wins, as in most command-line tools. */
export function lastValue(value: unknown): string {
  return String(Array.isArray(value) ? value.at(-1) : value);
}

export const runOptionSpecs = {
  offline: { type: Boolean, description: 'use the pins stored in .yo-rc.json, else those shipped with the generator; no network' },
  'github-api-url': { type: lastValue, description: `GitHub API for the RIE release (default: $GITHUB_API_URL, else ${defaultGitHubApiUrl})` },
  'rie-version': { type: lastValue, description: 'semver range the pinned RIE release must satisfy, e.g. ~1.33' },
  'digest-source': { type: lastValue, description: `where image digests are read: ${digestSources.join(' or ')} (the Packages API needs a token with read:packages)` },
  'github-container-registry': { type: lastValue, description: 'registry of GitHub container packages, for --digest-source github-packages (default: ghcr.io)' },
} as const;

export function parseRunOptions(options: Readonly<Record<string, unknown>>, env: NodeJS.ProcessEnv = process.env): RunOptions {
  const githubApiUrl = String(options['github-api-url'] ?? (env.GITHUB_API_URL || defaultGitHubApiUrl));
  if (!/^https?:\/\//.test(githubApiUrl) || !URL.canParse(githubApiUrl)) {
    throw new InvalidAnswerError(refusal('--github-api-url', githubApiUrl, 'an http or https URL such as https://api.github.com'));
  }
  const range = options['rie-version'];
  if (range !== undefined && (typeof range !== 'string' || !isSemverRange(range))) {
    throw new InvalidAnswerError(refusal('--rie-version', range, 'a semver range such as ~1.33 or >=1.30 <2'));
  }
  const digestSource = digestSources.find((source) => source === (options['digest-source'] ?? 'registry'));
  if (!digestSource) throw new InvalidAnswerError(refusal('--digest-source', options['digest-source'], digestSources.join(', ')));
  const githubContainerRegistry = String(options['github-container-registry'] ?? 'ghcr.io');
  if (parseImageReference(`${githubContainerRegistry}/owner/image`)?.registry !== githubContainerRegistry) {
    throw new InvalidAnswerError(refusal('--github-container-registry', githubContainerRegistry, 'a registry host such as ghcr.io or containers.github.example.com'));
  }
  return { offline: options.offline === true, githubApiUrl: githubApiUrl.replace(/\/+$/, ''), rieRange: range, digestSource, githubContainerRegistry };
}
