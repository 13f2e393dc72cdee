/**
 * A file the generator wrote last time and writes no more (a layer now omits
 * it, or a layer's template is gone): a re-run removes it when it is still
 * what the generator wrote (its sha256 in `.yo-rc.json`), and keeps and names
 * it when its owners edited it; either way `.yo-rc.json` stops listing it.
 * Through the package's bin.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { scratchDir } from './support/scratch.ts';
import { runBin as run, bin } from './support/bin.ts';


function generated(args: readonly string[] = []): string {
  const work = scratchDir('orphans');
  const result = run(work, ['demo', '--yes', '--offline', ...args]);
  assert.equal(result.status, 0, result.stderr);
  return path.join(work, 'demo');
}

/** A template layer in a scratch folder: its manifest, and files under templates/. */
function layer(manifest: object, templates: Record<string, string> = {}): string {
  const dir = scratchDir('orphans-layer');
  writeFileSync(path.join(dir, 'lambda-local.templates.json'), JSON.stringify({ context: '^2.0.0', ...manifest }));
  for (const [file, text] of Object.entries(templates)) {
    mkdirSync(path.dirname(path.join(dir, 'templates', file)), { recursive: true });
    writeFileSync(path.join(dir, 'templates', file), text);
  }
  return dir;
}

const storedFiles = (demo: string): string[] => Object.keys(JSON.parse(readFileSync(path.join(demo, '.yo-rc.json'), 'utf8'))['generator-lambda-local'].files);

describe('files the generator no longer writes', () => {
  it('are removed when untouched, and drop out of .yo-rc.json', () => {
    const demo = generated();
    assert.ok(storedFiles(demo).includes('template.yaml'));
    const result = run(demo, ['--yes', '--offline', '--templates', layer({ name: 'no-sam', omit: ['template.yaml'] })]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(existsSync(path.join(demo, 'template.yaml')), false);
    assert.match(result.stdout + result.stderr, /removed template\.yaml: the generator no longer writes it/);
    assert.equal(storedFiles(demo).includes('template.yaml'), false);
  });

  it('are kept and named when their owners edited them, and drop out of .yo-rc.json', () => {
    const demo = generated();
    const edited = `${readFileSync(path.join(demo, 'template.yaml'), 'utf8')}# our own resources follow\n`;
    writeFileSync(path.join(demo, 'template.yaml'), edited);
    const result = run(demo, ['--yes', '--offline', '--templates', layer({ name: 'no-sam', omit: ['template.yaml'] })]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(readFileSync(path.join(demo, 'template.yaml'), 'utf8'), edited);
    assert.match(result.stdout + result.stderr, /kept template\.yaml: the generator no longer writes it, and it has your edits/);
    assert.equal(storedFiles(demo).includes('template.yaml'), false);
  });

  it("go when a layer's template is gone, untouched ones only", () => {
    const team = layer({ name: 'team' }, { 'localdev/stubs/a.mjs': 'export const a = 1;\n', 'localdev/stubs/b.mjs': 'export const b = 1;\n' });
    const demo = generated(['--templates', team]);
    writeFileSync(path.join(demo, 'localdev/stubs/b.mjs'), 'export const b = 2; // ours\n');
    rmSync(path.join(team, 'templates/localdev/stubs/a.mjs'));
    rmSync(path.join(team, 'templates/localdev/stubs/b.mjs'));
    writeFileSync(path.join(team, 'templates/localdev/stubs/c.mjs'), 'export const c = 1;\n');
    const result = run(demo, ['--yes', '--offline']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(existsSync(path.join(demo, 'localdev/stubs/a.mjs')), false);
    assert.equal(readFileSync(path.join(demo, 'localdev/stubs/b.mjs'), 'utf8'), 'export const b = 2; // ours\n');
    assert.equal(readFileSync(path.join(demo, 'localdev/stubs/c.mjs'), 'utf8'), 'export const c = 1;\n');
    assert.deepEqual(storedFiles(demo).filter((file) => file.startsWith('localdev/stubs/')), ['localdev/stubs/c.mjs']);
    const output = result.stdout + result.stderr;
    assert.match(output, /removed localdev\/stubs\/a\.mjs: the generator no longer writes it/);
    assert.match(output, /kept localdev\/stubs\/b\.mjs: the generator no longer writes it, and it has your edits/);
  });
});
