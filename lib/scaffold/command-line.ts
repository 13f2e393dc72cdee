/**
 * The command line as a whole, for the bin and for `yo` alike: which options
 * each generator takes, the refusal of one it does not (a typo must not be
 * dropped in silence), and `--help`, built from the option table so that it
 * can never list an option that does nothing.
 */
import path from 'node:path';
import { notAllowed } from '../errors.ts';
import { isFolderSpec } from '../layers/load-layers.ts';
import { defaultTriggerKind } from '../triggers/index.ts';
import { functionCommandOptions } from './function-edit.ts';
import { answerKeys, optionTable, runOptionKeys, type Answers, type OptionSpec } from './options.ts';
import { functionAnswerKeys } from './project-model.ts';

export type GeneratorName = 'app' | 'bump' | 'diff' | 'function';

interface Extra {
  readonly option: string;
  readonly summary: string;
}

/** Options of the command itself, outside the table. */
const commandFlags: Record<GeneratorName, readonly Extra[]> = {
  app: [
    { option: 'yes', summary: 'the default for every question not answered' },
    { option: 'force', summary: 'write where files of the same names are' },
  ],
  bump: [],
  diff: [{ option: 'exit-code', summary: 'exit 1 when a generator-owned file differs' }],
  function: [{ option: 'yes', summary: 'the default for every answer not given' }],
};
const everywhere: readonly Extra[] = [
  { option: 'help', summary: 'print this and exit' },
  { option: 'version', summary: 'print the version and exit' },
];
/** Yeoman's own switches: accepted, since `yo` may pass them, but never shown; none does anything here. */
const yeomanFlags = ['skip-cache', 'skip-install', 'force-install', 'ask-answered'];

const specs = () => Object.values(optionTable) as OptionSpec<unknown>[];

function tableOptions(generator: GeneratorName): OptionSpec<unknown>[] {
  // diff renders what was written last time, offline or with npx: it looks nothing up.
  if (generator === 'diff') return [optionTable.offline];
  // A function's own answers; it keeps the repo's pins, so it looks nothing up either.
  if (generator === 'function') return functionAnswerKeys.map((key): OptionSpec<unknown> => optionTable[key]);
  return specs().filter((spec) => spec.option !== 'name' && (generator === 'app' ? !spec.bumpOnly : !spec.stored || spec.bumpToo));
}

const repeatable = new Set(specs().filter((spec) => spec.repeatable).map((spec) => spec.option));

/** Every option `generator` takes: name, and whether it takes a value. */
function knownOptions(generator: GeneratorName): Map<string, boolean> {
  const known = new Map<string, boolean>();
  for (const spec of tableOptions(generator)) known.set(spec.option, spec.flag !== true);
  for (const { option } of [...commandFlags[generator], ...everywhere]) known.set(option, false);
  for (const option of yeomanFlags) known.set(option, false);
  if (generator === 'function') for (const { option, takesValue } of functionCommandOptions) known.set(option, takesValue);
  return known;
}

/** Edits (insert, delete, replace, swap of neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** The known option closest to `name`, when it is close enough to be a typo of it. */
function closest(name: string, known: Iterable<string>): string | undefined {
  let best: { option: string; distance: number } | undefined;
  for (const option of known) {
    const distance = editDistance(name, option);
    if (distance <= Math.max(1, Math.floor(option.length / 4)) && (!best || distance < best.distance)) best = { option, distance };
  }
  return best?.option;
}

export interface CommandLine {
  readonly positional: readonly string[];
  /** Each option given, by name: a switch's true or false, the last value given of any other. */
  readonly options: Readonly<Record<string, string | boolean>>;
  /** The first word that looks like an option `generator` does not take. */
  readonly unknown?: string;
}

/**
 * Whether the command's standard output is data to pipe (bump's `--check`
 * report, its `--json`, its `--dry-run` diff; diff's patch): then every other
 * line, log, progress and verdict alike, goes to standard error. `options` are
 * the command line's, or Yeoman's (which read the same names).
 */
export function stdoutCarriesData(generator: GeneratorName, options: Readonly<Record<string, unknown>>): boolean {
  if (generator === 'diff') return true;
  return generator === 'bump' && ['check', 'json', 'dry-run'].some((option) => options[option] === true);
}

/** Reads `args` as Yeoman reads them: `--name value`, `--name=value`, `--switch`, `--no-switch`, and words; `--` ends the options. */
export function readCommandLine(args: readonly string[], generator: GeneratorName): CommandLine {
  const known = knownOptions(generator);
  const positional: string[] = [];
  const options: Record<string, string | boolean> = {};
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (arg === '--') {
      positional.push(...args.slice(index + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = arg === '-h' ? 'help' : (equals === -1 ? arg : arg.slice(0, equals)).replace(/^--?/, '');
    const takesValue = known.get(name);
    if (takesValue === true) {
      // The next word is this option's value, whatever it looks like.
      const value = equals === -1 ? (args[++index] ?? '') : arg.slice(equals + 1);
      const earlier = options[name];
      options[name] = repeatable.has(name) && typeof earlier === 'string' ? `${earlier},${value}` : value;
    } else if (takesValue === false && (equals === -1 || /^(true|false)$/.test(arg.slice(equals + 1)))) {
      options[name] = equals === -1 || arg.slice(equals + 1) === 'true';
    } else if (name.startsWith('no-') && known.get(name.slice(3)) === false && equals === -1) {
      options[name.slice(3)] = false;
    } else {
      return { positional, options, unknown: arg };
    }
  }
  return { positional, options };
}

/** The refusal of the first option a command line read for `generator` holds that it does not take, or undefined. */
export function unknownOptionProblem({ unknown }: CommandLine, generator: GeneratorName): string | undefined {
  if (unknown === undefined) return undefined;
  const guess = closest(unknown.replace(/^--?/, '').split('=')[0] ?? '', knownOptions(generator).keys());
  const allowed = guess ? `an option of this command; did you mean --${guess}? (--help lists them)` : 'an option of this command (--help lists them)';
  return notAllowed('option', unknown, allowed);
}

const width = 80;
const labelWidth = 20;

/** Words filled into lines of at most `room` columns (a word longer than that stands alone). */
function fill(text: string, room: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= room) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/**
 * One option's lines: the label, its summary (wrapped under itself when too
 * long for one line), and its default flush with column 80 (on a line of its
 * own when it does not fit).
 */
function optionLine(label: string, summary: string, defaultText?: string): string[] {
  const indent = 2 + labelWidth + 1;
  const [first = '', ...rest] = fill(summary, width - indent);
  const lines = [`  ${label.padEnd(labelWidth)} ${first}`, ...rest.map((line) => `${' '.repeat(indent)}${line}`)];
  if (defaultText === undefined) return lines;
  const left = lines.pop() ?? '';
  if (left.length + 2 + defaultText.length <= width) return [...lines, left + defaultText.padStart(width - left.length)];
  return [...lines, left, defaultText.padStart(width)];
}

const usageWidth = 44;

/** One usage's line, its description on the next line, under the others', when both do not fit in 80 columns. */
function usageLine(usage: string, description: string): string[] {
  const line = `  ${usage.padEnd(usageWidth)} ${description}`;
  return line.length <= width ? [line] : [`  ${usage}`, `${' '.repeat(2 + usageWidth + 1)}${description}`];
}

function specLine(spec: OptionSpec<unknown>): string[] {
  const label = `--${spec.option}`;
  if (spec.flag) return optionLine(label, spec.summary);
  const value = spec.helpDefault ?? spec.defaultValue({ folderName: '', earlier: {}, env: {} });
  return optionLine(label, spec.summary, value === '' ? 'none' : value);
}

/** Each command's words after its name, and what it does, as its usage line says. */
const usages: Record<GeneratorName, { readonly words: string; readonly summary: string }> = {
  app: { words: '[name] [options]', summary: 'write a repo in ./name, or here' },
  bump: { words: '[options]', summary: 're-pin a generated repo' },
  diff: { words: '[options]', summary: 'show your edits of its files' },
  function: { words: '<name> [options]', summary: 'add a function, or change one' },
};

/**
 * Defaults a command's own page gives where the option table's are not what
 * that command does: a new function behind the API gets a path of its own
 * (function-edit.ts), and bump without --templates keeps the repo's layers.
 */
const commandDefaults: Partial<Record<GeneratorName, Readonly<Record<string, string>>>> = {
  function: { routes: 'ANY /<name>/{proxy+}' },
  bump: { templates: "the repo's layers" },
};

const extras = (list: readonly Extra[]) => list.flatMap(({ option, summary }) => optionLine(`--${option}`, summary));
const functionCommandLines = () =>
  functionCommandOptions.flatMap(({ option, summary }) => optionLine(`--${option}${option === 'trigger' ? ' <kind>' : ''}`, summary, option === 'trigger' ? defaultTriggerKind : undefined));

/**
 * `--help`: usage for `command` (`npx generator-lambda-local` or
 * `yo lambda-local`). The app's page has every command, the options of each
 * with their defaults, and three examples; `bump`, `diff` and `function` each
 * have a page of their own usage and exactly the options they take.
 */
export function helpText(command: string, version: string, generator: GeneratorName = 'app'): string {
  const subcommand = (name: GeneratorName) => (name === 'app' ? command : command.startsWith('yo ') ? `${command}:${name}` : `${command} ${name}`);
  const usage = (name: GeneratorName) => usageLine(`${subcommand(name)} ${usages[name].words}`, usages[name].summary);
  const title = `generator-lambda-local ${version}: run a Go function locally as AWS Lambda runs it`;
  if (generator !== 'app') {
    const examples: Record<Exclude<GeneratorName, 'app'>, string> = { bump: '--check', diff: '--exit-code', function: 'worker --trigger sqs --yes' };
    return [
      title,
      '',
      'Usage:',
      ...usage(generator),
      '',
      generator === 'function' ? "Options (a new function's defaults; a function you change keeps its own):" : 'Options:',
      ...(generator === 'function' ? functionCommandLines() : []),
      ...tableOptions(generator).flatMap((spec) => {
        const own = commandDefaults[generator]?.[spec.option];
        return specLine(own === undefined ? spec : { ...spec, helpDefault: own });
      }),
      ...extras(commandFlags[generator]),
      ...extras(everywhere),
      '',
      `All commands, and a new repo's questions: ${command} --help`,
      '',
      'Example:',
      `  cd orders && ${subcommand(generator)} ${examples[generator]}`,
      '',
    ].join('\n');
  }
  const all = specs();
  const stored = all.filter((spec) => spec.stored && spec.option !== 'name');
  const run = all.filter((spec) => !spec.stored && !spec.bumpOnly);
  const bumpOnly = all.filter((spec) => spec.bumpOnly);
  return [
    title,
    '',
    'Usage:',
    ...(['app', 'bump', 'diff', 'function'] as const).flatMap(usage),
    '',
    'Questions, each also an option (--yes takes the default of the rest):',
    ...optionLine('[name]', optionTable.name.summary, optionTable.name.helpDefault),
    ...stored.flatMap(specLine),
    '',
    'For this run only:',
    ...extras(commandFlags.app),
    ...run.flatMap(specLine),
    ...extras(everywhere),
    '',
    'bump only (it takes the options of this run too, and --templates):',
    ...bumpOnly.flatMap(specLine),
    '',
    'diff only (it takes --offline too):',
    ...extras(commandFlags.diff),
    '',
    'function only (it takes --timeout, --memory, --routes, --variables, --secrets):',
    ...functionCommandLines(),
    ...extras(commandFlags.function),
    '',
    'Examples:',
    `  ${command} orders --yes --arch arm64 --payload 2.0`,
    `  cd orders && ${subcommand('function')} worker --trigger sqs --yes`,
    `  cd orders && ${subcommand('bump')} --check`,
    '',
  ].join('\n');
}

/** A word as a POSIX shell reads it back: as it is when safe, else in single quotes. */
const shellWord = (word: string) => (/^[A-Za-z0-9_.,:/@%+=-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);

/** How the running command is spelt: the bin's (npx) or yo's. */
export const runningCommand = (argv: readonly string[] = process.argv): string =>
  /(^|[/\\])generator-lambda-local(\.[jt]s)?$/.test(argv[1] ?? '') ? 'npx generator-lambda-local' : 'yo lambda-local';

/** Layer specs with each folder (load-layers.ts tells them from packages) made absolute from `projectRoot`; packages as they are. */
function absoluteLayerFolders(specs: string, projectRoot: string): string {
  return specs
    .split(',')
    .map((spec) => (isFolderSpec(spec) ? path.resolve(projectRoot, spec) : spec))
    .join(',');
}

/**
 * The command line that runs again with `answers` (names of secrets only: their
 * values never pass through the generator) and the run options given, with
 * `--yes`: what a failed lookup prints, so that no answer is lost.
 */
export function repeatingCommandLine(
  command: string,
  answers: Answers,
  options: { readonly name?: string; readonly given: Readonly<Record<string, unknown>>; readonly projectRoot: string; readonly withFunctionAnswers?: boolean },
): string {
  const words = [command, ...(options.name === undefined ? [] : [shellWord(options.name)])];
  const functionKeys: ReadonlySet<string> = new Set(functionAnswerKeys);
  for (const key of answerKeys) {
    if (key === 'name' || (key === 'templates' && answers.templates === '')) continue;
    if (options.withFunctionAnswers === false && functionKeys.has(key)) continue;
    // A layer folder is stored relative to the project; the line may be run from elsewhere.
    const value = key === 'templates' ? absoluteLayerFolders(answers.templates, options.projectRoot) : String(answers[key]);
    words.push(`--${optionTable[key].option}`, shellWord(value));
  }
  for (const key of runOptionKeys) {
    const spec: OptionSpec<unknown> = optionTable[key];
    const value = options.given[spec.option];
    if (value === undefined || spec.bumpOnly) continue;
    if (spec.flag) {
      if (value === true) words.push(`--${spec.option}`);
    } else words.push(`--${spec.option}`, shellWord(String(value)));
  }
  return [...words, '--yes'].join(' ');
}
