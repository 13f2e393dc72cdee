/**
 * `yo lambda-local [name]`: asks a few questions and writes a repo in which
 * `make build && make up` runs a Go function locally as AWS Lambda runs it.
 * Yeoman's glue only: its options, prompts, in-memory file system and logger
 * for the steps of lib/scaffold/pipeline.ts, which the bin's fast path runs too.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import Generator, { type BaseOptions } from 'yeoman-generator';
import { InvalidInputError } from '../../lib/errors.ts';
import { givenAnswers, type Question } from '../../lib/scaffold/collect-answers.ts';
import { helpText, readCommandLine, unknownOptionProblem } from '../../lib/scaffold/command-line.ts';
import { optionTable, yeomanOptions, type StoredConfig } from '../../lib/scaffold/options.ts';
import { packageRoot, packageVersion } from '../../lib/scaffold/package-root.ts';
import { projectRootFor, Scaffold } from '../../lib/scaffold/pipeline.ts';
import { promptsReachSomeone } from '../../lib/scaffold/yeoman-output.ts';
import type { FileTarget } from '../../lib/scaffold/write-files.ts';
import { commitPendingFiles } from '../../lib/scaffold/yeoman-commit.ts';

type AppOptions = BaseOptions & {
  readonly name?: string;
  readonly yes?: boolean;
  readonly [option: string]: unknown;
};

export default class AppGenerator extends Generator<StoredConfig, AppOptions> {
  #scaffold: Scaffold | undefined;

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
    this.destinationRoot(projectRootFor(givenAnswers(this.options).name, this.destinationRoot()));
    const scaffold = new Scaffold(
      {
        root: this.destinationRoot(),
        cwd: this.env.cwd,
        config: this.config,
        files: this.#fileTarget(),
        canAsk: promptsReachSomeone(this.env.adapter),
        ask: (question) => this.#ask(question),
        info: (line) => this.log.info(line),
        writeln: (line) => this.log.writeln(line),
        error: (line) => this.log.error(line),
      },
      this.options,
    );
    // A re-run merges the owners' edits itself (write-files.ts): Yeoman must not ask file by file.
    if (scaffold.rerun) Object.assign(this.options, { force: true });
    this.#scaffold = scaffold;
  }

  override help(): string {
    return helpText('yo lambda-local', packageVersion);
  }

  async initializing(): Promise<void> {
    await this.#require().loadTemplates();
  }

  async prompting(): Promise<void> {
    await this.#require().collectAnswers();
  }

  async configuring(): Promise<void> {
    await this.#require().settlePins();
  }

  writing(): void {
    this.#require().write();
  }

  end(): void {
    this.#require().report();
  }

  /** Yeoman's in-memory file system, committed by Yeoman's commit task (customCommitTask above). */
  #fileTarget(): FileTarget {
    return {
      path: (relative) => this.destinationPath(relative),
      exists: (file) => this.fs.exists(file),
      read: (file) => this.fs.read(file) ?? '',
      // mem-fs writes a file with the mode of the stat it is given (a regular file's, made executable).
      write: (file, text, { executable }) => this.fs.write(file, text, executable ? { stat: Object.assign(statSync(path.join(packageRoot, 'package.json')), { mode: 0o100755 }) } : {}),
      remove: (file) => this.fs.delete(file),
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
    return String(answers[question.key]);
  }

  #require(): Scaffold {
    if (!this.#scaffold) throw new Error('the run is not set up yet');
    return this.#scaffold;
  }
}
