/**
 * Picks the RIE release to pin: the highest non-draft, non-prerelease release
 * (within a semver range when one is given), with the URL and sha256 of its
 * asset for each Lambda architecture. GitHub's own asset digest is used where
 * it has one; otherwise the asset is downloaded once and hashed as it streams.
 */
import { createHash } from 'node:crypto';
import semver from 'semver';
import { fetchWithRetry, type RetryPolicy } from './fetch-with-retry.ts';
import { LookupError } from '../errors.ts';
import { describeGitHubError, type GitHub } from './github-client.ts';
import { lambdaArchs, type LambdaArch } from './lambda-arch.ts';
import { isSha256Digest, type RieAssetPin, type RiePin } from './pins.ts';

interface RieReleaseSettings {
  readonly owner: string;
  readonly repo: string;
  /** Asset name with `{arch}` for the Lambda architecture. */
  readonly assetPattern: string;
  /** A semver range the release must satisfy, e.g. `~1.33`. */
  readonly range: string | undefined;
}

interface ReleaseAsset {
  readonly name: string;
  readonly browser_download_url: string;
  readonly digest?: string | null;
}

interface Release {
  readonly tag_name: string;
  readonly draft: boolean;
  readonly prerelease: boolean;
  readonly assets: readonly ReleaseAsset[];
}

async function sha256OfDownload(url: string, policy: RetryPolicy): Promise<string> {
  const { response, body } = await fetchWithRetry(url, {}, policy, `RIE asset ${url}`, async (answer) => {
    const hash = createHash('sha256');
    if (answer.body) for await (const chunk of answer.body) hash.update(chunk);
    return hash.digest('hex');
  });
  if (!response.ok) throw new LookupError(`RIE asset ${url}: HTTP ${response.status}`);
  return body;
}

async function assetPin(release: Release, name: string, policy: RetryPolicy, what: string): Promise<RieAssetPin> {
  const asset = release.assets.find((candidate) => candidate.name === name);
  if (!asset) {
    const names = release.assets.map((candidate) => candidate.name).join(', ') || 'none';
    throw new LookupError(`${what}: release ${release.tag_name} has no asset ${name} (it has: ${names})`);
  }
  if (typeof asset.digest === 'string') {
    if (!isSha256Digest(asset.digest)) throw new LookupError(`${what}: asset ${name} has digest ${JSON.stringify(asset.digest.slice(0, 80))}, not "sha256:" and 64 hex digits`);
    return { url: asset.browser_download_url, sha256: asset.digest.slice('sha256:'.length) };
  }
  return { url: asset.browser_download_url, sha256: await sha256OfDownload(asset.browser_download_url, policy) };
}

export async function resolveRieRelease(github: GitHub, settings: RieReleaseSettings, policy: RetryPolicy): Promise<RiePin> {
  const what = `GitHub releases of ${settings.owner}/${settings.repo}`;
  let releases: Release[];
  try {
    releases = await github.paginate(github.rest.repos.listReleases, { owner: settings.owner, repo: settings.repo, per_page: 100 });
  } catch (error) {
    throw describeGitHubError(error, what);
  }
  // Tags are `v1.35`-style, so versions are coerced.
  const published = releases
    .filter((release) => typeof release.tag_name === 'string' && Array.isArray(release.assets))
    .filter((release) => !release.draft && !release.prerelease)
    .map((release) => ({ release, version: semver.coerce(release.tag_name) }))
    .filter((candidate): candidate is { release: Release; version: semver.SemVer } => candidate.version !== null)
    .sort((a, b) => semver.rcompare(a.version, b.version));
  const chosen = settings.range === undefined ? published[0] : published.find((candidate) => semver.satisfies(candidate.version, settings.range ?? '*'));
  if (!chosen) {
    const newest = published.slice(0, 5).map((candidate) => candidate.release.tag_name).join(', ') || 'none';
    const wanted = settings.range === undefined ? 'published release' : `release in --rie-version ${settings.range}`;
    throw new LookupError(`${what}: no ${wanted}; newest: ${newest}`);
  }
  const assets: Partial<Record<LambdaArch, RieAssetPin>> = {};
  for (const arch of lambdaArchs) {
    assets[arch] = await assetPin(chosen.release, settings.assetPattern.replace('{arch}', arch), policy, what);
  }
  return { version: chosen.release.tag_name, assets: assets as Record<LambdaArch, RieAssetPin> };
}
