/**
 * `yo lambda-local:diff`: the owners' edits of the generator's files, as a
 * unified diff from what the repo's last run wrote (lib/scaffold/drift.ts).
 * It writes nothing; `--exit-code` makes drift exit 1, as `git diff` does.
 */
import Generator, { type BaseOptions } from 'yeoman-generator';
import { InvalidInputError } from '../../lib/errors.ts';
import { collectAnswers, parseKnownAnswers, parseRunOptions } from '../../lib/scaffold/collect-answers.ts';
import { appAnswersOf, projectOf } from '../../lib/scaffold/project-model.ts';
import { storedFunctions } from '../../lib/scaffold/write-files.ts';
import { helpText, readCommandLine, unknownOptionProblem } from '../../lib/scaffold/command-line.ts';
import { driftOf } from '../../lib/scaffold/drift.ts';
import { optionTable, type StoredConfig } from '../../lib/scaffold/options.ts';
import { packageVersion } from '../../lib/scaffold/package-root.ts';
import { existingProjectRoot } from '../../lib/scaffold/project-paths.ts';
import { loadTemplateSet } from '../../lib/scaffold/template-set.ts';
import { storedLayers } from '../../lib/layers/load-layers.ts';

type DiffOptions = BaseOptions & { readonly [option: string]: unknown };

export default class DiffGenerator extends Generator<StoredConfig, DiffOptions> {
  constructor(args: string[], options: DiffOptions) {
    super(args, options, { customInstallTask: true });
    this.option(optionTable.offline.option, { type: Boolean, description: optionTable.offline.summary });
    this.option('exit-code', { type: Boolean, description: 'exit 1 when a generator-owned file differs' });
    if (this.options.help) return;
    // Refused here rather than in a task, as in the other generators: Yeoman adds a line of its own to errors thrown by tasks.
    const unknown = unknownOptionProblem(readCommandLine(this._args, 'diff'), 'diff');
    if (unknown) throw new InvalidInputError(unknown);
    this.destinationRoot(existingProjectRoot(this.destinationRoot()));
  }

  override help(): string {
    return helpText('yo lambda-local', packageVersion, 'diff');
  }

  async writing(): Promise<void> {
    const stored = this.config.getAll();
    if (stored.pins === undefined) throw new Error(`.yo-rc.json in ${this.destinationRoot()} holds no pins; run npx generator-lambda-local there again`);
    const known = parseKnownAnswers({}, appAnswersOf(stored));
    const answers = await collectAnswers({ known, acceptDefaults: true, folderName: this.appname, ask: () => Promise.reject(new Error('diff asks no questions')) });
    const version = typeof stored.generatorVersion === 'string' ? stored.generatorVersion : 'an unknown version';
    const drift = driftOf({
      stored,
      layout: projectOf(answers, storedFunctions(stored)),
      templates: await loadTemplateSet(known.templates ?? '', this.destinationRoot(), storedLayers),
      root: this.destinationRoot(),
      offline: parseRunOptions(this.options).offline,
      read: (file) => (this.fs.exists(this.destinationPath(file)) ? this.fs.read(this.destinationPath(file)) : undefined),
    });
    if (drift.length === 0) {
      this.log.info(`no drift: every generator-owned file is as generator-lambda-local ${version} wrote it`);
      return;
    }
    // The diff is this run's output, on standard output, to be piped; the log goes to standard error.
    process.stdout.write(drift.map((entry) => entry.diff ?? '').join(''));
    const files = drift.map((entry) => entry.file);
    const differ = files.length === 1 ? '1 generator-owned file differs' : `${files.length} generator-owned files differ`;
    this.log.info(`${differ} from what generator-lambda-local ${version} wrote: ${files.join(', ')}`);
    const baseless = drift.filter((entry) => entry.diff === undefined).map((entry) => entry.file);
    if (baseless.length > 0) {
      this.log.info(`no diff for ${baseless.join(', ')}: what ${version} wrote cannot be rendered again here (offline, or npx could not run that version)`);
    }
    if (this.options['exit-code'] === true) process.exitCode = 1;
  }
}
