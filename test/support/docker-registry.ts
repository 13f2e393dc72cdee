/**
 * Debian's `docker-registry` (the CNCF distribution registry) on 127.0.0.1 for
 * the tests, with storage in a temporary folder, plus the pushes of its HTTP API.
 * `.ci/run` installs the package; a test that needs it fails without it.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { closedPort } from './loopback-server.ts';
import type { Blob, TestImage } from './oci-image.ts';
import { scratchDir } from './scratch.ts';

export interface LocalRegistry {
  /** `127.0.0.1:port`. */
  readonly host: string;
  readonly origin: string;
  /** Pushes blobs, manifests and the index; returns the digest the registry reports for `repository:tag`. */
  push(repository: string, tag: string, image: TestImage): Promise<string>;
}

async function check(response: Response, what: string, expected: number): Promise<Response> {
  if (response.status !== expected) throw new Error(`docker-registry: ${what} answered ${response.status}: ${await response.text()}`);
  return response;
}

export async function startDockerRegistry(): Promise<LocalRegistry> {
  const dir = scratchDir('registry');
  const port = await closedPort();
  const config = path.join(dir, 'config.yml');
  writeFileSync(config, `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\nlog:\n  level: error\n`);
  const registry = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  // It must not keep the test file's process alive, and ends with it.
  registry.unref();
  process.once('exit', () => registry.kill());
  const origin = `http://127.0.0.1:${port}`;
  const failed = new Promise<never>((_resolve, reject) =>
    registry.on('error', (error) => reject(new Error(`docker-registry could not start (${error.message}); .ci/run installs it`))),
  );
  const ready = (async () => {
    for (let tries = 0; tries < 100; tries++) {
      if (await fetch(`${origin}/v2/`).then((response) => response.ok, () => false)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('docker-registry did not answer on /v2/ within 10 s');
  })();
  await Promise.race([ready, failed]);

  async function pushBlob(repository: string, item: Blob): Promise<void> {
    const started = await check(await fetch(`${origin}/v2/${repository}/blobs/uploads/`, { method: 'POST' }), 'upload start', 202);
    const location = new URL(started.headers.get('location') ?? '', origin);
    location.searchParams.set('digest', item.digest);
    await check(await fetch(location, { method: 'PUT', body: item.bytes, headers: { 'content-type': 'application/octet-stream' } }), `blob ${item.digest}`, 201);
  }

  async function pushManifest(repository: string, reference: string, item: Blob): Promise<string> {
    const put = await fetch(`${origin}/v2/${repository}/manifests/${reference}`, { method: 'PUT', body: item.bytes, headers: { 'content-type': item.mediaType } });
    await check(put, `manifest ${reference}`, 201);
    return put.headers.get('docker-content-digest') ?? '';
  }

  return {
    host: `127.0.0.1:${port}`,
    origin,
    async push(repository, tag, image) {
      for (const item of image.blobs) await pushBlob(repository, item);
      for (const item of image.manifests) await pushManifest(repository, item.digest, item);
      return pushManifest(repository, tag, image.index);
    },
  };
}
