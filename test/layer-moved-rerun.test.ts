/**
 * A template layer changed in place, under the same spec and generator
 * version, while its owners also edited a file it writes: the re-run cannot
 * render what was written last time any more, so it has no merge base for that
 * file. It must not take the layer's new text for the old (which drops the
 * layer's change in silence): the change arrives, merged or marked.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from './support/generate.ts';
import { scratchDir } from './support/scratch.ts';
import { runBin as run } from './support/bin.ts';


describe('a re-run after a layer changed in place', () => {
  it("does not drop the layer's change to a file its owners edited", () => {
    const work = scratchDir('layer-moved');
    const layer = path.join(work, 'acme-layer');
    cpSync(path.join(repoRoot, 'examples/team-layer'), layer, { recursive: true });
    const made = run(work, ['demo', '--yes', '--offline', '--templates', './acme-layer']);
    assert.equal(made.status, 0, made.stderr);
    const compose = path.join(work, 'demo/localdev/docker-compose.yml');
    writeFileSync(compose, `${readFileSync(compose, 'utf8')}# ours: the payments stub's logs are in make logs too\n`);
    const partial = path.join(layer, 'templates/partials/compose-extra-services.hbs');
    writeFileSync(partial, readFileSync(partial, 'utf8').replace('      CALLER: {{catalogueName name}}\n', '      CALLER: {{catalogueName name}}\n      PAYMENTS_V2: "true"\n'));

    const rerun = run(path.join(work, 'demo'), ['--yes', '--offline']);
    const text = readFileSync(compose, 'utf8');
    assert.match(text, /PAYMENTS_V2: "true"/, "the layer's change arrived, merged or marked");
    assert.match(text, /# ours: the payments stub's logs are in make logs too\n/, "the owners' edit stays");
    // With no base the differing hunks are marked, and the run says so.
    if (/^<<<<<<< /m.test(text)) assert.equal(rerun.status, 1, rerun.stdout + rerun.stderr);
  });
});
