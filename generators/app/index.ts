/**
 * `yo lambda-local [name]`: asks a few questions and writes a repo in which
 * `make build && make up` runs a Go function locally as AWS Lambda runs it.
 * Yeoman's glue only: the options, answers, pins and files are lib/scaffold's.
 */
import path from 'node:path';
import Generator, { type BaseOptions } from 'yeoman-generator';
import { canonicalPins, formatPinSummary, lookupProgressFor, type Pins } from '../../lib/pins/index.ts';
import { collectAnswers, givenAnswers, parseGivenAnswer, parseKnownAnswers, parseRunOptions, type Question } from '../../lib/scaffold/collect-answers.ts';
import { answerNotices, optionTable, storeConfig, yeomanOptions, type Answers, type RunOptions, type StoredConfig } from '../../lib/scaffold/options.ts';
import { packageVersion } from '../../lib/scaffold/package-root.ts';
import { findProjectRoot, refuseLinksOutOfProject } from '../../lib/scaffold/project-paths.ts';
import { settlePins } from '../../lib/scaffold/settle-pins.ts';
import { buildTemplateContext, pinRequestFor } from '../../lib/scaffold/template-context.ts';
import { previousOutputOf, writeGeneratedFiles, type PreviousOutput, type WriteOutcome } from '../../lib/scaffold/write-files.ts';

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

  constructor(args: string[], options: AppOptions) {
    super(args, options);
    this.argument('name', {
      type: String,
      required: false,
      description: `creates ./name and generates there (${optionTable.name.allowed}); without it, the current folder`,
    });
    for (const { name, ...spec } of yeomanOptions('all')) this.option(name, spec);
    this.option('yes', { type: Boolean, description: 'accept the default of every question not answered otherwise' });
    if (this.options.help) return;
    // Refused here rather than in a task: Yeoman adds a line of its own to errors thrown by tasks.
    const given = givenAnswers(this.options);
    this.#chosen = new Set(Object.keys(given) as (keyof Answers)[]);
    if (given.name !== undefined) this.destinationRoot(this.destinationPath(parseGivenAnswer('name', given.name)));
    // Without a name, a run inside a generated repo acts on that repo, from any of its folders.
    else this.destinationRoot(findProjectRoot(this.destinationRoot()) ?? this.destinationRoot());
    refuseLinksOutOfProject(this.destinationRoot());
    this.#known = parseKnownAnswers(given, this.config.getAll());
    this.#run = parseRunOptions(this.options);
    this.#previous = previousOutputOf(this.config.getAll(), { offline: this.#run.offline });
    // A re-run merges the owners' edits itself (write-files.ts): Yeoman must not ask file by file.
    if (this.#previous) Object.assign(this.options, { force: true });
  }

  async prompting(): Promise<void> {
    this.#answers = await collectAnswers({
      known: this.#known,
      acceptDefaults: this.options.yes === true,
      folderName: path.basename(this.destinationRoot()),
      ask: (question) => this.#ask(question),
    });
    for (const notice of answerNotices(this.#answers, this.#chosen)) this.log.info(notice);
  }

  async configuring(): Promise<void> {
    const answers = this.#requireAnswers();
    if (!this.#run) throw new Error('run options are not parsed yet');
    const request = pinRequestFor(answers);
    this.#pins = await settlePins({
      run: this.#run,
      stored: this.config.get('pins'),
      request,
      progress: lookupProgressFor(process.stderr, (line) => this.log.info(line)),
    });
    for (const line of formatPinSummary(this.#pins, request)) this.log.writeln(line);
  }

  writing(): void {
    const answers = this.#requireAnswers();
    if (!this.#pins) throw new Error('pins are not settled yet');
    const outcome = writeGeneratedFiles(this, buildTemplateContext(answers, this.#pins, packageVersion), this.#previous);
    storeConfig(this.config, { ...answers, pins: canonicalPins(this.#pins), generatorVersion: packageVersion, files: outcome.hashes });
    this.#outcome = outcome;
  }

  end(): void {
    const { merged = [], conflicts = [] } = this.#outcome ?? {};
    for (const file of merged) this.log.info(`merged ${file}: your edits and the generator's, both kept`);
    for (const file of conflicts) this.log.info(`conflict ${file}: your edits and the generator's overlap; both are in the file between <<<<<<< and >>>>>>>`);
    if (conflicts.length > 0) {
      // A result to act on, not a crash: the files are written, and the run ends with status 1.
      this.log.error(`${conflicts.length} file(s) with merge conflicts: ${conflicts.join(', ')}; resolve the marked lines, then run again`);
      process.exitCode = 1;
    }
  }

  async #ask(question: Question): Promise<string> {
    const answers = await this.prompt<Record<string, unknown>>([
      {
        type: question.choices ? 'select' : 'input',
        name: question.key,
        message: question.message,
        default: question.defaultValue,
        ...(question.choices ? { choices: [...question.choices] } : {}),
        validate: (value: unknown) => question.validate(String(value)),
      },
    ]);
    const answer = String(answers[question.key]);
    if (answer !== question.defaultValue) this.#chosen.add(question.key);
    return answer;
  }

  #requireAnswers(): Answers {
    if (!this.#answers) throw new Error('answers are not collected yet');
    return this.#answers;
  }
}
