/**
 * `yo lambda-local [name]`: asks a few questions and writes a repo in which
 * `make build && make up` runs a Go function locally as AWS Lambda runs it.
 * Yeoman's glue only: its options, prompts, in-memory file system and logger
 * for the steps of lib/scaffold/pipeline.ts, which the bin's fast path runs too.
 */
import Generator, { type BaseOptions } from 'yeoman-generator';
import { InvalidInputError } from '../../lib/errors.ts';
import { givenAnswers } from '../../lib/scaffold/collect-answers.ts';
import { helpText, readCommandLine, unknownOptionProblem } from '../../lib/scaffold/command-line.ts';
import { optionTable, yeomanOptions, type StoredConfig } from '../../lib/scaffold/options.ts';
import { packageVersion } from '../../lib/scaffold/package-root.ts';
import { projectRootFor, Scaffold } from '../../lib/scaffold/pipeline.ts';
import { yeomanScaffoldHost } from '../../lib/scaffold/yeoman-host.ts';
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
    const scaffold = new Scaffold(yeomanScaffoldHost(this), this.options);
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

  #require(): Scaffold {
    if (!this.#scaffold) throw new Error('the run is not set up yet');
    return this.#scaffold;
  }
}
