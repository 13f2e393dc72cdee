/**
 * Golden snapshots: for three answer sets, the whole generated tree as it is
 * committed under test/snapshots/, so that a pull request shows exactly what a
 * template change does to users' files. `npm run snapshots` rewrites them on
 * purpose; test/snapshots.test.ts fails on any byte that differs.
 *
 * A generated `.gitignore` is kept as `_gitignore`, as create-vite keeps its
 * templates' (git would otherwise apply it to this repo). `localdev/proxy/src/`
 * is left out: it is emulator/src/ byte for byte, which the generated-tree test
 * checks, so its diff already shows in emulator/src/ itself.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generate, isExecutable, listFiles, repoRoot, runFunction } from './generate.ts';
import { scratchDir } from './scratch.ts';

export interface SnapshotSet {
  readonly name: string;
  readonly options: Readonly<Record<string, string>>;
  /** Functions added after the first run: each the function command's words. */
  readonly functions?: readonly (readonly string[])[];
}

export const snapshotSets: readonly SnapshotSet[] = [
  // The defaults, but for the architecture, whose default is the machine's own.
  { name: 'defaults', options: { arch: 'x86_64' } },
  { name: 'arm64-http-api-download-asset', options: { arch: 'arm64', payload: '2.0', 'rie-source': 'download-asset' } },
  // What the function's environment and CORS add to every file that carries them.
  {
    name: 'rest-api-cors-variables-secrets',
    options: { arch: 'x86_64', cors: 'on', routes: 'GET /orders/{id},POST /orders', variables: 'TABLE_NAME=orders,LOG_LEVEL=info', secrets: 'DB_PASSWORD,API_KEY' },
  },
  // A repo of several functions: two behind one HTTP API, with their own memory, time-out,
  // variables and secrets, and a queue worker, which the API does not reach.
  {
    name: 'http-api-two-functions-and-a-worker',
    options: { arch: 'x86_64', payload: '2.0', routes: 'GET /orders/{id},POST /orders', variables: 'TABLE_NAME=orders' },
    functions: [
      ['payments', '--routes', 'POST /payments,GET /payments/{id}', '--memory', '512', '--timeout', '10', '--variables', 'TABLE_NAME=orders,PROVIDER=stripe', '--secrets', 'STRIPE_KEY', '--yes'],
      ['worker', '--trigger', 'sqs', '--timeout', '60', '--yes'],
    ],
  },
];

export const snapshotsRoot = path.join(repoRoot, 'test/snapshots');

export interface SnapshotFile {
  readonly contents: Buffer;
  readonly executable: boolean;
}

/** A generated path as its snapshot names it. */
export const snapshotName = (file: string) => file.replace(/(^|\/)\.gitignore$/, '$1_gitignore');

function snapshotOf(dir: string): Map<string, SnapshotFile> {
  return new Map(
    listFiles(dir).filter((file) => !file.startsWith('localdev/proxy/src/')).map((file) => [snapshotName(file), { contents: readFileSync(path.join(dir, file)), executable: isExecutable(path.join(dir, file)) }]),
  );
}

/** The tree a set generates now through Yeoman (yeoman-test), by snapshot name. */
export async function renderSnapshot(set: SnapshotSet): Promise<Map<string, SnapshotFile>> {
  const { dir } = await generate(set.options);
  for (const words of set.functions ?? []) await runFunction(dir, words);
  return snapshotOf(dir);
}

/** The tree the published bin writes for a set on a first run, which it does without Yeoman (lib/scaffold/first-run.ts, through the app's steps in pipeline.ts). */
export function renderSnapshotThroughBin(set: SnapshotSet): Map<string, SnapshotFile> {
  const cwd = scratchDir('snapshot-bin');
  const options = Object.entries(set.options).flatMap(([option, value]) => [`--${option}`, value]);
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'dist/bin/generator-lambda-local.js'), 'demo', '--yes', '--offline', ...options], { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the bin failed: ${result.stderr}`);
  for (const words of set.functions ?? []) {
    const added = spawnSync(process.execPath, [path.join(repoRoot, 'dist/bin/generator-lambda-local.js'), 'function', ...words], { cwd: path.join(cwd, 'demo'), encoding: 'utf8' });
    if (added.status !== 0) throw new Error(`the bin's function command failed: ${added.stderr}`);
  }
  return snapshotOf(path.join(cwd, 'demo'));
}

/** The tree committed for a set, by snapshot name. */
export function committedSnapshot(set: SnapshotSet): Map<string, SnapshotFile> {
  const dir = path.join(snapshotsRoot, set.name);
  return new Map(listFiles(dir).map((file) => [file, { contents: readFileSync(path.join(dir, file)), executable: isExecutable(path.join(dir, file)) }]));
}
