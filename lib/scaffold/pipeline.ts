/**
 * The app's run, written once. The bin's fast path (first-run.ts) and the
 * Yeoman app generator both drive a Scaffold, so a step added here is added to
 * both: before, the fast path repeated every step and only the snapshot tests
 * kept the two alike. Each supplies only what is its own (ScaffoldHost): how a
 * question is asked, where files and `.yo-rc.json` stand until they are
 * committed, and where lines are printed. The methods are Yeoman's task
 * phases in the order Yeoman runs them; the fast path calls them in that
 * order, commits (commit-files.ts, as Yeoman's commit does through
 * yeoman-commit.ts), then calls `report`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isPayloadVersion } from '../../emulator/src/contract.ts';
import { InvalidInputError, notAllowed } from '../errors.ts';
import { givenLayers, layerSpecsForStorage, storedLayers } from '../layers/load-layers.ts';
import { canonicalPins, formatPinSummary, lookupProgressFor, type Pins } from '../pins/index.ts';
import { triggerKinds } from '../triggers/index.ts';
import { collectAnswers, givenAnswers, openQuestions, parseGivenAnswer, parseKnownAnswers, parseRunOptions, type Question, type RawAnswers } from './collect-answers.ts';
import { repeatingCommandLine, runningCommand } from './command-line.ts';
import { unresolvedConflictRefusal } from './merge.ts';
import { nextSteps } from './next-steps.ts';
import { applyFunctionEdit, type FunctionEdit } from './function-edit.ts';
import { answerNotices, corsOriginVariable, optionTable, storeConfig, type Answers, type ConfigStore, type OptionSpec, type RunOptions } from './options.ts';
import { appAnswersOf, functionAnswerKeys, projectOf, projectSchemaVersion, storedFunction, type FunctionModel, type Project } from './project-model.ts';
import { packageVersion } from './package-root.ts';
import { corsHandlerNotice, payloadSwitchNotice } from './payload-switch.ts';
import { findProjectRoot, firstRunPaths, occupiedPaths, occupiedRefusal, refuseFilesWhereFoldersGo, refuseLinksOutOfProject, refuseRepoInsideRepo } from './project-paths.ts';
import { staleReadmeSections } from './readme-sections.ts';
import { settlePins } from './settle-pins.ts';
import { buildTemplateContext, pinRequestFor, type TemplateContext } from './template-context.ts';
import { layersLine, loadTemplateSet, type TemplateSet } from './template-set.ts';
import { heldOutputOf, storedAnswers, storedFunctions, writeGeneratedFiles, type FileTarget, type PreviousOutput, type WriteOutcome } from './write-files.ts';

/** What an entry point gives a Scaffold: all that differs between the bin's fast path and Yeoman. */
export interface ScaffoldHost {
  /** The project folder (projectRootFor). */
  readonly root: string;
  /** Where the command runs: layer folders given are relative to it, and the next steps `cd` from it. */
  readonly cwd: string;
  /** This generator's part of `.yo-rc.json`: empty on a first run. */
  readonly config: ConfigStore;
  /** Where the rendered files stand until committed; `.yo-rc.json` is read from it at the end. */
  readonly files: FileTarget;
  /** False where a prompt would reach nobody (no terminal): a run with questions left is then refused. */
  readonly canAsk: boolean;
  ask(question: Question): Promise<string>;
  /** A line of progress or result, with the `info` status. */
  info(line: string): void;
  /** A line as it is. */
  writeln(line: string): void;
  /** The line that says the run failed. */
  error(line: string): void;
}

/**
 * The folder a run acts on: `./name` when a name is given; without one, the
 * generated repo around `cwd` (a run from `localdev/` acts on the repo), else `cwd`.
 */
export function projectRootFor(name: unknown, cwd: string): string {
  return name === undefined ? (findProjectRoot(cwd) ?? cwd) : path.resolve(cwd, parseGivenAnswer('name', name));
}

/**
 * The answers a run has before it asks: those given, else those stored. Layer
 * folders given are kept relative to the project, so a re-run from anywhere
 * (or a clone) finds them. (The app and bump.)
 */
export function knownAnswers(given: RawAnswers, stored: RawAnswers, cwd: string, root: string): Partial<Answers> {
  const templates = typeof given.templates === 'string' ? { templates: layerSpecsForStorage(given.templates, cwd, root) } : {};
  return parseKnownAnswers({ ...given, ...templates }, appAnswersOf(stored));
}

/** The run's template layers; `given`: they came as `--templates`, which a refusal names, else from `.yo-rc.json`. (The app and bump.) */
export function loadRunTemplates(known: Partial<Answers>, root: string, given: boolean): Promise<TemplateSet> {
  return loadTemplateSet(known.templates ?? '', root, given ? givenLayers : storedLayers);
}

/** Layers that no longer load give no merge base: every hunk that differs is then marked, and nothing is lost. */
function noLongerLoads(error: unknown): undefined {
  if (error instanceof InvalidInputError) return undefined;
  throw error;
}

/**
 * The function command acts on a repo this version wrote: it changes the list
 * of functions, and an upgrade is a run of its own (`make upgrade`) whose
 * merges the owners should see apart from it.
 */
function refuseFunctionEditHere(root: string, stored: Readonly<Record<string, unknown>>): void {
  if (stored.pins === undefined) throw new InvalidInputError(`no generated repo at ${root} or above: run npx generator-lambda-local first, then add functions to it`);
  if (stored.generatorVersion !== packageVersion) {
    throw new InvalidInputError(
      `this repo was written by generator-lambda-local ${String(stored.generatorVersion ?? '(version unknown)')}, and this is ${packageVersion}: run make upgrade (npx generator-lambda-local) first, then add the function; nothing was written`,
    );
  }
}

const need = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`${what} not settled yet`);
  return value;
};

export class Scaffold {
  readonly #host: ScaffoldHost;
  /** The command line's options, `name` among them. */
  readonly #options: Readonly<Record<string, unknown>>;
  readonly #known: Partial<Answers>;
  /** Answers the user chose this run: given as options, or typed at a prompt over the default. */
  readonly #chosen: Set<keyof Answers>;
  readonly #run: RunOptions;
  /** A re-run of a generated repo: `.yo-rc.json` holds its pins. */
  readonly rerun: boolean;
  /** A first run into a folder that had files of the names it writes (`--force`). */
  readonly #forced: boolean;
  /** `.yo-rc.json` as the run found it: unchanged, with no file written besides, the run says nothing changed. */
  readonly configBefore: string | undefined;
  #filesWritten = 0;
  #templates: TemplateSet | undefined;
  /** What the generator wrote last time, on a re-run. */
  #previous: PreviousOutput | undefined;
  #answers: Answers | undefined;
  #project: Project | undefined;
  /** The functions `.yo-rc.json` lists on a re-run, read once. */
  readonly #storedFunctions: readonly FunctionModel[] | undefined;
  /** The function command's edit of the list of functions, when it runs this. */
  readonly #edit: FunctionEdit | undefined;
  #editNotices: readonly string[] = [];
  /** The folders of the functions the edit adds: a handler of the owners' already there is kept, and the run says so. */
  #addedFolders: readonly string[] = [];
  #pins: Pins | undefined;
  #context: TemplateContext | undefined;
  #outcome: WriteOutcome | undefined;
  /** README.md's sections that this run's answers make stale. */
  #staleReadme: readonly string[] = [];

  /** Parses what was given and refuses a destination that cannot take the run, before anything loads or is asked. */
  constructor(host: ScaffoldHost, options: Readonly<Record<string, unknown>>, edit?: FunctionEdit) {
    this.#host = host;
    this.#options = options;
    this.#edit = edit;
    const { root } = host;
    const given = givenAnswers(options);
    if (given.name !== undefined) refuseRepoInsideRepo(String(given.name), root);
    refuseLinksOutOfProject(root);
    this.#chosen = new Set(Object.keys(given) as (keyof Answers)[]);
    const stored = host.config.getAll();
    this.#known = knownAnswers(given, stored, host.cwd, root);
    this.#run = parseRunOptions(options);
    const open = options.yes === true ? [] : openQuestions(this.#known);
    if (open.length > 0 && !host.canAsk) {
      throw new InvalidInputError(`no terminal to ask for ${open.join(', ')}: pass --yes to take their defaults, or give them as options; nothing was written`);
    }
    this.rerun = stored.pins !== undefined;
    if (edit) refuseFunctionEditHere(root, stored);
    // With several functions, the app's function answers would not say whose: the function command's do.
    this.#storedFunctions = this.rerun ? storedFunctions(stored) : undefined;
    const functionCount = this.#storedFunctions?.length ?? 0;
    const [key] = functionAnswerKeys.filter((answer) => this.#chosen.has(answer));
    if (!edit && functionCount > 1 && key !== undefined) {
      const spec: OptionSpec<unknown> = optionTable[key];
      const raw = String(options[spec.option]);
      // --secrets NAME=value given by mistake: no refusal repeats a value.
      throw new InvalidInputError(notAllowed(`--${spec.option}`, spec.redact?.(raw) ?? raw, `no value here: this repo has ${functionCount} functions, so give it to one of them: npx generator-lambda-local function <name> --${optionTable[key].option} …`));
    }
    if (this.rerun) {
      const conflicts = unresolvedConflictRefusal(root, stored);
      if (conflicts) throw conflicts;
      this.#forced = false;
    } else {
      const occupied = occupiedPaths(root);
      if (occupied.length > 0 && options.force !== true) throw occupiedRefusal(root, occupied);
      this.#forced = occupied.length > 0;
    }
    const config = path.join(root, '.yo-rc.json');
    this.configBefore = existsSync(config) ? readFileSync(config, 'utf8') : undefined;
  }

  /** The template layers, checked before any question: a layer that cannot be used stops the run here. */
  async loadTemplates(): Promise<void> {
    const { root } = this.#host;
    const templates = await loadRunTemplates(this.#known, root, this.#chosen.has('templates'));
    this.#templates = templates;
    refuseLinksOutOfProject(root, templates.everyPath());
    refuseFilesWhereFoldersGo(root, templates.everyPath());
    if (!this.rerun) {
      // The built-in files' names were checked already; the layers may write more.
      const occupied = occupiedPaths(root, firstRunPaths(root, templates));
      if (occupied.length > 0 && this.#options.force !== true) throw occupiedRefusal(root, occupied);
      return;
    }
    // The base of a merge is what the layers of last time wrote, not this run's (which may add or drop one).
    const stored = this.#host.config.getAll();
    const storedSpecs = typeof stored.templates === 'string' ? stored.templates : '';
    const written = storedSpecs === (this.#known.templates ?? '') ? templates : await loadTemplateSet(storedSpecs, root).catch(noLongerLoads);
    // With the digests the files hold: one Renovate moved is no edit of the owners' to merge against.
    const files = this.#host.files;
    const read = (file: string) => (files.exists(files.path(file)) ? files.read(files.path(file)) : undefined);
    this.#previous = heldOutputOf(stored, read, { offline: this.#run.offline, root, templates: written });
  }

  /** Every answer: given, stored, defaulted (`--yes`) or asked. */
  async collectAnswers(): Promise<void> {
    const host = this.#host;
    const answers = await collectAnswers({
      known: this.#known,
      acceptDefaults: this.#options.yes === true,
      folderName: path.basename(host.root),
      presets: need(this.#templates, 'templates').presets,
      given: new Set(this.#chosen),
      ask: async (question) => {
        const answer = await host.ask(question);
        if (answer !== question.defaultValue) this.#chosen.add(question.key);
        return answer;
      },
    });
    this.#answers = answers;
    const project = projectOf(answers, this.#storedFunctions);
    if (this.#edit) {
      const templates = need(this.#templates, 'templates');
      const edited = await applyFunctionEdit(project, this.#edit, { acceptDefaults: this.#options.yes === true || !host.canAsk, presets: templates.presets, ask: (question) => host.ask(question) });
      this.#project = edited.project;
      this.#editNotices = edited.notices;
      this.#addedFolders = edited.project.functions.filter((fn) => !project.functions.some((other) => other.name === fn.name)).map((fn) => fn.folder);
    } else {
      this.#project = project;
    }
    for (const notice of answerNotices(answers, this.#chosen)) host.info(notice);
    const before = this.#previous ? host.config.getAll().payload : undefined;
    if (typeof before === 'string' && isPayloadVersion(before) && before !== answers.payload) {
      // Each handler written for the API type is its owners' (cmd/<name>/, or the root for a 0.1 or 0.2 repo's).
      const handlers = this.#project.functions
        .filter((fn) => triggerKinds[fn.trigger].payloads !== undefined && existsSync(path.join(host.root, fn.folder, 'main.go')))
        .flatMap((fn) => [path.posix.join(fn.folder, 'main.go'), path.posix.join(fn.folder, 'main_test.go')]);
      if (handlers.length > 0) for (const line of payloadSwitchNotice(before, answers.payload, handlers.join(', ').replace(/, ([^,]*)$/, ' and $1'))) host.info(line);
    }
  }

  /** The pins: looked up live, or with `--offline` those stored or shipped (settle-pins.ts). */
  async settlePins(): Promise<void> {
    const answers = need(this.#answers, 'answers');
    const name = this.#options.name;
    this.#pins = await settlePins({
      run: this.#run,
      // The pins the files hold (Renovate may have moved one): offline, a re-run keeps them.
      stored: this.#previous?.pins ?? this.#host.config.getAll().pins,
      request: pinRequestFor(answers),
      progress: lookupProgressFor(process.stdout, (line) => this.#host.info(line)),
      repeat: repeatingCommandLine(runningCommand(), answers, {
        ...(typeof name === 'string' ? { name } : {}),
        given: this.#options,
        projectRoot: this.#host.root,
        // With several functions, their answers are the function command's (the app refuses them).
        withFunctionAnswers: need(this.#project, 'project').functions.length === 1,
      }),
    });
  }

  /** Renders every file into the host's files and stores the answers; nothing is on disk until the host commits. */
  write(): void {
    const host = this.#host;
    const [answers, pins, templates] = [need(this.#answers, 'answers'), need(this.#pins, 'pins'), need(this.#templates, 'templates')];
    const project = need(this.#project, 'project');
    const context = buildTemplateContext(project, pins, packageVersion, templates);
    this.#context = context;
    // The paths of this run's own layout, its functions' folders among them, checked as every other path was when the templates loaded.
    const paths = templates.files(context).map((file) => file.to);
    refuseLinksOutOfProject(host.root, paths);
    refuseFilesWhereFoldersGo(host.root, paths);
    // Said on the run that turns the REST API's CORS origin on, not on every run after it.
    const last = this.#previous ? storedAnswers(host.config.getAll()) : undefined;
    const turnedOn = last !== undefined && !(last.cors === 'on' && last.payload === '1.0');
    for (const fn of turnedOn ? context.functions : []) {
      const mainGo = path.join(host.root, fn.mainFile);
      const ownersMainGo = existsSync(mainGo) ? readFileSync(mainGo, 'utf8') : undefined;
      for (const line of corsHandlerNotice(fn.corsOrigin, fn.mainFile, ownersMainGo, corsOriginVariable)) host.info(line);
    }
    const counted: FileTarget = {
      path: (relative) => host.files.path(relative),
      exists: (file) => host.files.exists(file),
      read: (file) => host.files.read(file),
      write: (file, text, options) => {
        this.#filesWritten += 1;
        host.files.write(file, text, options);
      },
      remove: (file) => {
        this.#filesWritten += 1;
        host.files.remove(file);
      },
    };
    const outcome = writeGeneratedFiles(counted, context, templates, this.#previous);
    // README.md is the owners': kept as it is, with word of what the new answers make stale in it (readme-sections.ts).
    const before = last && outcome.keptUserFiles.includes('README.md') ? projectOf(last, this.#storedFunctions) : undefined;
    if (before) this.#staleReadme = staleReadmeSections(templates, buildTemplateContext(before, pins, packageVersion, templates), context);
    // Every template rendered, so nothing can fail any more: the layers used, what was pinned, then what is written.
    for (const line of layersLine(templates)) host.info(line);
    for (const line of formatPinSummary(pins, pinRequestFor(answers))) host.writeln(line);
    const { functions, ...repo } = project;
    storeConfig(host.config, { schemaVersion: projectSchemaVersion, ...repo, functions: functions.map(storedFunction), pins: canonicalPins(pins), generatorVersion: packageVersion, files: outcome.hashes });
    this.#outcome = outcome;
  }

  /** After the commit: what became of the owners' files, any conflict (exit status 1), and the next steps. */
  report(): void {
    const host = this.#host;
    const { merged = [], conflicts = [], removed = [], keptOrphans = [], keptUserFiles = [] } = this.#outcome ?? {};
    // Said once the files are written: a refused commit wrote nothing, and added nothing.
    for (const line of this.#editNotices) host.info(line);
    // A function added again after --remove: its folder stayed the owners', and its handler is theirs, not a new one.
    for (const file of keptUserFiles.filter((kept) => this.#addedFolders.some((folder) => kept.startsWith(`${folder}/`)))) host.info(`kept ${file}: it was here already, and it is yours`);
    for (const file of removed) host.info(`removed ${file}: the generator no longer writes it, and it was as the generator wrote it`);
    for (const file of keptOrphans) host.info(`kept ${file}: the generator no longer writes it, and it has your edits, so it is yours now`);
    if (this.#staleReadme.length > 0) {
      host.info(`README.md is yours and was left as it is; the new answers change what these sections of it say: ${this.#staleReadme.map((section) => `"${section}"`).join(', ')} (update them by hand)`);
    }
    for (const file of merged) host.info(`merged ${file}: your edits and the generator's, both kept`);
    for (const file of conflicts) host.info(`conflict ${file}: your edits and the generator's overlap; both are in the file between <<<<<<< and >>>>>>>`);
    if (conflicts.length > 0) {
      // A result to act on, not a crash: the files are written, and the run ends with status 1.
      host.error(`${conflicts.length} file(s) with merge conflicts: ${conflicts.join(', ')}; resolve the marked lines, then run again`);
      process.exitCode = 1;
      return;
    }
    if (this.#forced) for (const file of keptUserFiles) host.info(`kept ${file}: it was here already, and it is yours`);
    if (this.#filesWritten === 0 && this.configBefore === host.files.read(host.files.path('.yo-rc.json'))) host.writeln('nothing changed');
    const context = this.#context;
    if (context) for (const line of nextSteps({ cwd: host.cwd, repo: host.root, curl: context.sampleRequest?.curl, secrets: context.allSecrets, downloadAsset: context.downloadAsset })) host.writeln(line);
  }
}
