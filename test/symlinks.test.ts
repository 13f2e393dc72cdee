/**
 * Nothing is written outside the project through a symbolic link in it, by a
 * first run, a re-run or bump: each refuses in one line naming the link, and
 * writes nothing. Run through the package's bin, as users run it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { listFiles, repoRoot } from './support/generate.ts';
import { scratchDir } from './support/scratch.ts';

const bin = path.join(repoRoot, 'bin/generator-lambda-local.ts');
const run = (cwd: string, args: readonly string[]) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });

/** A work folder for the project, and one beside it standing for the rest of the disk. */
function folders() {
  const base = scratchDir('links');
  const work = path.join(base, 'work');
  const outside = path.join(base, 'outside');
  mkdirSync(path.join(work, 'demo'), { recursive: true });
  mkdirSync(outside);
  return { work, demo: path.join(work, 'demo'), outside };
}

const refusal = (link: string, target: string) =>
  `generator-lambda-local: ${link} is a symbolic link to ${target}, outside the project; nothing was written (replace the link with a file or folder to let the generator write there)\n`;

describe('symbolic links that leave the project', () => {
  it('a dangling link is not followed to create its target', () => {
    const { work, demo, outside } = folders();
    const target = path.join(outside, 'created-by-us');
    symlinkSync(target, path.join(demo, 'Makefile'));
    const result = run(work, ['demo', '--yes', '--offline']);
    assert.equal(result.status, 1, result.stdout);
    assert.equal(result.stderr, refusal('Makefile', target));
    assert.equal(existsSync(target), false);
    assert.deepEqual(readdirSync(demo), ['Makefile']);
  });

  it('a linked folder gets nothing written into its target', () => {
    const { work, demo, outside } = folders();
    symlinkSync(outside, path.join(demo, 'localdev'));
    const result = run(work, ['demo', '--yes', '--offline']);
    assert.equal(result.status, 1);
    assert.equal(result.stderr, refusal('localdev', outside));
    assert.deepEqual(readdirSync(outside), []);
    assert.deepEqual(readdirSync(demo), ['localdev']);
  });

  it('a re-run and bump refuse a generated file replaced by a link, and leave its target as it was', () => {
    const { work, demo, outside } = folders();
    assert.equal(run(work, ['demo', '--yes', '--offline']).status, 0);
    const target = path.join(outside, 'Dockerfile');
    writeFileSync(target, 'mine\n');
    unlinkSync(path.join(demo, 'localdev/Dockerfile'));
    symlinkSync(target, path.join(demo, 'localdev/Dockerfile'));
    const before = listFiles(demo).map((file) => [file, file === 'localdev/Dockerfile' ? '' : readFileSync(path.join(demo, file), 'utf8')]);
    for (const [cwd, args] of [[work, ['demo', '--yes', '--offline', '--memory', '256']], [demo, ['bump', '--offline']]] as const) {
      const result = run(cwd, args);
      assert.equal(result.status, 1, `${args.join(' ')}: ${result.stdout}`);
      assert.equal(result.stderr, refusal('localdev/Dockerfile', target));
      assert.equal(readFileSync(target, 'utf8'), 'mine\n');
      assert.deepEqual(listFiles(demo).map((file) => [file, file === 'localdev/Dockerfile' ? '' : readFileSync(path.join(demo, file), 'utf8')]), before);
    }
  });

  it('a link that stays inside the project is written through', () => {
    const { work, demo } = folders();
    mkdirSync(path.join(demo, 'local-setup'));
    symlinkSync('local-setup', path.join(demo, 'localdev'));
    const result = run(work, ['demo', '--yes', '--offline']);
    assert.equal(result.status, 0, result.stderr);
    assert.ok(existsSync(path.join(demo, 'local-setup/Dockerfile')));
  });
});
