/**
 * An upgrade across generator versions: a repo made by an earlier release
 * (0.0.9, this package packed with a test-only template change and served by a
 * loopback npm registry), edited by its owners, then run again by this
 * version. The merge base is what 0.0.9 itself writes, fetched by npx as users
 * fetch it: the owners' edits and this version's change merge cleanly.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { githubApi } from './support/fake-github.ts';
import { fakeRegistry } from './support/fake-registry.ts';
import { repoRoot } from './support/generate.ts';
import { npmRegistry } from './support/npm-registry.ts';
import { runInBackground } from './support/run-in-background.ts';
import { scratchDir } from './support/scratch.ts';

const earlier = '0.0.9';
/** The test-only difference between 0.0.9's templates and this version's. */
const earlierHeader = '# Builds, runs and invokes';

/** This package as release 0.0.9 would have been: its sources with the header changed, packed by npm. */
async function packEarlierRelease(): Promise<{ dir: string; tarball: Buffer; manifest: { name: string; version: string } }> {
  const dir = scratchDir('earlier');
  cpSync(repoRoot, dir, { recursive: true, filter: (source) => !/\/(node_modules|dist|\.git|\.ci)$/.test(source) });
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
  const manifest = { ...JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')), version: earlier };
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const makefile = path.join(dir, 'templates/Makefile.hbs');
  writeFileSync(makefile, readFileSync(makefile, 'utf8').replace('# Build, run and invoke', earlierHeader));
  const packed = await runInBackground('npm', ['pack', '--json', '--pack-destination', dir], { cwd: dir });
  assert.equal(packed.status, 0, packed.stderr);
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  return { dir, tarball: readFileSync(path.join(dir, filename)), manifest };
}

describe('upgrading a repo an earlier release made', { timeout: 600_000 }, () => {
  let release: Awaited<ReturnType<typeof packEarlierRelease>>;
  before(async () => {
    release = await packEarlierRelease();
  });

  /** Loopback stand-ins for the lookups and the npm registry that serves the earlier release, as npx fetches it. */
  async function liveWorld() {
    const registry = await fakeRegistry();
    const github = await githubApi();
    const npm = await npmRegistry([{ manifest: release.manifest, tarball: release.tarball }]);
    const home = scratchDir('npm');
    const env = { HOME: home, npm_config_cache: path.join(home, 'cache'), npm_config_registry: npm, npm_config_update_notifier: 'false', GITHUB_TOKEN: '', GH_TOKEN: '' };
    const live = [
      '--base-image', `${registry.host}/lambda/base:latest`,
      '--node-image', `${registry.host}/library/node:24-alpine`,
      '--dockerfile-syntax', `${registry.host}/docker/dockerfile:1`,
      '--github-api-url', github.origin,
    ];
    return { github, env, live };
  }

  it("merges the owners' edits with this version's changes against what the earlier release wrote", async () => {
    const { github, env, live } = await liveWorld();
    const work = scratchDir('upgrade');
    const made = await runInBackground(process.execPath, [path.join(release.dir, 'bin/generator-lambda-local.ts'), 'demo', '--yes', '--arch', 'x86_64', ...live], { cwd: work, env });
    assert.equal(made.status, 0, made.stderr);
    const demo = path.join(work, 'demo');
    const makefile = path.join(demo, 'Makefile');
    assert.ok(readFileSync(makefile, 'utf8').startsWith(earlierHeader));
    writeFileSync(makefile, readFileSync(makefile, 'utf8').replace('-include local.mk', 'seed:\n\t./scripts/seed.sh\n\n-include local.mk'));

    const upgraded = await runInBackground(process.execPath, [path.join(repoRoot, 'bin/generator-lambda-local.ts'), '--yes', '--github-api-url', github.origin], { cwd: demo, env });
    assert.equal(upgraded.status, 0, upgraded.stdout + upgraded.stderr);
    const merged = readFileSync(makefile, 'utf8');
    assert.ok(merged.startsWith('# Build, run and invoke'), "this version's change");
    assert.match(merged, /\nseed:\n\t\.\/scripts\/seed\.sh\n/, "the owners' target");
    assert.doesNotMatch(merged, /<<<<<<<|>>>>>>>/);
    // A result, on stdout with the run's other lines; stderr is for errors.
    assert.match(upgraded.stdout, /merged Makefile: your edits and the generator's, both kept/);
    assert.equal(upgraded.stderr, '');
    const stored = JSON.parse(readFileSync(path.join(demo, '.yo-rc.json'), 'utf8'))['generator-lambda-local'];
    assert.notEqual(stored.generatorVersion, earlier);
  });

  it("keeps a template layer's output and the owners' edits of it", async () => {
    const { github, env, live } = await liveWorld();
    const work = scratchDir('upgrade');
    cpSync(path.join(repoRoot, 'examples/team-layer'), path.join(work, 'acme-layer'), { recursive: true });
    const made = await runInBackground(process.execPath, [path.join(release.dir, 'bin/generator-lambda-local.ts'), 'demo', '--yes', '--arch', 'x86_64', '--templates', './acme-layer', ...live], { cwd: work, env });
    assert.equal(made.status, 0, made.stderr);
    const demo = path.join(work, 'demo');
    const compose = path.join(demo, 'localdev/docker-compose.yml');
    writeFileSync(compose, readFileSync(compose, 'utf8').replace('      CALLER: acme-demo\n', '      CALLER: acme-demo\n      LOG_REQUESTS: "true"\n'));

    const upgraded = await runInBackground(process.execPath, [path.join(repoRoot, 'bin/generator-lambda-local.ts'), '--yes', '--github-api-url', github.origin], { cwd: demo, env });
    assert.equal(upgraded.status, 0, upgraded.stdout + upgraded.stderr);
    assert.ok(readFileSync(path.join(demo, 'Makefile'), 'utf8').startsWith('# Build, run and invoke'), "this version's change");
    const merged = readFileSync(compose, 'utf8');
    assert.match(merged, /\n {2}payments:\n[\s\S]*CALLER: acme-demo\n {6}LOG_REQUESTS: "true"\n/, "the layer's service, with the owners' edit");
    assert.doesNotMatch(merged, /<<<<<<<|>>>>>>>/);
    assert.match(upgraded.stdout, /merged localdev\/docker-compose\.yml: your edits and the generator's, both kept/);
    assert.equal(upgraded.stderr, '');
    assert.equal(existsSync(path.join(demo, 'template.yaml')), false, 'still left out');
  });

  it('offline, with no way to fetch the earlier release, makes every differing hunk a conflict and loses nothing', async () => {
    const work = scratchDir('upgrade');
    const made = await runInBackground(process.execPath, [path.join(release.dir, 'bin/generator-lambda-local.ts'), 'demo', '--yes', '--offline', '--arch', 'x86_64'], { cwd: work });
    assert.equal(made.status, 0, made.stderr);
    const demo = path.join(work, 'demo');
    const makefile = path.join(demo, 'Makefile');
    writeFileSync(makefile, readFileSync(makefile, 'utf8').replace('-include local.mk', 'seed:\n\t./scripts/seed.sh\n\n-include local.mk'));
    const upgraded = await runInBackground(process.execPath, [path.join(repoRoot, 'bin/generator-lambda-local.ts'), '--yes', '--offline'], { cwd: demo });
    assert.equal(upgraded.status, 1);
    const text = readFileSync(makefile, 'utf8');
    assert.match(text, new RegExp(`^<<<<<<< yours \\(Makefile\\)\\n${earlierHeader}`));
    assert.match(text, /\n=======\n# Build, run and invoke/);
    assert.match(text, /\nseed:\n\t\.\/scripts\/seed\.sh\n/);
    assert.match(upgraded.stdout, /conflict Makefile: your edits and the generator's overlap/);
    // The run fails with one error line, on stderr.
    assert.equal(upgraded.stderr, 'generator-lambda-local: 1 file(s) with merge conflicts: Makefile; resolve the marked lines, then run again\n');
  });
});
