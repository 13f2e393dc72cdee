/**
 * `yo lambda-local:function <name>`: adds a function to a generated repo,
 * changes one's answers, or takes one out (`--remove`). Yeoman's glue only:
 * the edit is lib/scaffold/function-edit.ts, run inside the app's own re-run
 * (lib/scaffold/pipeline.ts), so the generator's files change through the
 * merge path as on any re-run.
 */
import Generator, { type BaseOptions } from 'yeoman-generator';
import { InvalidInputError } from '../../lib/errors.ts';
import { helpText, readCommandLine, unknownOptionProblem } from '../../lib/scaffold/command-line.ts';
import { functionCommandOptions, functionEditOf } from '../../lib/scaffold/function-edit.ts';
import { optionTable, type StoredConfig } from '../../lib/scaffold/options.ts';
import { packageVersion } from '../../lib/scaffold/package-root.ts';
import { Scaffold } from '../../lib/scaffold/pipeline.ts';
import { functionAnswerKeys } from '../../lib/scaffold/project-model.ts';
import { existingProjectRoot } from '../../lib/scaffold/project-paths.ts';
import { yeomanScaffoldHost } from '../../lib/scaffold/yeoman-host.ts';
import { commitPendingFiles } from '../../lib/scaffold/yeoman-commit.ts';

type FunctionOptions = BaseOptions & { readonly name?: string; readonly yes?: boolean; readonly [option: string]: unknown };

export default class FunctionGenerator extends Generator<StoredConfig, FunctionOptions> {
  #scaffold: Scaffold | undefined;

  constructor(args: string[], options: FunctionOptions) {
    super(args, options, { customInstallTask: true });
    this.setFeatures({ customCommitTask: () => commitPendingFiles(this.fs.store, this.destinationRoot(), this.env.adapter.log, this.env.logCwd) });
    this.argument('name', { type: String, required: false, description: 'the function to add, change or remove' });
    for (const key of functionAnswerKeys) this.option(optionTable[key].option, { type: String, description: optionTable[key].summary });
    for (const { option, summary, takesValue } of functionCommandOptions) this.option(option, { type: takesValue ? String : Boolean, description: summary });
    this.option('yes', { type: Boolean, description: 'the default for every answer not given' });
    if (this.options.help) return;
    const unknown = unknownOptionProblem(readCommandLine(this._args, 'function'), 'function');
    if (unknown) throw new InvalidInputError(unknown);
    const edit = functionEditOf(this.options.name, this.options);
    this.destinationRoot(existingProjectRoot(this.destinationRoot()));
    // A re-run with the pins the files hold: adding a function looks nothing up.
    this.#scaffold = new Scaffold(yeomanScaffoldHost(this), { yes: this.options.yes === true, offline: true }, edit);
    Object.assign(this.options, { force: true });
  }

  override help(): string {
    return helpText('yo lambda-local', packageVersion, 'function');
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
