/**
 * Against a real registry: Debian's `docker-registry` (the CNCF distribution
 * registry), started here on 127.0.0.1; `.ci/run` installs it. The test pushes a
 * two-platform index through the registry's HTTP API, then resolves its tag.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { defaultRetryPolicy } from './fetch-with-retry.ts';
import { parseImageReference } from './image-reference.ts';
import { resolveImageDigest } from './registry-client.ts';
import { startDockerRegistry, type LocalRegistry } from '../../test/support/docker-registry.ts';
import { buildTestImage } from '../../test/support/oci-image.ts';

let registry: LocalRegistry;

before(async () => {
  registry = await startDockerRegistry();
});

describe('registry client against docker-registry', () => {
  it('returns exactly the digest the registry reports for a pushed multi-platform index', async () => {
    const image = buildTestImage(['amd64', 'arm64']);
    const reported = await registry.push('lambda/base', 'latest', image);

    const reference = parseImageReference(`${registry.host}/lambda/base:latest`);
    assert.ok(reference);
    const resolved = await resolveImageDigest(reference, defaultRetryPolicy);
    assert.equal(resolved.digest, reported);
    assert.equal(resolved.digest, image.index.digest);
    assert.deepEqual(
      resolved.platforms.map((entry) => [entry.platform, entry.digest]),
      [['linux/amd64', image.platformDigests['linux/amd64']], ['linux/arm64', image.platformDigests['linux/arm64']]],
    );
  });

  it('reads the platform of a single-manifest image from its config', async () => {
    const image = buildTestImage(['arm64']);
    const [manifest] = image.manifests;
    assert.ok(manifest);
    // The platform manifest alone, tagged: an image with no index.
    const reported = await registry.push('lambda/single', 'v1', { ...image, manifests: [], index: manifest });
    const reference = parseImageReference(`${registry.host}/lambda/single:v1`);
    assert.ok(reference);
    const resolved = await resolveImageDigest(reference, defaultRetryPolicy);
    assert.equal(resolved.digest, reported);
    assert.deepEqual(resolved.platforms, [{ platform: 'linux/arm64', digest: reported }]);
  });
});
