/**
 * A first run that asks nothing (`--yes`, or every answer given), done by the
 * bin without Yeoman. Loading Yeoman's environment alone takes over a second,
 * and such a run uses none of it: no prompt, no conflict to ask about (a
 * folder that already has files of our names goes to Yeoman, which refuses
 * it), no earlier output to merge. The steps are the app generator's, from the
 * same modules, and the tests hold the two to the same bytes. Everything is
 * rendered before the first file is written, and written all or none, as
 * Yeoman's path writes (commit-files.ts). (A folder that has a file only a
 * template layer writes is refused here, in the same words.)
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { canonicalPins, formatPinSummary, lookupProgressFor } from '../pins/index.ts';
import { collectAnswers, givenAnswers, openQuestions, parseGivenAnswer, parseKnownAnswers, parseRunOptions } from './collect-answers.ts';
import { repeatingCommandLine, type CommandLine } from './command-line.ts';
import { nextSteps } from './next-steps.ts';
import { answerNotices, storeConfig, type Answers } from './options.ts';
import { packageVersion } from './package-root.ts';
import { commitFiles } from './commit-files.ts';
import { configNamespace, occupiedPaths, occupiedRefusal, refuseFilesWhereFoldersGo, refuseLinksOutOfProject } from './project-paths.ts';
import { settlePins } from './settle-pins.ts';
import { buildTemplateContext, pinRequestFor } from './template-context.ts';
import { layersLine, loadTemplateSet } from './template-set.ts';
import { writeGeneratedFiles } from './write-files.ts';
import { layerSpecsForStorage } from '../layers/load-layers.ts';

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
  const name = positional[0];
  const destination = name === undefined ? cwd : path.resolve(cwd, parseGivenAnswer('name', name));
  if (configAbove(destination) || occupiedPaths(destination).length > 0) return undefined;
  if (options.yes !== true && openQuestions(parseKnownAnswers(givenAnswers(options), {})).length > 0) return undefined;
  return destination;
}

/** Writes a new repo at `destination` as the app generator would, printing what it does. */
export async function scaffoldFirstRun(commandLine: CommandLine, destination: string, cwd: string): Promise<void> {
  const { options } = commandLine;
  const info = (line: string) => console.log(statusLine('info', line));
  refuseLinksOutOfProject(destination);
  const given = givenAnswers({ ...options, name: commandLine.positional[0] });
  if (typeof given.templates === 'string') given.templates = layerSpecsForStorage(given.templates, cwd, destination);
  const known = parseKnownAnswers(given, {});
  const run = parseRunOptions(options);
  const templates = await loadTemplateSet(known.templates ?? '', destination);
  refuseLinksOutOfProject(destination, templates.everyPath());
  refuseFilesWhereFoldersGo(destination, templates.everyPath());
  const occupied = occupiedPaths(destination, templates.everyPath());
  if (occupied.length > 0) throw occupiedRefusal(destination, occupied);
  const answers = await collectAnswers({
    known,
    acceptDefaults: true,
    folderName: path.basename(destination),
    presets: templates.presets,
    given: new Set(Object.keys(given) as (keyof Answers)[]),
    ask: () => Promise.reject(new Error('a first run without Yeoman asks nothing')),
  });
  for (const notice of answerNotices(answers, new Set(Object.keys(given) as (keyof Answers)[]))) info(notice);

  const request = pinRequestFor(answers);
  const name = commandLine.positional[0];
  const repeat = repeatingCommandLine('npx generator-lambda-local', answers, { ...(name === undefined ? {} : { name }), given: options, projectRoot: destination });
  const pins = await settlePins({ run, stored: undefined, request, progress: lookupProgressFor(process.stdout, info), repeat });

  const context = buildTemplateContext(answers, pins, packageVersion, templates);
  const staged = new Map<string, { text: string; executable: boolean }>();
  const outcome = writeGeneratedFiles(
    {
      path: (relative) => path.join(destination, relative),
      exists: (file) => staged.has(file),
      read: (file) => staged.get(file)?.text ?? '',
      write: (file, text, { executable }) => staged.set(file, { text, executable }),
      remove: (file) => staged.delete(file),
    },
    context,
    templates,
    undefined,
  );
  // Rendered, so nothing can fail any more: the layers used, what was pinned, then what is written.
  for (const line of layersLine(templates)) info(line);
  for (const line of formatPinSummary(pins, request)) console.log(line);
  const config: Record<string, unknown> = {};
  storeConfig(
    { getAll: () => config, delete: (key) => delete config[key], set: (values) => Object.assign(config, values) },
    { ...answers, pins: canonicalPins(pins), generatorVersion: packageVersion, files: outcome.hashes },
  );

  // All or nothing (commit-files.ts); then listed as Yeoman lists them, its config first, then the files in the order they were written.
  const files = new Map([[path.join(destination, '.yo-rc.json'), { text: `${JSON.stringify({ [configNamespace]: config }, null, 2)}\n`, executable: false }], ...staged]);
  const committed = commitFiles(
    destination,
    [...files].map(([file, { text, executable }]) => ({ file, contents: text, mode: executable ? 0o755 : undefined })),
  );
  for (const { file, status } of committed) console.log(statusLine(status, path.relative(cwd, file)));
  for (const line of nextSteps({ cwd, repo: destination, curl: context.sampleRequest.curl, secrets: context.secrets, downloadAsset: context.downloadAsset })) console.log(line);
}
