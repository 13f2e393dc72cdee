/** Runs `yo lambda-local` from source in a temporary folder, as yeoman-test does. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import helpers from 'yeoman-test';
import type AppGenerator from '../../generators/app/index.ts';
import type BumpGenerator from '../../generators/bump/index.ts';
import type FunctionGenerator from '../../generators/function/index.ts';
import { readCommandLine } from '../../lib/scaffold/command-line.ts';
import { scratchDir } from './scratch.ts';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const appGenerator = path.join(repoRoot, 'generators/app/index.ts');
export const bumpGenerator = path.join(repoRoot, 'generators/bump/index.ts');
export const functionGenerator = path.join(repoRoot, 'generators/function/index.ts');

export interface Generated {
  /** The folder the repo was written to. */
  readonly dir: string;
  read(file: string): string;
  files(): string[];
}

function generatedAt(dir: string): Generated {
  return {
    dir,
    read: (file) => readFileSync(path.join(dir, file), 'utf8'),
    files: () => listFiles(dir),
  };
}

/** Every file under `dir`, relative, sorted. */
export function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const relative = path.posix.join(prefix, entry.name);
      return entry.isDirectory() ? listFiles(dir, relative) : [relative];
    })
    .sort();
}

export function isExecutable(file: string): boolean {
  return (statSync(file).mode & 0o111) !== 0;
}

/** yeoman-test's run of the app generator in `dir`, by default a new scratch folder. */
export const runApp = (dir = scratchDir('yeoman')) => helpers.run<AppGenerator>(appGenerator).cd(dir);
/** yeoman-test's run of bump in `dir`, likewise. */
export const runBump = (dir = scratchDir('yeoman')) => helpers.run<BumpGenerator>(bumpGenerator).cd(dir);

/** yeoman-test's run of the function command in the repo at `dir`, with its command line as words (`worker --trigger sqs --yes`). */
export async function runFunction(dir: string, words: readonly string[]) {
  const { positional, options } = readCommandLine(words, 'function');
  return helpers.run<FunctionGenerator>(functionGenerator).cd(dir).withArguments([...positional]).withOptions({ ...options });
}

/** Generates `demo` with `--yes --offline` plus the given options. */
export async function generate(options: Record<string, string | boolean> = {}, name = 'demo'): Promise<Generated> {
  const result = await runApp()
    .withArguments([name])
    .withOptions({ yes: true, offline: true, ...options });
  return generatedAt(path.join(result.cwd, name));
}
