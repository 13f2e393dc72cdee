/**
 * `generator-lambda-local` resolving its pins live, run as users run it (the
 * package's bin in a child process), against a registry and a GitHub API on
 * loopback standing in for ghcr.io, Docker Hub and api.github.com.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assetBytes, githubApi, sha256 } from './support/fake-github.ts';
import { listFiles, repoRoot } from './support/generate.ts';
import { closedPort } from './support/loopback-server.ts';
import { fakeGoProxy } from './support/fake-go-proxy.ts';
import { fakeRegistry } from './support/fake-registry.ts';
import { runInBackground } from './support/run-in-background.ts';
import { scratchDir } from './support/scratch.ts';

const token = 'ghp_livetokenthatmustnotleakanywhere0001';

async function generate(args: readonly string[]) {
  const cwd = scratchDir('live');
  const bin = path.join(repoRoot, 'bin/generator-lambda-local.ts');
  const result = await runInBackground(process.execPath, [bin, 'demo', '--yes', ...args], { cwd, env: { GITHUB_TOKEN: token, GH_TOKEN: '' } });
  return { cwd, result, output: result.stdout + result.stderr };
}

const downloadAssetVersion = 'v0.0.0-20261120101010-abcdef123456';

async function stands() {
  const registry = await fakeRegistry();
  const github = await githubApi();
  const goProxy = await fakeGoProxy({ 'github.com/northwood-labs/download-asset': [downloadAssetVersion] });
  const images = (base = 'lambda/base') => [
    '--go-proxy', goProxy.origin,
    '--base-image', `${registry.host}/${base}:latest`,
    '--node-image', `${registry.host}/library/node:24-alpine`,
    '--golang-image', `${registry.host}/library/golang:1-alpine`,
    '--dockerfile-syntax', `${registry.host}/docker/dockerfile:1`,
    '--github-api-url', github.origin,
  ];
  return { registry, github, images };
}

describe('live pins', () => {
  it('pins every image and the RIE release as the servers report them, and prints a summary', async () => {
    const { registry, github, images } = await stands();
    const { cwd, result, output } = await generate([...images(), '--rie-source', 'download-asset', '--arch', 'arm64']);
    assert.equal(result.status, 0, output);
    const dockerfile = readFileSync(path.join(cwd, 'demo/localdev/Dockerfile'), 'utf8');
    const indexDigest = registry.imageOf('lambda/base').index.digest;
    assert.match(dockerfile, new RegExp(`^FROM ${registry.host}/lambda/base:latest@${indexDigest}$`, 'm'));
    assert.match(dockerfile, new RegExp(`^FROM ${registry.host}/library/golang:1-alpine@${indexDigest} AS rie$`, 'm'));
    assert.match(dockerfile, new RegExp(`^# syntax=${registry.host}/docker/dockerfile:1@${indexDigest}$`, 'm'));
    assert.match(dockerfile, /--tag v1\.35 /);
    // download-asset receives the token: it is pinned to the version the Go proxy names, not @latest.
    assert.match(dockerfile, new RegExp(`^RUN go install github\\.com/northwood-labs/download-asset@${downloadAssetVersion}$`, 'm'));
    assert.ok(dockerfile.includes(sha256(assetBytes('v1.35/aws-lambda-rie-arm64'))));
    assert.ok(dockerfile.includes(sha256(assetBytes('v1.35/aws-lambda-rie-x86_64'))));
    const compose = readFileSync(path.join(cwd, 'demo/localdev/docker-compose.yml'), 'utf8');
    assert.match(compose, new RegExp(`image: ${registry.host}/library/node:24-alpine@${indexDigest}`));
    const stored = JSON.parse(readFileSync(path.join(cwd, 'demo/.yo-rc.json'), 'utf8'))['generator-lambda-local'];
    assert.equal(stored.pins.goModules['github.com/northwood-labs/download-asset'], downloadAssetVersion);
    assert.deepEqual(stored.pins.images[`${registry.host}/lambda/base:latest`].platforms, registry.imageOf('lambda/base').platformDigests);
    assert.match(stored.pins.source, /^resolved live on \d{4}-\d{2}-\d{2}$/);
    assert.deepEqual(github.seen.authorizations, [`token ${token}`, `token ${token}`]);
    assert.match(output, /image\s+tag\s+digest/);
    assert.match(output, new RegExp(`RIE v1\\.35\\s+x86_64\\s+sha256:${sha256(assetBytes('v1.35/aws-lambda-rie-x86_64')).slice(0, 12)}`));
    for (const file of listFiles(path.join(cwd, 'demo'))) {
      assert.doesNotMatch(readFileSync(path.join(cwd, 'demo', file), 'utf8'), new RegExp(token), `${file} holds the token`);
    }
    assert.doesNotMatch(output, new RegExp(token));
  });

  it('honours --rie-version', async () => {
    const { images } = await stands();
    const { cwd, result, output } = await generate([...images(), '--rie-version', '~1.33']);
    assert.equal(result.status, 0, output);
    assert.match(readFileSync(path.join(cwd, 'demo/localdev/Dockerfile'), 'utf8'), /\/download\/v1\.33\.2\/aws-lambda-rie-x86_64/);
  });

  it('takes an index listing arm64 as linux/arm64/v8 for --arch arm64, as Docker matches platforms', async () => {
    const { registry, images } = await stands();
    const { cwd, result, output } = await generate([...images('lambda/official-arm64-v8'), '--arch', 'arm64']);
    assert.equal(result.status, 0, output);
    const stored = JSON.parse(readFileSync(path.join(cwd, 'demo/.yo-rc.json'), 'utf8'))['generator-lambda-local'];
    assert.deepEqual(Object.keys(stored.pins.images[`${registry.host}/lambda/official-arm64-v8:latest`].platforms), ['linux/amd64', 'linux/arm64/v8']);
  });

  it('refuses a base image without a manifest for the function\'s architecture, naming what it has', async () => {
    const { registry, images } = await stands();
    const { cwd, result, output } = await generate([...images('lambda/amd64-only'), '--arch', 'arm64']);
    assert.equal(result.status, 1);
    assert.match(output, new RegExp(`image ${registry.host}/lambda/amd64-only:latest has no manifest for linux/arm64; it has: linux/amd64`));
    assert.deepEqual(listFiles(cwd), []);
  });

  it('fails with one message naming what failed and --offline, writing nothing, when GitHub cannot be reached', async () => {
    const { images } = await stands();
    const port = await closedPort();
    // Given twice, the last --github-api-url wins.
    const { cwd, result, output } = await generate([...images(), '--github-api-url', `http://127.0.0.1:${port}`]);
    assert.equal(result.status, 1);
    const last = result.stderr.trim().split('\n').at(-1) ?? '';
    assert.match(last, /^generator-lambda-local: GitHub releases of aws\/aws-lambda-runtime-interface-emulator: connect ECONNREFUSED .*\. Nothing was written; run again with the same answers: npx generator-lambda-local demo --module example\.com\/demo .* --yes \(or add --offline for the pins stored in \.yo-rc\.json or shipped with the generator\)$/);
    assert.deepEqual(listFiles(cwd), []);
    assert.doesNotMatch(output, new RegExp(token));
  });

  it('refuses bad run options before any lookup', async () => {
    const bad = await generate(['--rie-version', 'one point three', '--offline']);
    assert.equal(bad.result.status, 1);
    assert.equal(bad.result.stderr, 'generator-lambda-local: --rie-version: "one point three" is not allowed; expected a semver range such as ~1.33 or >=1.30 <2\n');
    const url = await generate(['--github-api-url', 'ftp://example.com', '--offline']);
    assert.equal(url.result.status, 1);
    assert.match(url.result.stderr, /^generator-lambda-local: --github-api-url: "ftp:\/\/example\.com" is not allowed; expected an http or https URL/);
    const source = await generate(['--digest-source', 's3', '--offline']);
    assert.equal(source.result.stderr, 'generator-lambda-local: --digest-source: "s3" is not allowed; expected registry, github-packages\n');
    const host = await generate(['--github-container-registry', 'not a host', '--offline']);
    assert.match(host.result.stderr, /^generator-lambda-local: --github-container-registry: "not a host" is not allowed; expected a registry host/);
  });
});
