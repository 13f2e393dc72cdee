/**
 * A first run that asks nothing (`--yes`, or every answer given), done by the
 * bin without Yeoman. Loading Yeoman's environment alone takes over a second,
 * and such a run uses none of it: no prompt, no conflict to ask about (a
 * folder that already has files of our names goes to Yeoman, which refuses
 * it), no earlier output to merge. The steps are the app generator's own,
 * pipeline.ts's; this supplies what Yeoman supplies there: the files held in
 * memory until every one is rendered, then written all or none as Yeoman's
 * path writes them (commit-files.ts), and its lines on the console.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { givenAnswers, openQuestions, parseKnownAnswers } from './collect-answers.ts';
import type { CommandLine } from './command-line.ts';
import { commitFiles } from './commit-files.ts';
import { projectRootFor, Scaffold } from './pipeline.ts';
import { configNamespace, occupiedPaths } from './project-paths.ts';

/** How Yeoman prints a line of a given status: the status right-aligned in nine columns. */
const statusLine = (status: string, text: string) => `${status.padStart(9)} ${text}`;

/** A `.yo-rc.json` at `dir` or above: a repo, or another generator's project, which Yeoman's path handles. */
function configAbove(dir: string): boolean {
  for (let current = dir; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.yo-rc.json'))) return true;
    if (path.dirname(current) === current) return false;
  }
}

/**
 * The folder a first run that asks nothing would write, or undefined when this
 * command line needs Yeoman: a re-run, `--force`, a folder with files of our
 * names, or a question left to ask.
 */
export function plainFirstRun(commandLine: CommandLine, cwd: string): string | undefined {
  const { positional, options } = commandLine;
  if (options.force === true || positional.length > 1) return undefined;
  const destination = projectRootFor(positional[0], cwd);
  if (configAbove(destination) || occupiedPaths(destination).length > 0) return undefined;
  if (options.yes !== true && openQuestions(parseKnownAnswers(givenAnswers(options), {})).length > 0) return undefined;
  return destination;
}

/** Writes a new repo at `destination` as the app generator would, printing what it does. */
export async function scaffoldFirstRun(commandLine: CommandLine, destination: string, cwd: string): Promise<void> {
  const info = (line: string) => console.log(statusLine('info', line));
  const config: Record<string, unknown> = {};
  const configFile = path.join(destination, '.yo-rc.json');
  const configText = () => `${JSON.stringify({ [configNamespace]: config }, null, 2)}\n`;
  const staged = new Map<string, { text: string; executable: boolean }>();
  const scaffold = new Scaffold(
    {
      root: destination,
      cwd,
      config: { getAll: () => config, delete: (key) => delete config[key], set: (values) => Object.assign(config, values) },
      files: {
        path: (relative) => path.join(destination, relative),
        exists: (file) => staged.has(file),
        read: (file) => (file === configFile ? configText() : (staged.get(file)?.text ?? '')),
        write: (file, text, { executable }) => staged.set(file, { text, executable }),
        remove: (file) => staged.delete(file),
      },
      canAsk: false,
      ask: () => Promise.reject(new Error('a first run without Yeoman asks nothing')),
      info,
      writeln: (line) => console.log(line),
      error: (line) => console.error(`generator-lambda-local: ${line}`),
    },
    { ...commandLine.options, name: commandLine.positional[0] },
  );
  await scaffold.loadTemplates();
  await scaffold.collectAnswers();
  await scaffold.settlePins();
  scaffold.write();
  // All or nothing (commit-files.ts); then listed as Yeoman lists them, its config first, then the files in the order they were written.
  const files = new Map([[configFile, { text: configText(), executable: false }], ...staged]);
  const committed = commitFiles(
    destination,
    [...files].map(([file, { text, executable }]) => ({ file, contents: text, mode: executable ? 0o755 : undefined })),
  );
  for (const { file, status } of committed) console.log(statusLine(status, path.relative(cwd, file)));
  scaffold.report();
}
