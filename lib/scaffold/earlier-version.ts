/**
 * What an earlier generator version wrote, to merge against on an upgrade: that
 * version, fetched by npx from the npm registry as users fetch it, run offline
 * on a copy of the repo's stored answers and pins in a folder of its own. Its
 * own output is the base, byte for byte, whatever its templates and context
 * were. Without the network (`--offline`), or when that version cannot be had
 * or fails, there is no base, and the merge says so with conflicts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import valid from 'semver/functions/valid.js';
import { resolveLayer } from '../layers/load-layers.ts';
import { configNamespace } from './project-paths.ts';

/**
 * The files `version` writes for `stored` (the answers and pins of the repo at
 * `root`), by path; undefined when it cannot be run.
 */
export function renderEarlierVersion(version: string, stored: Readonly<Record<string, unknown>>, files: readonly string[], root: string): Map<string, string> | undefined {
  // The version comes from .yo-rc.json, which anyone can edit: an exact release, nothing else.
  if (valid(version) !== version) return undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'lambda-local-base-'));
  try {
    const answersAndPins = Object.fromEntries(Object.entries(stored).filter(([key]) => key !== 'files' && key !== 'generatorVersion'));
    // Its template layers, found from the repo, by absolute path: the folder it runs in is elsewhere.
    if (typeof stored.templates === 'string' && stored.templates !== '') {
      answersAndPins.templates = stored.templates.split(',').map((spec) => resolveLayer(spec, root)).join(',');
    }
    writeFileSync(path.join(dir, '.yo-rc.json'), JSON.stringify({ [configNamespace]: answersAndPins }, null, 2));
    const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
    const result = spawnSync(npx, ['--yes', `generator-lambda-local@${version}`, '--yes', '--offline'], { cwd: dir, encoding: 'utf8', timeout: 300_000, stdio: ['ignore', 'pipe', 'pipe'] });
    if (result.status !== 0) return undefined;
    const output = new Map<string, string>();
    for (const file of files) {
      try {
        output.set(file, readFileSync(path.join(dir, file), 'utf8'));
      } catch {
        // That version did not write this file: no base for it.
      }
    }
    return output;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
