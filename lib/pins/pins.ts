/**
 * Pins: the exact bytes a generated repo builds from. Every image is pinned by
 * digest and the RIE release asset by sha256, so a build next year fetches what
 * was fetched today. Live resolution (registry protocol, GitHub releases)
 * produces the same shape; `--offline` uses what is stored in `.yo-rc.json`,
 * else the last-known-good values shipped in `shipped-pins.ts`.
 */
import { lambdaArchs, type LambdaArch } from './lambda-arch.ts';

export type Sha256Digest = `sha256:${string}`;

export interface ImagePin {
  /** Image name without tag, e.g. `ghcr.io/northwood-labs/lambda-provided-al2023`. */
  readonly name: string;
  readonly tag: string;
  /** Digest of the manifest (list) the tag pointed at. */
  readonly digest: Sha256Digest;
  /** Per-platform manifest digests (`linux/arm64` → digest), where the lookup read them. */
  readonly platforms?: Readonly<Record<string, Sha256Digest>>;
}

export interface RieAssetPin {
  readonly url: string;
  /** Hex sha256 of the asset's bytes. */
  readonly sha256: string;
}

export interface RiePin {
  /** Release tag as GitHub names it, e.g. `v1.35`. */
  readonly version: string;
  readonly assets: Readonly<Record<LambdaArch, RieAssetPin>>;
}

export interface Pins {
  /** Go modules a build installs, by module path: the version `go install` is given. */
  readonly goModules: Readonly<Record<string, string>>;
  /** `name:tag` → pin, for every image the templates use. */
  readonly images: Readonly<Record<string, ImagePin>>;
  readonly rie: RiePin;
  /** Where these pins came from and when, for the summary and the generated README. */
  readonly source: string;
}

/** What a repo needs pinned, derived from its answers. */
export interface PinRequest {
  /** `name:tag` of every image the templates use. */
  readonly images: readonly string[];
  /** The image that must have a manifest for the function's platform, and that platform. */
  readonly runtime: { readonly image: string; readonly platform: string };
  /** Go modules the Dockerfile installs. */
  readonly goModules: readonly string[];
  /** Digests given with an image (`name:tag@sha256:…`), by `name:tag`: pinned as given. */
  readonly givenDigests?: Readonly<Record<string, Sha256Digest>>;
}

const sha256Digest = /^sha256:[0-9a-f]{64}$/;
const sha256Hex = /^[0-9a-f]{64}$/;

export function isSha256Digest(value: string): value is Sha256Digest {
  return sha256Digest.test(value);
}

export function isSha256Hex(value: string): boolean {
  return sha256Hex.test(value);
}

/** Returns the pin of `name:tag`, or throws naming what is pinned instead. */
export function imagePin(pins: Pins, key: string): ImagePin {
  const pin = pins.images[key];
  if (!pin) {
    const known = Object.keys(pins.images).join(', ');
    throw new Error(`no digest is pinned for image ${key} (${pins.source} pins: ${known})`);
  }
  return pin;
}

const sortedEntries = <T>(record: Readonly<Record<string, T>>) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * The same pins with their keys in one order (images and platforms sorted),
 * whatever built them: stored in `.yo-rc.json`, a run that changes nothing
 * changes no byte there.
 */
export function canonicalPins(pins: Pins): Pins {
  const images = sortedEntries(pins.images).map(([key, pin]): [string, ImagePin] => [
    key,
    { name: pin.name, tag: pin.tag, digest: pin.digest, ...(pin.platforms ? { platforms: Object.fromEntries(sortedEntries(pin.platforms)) } : {}) },
  ]);
  const assets = Object.fromEntries(lambdaArchs.map((arch) => [arch, { url: pins.rie.assets[arch].url, sha256: pins.rie.assets[arch].sha256 }]));
  return {
    source: pins.source,
    images: Object.fromEntries(images),
    rie: { version: pins.rie.version, assets: assets as RiePin['assets'] },
    goModules: Object.fromEntries(sortedEntries(pins.goModules)),
  };
}
