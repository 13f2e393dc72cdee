/**
 * `npm run vendor:croner` (scripts/vendor-croner.ts), run on a stale copy of
 * emulator/vendor/croner/ in a scratch folder: it must bring the installed
 * croner and rewrite the README's "From:" line, and nothing else of it.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../test/support/generate.ts';
import { scratchDir } from '../test/support/scratch.ts';
import { vendorCroner } from './vendor-croner.ts';

const vendored = path.join(repoRoot, 'emulator/vendor/croner');
const installed = path.join(repoRoot, 'node_modules/croner');

describe('npm run vendor:croner', () => {
  it('copies the installed croner over a stale copy and rewrites the README\'s From: line alone', () => {
    const target = scratchDir('vendor-croner');
    cpSync(vendored, target, { recursive: true });
    writeFileSync(path.join(target, 'croner.cjs'), 'module.exports = {};\n');
    writeFileSync(path.join(target, 'LICENSE'), 'an older licence\n');
    const readme = readFileSync(path.join(vendored, 'README.md'), 'utf8');
    const stale = readme.replace(/^From: .*$/m, 'From: croner 10.0.0, https://registry.npmjs.org/croner/-/croner-10.0.0.tgz, integrity sha512-old');
    assert.notEqual(stale, readme);
    writeFileSync(path.join(target, 'README.md'), stale);

    const { version } = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as { version: string };
    assert.equal(vendorCroner(repoRoot, target), version);
    assert.ok(readFileSync(path.join(target, 'croner.cjs')).equals(readFileSync(path.join(installed, 'dist/croner.cjs'))));
    assert.ok(readFileSync(path.join(target, 'LICENSE')).equals(readFileSync(path.join(installed, 'LICENSE'))));
    const rewritten = readFileSync(path.join(target, 'README.md'), 'utf8');
    const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { integrity?: string } | undefined> };
    const expected = `From: croner ${version}, https://registry.npmjs.org/croner/-/croner-${version}.tgz, integrity ${lock.packages['node_modules/croner']?.integrity}`;
    assert.equal(rewritten, stale.replace(/^From: .*$/m, expected));
  });

  it('refuses a README without a From: line, in one line, copying nothing', () => {
    const target = scratchDir('vendor-croner');
    writeFileSync(path.join(target, 'README.md'), '# croner\n');
    assert.throws(() => vendorCroner(repoRoot, target), { message: `${path.join(target, 'README.md')} has no line starting "From: " to rewrite` });
    assert.throws(() => readFileSync(path.join(target, 'croner.cjs')), { code: 'ENOENT' });
  });
});
