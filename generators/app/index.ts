/**
 * `yo lambda-local [name]`: asks a few questions and writes a repo in which
 * `make build && make up` runs a Go function locally as AWS Lambda runs it.
 */
import path from 'node:path';
import Generator, { type BaseOptions } from 'yeoman-generator';
import { packageVersion, templatesDirectory } from '../../lib/package-root.ts';
import type { Pins } from '../../lib/pins.ts';
import { lookupProgressFor } from '../../lib/lookup-progress.ts';
import { formatPinSummary } from '../../lib/pin-summary.ts';
import { buildTemplateContext, pinRequestFor } from '../../lib/template-context.ts';
import { gatewayErrors, integrationTimeoutMs } from '../../emulator/src/contract.ts';
import { answerKeys, answerSpecs, type Answers } from './answers.ts';
import { collectAnswers, parseGivenAnswer, parseKnownAnswers, type Question } from './collect-answers.ts';
import { lastValue, parseRunOptions, runOptionSpecs, type RunOptions } from './run-options.ts';
import { settlePins } from './settle-pins.ts';
import { writeGeneratedFiles } from './write-files.ts';

export type AppOptions = BaseOptions & {
  readonly name?: string;
  readonly yes?: boolean;
  readonly offline?: boolean;
  readonly [option: string]: unknown;
};

/** What `.yo-rc.json` holds: the answers and the pins they were generated with. */
export type StoredConfig = Partial<Answers> & { readonly pins?: unknown };

export default class AppGenerator extends Generator<StoredConfig, AppOptions> {
  #known: Partial<Answers> = {};
  #run: RunOptions | undefined;
  #answers: Answers | undefined;
  #pins: Pins | undefined;

  constructor(args: string[], options: AppOptions) {
    super(args, options);
    this.argument('name', {
      type: String,
      required: false,
      description: `creates ./name and generates there (${answerSpecs.name.allowed}); without it, the current folder`,
    });
    for (const key of answerKeys) {
      const spec = answerSpecs[key];
      if (key !== 'name') this.option(spec.option, { type: lastValue, description: `${spec.message}: ${spec.allowed}` });
    }
    this.option('yes', { type: Boolean, description: 'accept the default of every question not answered otherwise' });
    for (const [name, spec] of Object.entries(runOptionSpecs)) this.option(name, spec);
    this.sourceRoot(templatesDirectory);
    if (this.options.help) return;
    // Refused here rather than in a task: Yeoman adds a line of its own to errors thrown by tasks.
    const given = this.#givenAnswers();
    if (given.name !== undefined) this.destinationRoot(this.destinationPath(parseGivenAnswer('name', given.name)));
    this.#known = parseKnownAnswers(given, this.config.getAll());
    this.#run = parseRunOptions(this.options);
  }

  /** Answers given on the command line, by answer key. */
  #givenAnswers(): Partial<Record<keyof Answers, unknown>> {
    const given: Partial<Record<keyof Answers, unknown>> = {};
    for (const key of answerKeys) {
      const value = key === 'name' ? this.options.name : this.options[answerSpecs[key].option];
      if (value !== undefined) given[key] = value;
    }
    return given;
  }

  async prompting(): Promise<void> {
    this.#answers = await collectAnswers({
      known: this.#known,
      acceptDefaults: this.options.yes === true,
      folderName: path.basename(this.destinationRoot()),
      ask: (question) => this.#ask(question),
    });
    const { payload, timeout } = this.#answers;
    const limit = integrationTimeoutMs[payload] / 1000;
    if (timeout > limit) {
      this.log.info(
        `timeout ${timeout} s exceeds API Gateway's ${limit} s integration limit: the emulator answers ${gatewayErrors[payload].timeout.statusCode} first, as API Gateway would`,
      );
    }
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
    this.config.set({ ...answers, pins: this.#pins });
  }

  writing(): void {
    const context = buildTemplateContext(this.#requireAnswers(), this.#requirePins(), packageVersion);
    writeGeneratedFiles(this, context, ['tool', 'user']);
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
    return String(answers[question.key]);
  }

  #requireAnswers(): Answers {
    if (!this.#answers) throw new Error('answers are not collected yet');
    return this.#answers;
  }

  #requirePins(): Pins {
    if (!this.#pins) throw new Error('pins are not settled yet');
    return this.#pins;
  }
}
