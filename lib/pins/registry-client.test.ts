import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RetryPolicy } from './fetch-with-retry.ts';
import { parseImageReference, type ImageReference } from './image-reference.ts';
import { parseBearerChallenge, registryBaseUrl, resolveImageDigest } from './registry-client.ts';
import { closedPort, loopbackServer, type Handler } from '../../test/support/loopback-server.ts';
import { buildTestImage } from '../../test/support/oci-image.ts';

const fastPolicy: RetryPolicy = { attempts: 3, timeoutMs: 500, backoffMs: 10, maxRetryAfterMs: 1000 };

function reference(text: string): ImageReference {
  const image = parseImageReference(text);
  if (!image) throw new Error(`bad test reference ${text}`);
  return image;
}

/** A registry that wants a Bearer token, challenging with another repository's scope, as some do. */
async function tokenRegistry(options: { digestHeader?: (digest: string) => string | undefined; before?: Handler } = {}) {
  const image = buildTestImage(['amd64', 'arm64']);
  const seen = { scopes: [] as string[], unauthorised: 0 };
  let origin = '';
  origin = await loopbackServer((request, response, body) => {
    if (options.before && !response.headersSent) {
      options.before(request, response, body);
      if (response.headersSent || response.writableEnded) return;
    }
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname === '/token') {
      seen.scopes.push(url.searchParams.get('scope') ?? '');
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'secret-pull-token' }));
      return;
    }
    if (request.headers.authorization !== 'Bearer secret-pull-token') {
      seen.unauthorised++;
      response
        .writeHead(401, { 'www-authenticate': `Bearer realm="${origin}/token",service="test-registry",scope="repository:someone/else:pull"` })
        .end();
      return;
    }
    const reference = url.pathname.split('/manifests/')[1];
    const header = options.digestHeader ? options.digestHeader(image.index.digest) : image.index.digest;
    // A lying registry serves its bytes under the digest it announced, too.
    const served = new Set(['latest', image.index.digest, header]);
    if (url.pathname.startsWith('/v2/lambda/base/manifests/') && reference !== undefined && served.has(reference)) {
      response.writeHead(200, {
        'content-type': image.index.mediaType,
        ...(header === undefined ? {} : { 'docker-content-digest': header }),
      });
      response.end(request.method === 'HEAD' ? undefined : image.index.bytes);
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
  });
  return { image, seen, ref: reference(`${origin.replace('http://', '')}/lambda/base:latest`) };
}

describe('registry client', () => {
  it('maps registry names to where Docker connects', () => {
    assert.equal(registryBaseUrl('docker.io'), 'https://registry-1.docker.io');
    assert.equal(registryBaseUrl('ghcr.io'), 'https://ghcr.io');
    assert.equal(registryBaseUrl('public.ecr.aws'), 'https://public.ecr.aws');
    assert.equal(registryBaseUrl('localhost:5000'), 'http://localhost:5000');
    assert.equal(registryBaseUrl('127.0.0.1:5000'), 'http://127.0.0.1:5000');
    assert.equal(reference('node:24-alpine').repository, 'library/node');
    assert.equal(reference('ghcr.io/northwood-labs/lambda-provided-al2023:latest').repository, 'northwood-labs/lambda-provided-al2023');
  });

  it('parses Bearer challenges as ghcr.io and Docker Hub send them', () => {
    assert.deepEqual(parseBearerChallenge('Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:user/image:pull"'), {
      realm: 'https://ghcr.io/token',
      service: 'ghcr.io',
      scope: 'repository:user/image:pull',
    });
    assert.equal(parseBearerChallenge('Basic realm="x"'), undefined);
  });

  it('follows the Bearer challenge, asks for its own scope, and pins the index with its platforms', async () => {
    const { image, seen, ref } = await tokenRegistry();
    const resolved = await resolveImageDigest(ref, fastPolicy);
    assert.equal(resolved.digest, image.index.digest);
    assert.deepEqual(resolved.platforms, [
      { platform: 'linux/amd64', digest: image.platformDigests['linux/amd64'] },
      { platform: 'linux/arm64', digest: image.platformDigests['linux/arm64'] },
    ]);
    assert.deepEqual(seen.scopes, ['repository:lambda/base:pull']);
  });

  it('hashes the manifest bytes when the registry sends no Docker-Content-Digest', async () => {
    const { image, ref } = await tokenRegistry({ digestHeader: () => undefined });
    assert.equal((await resolveImageDigest(ref, fastPolicy)).digest, image.index.digest);
  });

  it('refuses a digest header that is not sha256 and 64 hex digits, or that the bytes contradict', async () => {
    const bad = await tokenRegistry({ digestHeader: () => 'sha256:abc RUN curl evil' });
    await assert.rejects(resolveImageDigest(bad.ref, fastPolicy), /Docker-Content-Digest .* is not "sha256:" and 64 hex digits/);
    const other = await tokenRegistry({ digestHeader: () => `sha256:${'0'.repeat(64)}` });
    await assert.rejects(resolveImageDigest(other.ref, fastPolicy), /the manifest's bytes hash to sha256:[0-9a-f]{64}, not the announced sha256:0{64}/);
  });

  it('retries 5xx and succeeds within the bound', async () => {
    let failures = 2;
    const { image, ref } = await tokenRegistry({
      before: (_request, response) => {
        if (failures-- > 0) response.writeHead(503).end();
      },
    });
    assert.equal((await resolveImageDigest(ref, fastPolicy)).digest, image.index.digest);
  });

  it('gives up after the bound with one message naming the registry and image', async () => {
    const { ref } = await tokenRegistry({ before: (_request, response) => void response.writeHead(500).end() });
    await assert.rejects(resolveImageDigest(ref, fastPolicy), (error: Error) => {
      assert.match(error.message, /^registry 127\.0\.0\.1:\d+, image 127\.0\.0\.1:\d+\/lambda\/base:latest: HTTP 500 \(3 attempts\)$/);
      return true;
    });
  });

  it('reports a missing tag, malformed JSON, a refused connection and a registry that never answers', async () => {
    const missing = await tokenRegistry();
    await assert.rejects(resolveImageDigest({ ...missing.ref, tag: 'nope' }, fastPolicy), /no such repository or tag \(HTTP 404\)/);

    const garbled = await loopbackServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/vnd.oci.image.index.v1+json' }).end(request.method === 'HEAD' ? undefined : '{not json');
    });
    await assert.rejects(resolveImageDigest(reference(`${garbled.replace('http://', '')}/x/y:1`), fastPolicy), /malformed JSON/);

    const port = await closedPort();
    await assert.rejects(resolveImageDigest(reference(`127.0.0.1:${port}/x/y:1`), fastPolicy), /ECONNREFUSED \(3 attempts\)/);

    const silent = await loopbackServer(() => {});
    const started = performance.now();
    await assert.rejects(resolveImageDigest(reference(`${silent.replace('http://', '')}/x/y:1`), fastPolicy), /no answer in time \(3 attempts\)/);
    assert.ok(performance.now() - started < 5000, 'bounded by attempts × time-out');
  });

  it('never puts the pull token in an error', async () => {
    const { ref } = await tokenRegistry({
      before: (request, response) => {
        if (request.headers.authorization) response.writeHead(403).end('{"errors":[{"code":"DENIED"}]}');
      },
    });
    await assert.rejects(resolveImageDigest(ref, fastPolicy), (error: Error) => {
      assert.doesNotMatch(error.message + String(error.stack), /secret-pull-token/);
      assert.match(error.message, /HTTP 403/);
      return true;
    });
  });
});

describe('manifests over 4 MiB', () => {
  const cap = 4 * 1024 * 1024;
  /** A registry that serves `body` as the index of every tag, without Docker-Content-Digest, as some mirrors do. */
  async function servingIndex(body: Buffer) {
    const origin = await loopbackServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/vnd.oci.image.index.v1+json' }).end(request.method === 'HEAD' ? undefined : body);
    });
    return reference(`${origin.replace('http://', '')}/lambda/base:latest`);
  }

  it('reads one of exactly 4 MiB, and refuses one byte more', async () => {
    const image = buildTestImage(['amd64']);
    const padded = (size: number) => Buffer.concat([image.index.bytes, Buffer.alloc(size - image.index.bytes.length, ' ')]);
    const resolved = await resolveImageDigest(await servingIndex(padded(cap)), fastPolicy);
    assert.equal(resolved.platforms.length, 1);
    await assert.rejects(resolveImageDigest(await servingIndex(padded(cap + 1)), fastPolicy), /: the manifest is over 4 MiB \(the limit\); refused$/);
  });

  it('refuses a declared Content-Length over the limit without waiting for the body', async () => {
    const origin = await loopbackServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/vnd.oci.image.index.v1+json', 'content-length': String(200 * 1024 * 1024) });
      if (request.method === 'HEAD') response.end();
      else response.write('{"manifests":['); // and nothing more: a client that waits for the rest waits for ever
    });
    const started = performance.now();
    await assert.rejects(resolveImageDigest(reference(`${origin.replace('http://', '')}/x/y:1`), { ...fastPolicy, timeoutMs: 5000 }), /: the manifest is over 4 MiB \(the limit\); refused$/);
    assert.ok(performance.now() - started < 2000, 'refused at the headers, not at the time-out');
  });

  it('stops reading an endless manifest at the limit and closes the connection', async () => {
    let written = 0;
    let closed = false;
    const origin = await loopbackServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/vnd.oci.image.index.v1+json' });
      if (request.method === 'HEAD') return void response.end();
      response.on('close', () => (closed = true));
      const chunk = Buffer.alloc(64 * 1024, ' ');
      // Writes only as fast as the client reads: what it writes is what the client took, plus the sockets' buffers.
      const more = () => {
        while (!closed && written < 1024 * 1024 * 1024) {
          written += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', more);
        }
      };
      more();
    });
    const started = performance.now();
    await assert.rejects(resolveImageDigest(reference(`${origin.replace('http://', '')}/x/y:1`), { ...fastPolicy, timeoutMs: 10_000 }), /: the manifest is over 4 MiB \(the limit\); refused$/);
    assert.ok(performance.now() - started < 5000, 'refused at the limit, not at the time-out');
    for (let wait = 0; !closed && wait < 100; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(closed, 'the client closed the connection');
    assert.ok(written < cap + 16 * 1024 * 1024, `the server wrote ${written} bytes: no more than the limit and the sockets' buffers`);
  });
});
