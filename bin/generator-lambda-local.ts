#!/usr/bin/env node
/**
 * Runs the generators without a global `yo`:
 *   generator-lambda-local [name] [options]   same as `yo lambda-local`
 *   generator-lambda-local bump [options]     same as `yo lambda-local:bump`
 *   generator-lambda-local diff [options]     same as `yo lambda-local:diff`
 *   generator-lambda-local function <name>    same as `yo lambda-local:function`
 * A refused value or failed lookup prints one line and exits non-zero.
 * An unsupported Node, --version, --help, an unknown option and a first run
 * that asks nothing are dealt with before Yeoman loads: on an old Node,
 * Yeoman's own modules fail with a stack trace, and none of these needs it.
 */
import satisfies from 'semver/functions/satisfies.js';
import { fileURLToPath } from 'node:url';
import { packageVersion, supportedNode } from '../lib/scaffold/package-root.ts';

const command = 'npx generator-lambda-local';
const generators = ['app', 'bump', 'diff', 'function'] as const;

async function main(argv: readonly string[]): Promise<void> {
  const [first, ...rest] = argv;
  const generator = first === 'bump' || first === 'diff' || first === 'function' ? first : 'app';
  const args = generator === 'app' ? [...argv] : rest;
  if (args.includes('--version')) {
    console.log(packageVersion);
    return;
  }
  const { helpText, readCommandLine, stdoutCarriesData, unknownOptionProblem } = await import('../lib/scaffold/command-line.ts');
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(helpText(command, packageVersion, generator));
    return;
  }
  const commandLine = readCommandLine(args, generator);
  const unknown = unknownOptionProblem(commandLine, generator);
  if (unknown) throw new Error(unknown);
  if (generator === 'app') {
    // A first run that asks nothing needs none of Yeoman: the app's steps (lib/scaffold/pipeline.ts), run by lib/scaffold/first-run.ts.
    const { plainFirstRun, scaffoldFirstRun } = await import('../lib/scaffold/first-run.ts');
    const destination = plainFirstRun(commandLine, process.cwd());
    if (destination !== undefined) return scaffoldFirstRun(commandLine, destination, process.cwd());
  }

  const { createEnv } = await import('yeoman-environment');
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  // Yeoman logs progress and results to stderr; here they go to stdout, and errors alone to stderr,
  // unless stdout carries the command's data: then its log stays on stderr, as under `yo`.
  const env = createEnv({ stdout: process.stdout, stderr: stdoutCarriesData(generator, commandLine.options) ? process.stderr : process.stdout });
  // Yeoman announces a failed task in a line of its own; ours, printed below, says what failed.
  const { log } = env.adapter;
  log.error = (message) => {
    if (!String(message).startsWith('An error occured while running ')) console.error(`generator-lambda-local: ${String(message)}`);
    return log;
  };
  for (const name of generators) {
    const file = fileURLToPath(new URL(`../generators/${name}/index.${extension}`, import.meta.url));
    env.register(file, { namespace: `lambda-local:${name}` });
  }
  await env.run([`lambda-local:${generator}`, ...args]);
}

// Colour and cursor codes only for a terminal, and never under NO_COLOR (no-color.org): set
// before Yeoman's colour library loads, which would otherwise colour a pipe in CI.
if (!process.stdout.isTTY || (process.env.NO_COLOR ?? '') !== '') process.env.FORCE_COLOR = '0';

if (!satisfies(process.versions.node, supportedNode)) {
  console.error(
    `generator-lambda-local: Node ${process.versions.node} is not supported; it needs ${supportedNode}. ` +
      'Install Node 24 (for example nvm install 24), or npm i node@24 and run it as node_modules/.bin/node',
  );
  process.exitCode = 1;
} else {
  try {
    await main(process.argv.slice(2));
  } catch (error) {
    console.error(`generator-lambda-local: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
