/**
 * Bump on a repo as its owners leave it, weeks later: generated against older
 * releases (a registry and a GitHub API on loopback), edited the way users
 * edit (an extra stage and RUN, an extra service, new comments, reordered
 * keys, an extra Make target), then bumped against newer releases. The pins
 * move; every other byte stays. Through the package's bin, from a subfolder.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assetBytes, githubApi, sha256 } from './support/fake-github.ts';
import { fakeGoProxy } from './support/fake-go-proxy.ts';
import { fakeRegistry } from './support/fake-registry.ts';
import { listFiles, repoRoot } from './support/generate.ts';
import { runInBackground } from './support/run-in-background.ts';
import { scratchDir } from './support/scratch.ts';

const bin = path.join(repoRoot, 'bin/generator-lambda-local.ts');
const run = (cwd: string, args: readonly string[]) => runInBackground(process.execPath, [bin, ...args], { cwd, env: { GITHUB_TOKEN: '', GH_TOKEN: '' } });
const hashes = (dir: string) => Object.fromEntries(listFiles(dir).map((file) => [file, createHash('sha256').update(readFileSync(path.join(dir, file))).digest('hex')]));

/** The owners' edits, each as users make them. */
function editAsOwnersDo(demo: string): void {
  const edit = (file: string, change: (text: string) => string) => writeFileSync(path.join(demo, file), change(readFileSync(path.join(demo, file), 'utf8')));
  edit('localdev/Dockerfile', (text) =>
    text
      .replace(/\nFROM (\S+)\nCOPY --from=rie/, '\n# Our tools, built apart.\nFROM busybox:1.36 AS tools\nRUN echo tools > /tools\n\nFROM $1\nRUN microdnf install -y jq\nCOPY --from=rie')
      .concat('COPY --from=tools /tools /opt/tools\n'),
  );
  edit('localdev/docker-compose.yml', (text) =>
    text
      // Reordered keys, a comment of ours, and a service of ours.
      .replace(/(  lambda:\n)(    build:\n(?:      .*\n)+)(    platform: .*\n)/, '$1$3$2')
      .replace('  api:\n', '  # The API Gateway emulator, in front of RIE.\n  api:\n')
      .replace(/\nnetworks:\n/, '\n  db:\n    image: postgres:16   # ours, not the generator\'s\n    networks: [lambda-local]\n\nnetworks:\n'),
  );
  edit('Makefile', (text) => text.replace('-include local.mk', 'seed:\n\t./scripts/seed.sh\n\n-include local.mk'));
}

describe('bump in place', { timeout: 120_000 }, () => {
  it('moves every pin and leaves every other byte as the owners left it', async () => {
    const registry = await fakeRegistry();
    const github = await githubApi();
    const work = scratchDir('bump');
    const images = [
      '--base-image', `${registry.host}/lambda/base:latest`,
      '--node-image', `${registry.host}/library/node:24-alpine`,
      '--dockerfile-syntax', `${registry.host}/docker/dockerfile:1`,
    ];
    const api = ['--github-api-url', github.origin];
    // Months ago: an older RIE release and the images as they were then.
    const generated = await run(work, ['demo', '--yes', '--arch', 'x86_64', '--rie-version', '~1.33', ...images, ...api]);
    assert.equal(generated.status, 0, generated.stderr);
    const demo = path.join(work, 'demo');
    const old = { index: registry.imageOf('lambda/base').index.digest, rie: sha256(assetBytes('v1.33.2/aws-lambda-rie-x86_64')) };
    assert.ok(readFileSync(path.join(demo, 'localdev/Dockerfile'), 'utf8').includes(old.rie));
    editAsOwnersDo(demo);
    const edited = Object.fromEntries(['localdev/Dockerfile', 'localdev/docker-compose.yml', 'Makefile'].map((file) => [file, readFileSync(path.join(demo, file), 'utf8')]));
    registry.publishNewBuild();
    const now = { index: registry.imageOf('lambda/base').index.digest, rie: sha256(assetBytes('v1.35/aws-lambda-rie-x86_64')) };
    assert.notEqual(now.index, old.index);

    // --check: out of date, a table, exit 1, nothing written.
    const before = hashes(demo);
    const check = await run(path.join(demo, 'localdev'), ['bump', '--check', ...api]);
    assert.equal(check.status, 1, check.stderr);
    assert.match(check.stdout, new RegExp(`pin ${registry.host}/lambda/base:latest +${registry.host}/lambda/base:latest@${old.index} -> ${registry.host}/lambda/base:latest@${now.index}`));
    assert.match(check.stdout, /pin RIE release +v1\.33\.2 -> v1\.35/);
    assert.doesNotMatch(check.stdout, /^file /m, "the owners' edits are not an update");
    assert.match(check.stderr, /generator-lambda-local: bump --check: update available: \d+ pins out of date \(make bump moves them\); nothing was written\n$/);
    assert.deepEqual(hashes(demo), before);

    // --dry-run: the diff, nothing written.
    const dryRun = await run(demo, ['bump', '--dry-run', ...api]);
    assert.equal(dryRun.status, 0, dryRun.stderr);
    assert.match(dryRun.stdout, /^--- a\/localdev\/Dockerfile$/m);
    assert.match(dryRun.stdout, new RegExp(`^\\+FROM ${registry.host}/lambda/base:latest@${now.index}$`, 'm'));
    assert.match(dryRun.stdout, new RegExp(`^-FROM ${registry.host}/lambda/base:latest@${old.index}$`, 'm'));
    assert.deepEqual(hashes(demo), before);

    // Bump, from a subfolder.
    const bumped = await run(path.join(demo, 'localdev'), ['bump', ...api]);
    assert.equal(bumped.status, 0, bumped.stderr);
    const after = Object.fromEntries(Object.keys(edited).map((file) => [file, readFileSync(path.join(demo, file), 'utf8')]));
    assert.ok(!after['localdev/Dockerfile']?.includes(old.index) && after['localdev/Dockerfile']?.includes(now.index));
    assert.ok(!after['localdev/Dockerfile']?.includes(old.rie) && after['localdev/Dockerfile']?.includes(now.rie));
    assert.match(after['localdev/Dockerfile'] ?? '', /releases\/v1\.35|download\/v1\.35\//);
    assert.ok(after['localdev/docker-compose.yml']?.includes(`image: ${registry.host}/library/node:24-alpine@${now.index}`));
    const stored = JSON.parse(readFileSync(path.join(demo, '.yo-rc.json'), 'utf8'))['generator-lambda-local'].pins;
    assert.equal(stored.rie.version, 'v1.35');
    assert.equal(stored.images[`${registry.host}/lambda/base:latest`].digest, now.index);

    // Every byte but the pins is as the owners left it.
    const unpin = (text: string) =>
      text
        .replaceAll(now.index, old.index)
        .replaceAll(now.rie, old.rie)
        .replaceAll(sha256(assetBytes('v1.35/aws-lambda-rie-arm64')), sha256(assetBytes('v1.33.2/aws-lambda-rie-arm64')))
        .replaceAll('v1.35', 'v1.33.2');
    for (const [file, text] of Object.entries(edited)) assert.equal(unpin(after[file] ?? ''), text, file);
    assert.equal(after.Makefile, edited.Makefile, 'a file without pins is not touched');

    // Current now: --check passes, the owners' edits notwithstanding, and another bump changes nothing.
    const recheck = await run(demo, ['bump', '--check', ...api]);
    assert.equal(recheck.status, 0, recheck.stdout + recheck.stderr);
    assert.equal(recheck.stdout, '');
    const settled = hashes(demo);
    assert.equal((await run(demo, ['bump', ...api])).status, 0);
    assert.deepEqual(hashes(demo), settled);
  });

  it('reports a pin its owner rewrote by hand and leaves it alone', async () => {
    const work = scratchDir('bump');
    assert.equal((await run(work, ['demo', '--yes', '--offline'])).status, 0);
    const demo = path.join(work, 'demo');
    const compose = path.join(demo, 'localdev/docker-compose.yml');
    writeFileSync(compose, readFileSync(compose, 'utf8').replace(/image: node:24-alpine@\S+/, 'image: node:22'));
    const rc = path.join(demo, '.yo-rc.json');
    const config = JSON.parse(readFileSync(rc, 'utf8'));
    config['generator-lambda-local'].pins.images['node:24-alpine'].digest = `sha256:${'1'.repeat(64)}`;
    writeFileSync(rc, JSON.stringify(config, null, 2));
    const composeBefore = readFileSync(compose, 'utf8');
    const bumped = await run(demo, ['bump', '--offline']);
    assert.equal(bumped.status, 0, bumped.stderr);
    assert.match(bumped.stdout + bumped.stderr, /left alone: no pin site holds node:24-alpine node:24-alpine@sha256:1{64} any more \(removed or changed by hand\); it stays as it is/);
    assert.equal(readFileSync(compose, 'utf8'), composeBefore);
  });

  it('moves download-asset to the version the Go proxy now names, in its go install line', async () => {
    const registry = await fakeRegistry();
    const github = await githubApi();
    const module = 'github.com/northwood-labs/download-asset';
    const goProxy = await fakeGoProxy({ [module]: ['v0.0.0-20260101000000-0123456789ab'] });
    const work = scratchDir('bump');
    const live = ['--github-api-url', github.origin, '--go-proxy', goProxy.origin];
    const images = ['--base-image', `${registry.host}/lambda/base:latest`, '--node-image', `${registry.host}/library/node:24-alpine`, '--golang-image', `${registry.host}/library/golang:1-alpine`, '--dockerfile-syntax', `${registry.host}/docker/dockerfile:1`];
    assert.equal((await run(work, ['demo', '--yes', '--arch', 'x86_64', '--rie-source', 'download-asset', ...images, ...live])).status, 0);
    const demo = path.join(work, 'demo');
    const dockerfile = () => readFileSync(path.join(demo, 'localdev/Dockerfile'), 'utf8');
    assert.match(dockerfile(), /^RUN go install github\.com\/northwood-labs\/download-asset@v0\.0\.0-20260101000000-0123456789ab$/m);
    goProxy.publish(module, 'v0.0.0-20261120101010-abcdef123456');
    const bumped = await run(demo, ['bump', ...live]);
    assert.equal(bumped.status, 0, bumped.stderr);
    assert.match(dockerfile(), /^RUN go install github\.com\/northwood-labs\/download-asset@v0\.0\.0-20261120101010-abcdef123456$/m);
    assert.match(bumped.stdout, /github\.com\/northwood-labs\/download-asset: v0\.0\.0-20260101000000-0123456789ab -> v0\.0\.0-20261120101010-abcdef123456/);
  });
});
