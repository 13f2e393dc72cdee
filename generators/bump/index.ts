/**
 * `yo lambda-local:bump`: re-pins an existing repo in place. It reads the
 * answers and pins from `.yo-rc.json`, settles pins anew, and changes only the
 * places that hold a pin (lib/scaffold/pin-sites.ts): every other byte of every
 * file stays as its owner left it. `--check` (whether an update is available,
 * `--json` for bots) and `--dry-run` write nothing.
 */
import Generator, { type BaseOptions } from 'yeoman-generator';
import { canonicalPins, checkPins, describePinChanges, lookupProgressFor, type Pins } from '../../lib/pins/index.ts';
import { bumpedHashes, checkReport, checkTable, checkVerdict, leftAlone, planBump, templateMoves, unifiedDiff, type BumpPlan } from '../../lib/scaffold/bump.ts';
import { heldPins } from '../../lib/scaffold/pin-sites.ts';
import { InvalidInputError, notAllowed } from '../../lib/errors.ts';
import { isJsonObject } from '../../lib/pins/json-object.ts';
import { collectAnswers, parseKnownAnswers, parseRunOptions } from '../../lib/scaffold/collect-answers.ts';
import { helpText, readCommandLine, stdoutCarriesData, unknownOptionProblem } from '../../lib/scaffold/command-line.ts';
import { storeConfig, yeomanOptions, type Answers, type RunOptions, type StoredConfig } from '../../lib/scaffold/options.ts';
import { projectOf, type Project } from '../../lib/scaffold/project-model.ts';
import { unresolvedConflictRefusal } from '../../lib/scaffold/merge.ts';
import { packageVersion } from '../../lib/scaffold/package-root.ts';
import { existingProjectRoot, refuseLinksOutOfProject } from '../../lib/scaffold/project-paths.ts';
import { settlePins } from '../../lib/scaffold/settle-pins.ts';
import { knownAnswers, loadRunTemplates } from '../../lib/scaffold/pipeline.ts';
import { buildTemplateContext, pinRequestFor } from '../../lib/scaffold/template-context.ts';
import { commitPendingFiles } from '../../lib/scaffold/yeoman-commit.ts';
import { layersLine, type TemplateSet } from '../../lib/scaffold/template-set.ts';
import { generatedHashes, storedFunctions } from '../../lib/scaffold/write-files.ts';

type BumpOptions = BaseOptions & { readonly [option: string]: unknown };

export default class BumpGenerator extends Generator<StoredConfig, BumpOptions> {
  #known: Partial<Answers> = {};
  /** The pins the repo has: what bump moves on from. */
  #before: Pins | undefined;
  #run: RunOptions | undefined;
  #answers: Project | undefined;
  #plan: BumpPlan | undefined;
  #templates: TemplateSet | undefined;
  /** `--templates` given: the repo's layers re-pointed (they moved), checked to write what they wrote. */
  #layersGiven = false;

  constructor(args: string[], options: BumpOptions) {
    super(args, options, { customInstallTask: true });
    // Yeoman's commit writes file by file; this one writes all or none (lib/scaffold/yeoman-commit.ts).
    this.setFeatures({ customCommitTask: () => commitPendingFiles(this.fs.store, this.destinationRoot(), this.env.adapter.log, this.env.logCwd) });
    for (const { name, ...spec } of yeomanOptions('run')) this.option(name, spec);
    // Bump edits pins only, where they stand: its writes need no conflict prompt.
    Object.assign(this.options, { force: true });
    if (this.options.help) return;
    // Refused here rather than in a task, as in the app generator: Yeoman adds a line of its own to errors thrown by tasks.
    const unknown = unknownOptionProblem(readCommandLine(this._args, 'bump'), 'bump');
    if (unknown) throw new InvalidInputError(unknown);
    this.#run = parseRunOptions(this.options);
    this.destinationRoot(existingProjectRoot(this.destinationRoot()));
    refuseLinksOutOfProject(this.destinationRoot());
    const conflicts = unresolvedConflictRefusal(this.destinationRoot(), this.config.getAll());
    if (conflicts) throw conflicts;
    const { templates } = this.options;
    this.#layersGiven = typeof templates === 'string';
    this.#known = knownAnswers(this.#layersGiven ? { templates } : {}, this.config.getAll(), this.env.cwd, this.destinationRoot());
    const storedPins = this.config.get('pins');
    if (storedPins === undefined) throw new Error(`.yo-rc.json in ${this.destinationRoot()} holds no pins to bump; run npx generator-lambda-local there again to pin the repo`);
    this.#before = checkPins(storedPins, '.yo-rc.json "pins"');
  }

  override help(): string {
    return helpText('yo lambda-local', packageVersion, 'bump');
  }

  async initializing(): Promise<void> {
    // The repo's template layers: its generator-owned files are what they and this version write.
    this.#templates = await loadRunTemplates(this.#known, this.destinationRoot(), this.#layersGiven);
    const answers = await collectAnswers({
      known: this.#known,
      acceptDefaults: true,
      folderName: this.appname,
      ask: () => Promise.reject(new Error('bump asks no questions')),
    });
    this.#answers = projectOf(answers, storedFunctions(this.config.getAll()));
    if (this.#layersGiven) this.#refuseOtherLayers(this.#answers);
  }

  /**
   * Bump re-points layers that moved; it does not change what they write, which
   * only a re-run merges in. Where this version wrote the repo, the layers given
   * must render with the stored pins what `.yo-rc.json` records it wrote.
   */
  #refuseOtherLayers(answers: Project): void {
    const stored = this.config.getAll();
    if (stored.generatorVersion !== packageVersion || !isJsonObject(stored.files) || !this.#before) return;
    const recorded = stored.files;
    const now = generatedHashes(buildTemplateContext(answers, this.#before, packageVersion, this.#requireTemplates()), this.#requireTemplates());
    const differ = [...new Set([...Object.keys(recorded), ...Object.keys(now)])].filter((file) => recorded[file] !== now[file]).sort();
    if (differ.length === 0) return;
    throw new InvalidInputError(
      notAllowed(
        '--templates',
        answers.templates,
        `the layers the repo was generated with, moved: bump only re-points them (to change layers, run npx generator-lambda-local --templates ${answers.templates})`,
        `its files differ from what .yo-rc.json records: ${differ.join(', ')}`,
      ),
    );
  }

  async configuring(): Promise<void> {
    const answers = this.#requireAnswers();
    const [run, before] = [this.#run, this.#before];
    if (!run || !before) throw new Error('run options and pins are not read yet');
    const request = pinRequestFor(answers);
    // Offline, bump moves to the pins shipped with this generator: the stored ones are what it replaces.
    // Lookup progress on stdout, as the app's, unless stdout carries this run's report or diff.
    const progressStream = stdoutCarriesData('bump', this.options) ? process.stderr : process.stdout;
    const pins = await settlePins({ run, stored: undefined, request, progress: lookupProgressFor(progressStream, (line) => this.log.info(line)) });
    for (const line of layersLine(this.#requireTemplates())) this.log.info(line);
    const read = (file: string) => (this.fs.exists(this.destinationPath(file)) ? this.fs.read(this.destinationPath(file)) : undefined);
    // A digest Renovate moved in the files is where the repo stands: bump moves on from it.
    const held = heldPins(read, before);
    const plan = planBump(read, answers, held, pins);
    if (run.check || run.json) {
      const stored = this.config.getAll();
      const moves = templateMoves(stored.files, answers, before, packageVersion, this.#requireTemplates());
      const lastRun = typeof stored.generatorVersion === 'string' ? stored.generatorVersion : undefined;
      const report = checkReport(plan, moves, packageVersion, lastRun);
      // The report is this run's output, on standard output, to be piped; the log goes to standard error.
      if (run.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else if (report.updateAvailable) process.stdout.write(`${checkTable(report).join('\n')}\n`);
      if (report.updateAvailable) throw new Error(checkVerdict(report));
      this.log.info(checkVerdict(report));
      return;
    }
    for (const line of [...describePinChanges(held, pins, request), ...leftAlone(plan)]) this.log.info(line);
    if (run.dryRun) {
      process.stdout.write(plan.edits.map(unifiedDiff).join(''));
      return;
    }
    const stored = this.config.getAll();
    // The files now hold the new pins, and only them: a template's other changes stay for the re-run to merge.
    const files = stored.generatorVersion === packageVersion ? bumpedHashes(stored.files, answers, before, pins, packageVersion, this.#requireTemplates()) : stored.files;
    storeConfig(this.config, { ...stored, templates: answers.templates, pins: canonicalPins(pins), files });
    this.#plan = plan;
  }

  writing(): void {
    for (const edit of this.#plan?.edits ?? []) this.fs.write(this.destinationPath(edit.file), edit.after);
  }

  #requireTemplates(): TemplateSet {
    if (!this.#templates) throw new Error('templates are not loaded yet');
    return this.#templates;
  }

  #requireAnswers(): Project {
    if (!this.#answers) throw new Error('answers are not read yet');
    return this.#answers;
  }
}
