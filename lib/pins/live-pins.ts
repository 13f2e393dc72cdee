/**
 * Resolves every pin at the moment a run needs it: each image's digest from its
 * registry (or GitHub's Packages API), the RIE release from GitHub, each Go
 * module's version from the Go module proxy. The result passes the same checks
 * as pins read back from `.yo-rc.json`.
 */
import { checkPins } from './check-pins.ts';
import type { RetryPolicy } from './fetch-with-retry.ts';
import { LookupError } from '../errors.ts';
import { resolveGoModuleVersion } from './go-module.ts';
import { platformsMatch } from './platform.ts';
import { createGitHubClient, type GitHub } from './github-client.ts';
import { resolvePackageDigest } from './github-packages.ts';
import type { LookupProgress } from './lookup-progress.ts';
import type { DigestSource } from './lookup-settings.ts';
import { parseImageReference } from './image-reference.ts';
import type { ImagePin, PinRequest, Pins } from './pins.ts';
import { resolveImageDigest } from './registry-client.ts';
import { resolveRieRelease } from './rie-release.ts';
import { rieAssetPattern, rieRepository } from './shipped-pins.ts';

interface LivePinSettings {
  readonly githubApiUrl: string;
  readonly githubToken: string | undefined;
  /** Semver range the RIE release must satisfy. */
  readonly rieRange: string | undefined;
  readonly policy: RetryPolicy;
  readonly progress: LookupProgress;
  /** Read digests of images on `githubContainerRegistry` through GitHub's Packages API. */
  readonly digestSource: DigestSource;
  readonly githubContainerRegistry: string;
  /** The Go module proxy Go modules are resolved through. */
  readonly goProxy: string;
}

async function resolveImagePin(key: string, request: PinRequest, settings: LivePinSettings, github: GitHub): Promise<ImagePin> {
  const given = request.givenDigests?.[key];
  const parsed = parseImageReference(key);
  if (!parsed) throw new LookupError(`${key} is not an image reference`);
  const image = given ? { ...parsed, digest: given } : parsed;
  settings.progress.start(key);
  // A given digest is checked against the registry itself, which serves manifests by digest.
  if (!given && settings.digestSource === 'github-packages' && image.registry === settings.githubContainerRegistry) {
    if (!settings.githubToken) throw new LookupError(`--digest-source github-packages needs GITHUB_TOKEN (or GH_TOKEN) with read:packages, for ${key}`);
    // The Packages API names the digest only: no platforms to check.
    const digest = await resolvePackageDigest(github, image);
    settings.progress.done(key, `${digest} (GitHub Packages)`);
    return { name: image.name, tag: image.tag, digest };
  }
  const resolved = await resolveImageDigest(image, settings.policy);
  const platforms = Object.fromEntries(resolved.platforms.map((entry) => [entry.platform, entry.digest]));
  const { runtime } = request;
  // Whatever the index holds: an image the function cannot run on is refused, and so is one whose platforms cannot be read.
  if (key === runtime.image && !resolved.platforms.some(({ platform }) => platformsMatch(runtime.platform, platform))) {
    throw new LookupError(`image ${key} has no manifest for ${runtime.platform}; it has: ${Object.keys(platforms).join(', ') || 'none'}`);
  }
  settings.progress.done(key, resolved.digest);
  return { name: image.name, tag: image.tag, digest: resolved.digest, ...(resolved.platforms.length > 0 ? { platforms } : {}) };
}

export async function resolveLivePins(request: PinRequest, settings: LivePinSettings): Promise<Pins> {
  const github = createGitHubClient({ baseUrl: settings.githubApiUrl, token: settings.githubToken, policy: settings.policy });
  const rieLookup = `RIE release of ${rieRepository.owner}/${rieRepository.repo}`;
  settings.progress.start(rieLookup);
  const resolveModule = async (module: string) => {
    settings.progress.start(module);
    const version = await resolveGoModuleVersion(settings.goProxy, module, settings.policy);
    settings.progress.done(module, version);
    return [module, version] as const;
  };
  const [images, rie, goModules] = await Promise.all([
    Promise.all(request.images.map(async (key) => [key, await resolveImagePin(key, request, settings, github)] as const)),
    resolveRieRelease(github, { ...rieRepository, assetPattern: rieAssetPattern, range: settings.rieRange }, settings.policy).then((pin) => {
      settings.progress.done(rieLookup, pin.version);
      return pin;
    }),
    Promise.all(request.goModules.map(resolveModule)),
  ]).finally(() => settings.progress.stop());
  const source = `resolved live on ${new Date().toISOString().slice(0, 10)}`;
  return checkPins({ images: Object.fromEntries(images), rie, source, goModules: Object.fromEntries(goModules) }, 'live lookup');
}
