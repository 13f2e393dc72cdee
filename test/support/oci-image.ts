/**
 * Builds small but complete OCI images in memory: config and layer blobs, one
 * manifest per platform, an index over them with an attestation entry as
 * BuildKit writes it (platform unknown/unknown).
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export interface Blob {
  readonly digest: `sha256:${string}`;
  readonly bytes: Buffer;
  readonly mediaType: string;
}

export function blob(bytes: Buffer, mediaType: string): Blob {
  return { digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, bytes, mediaType };
}

export const json = (value: unknown) => Buffer.from(JSON.stringify(value));
/** How a manifest or an index points at a blob. */
export const descriptor = (item: Blob, extra: object = {}) => ({ mediaType: item.mediaType, digest: item.digest, size: item.bytes.length, ...extra });

export interface TestImage {
  /** Every blob to upload before the manifests. */
  readonly blobs: readonly Blob[];
  /** Per-platform manifests and the attestation manifest, to push by digest. */
  readonly manifests: readonly Blob[];
  readonly index: Blob;
  /** Digest of each platform's manifest, by `os/arch`. */
  readonly platformDigests: Readonly<Record<string, string>>;
}

/** An image for each `arch[/variant]` given (`arm64/v8` as Docker's official images list arm64); a later `build` has other digests. */
export function buildTestImage(architectures: readonly string[], build = 1): TestImage {
  const blobs: Blob[] = [];
  const manifests: Blob[] = [];
  const entries: object[] = [];
  const platformDigests: Record<string, string> = {};
  for (const platform of architectures) {
    const [architecture = '', variant] = platform.split('/');
    const layer = blob(gzipSync(Buffer.from(`layer for ${platform}, build ${build}`)), 'application/vnd.oci.image.layer.v1.tar+gzip');
    const config = blob(json({ architecture, os: 'linux', ...(variant ? { variant } : {}), rootfs: { type: 'layers', diff_ids: [] } }), 'application/vnd.oci.image.config.v1+json');
    const manifest = blob(
      json({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: descriptor(config), layers: [descriptor(layer)] }),
      'application/vnd.oci.image.manifest.v1+json',
    );
    blobs.push(layer, config);
    manifests.push(manifest);
    entries.push(descriptor(manifest, { platform: { architecture, os: 'linux', ...(variant ? { variant } : {}) } }));
    platformDigests[`linux/${platform}`] = manifest.digest;
  }
  const statement = blob(json({ _type: 'https://in-toto.io/Statement/v0.1' }), 'application/vnd.in-toto+json');
  const emptyConfig = blob(json({}), 'application/vnd.oci.image.config.v1+json');
  const attestation = blob(
    json({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: descriptor(emptyConfig), layers: [descriptor(statement)] }),
    'application/vnd.oci.image.manifest.v1+json',
  );
  blobs.push(statement, emptyConfig);
  manifests.push(attestation);
  entries.push(
    descriptor(attestation, {
      platform: { architecture: 'unknown', os: 'unknown' },
      annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': manifests[0]?.digest },
    }),
  );
  const index = blob(json({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: entries }), 'application/vnd.oci.image.index.v1+json');
  return { blobs, manifests, index, platformDigests };
}
