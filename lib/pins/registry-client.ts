/**
 * Resolves an image tag to the digest a registry serves for it, over the OCI
 * distribution protocol: HEAD the manifest, answer a Bearer challenge with an
 * anonymous pull token when asked, read `Docker-Content-Digest`, then GET the
 * manifest by that digest (its bytes must hash to it) to learn its platforms.
 * A manifest is read up to 4 MiB and refused past it: a registry's answer is
 * not trusted to be small.
 */
import { createHash } from 'node:crypto';
import { fetchWithRetry, type RetryPolicy } from './fetch-with-retry.ts';
import { LookupError } from '../errors.ts';
import type { ImageReference } from './image-reference.ts';
import { isJsonObject } from './json-object.ts';
import { isSha256Digest, type Sha256Digest } from './pins.ts';

const indexTypes = ['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json'];
const manifestTypes = ['application/vnd.oci.image.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v2+json'];
const accept = [...indexTypes, ...manifestTypes].join(', ');

/** What a registry may send as a manifest or an image config: the limit distribution's own registry sets for manifests. */
export const manifestLimitBytes = 4 * 1024 * 1024;

interface PlatformDigest {
  /** `os/architecture[/variant]`, e.g. `linux/arm64`. */
  readonly platform: string;
  readonly digest: Sha256Digest;
}

interface ResolvedImage {
  readonly digest: Sha256Digest;
  /** Per-platform manifests of an index; a single-platform image lists its own. */
  readonly platforms: readonly PlatformDigest[];
}

/** Where Docker itself would connect for this registry name. */
export function registryBaseUrl(registry: string): string {
  if (registry === 'docker.io') return 'https://registry-1.docker.io';
  const host = registry.replace(/:\d+$/, '');
  const local = host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  return `${local ? 'http' : 'https'}://${registry}`;
}

/** Parses `Bearer realm="…",service="…",scope="…"`; undefined for any other scheme. */
export function parseBearerChallenge(header: string): Record<string, string> | undefined {
  const match = /^Bearer\s+(.*)$/i.exec(header.trim());
  if (!match?.[1]) return undefined;
  const parameters: Record<string, string> = {};
  for (const [, key, quoted, bare] of match[1].matchAll(/([a-zA-Z_]+)=(?:"([^"]*)"|([^,\s]*))/g)) {
    if (key) parameters[key.toLowerCase()] = quoted ?? bare ?? '';
  }
  return parameters.realm ? parameters : undefined;
}

function sha256Of(bytes: Buffer): Sha256Digest {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function parseJson(body: Buffer, what: string): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new LookupError(`${what}: the registry answered with malformed JSON`);
  }
}

/**
 * Reads a body up to `manifestLimitBytes`: a larger declared length is refused
 * at the headers, and a stream that runs past the limit is cancelled there,
 * which closes the connection. Error answers are not read.
 */
function readCapped(what: string) {
  return async (response: Response): Promise<Buffer> => {
    const tooLarge = () => new LookupError(`${what}: the manifest is over ${manifestLimitBytes / 1024 / 1024} MiB (the limit); refused`);
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (!response.ok || declared > manifestLimitBytes) {
      await response.body?.cancel();
      if (response.ok) throw tooLarge();
      return Buffer.alloc(0);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    // Leaving the loop early cancels the stream.
    for await (const chunk of response.body ?? []) {
      size += chunk.length;
      if (size > manifestLimitBytes) throw tooLarge();
      chunks.push(chunk);
    }
    return Buffer.concat(chunks);
  };
}

interface Session {
  readonly base: string;
  readonly image: ImageReference;
  readonly policy: RetryPolicy;
  readonly what: string;
  token?: string;
}

async function requestToken(session: Session, challenge: string): Promise<string> {
  const parameters = parseBearerChallenge(challenge);
  if (!parameters?.realm) throw new LookupError(`${session.what}: the registry asked for authentication it does not describe (${challenge.slice(0, 80)})`);
  const wanted = `repository:${session.image.repository}:pull`;
  // Some registries challenge with a scope of another repository, or none: ask for ours.
  const scope = parameters.scope?.split(' ').includes(wanted) ? parameters.scope : wanted;
  const url = new URL(parameters.realm);
  if (parameters.service) url.searchParams.set('service', parameters.service);
  url.searchParams.set('scope', scope);
  const { response, body } = await fetchWithRetry(url.href, {}, session.policy, `${session.what}: token from ${url.host}`);
  if (!response.ok) throw new LookupError(`${session.what}: token service ${url.host} answered HTTP ${response.status}`);
  const answer = parseJson(body, `${session.what}: token from ${url.host}`);
  const token = isJsonObject(answer) ? (answer.token ?? answer.access_token) : undefined;
  if (typeof token !== 'string' || token === '') throw new LookupError(`${session.what}: token service ${url.host} sent no token`);
  return token;
}

/** A manifest request, answering one Bearer challenge on the way. */
async function manifestRequest(session: Session, reference: string, method: 'HEAD' | 'GET') {
  const url = `${session.base}/v2/${session.image.repository}/manifests/${reference}`;
  for (let round = 0; round < 2; round++) {
    const headers: Record<string, string> = { accept };
    if (session.token) headers.authorization = `Bearer ${session.token}`;
    const result = await fetchWithRetry(url, { method, headers }, session.policy, session.what, readCapped(session.what));
    const challenge = result.response.headers.get('www-authenticate');
    if (result.response.status === 401 && challenge && !session.token) {
      session.token = await requestToken(session, challenge);
      continue;
    }
    if (result.response.status === 404) throw new LookupError(`${session.what}: no such repository or tag (HTTP 404)`);
    if (!result.response.ok) throw new LookupError(`${session.what}: HTTP ${result.response.status}`);
    return result;
  }
  throw new LookupError(`${session.what}: the registry refused the pull token (HTTP 401)`);
}

function platformOf(entry: Record<string, unknown>): string | undefined {
  const platform = entry.platform;
  if (!isJsonObject(platform) || typeof platform.os !== 'string' || typeof platform.architecture !== 'string') return undefined;
  const variant = typeof platform.variant === 'string' ? `/${platform.variant}` : '';
  return `${platform.os}/${platform.architecture}${variant}`;
}

async function singleManifestPlatform(session: Session, manifest: Record<string, unknown>): Promise<string | undefined> {
  const config = manifest.config;
  if (!isJsonObject(config) || typeof config.digest !== 'string' || !isSha256Digest(config.digest)) return undefined;
  const url = `${session.base}/v2/${session.image.repository}/blobs/${config.digest}`;
  const headers: Record<string, string> = session.token ? { authorization: `Bearer ${session.token}` } : {};
  const { response, body } = await fetchWithRetry(url, { headers }, session.policy, `${session.what}: image config`, readCapped(`${session.what}: image config`));
  if (!response.ok) return undefined;
  const image = parseJson(body, `${session.what}: image config`);
  return isJsonObject(image) && typeof image.os === 'string' && typeof image.architecture === 'string'
    ? `${image.os}/${image.architecture}`
    : undefined;
}

export async function resolveImageDigest(image: ImageReference, policy: RetryPolicy): Promise<ResolvedImage> {
  const session: Session = { base: registryBaseUrl(image.registry), image, policy, what: `registry ${image.registry}, image ${image.name}:${image.tag}` };
  // A digest given with the tag is asked for as such: the registry must serve that manifest.
  const head = await manifestRequest(session, image.digest ?? image.tag, 'HEAD');
  const announced = head.response.headers.get('docker-content-digest') ?? image.digest ?? null;
  if (announced !== null && !isSha256Digest(announced)) {
    throw new LookupError(`${session.what}: Docker-Content-Digest ${JSON.stringify(announced.slice(0, 80))} is not "sha256:" and 64 hex digits`);
  }
  if (image.digest && announced !== image.digest) {
    throw new LookupError(`${session.what}: asked for the given digest ${image.digest}, the registry answered ${announced}; refused`);
  }
  // By digest when we have it, so the manifest read is the one pinned even if the tag moves meanwhile.
  const { body } = await manifestRequest(session, announced ?? image.tag, 'GET');
  const digest = sha256Of(body);
  if (announced !== null && announced !== digest) {
    throw new LookupError(`${session.what}: the manifest's bytes hash to ${digest}, not the announced ${announced}`);
  }
  const manifest = parseJson(body, session.what);
  if (!isJsonObject(manifest)) throw new LookupError(`${session.what}: the manifest is not a JSON object`);
  const mediaType = typeof manifest.mediaType === 'string' ? manifest.mediaType : undefined;
  if ('manifests' in manifest || (mediaType !== undefined && indexTypes.includes(mediaType))) {
    if (!Array.isArray(manifest.manifests)) throw new LookupError(`${session.what}: the index's "manifests" is not a list; refused`);
    const platforms: PlatformDigest[] = [];
    for (const entry of manifest.manifests) {
      if (!isJsonObject(entry)) continue;
      const platform = platformOf(entry);
      // Attestations (provenance, SBOM) sit in indexes as unknown/unknown.
      if (!platform || platform === 'unknown/unknown') continue;
      if (typeof entry.digest !== 'string' || !isSha256Digest(entry.digest)) {
        const shown = JSON.stringify(typeof entry.digest === 'string' ? entry.digest.slice(0, 80) : entry.digest);
        throw new LookupError(`${session.what}: the index's entry for ${platform} has digest ${shown}, not "sha256:" and 64 hex digits; refused`);
      }
      platforms.push({ platform, digest: entry.digest });
    }
    return { digest, platforms };
  }
  if (!isJsonObject(manifest.config)) throw new LookupError(`${session.what}: the manifest is neither an image index nor an image manifest; refused`);
  const platform = await singleManifestPlatform(session, manifest);
  return { digest, platforms: platform ? [{ platform, digest }] : [] };
}
