/**
 * Wall time of an offline scaffold through the package's bin, the way a user
 * runs it, against create-vite scaffolding its vanilla-ts template in the same
 * run: `node scripts/bench-scaffold.ts [runs]` (default 9). The two alternate
 * run by run, so a slow spell of this machine falls on both; medians are
 * reported, and the ratio of ours to create-vite's. Then the re-runs a
 * repo of several functions takes: adding a function (the function command,
 * a re-run through Yeoman with the merge path) to a repo of 1, 2, 3… functions,
 * and a plain re-run of the app (`--yes --offline`) of that repo.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgument } from './bench-argument.ts';

const runs = benchArgument('bench-scaffold', 'runs', process.argv[2], 9);
const root = fileURLToPath(new URL('..', import.meta.url));
const createVite = createRequire(import.meta.url).resolve('create-vite');
const peerVersion = (JSON.parse(readFileSync(path.join(path.dirname(createVite), 'package.json'), 'utf8')) as { version: string }).version;

const commands = {
  'generator-lambda-local': [path.join(root, 'dist/bin/generator-lambda-local.js'), 'demo', '--yes', '--offline'],
  [`create-vite ${peerVersion}`]: [createVite, 'demo', '--template', 'vanilla-ts', '--no-interactive'],
};

function timed(args: readonly string[]): number {
  const cwd = mkdtempSync(path.join(tmpdir(), 'lambda-local-bench-'));
  try {
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
    const elapsed = performance.now() - started;
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
    return elapsed;
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

const times = new Map(Object.keys(commands).map((name) => [name, [] as number[]]));
for (let run = 0; run < runs; run++) for (const [name, args] of Object.entries(commands)) times.get(name)?.push(timed(args));

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
for (const [name, values] of times) {
  const sorted = [...values].sort((a, b) => a - b);
  console.log(`${name}: median ${median(values).toFixed(0)} ms, min ${sorted[0]?.toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms over ${runs} runs`);
}
const [ours, peer] = [...times.values()].map(median);
console.log(`ratio to create-vite: ${((ours ?? 0) / (peer ?? 1)).toFixed(2)}`);

/** `args` of the bin run in `cwd`, timed. */
function timedIn(cwd: string, args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [path.join(root, 'dist/bin/generator-lambda-local.js'), ...args], { cwd, encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  return elapsed;
}

const reruns = { add: [] as number[], rerun: [] as number[] };
for (let run = 0; run < runs; run++) {
  const cwd = mkdtempSync(path.join(tmpdir(), 'lambda-local-bench-'));
  try {
    timedIn(cwd, ['demo', '--yes', '--offline']);
    const repo = path.join(cwd, 'demo');
    // Functions 2 to 4, each behind its own path (a new function's default, ANY /<name>/{proxy+}); then a re-run of the four-function repo.
    for (const index of [2, 3, 4]) reruns.add.push(timedIn(repo, ['function', `fn${index}`, '--yes']));
    reruns.rerun.push(timedIn(repo, ['--yes', '--offline']));
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
for (const [name, values] of Object.entries(reruns)) {
  const sorted = [...values].sort((a, b) => a - b);
  const what = name === 'add' ? 'function command, adding the 2nd to 4th function' : 're-run of a four-function repo';
  console.log(`${what}: median ${median(values).toFixed(0)} ms, min ${sorted[0]?.toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms over ${values.length} runs`);
}
console.log(`node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}`);
