/**
 * `yo lambda-local [name]`: asks a few questions and writes a repo in which
 * `make build && make up` runs a Go function locally as AWS Lambda runs it.
 * Yeoman's glue only: the options, answers, pins and files are lib/scaffold's.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Generator, { type BaseOptions } from 'yeoman-generator';
import { InvalidInputError } from '../../lib/errors.ts';
import { canonicalPins, formatPinSummary, lookupProgressFor, type Pins } from '../../lib/pins/index.ts';
import { collectAnswers, givenAnswers, openQuestions, parseGivenAnswer, parseKnownAnswers, parseRunOptions, type Question } from '../../lib/scaffold/collect-answers.ts';
import { helpText, readCommandLine, repeatingCommandLine, runningCommand, unknownOptionProblem } from '../../lib/scaffold/command-line.ts';
import { unresolvedConflictRefusal } from '../../lib/scaffold/merge.ts';
import { nextSteps } from '../../lib/scaffold/next-steps.ts';
import { answerNotices, optionTable, storeConfig, yeomanOptions, type Answers, type RunOptions, type StoredConfig } from '../../lib/scaffold/options.ts';
import { packageRoot, packageVersion } from '../../lib/scaffold/package-root.ts';
import { payloadSwitchNotice } from '../../lib/scaffold/payload-switch.ts';
import { findProjectRoot, occupiedPaths, occupiedRefusal, refuseFilesWhereFoldersGo, refuseLinksOutOfProject, refuseRepoInsideRepo } from '../../lib/scaffold/project-paths.ts';
import { announceConfig, promptsReachSomeone } from '../../lib/scaffold/yeoman-output.ts';
import { settlePins } from '../../lib/scaffold/settle-pins.ts';
import { buildTemplateContext, pinRequestFor, type TemplateContext } from '../../lib/scaffold/template-context.ts';
import { staleReadmeSections } from '../../lib/scaffold/readme-sections.ts';
import { heldOutputOf, storedAnswers, writeGeneratedFiles, type FileTarget, type PreviousOutput, type WriteOutcome } from '../../lib/scaffold/write-files.ts';
import { givenLayers, layerSpecsForStorage, storedLayers } from '../../lib/layers/load-layers.ts';
import { commitPendingFiles } from '../../lib/scaffold/yeoman-commit.ts';
import { layersLine, loadTemplateSet, type TemplateSet } from '../../lib/scaffold/template-set.ts';

/** Layers that no longer load give no merge base: every hunk that differs is then marked, and nothing is lost. */
function noLongerLoads(error: unknown): undefined {
  if (error instanceof InvalidInputError) return undefined;
  throw error;
}

type AppOptions = BaseOptions & {
  readonly name?: string;
  readonly yes?: boolean;
  readonly [option: string]: unknown;
};

export default class AppGenerator extends Generator<StoredConfig, AppOptions> {
  #known: Partial<Answers> = {};
  /** Answers the user chose this run: given as options, or typed at a prompt over the default. */
  #chosen = new Set<keyof Answers>();
  #run: RunOptions | undefined;
  #answers: Answers | undefined;
  #pins: Pins | undefined;
  /** What the generator wrote last time, on a re-run of a generated repo. */
  #previous: PreviousOutput | undefined;
  #outcome: WriteOutcome | undefined;
  #context: TemplateContext | undefined;
  /** A first run into a folder that had files of the names it writes. */
  #forced = false;
  #templates: TemplateSet | undefined;
  /** README.md's sections that this run's answers make stale. */
  #staleReadme: readonly string[] = [];
  /** `.yo-rc.json` as the run found it, and how many files it writes besides: none of either, and it says nothing changed. */
  #configBefore: string | undefined;
  #filesWritten = 0;

  constructor(args: string[], options: AppOptions) {
    // No package manager runs here: the generated repo has no package.json to install.
    super(args, options, { customInstallTask: true });
    // Yeoman's commit writes file by file; this one writes all or none (lib/scaffold/yeoman-commit.ts).
    this.setFeatures({ customCommitTask: () => commitPendingFiles(this.fs.store, this.destinationRoot(), this.env.adapter.log, this.env.logCwd) });
    this.argument('name', {
      type: String,
      required: false,
      description: `creates ./name and generates there (${optionTable.name.allowed}); without it, the current folder`,
    });
    for (const { name, ...spec } of yeomanOptions('all')) this.option(name, spec);
    this.option('yes', { type: Boolean, description: 'accept the default of every question not answered otherwise' });
    this.option('force', { type: Boolean, description: 'write into a folder that already has files of these names' });
    if (this.options.help) return;
    // Refused here rather than in a task: Yeoman adds a line of its own to errors thrown by tasks.
    const unknown = unknownOptionProblem(readCommandLine(this._args, 'app'), 'app');
    if (unknown) throw new InvalidInputError(unknown);
    const given = givenAnswers(this.options);
    this.#chosen = new Set(Object.keys(given) as (keyof Answers)[]);
    if (given.name !== undefined) {
      this.destinationRoot(this.destinationPath(parseGivenAnswer('name', given.name)));
      refuseRepoInsideRepo(String(given.name), this.destinationRoot());
    }
    // Without a name, a run inside a generated repo acts on that repo, from any of its folders.
    else this.destinationRoot(findProjectRoot(this.destinationRoot()) ?? this.destinationRoot());
    refuseLinksOutOfProject(this.destinationRoot());
    // Layer folders are kept relative to the project, so a re-run from anywhere (or a clone) finds them.
    if (typeof given.templates === 'string') given.templates = layerSpecsForStorage(given.templates, this.env.cwd, this.destinationRoot());
    this.#known = parseKnownAnswers(given, this.config.getAll());
    this.#run = parseRunOptions(this.options);
    const open = this.options.yes === true ? [] : openQuestions(this.#known);
    if (open.length > 0 && !promptsReachSomeone(this.env.adapter)) {
      throw new InvalidInputError(
        `no terminal to ask for ${open.join(', ')}: pass --yes to take their defaults, or give them as options; nothing was written`,
      );
    }
    if (this.config.get('pins') !== undefined) {
      const conflicts = unresolvedConflictRefusal(this.destinationRoot(), this.config.getAll());
      if (conflicts) throw conflicts;
      // A re-run merges the owners' edits itself (write-files.ts): Yeoman must not ask file by file.
      Object.assign(this.options, { force: true });
    } else {
      const occupied = occupiedPaths(this.destinationRoot());
      if (occupied.length > 0 && this.options.force !== true) throw occupiedRefusal(this.destinationRoot(), occupied);
      this.#forced = occupied.length > 0;
    }
    const config = this.destinationPath('.yo-rc.json');
    this.#configBefore = existsSync(config) ? readFileSync(config, 'utf8') : undefined;
    announceConfig(this.env.adapter, this.#configBefore, () => this.fs.read(config) ?? '');
  }

  override help(): string {
    return helpText('yo lambda-local', packageVersion);
  }

  /** The template layers, checked before any question: a layer that cannot be used stops the run here. */
  async initializing(): Promise<void> {
    const root = this.destinationRoot();
    this.#templates = await loadTemplateSet(this.#known.templates ?? '', root, this.#chosen.has('templates') ? givenLayers : storedLayers);
    refuseLinksOutOfProject(root, this.#templates.everyPath());
    refuseFilesWhereFoldersGo(root, this.#templates.everyPath());
    // A first run checked the built-in files' names; the layers may write more.
    const occupied = this.config.get('pins') === undefined ? occupiedPaths(root, this.#templates.everyPath()) : [];
    if (occupied.length > 0 && this.options.force !== true) throw occupiedRefusal(root, occupied);
    if (!this.#run) throw new Error('run options are not parsed yet');
    // The base of a merge is what the layers of last time wrote, not this run's (which may add or drop one).
    const stored = this.config.get('templates');
    const storedSpecs = typeof stored === 'string' ? stored : '';
    const written = storedSpecs === (this.#known.templates ?? '') ? this.#templates : await loadTemplateSet(storedSpecs, root).catch(noLongerLoads);
    // With the digests the files hold: one Renovate moved is no edit of the owners' to merge against.
    const read = (file: string) => (this.fs.exists(this.destinationPath(file)) ? this.fs.read(this.destinationPath(file)) : undefined);
    this.#previous = heldOutputOf(this.config.getAll(), read, { offline: this.#run.offline, root, templates: written });
  }

  async prompting(): Promise<void> {
    this.#answers = await collectAnswers({
      known: this.#known,
      acceptDefaults: this.options.yes === true,
      folderName: path.basename(this.destinationRoot()),
      presets: this.#requireTemplates().presets,
      given: new Set(this.#chosen),
      ask: (question) => this.#ask(question),
    });
    for (const notice of answerNotices(this.#answers, this.#chosen)) this.log.info(notice);
    const before = this.#previous ? this.config.get('payload') : undefined;
    if (before !== undefined && before !== this.#answers.payload && existsSync(this.destinationPath('main.go'))) {
      for (const line of payloadSwitchNotice(before, this.#answers.payload)) this.log.info(line);
    }
  }

  async configuring(): Promise<void> {
    const answers = this.#requireAnswers();
    if (!this.#run) throw new Error('run options are not parsed yet');
    const request = pinRequestFor(answers);
    this.#pins = await settlePins({
      run: this.#run,
      // Offline, the pins the files hold: a digest Renovate moved stays.
      stored: this.#previous?.pins ?? this.config.get('pins'),
      request,
      progress: lookupProgressFor(process.stdout, (line) => this.log.info(line)),
      repeat: repeatingCommandLine(runningCommand(), answers, {
        ...(typeof this.options.name === 'string' ? { name: this.options.name } : {}),
        given: this.options,
      }),
    });
  }

  writing(): void {
    const answers = this.#requireAnswers();
    if (!this.#pins) throw new Error('pins are not settled yet');
    this.#context = buildTemplateContext(answers, this.#pins, packageVersion, this.#requireTemplates());
    const outcome = writeGeneratedFiles(this.#fileTarget(), this.#context, this.#requireTemplates(), this.#previous);
    // README.md is the owners': kept as it is, with word of what the new answers make stale in it (readme-sections.ts).
    const before = this.#previous && outcome.keptUserFiles.includes('README.md') ? storedAnswers(this.config.getAll()) : undefined;
    if (before) this.#staleReadme = staleReadmeSections(this.#requireTemplates(), buildTemplateContext(before, this.#pins, packageVersion, this.#requireTemplates()), this.#context);
    // Every template rendered: the layers used, what was pinned, then Yeoman's lines for what it writes.
    for (const line of layersLine(this.#requireTemplates())) this.log.info(line);
    for (const line of formatPinSummary(this.#pins, pinRequestFor(answers))) this.log.writeln(line);
    storeConfig(this.config, { ...answers, pins: canonicalPins(this.#pins), generatorVersion: packageVersion, files: outcome.hashes });
    this.#outcome = outcome;
  }

  end(): void {
    const { merged = [], conflicts = [], removed = [], keptOrphans = [] } = this.#outcome ?? {};
    for (const file of removed) this.log.info(`removed ${file}: the generator no longer writes it, and it was as the generator wrote it`);
    for (const file of keptOrphans) this.log.info(`kept ${file}: the generator no longer writes it, and it has your edits, so it is yours now`);
    if (this.#staleReadme.length > 0) {
      this.log.info(`README.md is yours and was left as it is; the new answers change what these sections of it say: ${this.#staleReadme.map((section) => `"${section}"`).join(', ')} (update them by hand)`);
    }
    for (const file of merged) this.log.info(`merged ${file}: your edits and the generator's, both kept`);
    for (const file of conflicts) this.log.info(`conflict ${file}: your edits and the generator's overlap; both are in the file between <<<<<<< and >>>>>>>`);
    if (conflicts.length > 0) {
      // A result to act on, not a crash: the files are written, and the run ends with status 1.
      this.log.error(`${conflicts.length} file(s) with merge conflicts: ${conflicts.join(', ')}; resolve the marked lines, then run again`);
      process.exitCode = 1;
      return;
    }
    if (this.#forced) for (const file of this.#outcome?.keptUserFiles ?? []) this.log.info(`kept ${file}: it was here already, and it is yours`);
    if (this.#filesWritten === 0 && this.#configBefore === this.fs.read(this.destinationPath('.yo-rc.json'))) this.log.writeln('nothing changed');
    if (this.#context) for (const line of nextSteps({ cwd: this.env.cwd, repo: this.destinationRoot(), curl: this.#context.sampleRequest.curl, secrets: this.#context.secrets, downloadAsset: this.#context.downloadAsset })) {
        this.log.writeln(line);
      }
  }

  /** Yeoman's in-memory file system, committed by Yeoman after its conflict check. */
  #fileTarget(): FileTarget {
    return {
      path: (relative) => this.destinationPath(relative),
      exists: (file) => this.fs.exists(file),
      read: (file) => this.fs.read(file) ?? '',
      // mem-fs writes a file with the mode of the stat it is given (a regular file's, made executable).
      write: (file, text, { executable }) => {
        this.#filesWritten += 1;
        this.fs.write(file, text, executable ? { stat: Object.assign(statSync(path.join(packageRoot, 'package.json')), { mode: 0o100755 }) } : {});
      },
      remove: (file) => {
        this.#filesWritten += 1;
        this.fs.delete(file);
      },
    };
  }

  async #ask(question: Question): Promise<string> {
    const answers = await this.prompt<Record<string, unknown>>([
      {
        type: question.choices ? 'select' : 'input',
        name: question.key,
        message: question.message,
        default: question.defaultValue,
        ...(question.choices ? { choices: question.choices.map((choice) => ({ ...choice })) } : {}),
        validate: (value: unknown) => question.validate(String(value)),
      },
    ]);
    const answer = String(answers[question.key]);
    if (answer !== question.defaultValue) this.#chosen.add(question.key);
    return answer;
  }

  #requireTemplates(): TemplateSet {
    if (!this.#templates) throw new Error('templates are not loaded yet');
    return this.#templates;
  }

  #requireAnswers(): Answers {
    if (!this.#answers) throw new Error('answers are not collected yet');
    return this.#answers;
  }
}
