/**
 * A run writes all of its files or none: every file is checked and written to
 * a temporary name beside it before the first is renamed into place, and
 * `.yo-rc.json` comes last, so a run that fails leaves the repo byte for byte
 * as it was and names the path that failed, in one line. Through the package's
 * bin, by both of its ways to write (its own first run, and Yeoman's).
 *
 * Tests may run as root, where a read-only file or folder stops nothing; the
 * failures here bind root too: a folder where a file goes, a file where a
 * folder goes, and a file-size limit (RLIMIT_FSIZE, set by the shell's
 * `ulimit -f`), under which a write fails with EFBIG whoever runs it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { listFiles, repoRoot } from './support/generate.ts';
import { scratchDir } from './support/scratch.ts';
import { runBin as run, bin } from './support/bin.ts';


/** Every file's sha256 and mode, by path: what "byte-identical" compares. */
const snapshot = (dir: string) =>
  Object.fromEntries(
    listFiles(dir).map((file) => {
      const absolute = path.join(dir, file);
      return [file, `${createHash('sha256').update(readFileSync(absolute)).digest('hex')} ${(statSync(absolute).mode & 0o7777).toString(8)}`];
    }),
  );

function generated(): { work: string; demo: string } {
  const work = scratchDir('atomic');
  const result = run(work, ['demo', '--yes', '--offline']);
  assert.equal(result.status, 0, result.stderr);
  return { work, demo: path.join(work, 'demo') };
}

/** The one line a failed run ends on, its only error line: no stack, nothing of Yeoman's. */
function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  assert.equal(lines.filter((line) => line.startsWith('generator-lambda-local:') || /^\s+at /.test(line)).length, 1, stderr);
  const last = lines.at(-1) ?? '';
  assert.match(last, /^generator-lambda-local: /, stderr);
  return last;
}

describe('a run that cannot write one file', () => {
  it('a re-run where a generated file is now a folder changes nothing, .yo-rc.json included, and names the path', () => {
    const { demo } = generated();
    rmSync(path.join(demo, 'localdev/docker-compose.yml'));
    mkdirSync(path.join(demo, 'localdev/docker-compose.yml'));
    writeFileSync(path.join(demo, 'localdev/docker-compose.yml/notes.txt'), 'mine\n');
    const before = snapshot(demo);
    const result = run(demo, ['--yes', '--offline', '--memory', '512', '--variables', 'TABLE=orders']);
    assert.equal(result.status, 1, result.stderr);
    assert.match(oneLine(result.stderr), /^generator-lambda-local: localdev\/docker-compose\.yml is a folder, where the generator writes a file; nothing was written/);
    assert.deepEqual(snapshot(demo), before);
  });

  it('a re-run whose write fails half-way (EFBIG, under a file-size limit) puts back every file and leaves no temporary file', () => {
    const { demo } = generated();
    // The Makefile is the largest file the new lambda port changes: the limit lets the others through and stops it.
    const size = (file: string) => statSync(path.join(demo, file)).size;
    const blocks = Math.floor((size('Makefile') - 1) / 512);
    for (const file of ['.yo-rc.json', 'localdev/docker-compose.yml']) assert.ok(size(file) + 256 < blocks * 512, `${file} must fit under the limit for this test to mean anything`);
    const before = snapshot(demo);
    const result = spawnSync('/bin/sh', ['-c', `ulimit -f ${blocks} && exec "$0" "$@"`, process.execPath, bin, '--yes', '--offline', '--lambda-port', '9100'], {
      cwd: demo,
      encoding: 'utf8',
      input: '',
    });
    assert.equal(result.status, 1, result.stderr);
    assert.match(oneLine(result.stderr), /^generator-lambda-local: could not write Makefile: .*EFBIG.*; nothing was changed/);
    assert.deepEqual(snapshot(demo), before, 'every file as it was, and no temporary file left');
    // And without the limit, the same run goes through.
    assert.equal(run(demo, ['--yes', '--offline', '--lambda-port', '9100']).status, 0);
    assert.match(readFileSync(path.join(demo, 'Makefile'), 'utf8'), /127\.0\.0\.1:9100/);
  });

  for (const force of [false, true]) {
    it(`a first run${force ? ' with --force' : ''} where localdev is a file writes nothing and names it`, () => {
      const work = scratchDir('atomic');
      mkdirSync(path.join(work, 'demo'));
      writeFileSync(path.join(work, 'demo/localdev'), 'notes\n');
      const result = run(work, ['demo', '--yes', '--offline', ...(force ? ['--force'] : [])]);
      assert.equal(result.status, 1, result.stderr);
      assert.match(oneLine(result.stderr), /^generator-lambda-local: localdev is a file, where the generator writes a folder \(localdev\/[^)]*\); nothing was written/);
      assert.deepEqual(listFiles(path.join(work, 'demo')), ['localdev']);
      assert.equal(readFileSync(path.join(work, 'demo/localdev'), 'utf8'), 'notes\n');
    });
  }
});
