/**
 * Renovate keeps a generated repo's Docker digests current (`tag@sha256` in
 * each FROM, the `# syntax` line and compose's `image:`), and bump goes along
 * with what it changed. Asked of Renovate itself: its dockerfile and
 * docker-compose managers from npm (test/support/renovate.ts) read the files,
 * and its own replacement template updates them, as its pull request would.
 * The registry and the GitHub API are loopback stand-ins.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Handlebars from 'handlebars';
import { githubApi } from './support/fake-github.ts';
import { fakeRegistry } from './support/fake-registry.ts';
import { listFiles, repoRoot } from './support/generate.ts';
import { renovateExtract, type RenovateDependency } from './support/renovate.ts';
import { runInBackground } from './support/run-in-background.ts';
import { scratchDir } from './support/scratch.ts';

const bin = path.join(repoRoot, 'bin/generator-lambda-local.ts');
const run = (cwd: string, args: readonly string[]) => runInBackground(process.execPath, [bin, ...args], { cwd, env: { GITHUB_TOKEN: '', GH_TOKEN: '' } });
const files = { dockerfile: 'localdev/Dockerfile', 'docker-compose': 'localdev/docker-compose.yml' } as const;

interface StoredImage {
  readonly name: string;
  readonly tag: string;
  readonly digest: string;
}
const storedImages = (demo: string): StoredImage[] =>
  Object.values((JSON.parse(readFileSync(path.join(demo, '.yo-rc.json'), 'utf8')) as Record<string, { pins: { images: Record<string, StoredImage> } }>)['generator-lambda-local']?.pins.images ?? {});

/** Every Docker dependency Renovate would update in the repo, by the file it is in. */
async function renovateDependencies(demo: string): Promise<[string, RenovateDependency][]> {
  const found: [string, RenovateDependency][] = [];
  for (const [manager, file] of Object.entries(files) as [keyof typeof files, string][]) {
    for (const dep of await renovateExtract(manager, readFileSync(path.join(demo, file), 'utf8'), file)) found.push([file, dep]);
  }
  return found;
}

describe("Renovate's Docker digest updates", { timeout: 300_000 }, () => {
  it('finds every image pinned with its digest, and bump and --check accept the digests it moves', async () => {
    const registry = await fakeRegistry();
    const github = await githubApi();
    const work = scratchDir('renovate');
    const live = [
      '--base-image', `${registry.host}/lambda/base:latest`,
      '--node-image', `${registry.host}/library/node:24-alpine`,
      '--dockerfile-syntax', `${registry.host}/docker/dockerfile:1`,
      '--github-api-url', github.origin,
    ];
    const made = await run(work, ['demo', '--yes', '--arch', 'x86_64', ...live]);
    assert.equal(made.status, 0, made.stderr);
    const demo = path.join(work, 'demo');

    // Renovate finds each image the repo pins, at the digest .yo-rc.json holds, and skips none of them.
    const found = await renovateDependencies(demo);
    const updatable = found.filter(([, dep]) => dep.datasource === 'docker' && dep.skipReason === undefined);
    const pinned = storedImages(demo);
    assert.equal(pinned.length, 3);
    for (const image of pinned) {
      const sites = updatable.filter(([, dep]) => dep.depName === image.name && dep.currentValue === image.tag);
      assert.ok(sites.length > 0, `Renovate finds ${image.name}:${image.tag}`);
      for (const [file, dep] of sites) assert.equal(dep.currentDigest, image.digest, `${file}: ${image.name}`);
    }
    assert.deepEqual(new Set(updatable.map(([, dep]) => `${dep.depName}:${dep.currentValue}`)), new Set(pinned.map((image) => `${image.name}:${image.tag}`)), 'every image Renovate would update is one of ours');
    assert.ok(updatable.some(([file]) => file === files['docker-compose']), "compose's image: is found");

    // New builds are published; Renovate's pull request replaces each digest with its own template.
    registry.publishNewBuild();
    const newDigest = registry.imageOf('lambda/base').index.digest;
    assert.ok(!pinned.some((image) => image.digest === newDigest));
    for (const [file, dep] of updatable) {
      const target = path.join(demo, file);
      const text = readFileSync(target, 'utf8');
      const replacement = Handlebars.compile(dep.autoReplaceStringTemplate ?? '')({ depName: dep.depName, newValue: dep.currentValue, newDigest });
      assert.ok(dep.replaceString && text.includes(dep.replaceString), `${file} holds ${dep.replaceString}`);
      writeFileSync(target, text.replace(dep.replaceString ?? '', replacement));
    }
    const renovated = Object.fromEntries(listFiles(demo).map((file) => [file, readFileSync(path.join(demo, file), 'utf8')]));
    assert.ok(renovated[files.dockerfile]?.includes(`${registry.host}/lambda/base:latest@${newDigest}`));

    // Current as Renovate left it: no update, and no drift of the owners'.
    const check = await run(demo, ['bump', '--check', '--github-api-url', github.origin]);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.equal(check.stdout, '');
    const diff = await run(demo, ['diff', '--exit-code']);
    assert.equal(diff.status, 0, diff.stdout + diff.stderr);
    assert.equal(diff.stdout, '');

    // bump takes the digests where Renovate left them: no file changes, nothing reported as changed by hand.
    const bumped = await run(demo, ['bump', '--github-api-url', github.origin]);
    assert.equal(bumped.status, 0, bumped.stderr);
    assert.doesNotMatch(bumped.stdout + bumped.stderr, /left alone/);
    for (const [file, text] of Object.entries(renovated)) if (file !== '.yo-rc.json') assert.equal(readFileSync(path.join(demo, file), 'utf8'), text, file);
    assert.deepEqual(new Set(storedImages(demo).map((image) => image.digest)), new Set([newDigest]), '.yo-rc.json holds the digests the files hold');
  });
});
