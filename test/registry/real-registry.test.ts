/**
 * Against a real registry: Debian's `docker-registry` (the CNCF distribution
 * registry), started here on 127.0.0.1; `.ci/run` installs it. The test pushes a
 * two-platform index through the registry's HTTP API, then resolves its tag.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultRetryPolicy } from '../../lib/fetch-with-retry.ts';
import { parseImageReference } from '../../lib/image-reference.ts';
import { resolveImageDigest } from '../../lib/registry-client.ts';
import { closedPort } from '../loopback-server.ts';
import { buildTestImage, type Blob } from './oci-image.ts';

let registry: ChildProcess | undefined;
let origin = '';

before(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lambda-local-registry-'));
  const port = await closedPort();
  const config = path.join(dir, 'config.yml');
  writeFileSync(config, `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\nlog:\n  level: error\n`);
  registry = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  const spawned = new Promise<never>((_resolve, reject) => registry?.on('error', (error) => reject(new Error(`docker-registry could not start (${error.message}); .ci/run installs it`))));
  origin = `http://127.0.0.1:${port}`;
  const ready = (async () => {
    for (let tries = 0; tries < 100; tries++) {
      const answered = await fetch(`${origin}/v2/`).then((response) => response.ok, () => false);
      if (answered) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('docker-registry did not answer on /v2/ within 10 s');
  })();
  await Promise.race([ready, spawned]);
});

after(() => registry?.kill());

async function pushBlob(repository: string, item: Blob): Promise<void> {
  const started = await fetch(`${origin}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  assert.equal(started.status, 202);
  const location = new URL(started.headers.get('location') ?? '', origin);
  location.searchParams.set('digest', item.digest);
  const put = await fetch(location, { method: 'PUT', body: item.bytes, headers: { 'content-type': 'application/octet-stream' } });
  assert.equal(put.status, 201, await put.text());
}

async function pushManifest(repository: string, reference: string, item: Blob): Promise<string> {
  const put = await fetch(`${origin}/v2/${repository}/manifests/${reference}`, { method: 'PUT', body: item.bytes, headers: { 'content-type': item.mediaType } });
  assert.equal(put.status, 201, await put.text());
  return put.headers.get('docker-content-digest') ?? '';
}

describe('registry client against docker-registry', () => {
  it('returns exactly the digest the registry reports for a pushed multi-platform index', async () => {
    const image = buildTestImage(['amd64', 'arm64']);
    for (const item of image.blobs) await pushBlob('lambda/base', item);
    for (const item of image.manifests) await pushManifest('lambda/base', item.digest, item);
    const reported = await pushManifest('lambda/base', 'latest', image.index);

    const reference = parseImageReference(`${origin.replace('http://', '')}/lambda/base:latest`);
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
    for (const item of image.blobs) await pushBlob('lambda/single', item);
    const [manifest] = image.manifests;
    assert.ok(manifest);
    const reported = await pushManifest('lambda/single', 'v1', manifest);
    const reference = parseImageReference(`${origin.replace('http://', '')}/lambda/single:v1`);
    assert.ok(reference);
    const resolved = await resolveImageDigest(reference, defaultRetryPolicy);
    assert.equal(resolved.digest, reported);
    assert.deepEqual(resolved.platforms, [{ platform: 'linux/arm64', digest: reported }]);
  });
});
