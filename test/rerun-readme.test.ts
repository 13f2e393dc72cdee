/**
 * README.md is the owners' from the first run on: a re-run leaves it as it
 * is, and when its new answers (routes, variables, secrets, ports) change what
 * the README would say, it names the sections to update by hand. Through the
 * package's bin.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { scratchDir } from './support/scratch.ts';
import { runBin as run, bin } from './support/bin.ts';


function generated(): string {
  const work = scratchDir('readme');
  const result = run(work, ['demo', '--yes', '--offline']);
  assert.equal(result.status, 0, result.stderr);
  return path.join(work, 'demo');
}

/** The line that names README.md's sections to update, if any. */
const readmeLine = (output: string) => output.split('\n').find((line) => line.includes('README.md'));

describe('README.md on a re-run', () => {
  it('is left as its owners have it, and the sections that the new routes, variables, secrets and ports make stale are named', () => {
    const demo = generated();
    const readme = `${readFileSync(path.join(demo, 'README.md'), 'utf8')}\n## Our notes\n\nKeep these.\n`;
    writeFileSync(path.join(demo, 'README.md'), readme);
    const result = run(demo, ['--yes', '--offline', '--routes', 'GET /orders,POST /orders', '--variables', 'TABLE=orders', '--secrets', 'DB_PASSWORD', '--api-port', '3100']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(readFileSync(path.join(demo, 'README.md'), 'utf8'), readme);
    const line = readmeLine(result.stdout + result.stderr);
    assert.ok(line, result.stderr);
    // Variables and secrets have their section; the routes and the API port are in the request's way and in the curl under "Run it".
    for (const section of ['Variables and secrets', "A request's way", 'Run it']) assert.ok(line.includes(`"${section}"`), `${section} in: ${line}`);
    assert.doesNotMatch(line, /Our notes|Make targets|Pins/, 'sections that do not change are not named');
  });

  it('names only the section a new answer changes, and nothing on a re-run that changes nothing', () => {
    const demo = generated();
    const same = run(demo, ['--yes', '--offline']);
    assert.equal(same.status, 0, same.stderr);
    assert.equal(readmeLine(same.stdout + same.stderr), undefined);
    // The memory size is in one section of the README, the table of functions.
    const memory = run(demo, ['--yes', '--offline', '--memory', '512']);
    assert.equal(memory.status, 0, memory.stderr);
    assert.match(readmeLine(memory.stdout + memory.stderr) ?? '', /: "Functions" \(/);
  });
});
