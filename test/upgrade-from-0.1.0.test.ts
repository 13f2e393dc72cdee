/**
 * An upgrade from the release existing repos came from: 0.1.0 as published
 * (test/fixtures/releases, served by a loopback npm registry and run with npx,
 * as a user runs it), its repo edited the way owners edit it (a RUN line in the
 * Dockerfile, a compose service, a Make target), then run again by this
 * version. The merge base is what 0.1.0 itself writes, fetched by npx in turn:
 * every edit stays, nothing is marked as a conflict, `.yo-rc.json` is migrated
 * to the list of functions with the one function left where it is, a second
 * function can be added, and `bump --check` then finds nothing to update.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { githubApi } from './support/fake-github.ts';
import { fakeRegistry } from './support/fake-registry.ts';
import { repoRoot } from './support/generate.ts';
import { npmRegistry } from './support/npm-registry.ts';
import { runInBackground } from './support/run-in-background.ts';
import { scratchDir } from './support/scratch.ts';

const releaseTarball = path.join(repoRoot, 'test/fixtures/releases/generator-lambda-local-0.1.0.tgz');
const bin = path.join(repoRoot, 'bin/generator-lambda-local.ts');

/** The release as npm serves it: its own package.json, and its bytes. */
function release() {
  const manifest = JSON.parse(execFileSync('tar', ['-xzOf', releaseTarball, 'package/package.json'], { encoding: 'utf8' })) as { name: string; version: string };
  assert.equal(manifest.version, '0.1.0');
  return { manifest, tarball: readFileSync(releaseTarball) };
}

/** Replaces `from` in `file` once, failing when it is not there: an edit that silently did nothing proves nothing. */
function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  assert.ok(text.includes(from), `${path.basename(file)} has ${JSON.stringify(from)}`);
  writeFileSync(file, text.replace(from, to));
}

describe('upgrading a repo that release 0.1.0 made', { timeout: 900_000 }, () => {
  it("keeps every edit its owners made, merged against what 0.1.0 wrote, and is current for bump --check afterwards", async () => {
    const registry = await fakeRegistry();
    const github = await githubApi();
    const npm = await npmRegistry([release()]);
    const home = scratchDir('npm-home');
    const env = { HOME: home, npm_config_cache: path.join(home, 'cache'), npm_config_registry: npm, npm_config_update_notifier: 'false', GITHUB_TOKEN: '', GH_TOKEN: '' };
    const live = ['--github-api-url', github.origin];
    const work = scratchDir('upgrade-0.1.0');

    const made = await runInBackground(
      'npx',
      [
        '--yes', 'generator-lambda-local@0.1.0', 'demo', '--yes', '--arch', 'x86_64',
        '--base-image', `${registry.host}/lambda/base:latest`,
        '--node-image', `${registry.host}/library/node:24-alpine`,
        '--dockerfile-syntax', `${registry.host}/docker/dockerfile:1`,
        ...live,
      ],
      { cwd: work, env },
    );
    assert.equal(made.status, 0, made.stdout + made.stderr);
    const demo = path.join(work, 'demo');
    const stored = () => (JSON.parse(readFileSync(path.join(demo, '.yo-rc.json'), 'utf8')) as Record<string, Record<string, unknown>>)['generator-lambda-local'] ?? {};
    assert.equal(stored().generatorVersion, '0.1.0');

    // What owners do: a package in the image, a service beside the function, a target of their own.
    const dockerfile = path.join(demo, 'localdev/Dockerfile');
    const compose = path.join(demo, 'localdev/docker-compose.yml');
    const makefile = path.join(demo, 'Makefile');
    const dockerfileText = readFileSync(dockerfile, 'utf8');
    writeFileSync(dockerfile, `${dockerfileText}\n# Our CA bundle, for the internal services the function calls.\nRUN echo ours > /etc/ours\n`);
    edit(compose, '\nservices:\n', '\nservices:\n  redis:\n    image: redis:7-alpine\n\n');
    edit(makefile, '-include local.mk', 'seed: ## load the sample data\n\t./scripts/seed.sh\n\n-include local.mk');
    const edited = { dockerfile: readFileSync(dockerfile, 'utf8'), compose: readFileSync(compose, 'utf8'), makefile: readFileSync(makefile, 'utf8') };

    const upgraded = await runInBackground(process.execPath, [bin, '--yes', ...live], { cwd: demo, env });
    assert.equal(upgraded.status, 0, upgraded.stdout + upgraded.stderr);
    const output = upgraded.stdout + upgraded.stderr;
    for (const file of ['localdev/Dockerfile', 'localdev/docker-compose.yml', 'Makefile']) {
      const text = readFileSync(path.join(demo, file), 'utf8');
      assert.doesNotMatch(text, /^(<<<<<<<|>>>>>>>)/m, `${file} has no conflict markers`);
    }
    assert.match(readFileSync(dockerfile, 'utf8'), /\nRUN echo ours > \/etc\/ours\n/, "the owners' RUN line");
    assert.match(readFileSync(compose, 'utf8'), /\n {2}redis:\n {4}image: redis:7-alpine\n/, "the owners' service");
    assert.match(readFileSync(makefile, 'utf8'), /\nseed: ## load the sample data\n\t\.\/scripts\/seed\.sh\n/, "the owners' target");
    // This version's own changes arrived too: files it added, and its changes to the files the owners edited.
    assert.ok(existsSync(path.join(demo, 'localdev/generator.sh')), 'make bump and make upgrade run localdev/generator.sh since 0.2.0');
    assert.ok(existsSync(path.join(demo, 'localdev/proxy/src/invoke-api.ts')), "the emulator as this version ships it");
    assert.doesNotMatch(edited.makefile, /localdev\/generator\.sh/);
    assert.match(readFileSync(makefile, 'utf8'), /sh localdev\/generator\.sh bump/);
    assert.doesNotMatch(edited.compose, /lambda_local_control_token/);
    assert.match(readFileSync(compose, 'utf8'), /lambda_local_control_token/, "the control token's secret, which 0.1.0 did not have");
    assert.equal(stored().generatorVersion, JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
    assert.doesNotMatch(output, /conflict /);
    // The model is migrated: schema 2, its one function kept at the root with the logical id its stack has.
    assert.equal(stored().schemaVersion, 2);
    const functions = stored().functions as unknown as readonly Record<string, unknown>[];
    assert.equal(functions.length, 1);
    assert.equal(functions[0]?.folder, '.');
    assert.equal(functions[0]?.samId, 'Function');
    assert.ok(existsSync(path.join(demo, 'main.go')), 'the root main.go is not moved');
    assert.ok(!existsSync(path.join(demo, 'cmd')), 'no cmd/ folder is made for the function at the root');

    // A second function, added by this version to the upgraded repo: the owners' edits survive this merge too.
    const added = await runInBackground(process.execPath, [bin, 'function', 'worker', '--trigger', 'sqs', '--yes'], { cwd: demo, env });
    assert.equal(added.status, 0, added.stdout + added.stderr);
    assert.deepEqual((stored().functions as unknown as readonly Record<string, unknown>[]).map((fn) => [fn.name, fn.folder]), [[functions[0]?.name, '.'], ['worker', 'cmd/worker']]);
    assert.ok(existsSync(path.join(demo, 'cmd/worker/main.go')));
    assert.match(readFileSync(dockerfile, 'utf8'), /\nRUN echo ours > \/etc\/ours\n/, "the owners' RUN line, after the second function");
    assert.match(readFileSync(compose, 'utf8'), /\n {2}redis:\n {4}image: redis:7-alpine\n/, "the owners' service, after the second function");
    assert.match(readFileSync(makefile, 'utf8'), /\nseed: ## load the sample data\n/, "the owners' target, after the second function");
    assert.match(readFileSync(compose, 'utf8'), /\n {2}worker:\n/, "the second function's service");

    const check = await runInBackground(process.execPath, [bin, 'bump', '--check', ...live], { cwd: demo, env });
    assert.equal(check.status, 0, check.stdout + check.stderr);
  });
});
