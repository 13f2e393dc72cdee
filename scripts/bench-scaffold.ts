/**
 * Median wall time of an offline scaffold through the package's bin, the way a
 * user runs it: `node scripts/bench-scaffold.ts [runs]` (default 9).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgument } from './bench-argument.ts';

const runs = benchArgument('bench-scaffold', 'runs', process.argv[2], 9);
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'dist/bin/generator-lambda-local.js');
const times: number[] = [];
for (let run = 0; run < runs; run++) {
  const cwd = mkdtempSync(path.join(tmpdir(), 'lambda-local-bench-'));
  const started = performance.now();
  const result = spawnSync(process.execPath, [bin, 'demo', '--yes', '--offline'], { cwd, encoding: 'utf8' });
  times.push(performance.now() - started);
  rmSync(cwd, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`scaffold failed: ${result.stderr}`);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)] ?? 0;
console.log(`offline scaffold, ${runs} runs: median ${median.toFixed(0)} ms, min ${times[0]?.toFixed(0)} ms, max ${times.at(-1)?.toFixed(0)} ms`);
console.log(`node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}`);
