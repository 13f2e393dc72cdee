/**
 * Running again with nothing to change changes nothing: `.yo-rc.json` keeps one
 * key order whatever order the answers came in, and a second bump in a row
 * leaves every file as the first left it. Through the package's bin.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { listFiles, repoRoot } from './support/generate.ts';
import { scratchDir } from './support/scratch.ts';

const bin = path.join(repoRoot, 'bin/generator-lambda-local.ts');
function run(cwd: string, args: readonly string[]): void {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
}

/** Every file's sha256, by path. */
const hashes = (dir: string) => Object.fromEntries(listFiles(dir).map((file) => [file, createHash('sha256').update(readFileSync(path.join(dir, file))).digest('hex')]));

describe('runs that change nothing', () => {
  it('store the answers in the order they are asked and the pins in one order, whatever order they came in', () => {
    const work = scratchDir('rerun');
    run(work, ['demo', '--secrets', 'TOKEN', '--timeout', '10', '--memory', '256', '--yes', '--offline']);
    const demo = path.join(work, 'demo');
    // A second function, its answers given out of order too: it is stored without routes, not being behind the API.
    run(demo, ['function', 'worker', '--memory', '512', '--trigger', 'sqs', '--timeout', '5', '--yes']);
    const first = readFileSync(path.join(demo, '.yo-rc.json'), 'utf8');
    const stored = JSON.parse(first)['generator-lambda-local'];
    assert.deepEqual(Object.keys(stored), [
      'schemaVersion', 'name', 'module', 'arch', 'lambdaPort', 'apiPort', 'payload', 'cors', 'awsCredentials', 'rieSource',
      'baseImage', 'nodeImage', 'golangImage', 'syntaxImage', 'templates', 'functions', 'pins', 'generatorVersion', 'files',
    ]);
    assert.deepEqual(stored.functions, [
      { name: 'demo', folder: 'cmd/demo', trigger: 'http', routes: 'ANY /{proxy+}', timeout: 10, memory: 256, variables: '', secrets: 'TOKEN' },
      { name: 'worker', folder: 'cmd/worker', trigger: 'sqs', timeout: 5, memory: 512, variables: '', secrets: '' },
    ]);
    assert.deepEqual(Object.keys(stored.pins), ['source', 'images', 'rie', 'goModules']);
    const before = hashes(demo);
    run(demo, ['--yes', '--offline']);
    assert.equal(readFileSync(path.join(demo, '.yo-rc.json'), 'utf8'), first, 'a re-run rewrites .yo-rc.json byte for byte');
    assert.deepEqual(hashes(demo), before);
  });

  it('a second bump in a row changes no file', () => {
    const work = scratchDir('rerun');
    run(work, ['demo', '--yes', '--offline']);
    const demo = path.join(work, 'demo');
    run(demo, ['bump', '--offline']);
    const afterFirst = hashes(demo);
    run(demo, ['bump', '--offline']);
    assert.deepEqual(hashes(demo), afterFirst);
  });

  it('acts on the repo when run from one of its folders, and bump --check passes on a repo as generated', () => {
    const work = scratchDir('rerun');
    run(work, ['demo', '--yes', '--offline']);
    const demo = path.join(work, 'demo');
    const before = hashes(demo);
    run(path.join(demo, 'localdev'), ['--yes', '--offline']);
    assert.deepEqual(hashes(demo), before, 'nothing new, inside localdev/ or anywhere');
    run(path.join(demo, 'localdev/proxy'), ['bump', '--check', '--offline']);
  });

  it('refuses a new repo inside a generated one, in one line, and writes nothing', () => {
    const work = scratchDir('rerun');
    run(work, ['demo', '--yes', '--offline']);
    const demo = path.join(work, 'demo');
    const before = hashes(demo);
    const nested = spawnSync(process.execPath, [bin, 'inner', '--yes', '--offline'], { cwd: path.join(demo, 'localdev/proxy'), encoding: 'utf8' });
    assert.equal(nested.status, 1, nested.stdout + nested.stderr);
    assert.equal(
      nested.stderr,
      `generator-lambda-local: name: "inner" is not allowed (${path.join(demo, 'localdev/proxy/inner')} is inside the repo generated at ${demo}); ` +
        'expected a name for a folder outside a generated repo (without a name, a run there acts on that repo)\n',
    );
    assert.deepEqual(hashes(demo), before, 'nothing written');
    assert.equal(existsSync(path.join(demo, 'localdev/proxy/inner')), false, 'not even its folder');
  });
});
