/**
 * Pins read back from `.yo-rc.json` are checked as strictly as live ones: they
 * end up in `FROM` and `ADD` lines, so a hand edit must not be able to break
 * out of one.
 */
import { InvalidInputError, notAllowed } from '../errors.ts';
import { imageKey, parseImageReference } from './image-reference.ts';
import { isGoModuleVersion } from './go-module.ts';
import { isJsonObject } from './json-object.ts';
import { lambdaArchs } from './lambda-arch.ts';
import { isSha256Digest, isSha256Hex, type ImagePin, type Pins, type RieAssetPin, type Sha256Digest } from './pins.ts';
import { rieAssetPattern, rieRepository } from './shipped-pins.ts';

const safeUrl = /^https?:\/\/[A-Za-z0-9._~:/?#@!$&'()*+,;=%-]+$/;
const releaseTag = /^[A-Za-z0-9._-]{1,64}$/;
const goModulePath = /^[a-z0-9.-]+\.[a-z]+(\/[A-Za-z0-9._~-]+)+$/;

function fail(where: string, value: unknown, allowed: string): never {
  throw new InvalidInputError(notAllowed(where, value, allowed));
}

/** A pin of the image `key` (`name:tag`): its own name and tag must say the same, or another image's digest would go into FROM. */
function checkImagePin(value: unknown, where: string, key: string): ImagePin {
  if (!isJsonObject(value)) fail(where, value, 'an object with name, tag and digest');
  const { name, tag, digest } = value;
  if (typeof name !== 'string' || typeof tag !== 'string' || !parseImageReference(`${name}:${tag}`)) {
    fail(`${where}.name/tag`, `${String(name)}:${String(tag)}`, 'an image reference name:tag');
  }
  const [recorded, keyed] = [parseImageReference(`${name}:${tag}`), parseImageReference(key)];
  if (!recorded || !keyed || imageKey(recorded) !== imageKey(keyed)) fail(`${where}.name/tag`, `${name}:${tag}`, `the image its key names, ${key}`);
  if (typeof digest !== 'string' || !isSha256Digest(digest)) fail(`${where}.digest`, digest, '"sha256:" and 64 lower-case hex digits');
  if (value.platforms === undefined) return { name, tag, digest };
  if (!isJsonObject(value.platforms)) fail(`${where}.platforms`, value.platforms, 'an object of platform → digest');
  const platforms: Record<string, Sha256Digest> = {};
  for (const [platform, platformDigest] of Object.entries(value.platforms)) {
    if (!/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(platform) || typeof platformDigest !== 'string' || !isSha256Digest(platformDigest)) {
      fail(`${where}.platforms["${platform}"]`, platformDigest, 'an os/arch platform with a "sha256:" digest');
    }
    platforms[platform] = platformDigest;
  }
  return { name, tag, digest, platforms };
}

/**
 * An RIE asset, which must be the RIE repository's release asset of `version`
 * for `arch`: GitHub's path `/owner/repo/releases/download/tag/name`. The host
 * is github.com, or a GitHub Enterprise host that serves the same path.
 */
function checkRieAsset(value: unknown, where: string, version: string, arch: string): RieAssetPin {
  if (!isJsonObject(value)) fail(where, value, 'an object with url and sha256');
  const { url, sha256 } = value;
  if (typeof url !== 'string' || !safeUrl.test(url)) fail(`${where}.url`, url, 'an http(s) URL without spaces or quotes');
  const releasePath = `/${rieRepository.owner}/${rieRepository.repo}/releases/download/${version}/${rieAssetPattern.replace('{arch}', arch)}`;
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || parsed.pathname !== releasePath || parsed.search !== '' || parsed.hash !== '' || parsed.username !== '' || parsed.password !== '') {
    fail(`${where}.url`, url, `https://github.com${releasePath}, the release asset of the RIE repository for ${version} (on github.com, or the same path on a GitHub Enterprise host)`);
  }
  if (typeof sha256 !== 'string' || !isSha256Hex(sha256)) fail(`${where}.sha256`, sha256, '64 lower-case hex digits');
  return { url, sha256 };
}

/** Validates a pins object from outside this process; `where` names its origin in errors. */
export function checkPins(value: unknown, where: string): Pins {
  if (!isJsonObject(value) || !isJsonObject(value.images) || !isJsonObject(value.rie) || !isJsonObject(value.rie.assets)) {
    fail(where, value, 'an object with images and rie.assets');
  }
  const images: Record<string, ImagePin> = {};
  for (const [key, pin] of Object.entries(value.images)) images[key] = checkImagePin(pin, `${where}.images["${key}"]`, key);
  const { version, assets } = value.rie;
  if (typeof version !== 'string' || !releaseTag.test(version)) fail(`${where}.rie.version`, version, 'a release tag such as v1.35');
  const checked = Object.fromEntries(lambdaArchs.map((arch) => [arch, checkRieAsset(assets[arch], `${where}.rie.assets.${arch}`, version, arch)]));
  const source = typeof value.source === 'string' ? value.source : where;
  // Pins stored before modules were pinned have none: the shipped ones fill in.
  const modules = value.goModules === undefined ? {} : value.goModules;
  if (!isJsonObject(modules)) fail(`${where}.goModules`, modules, 'an object of Go module path -> version');
  const goModules: Record<string, string> = {};
  for (const [module, moduleVersion] of Object.entries(modules)) {
    if (!goModulePath.test(module) || !isGoModuleVersion(moduleVersion)) {
      fail(`${where}.goModules["${module}"]`, moduleVersion, 'a Go module version such as v1.2.3, a pseudo-version, or a 40-hex commit');
    }
    goModules[module] = moduleVersion;
  }
  return { images, rie: { version, assets: checked as Pins['rie']['assets'] }, source, goModules };
}
