/**
 * The package's bin as the tests run it, through Node's type stripping: one
 * place for how a test spawns it (synchronously, no terminal on stdin), and
 * for reading and editing a file of the repo it wrote, as owners do.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './generate.ts';

export const bin = path.join(repoRoot, 'bin/generator-lambda-local.ts');

/** Runs the bin in `cwd` with `args`, stdin empty (no terminal: nothing can be asked). */
export const runBin = (cwd: string, args: readonly string[]) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', input: '' });

/** A file of the repo at `repo`, by its path in the repo. */
export const readRepoFile = (repo: string, file: string) => readFileSync(path.join(repo, file), 'utf8');

/** Rewrites a file of the repo at `repo` with `change`, as its owners would edit it. */
export const editRepoFile = (repo: string, file: string, change: (text: string) => string) => writeFileSync(path.join(repo, file), change(readRepoFile(repo, file)));
