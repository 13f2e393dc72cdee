#!/usr/bin/env node
/**
 * Runs the generators without a global `yo`:
 *   generator-lambda-local [name] [options]   same as `yo lambda-local`
 *   generator-lambda-local bump [options]     same as `yo lambda-local:bump`
 * A refused value or failed lookup prints one line and exits non-zero.
 */
import { fileURLToPath } from 'node:url';
import { createEnv } from 'yeoman-environment';

const generators = ['app', 'bump'] as const;

async function main(argv: readonly string[]): Promise<void> {
  const [first, ...rest] = argv;
  const generator = first === 'bump' ? 'bump' : 'app';
  const args = generator === 'bump' ? rest : [...argv];
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const env = createEnv();
  // Yeoman announces a failed task in a line of its own; ours, printed below, says what failed.
  const { log } = env.adapter;
  const logError = log.error.bind(log);
  log.error = (message, ...rest) => (String(message).startsWith('An error occured while running ') ? log : logError(message, ...rest));
  for (const name of generators) {
    const file = fileURLToPath(new URL(`../generators/${name}/index.${extension}`, import.meta.url));
    env.register(file, { namespace: `lambda-local:${name}` });
  }
  const help = args.includes('--help') || args.includes('-h');
  await env.run([`lambda-local:${generator}`, ...args.filter((arg) => arg !== '--help' && arg !== '-h')], help ? { help } : {});
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  console.error(`generator-lambda-local: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
