/**
 * `yo lambda-local:bump`: re-pins an existing repo in place. It reads the
 * answers from `.yo-rc.json`, settles pins anew and rewrites only the files the
 * generator owns; the handler, go.mod and README stay as their owners left them.
 */
import Generator, { type BaseOptions } from 'yeoman-generator';
import { canonicalPins, checkPins, describePinChanges, lookupProgressFor, type Pins } from '../../lib/pins/index.ts';
import { collectAnswers, parseKnownAnswers, parseRunOptions } from '../../lib/scaffold/collect-answers.ts';
import { storeConfig, yeomanOptions, type Answers, type RunOptions, type StoredConfig } from '../../lib/scaffold/options.ts';
import { packageVersion } from '../../lib/scaffold/package-root.ts';
import { refuseLinksOutOfProject } from '../../lib/scaffold/project-paths.ts';
import { settlePins } from '../../lib/scaffold/settle-pins.ts';
import { buildTemplateContext, pinRequestFor } from '../../lib/scaffold/template-context.ts';
import { writeGeneratedFiles } from '../../lib/scaffold/write-files.ts';

type BumpOptions = BaseOptions & { readonly [option: string]: unknown };

export default class BumpGenerator extends Generator<StoredConfig, BumpOptions> {
  #known: Partial<Answers> = {};
  /** The pins the repo had, to say what moved. */
  #before: Pins | undefined;
  #run: RunOptions | undefined;
  #answers: Answers | undefined;
  #pins: Pins | undefined;

  constructor(args: string[], options: BumpOptions) {
    super(args, options);
    for (const { name, ...spec } of yeomanOptions('run')) this.option(name, spec);
    // Bump exists to rewrite the generator's own files: no conflict prompt for them.
    Object.assign(this.options, { force: true });
    if (this.options.help) return;
    // Refused here rather than in a task, as in the app generator: Yeoman adds a line of its own to errors thrown by tasks.
    this.#run = parseRunOptions(this.options);
    if (!this.config.existed) {
      throw new Error(`no .yo-rc.json with generator-lambda-local answers in ${this.destinationRoot()}; run yo lambda-local there first`);
    }
    refuseLinksOutOfProject(this.destinationRoot());
    this.#known = parseKnownAnswers({}, this.config.getAll());
    const storedPins = this.config.get('pins');
    this.#before = storedPins === undefined ? undefined : checkPins(storedPins, '.yo-rc.json "pins"');
  }

  async initializing(): Promise<void> {
    this.#answers = await collectAnswers({
      known: this.#known,
      acceptDefaults: true,
      folderName: this.appname,
      ask: () => Promise.reject(new Error('bump asks no questions')),
    });
  }

  async configuring(): Promise<void> {
    const answers = this.#requireAnswers();
    if (!this.#run) throw new Error('run options are not parsed yet');
    const request = pinRequestFor(answers);
    // Offline, bump moves to the pins shipped with this generator: the stored ones are what it replaces.
    const pins = await settlePins({ run: this.#run, stored: undefined, request, progress: lookupProgressFor(process.stderr, (line) => this.log.info(line)) });
    for (const line of describePinChanges(this.#before, pins, request.images)) this.log.info(line);
    storeConfig(this.config, { ...this.config.getAll(), pins: canonicalPins(pins) });
    this.#pins = pins;
  }

  writing(): void {
    if (!this.#pins) throw new Error('pins are not settled yet');
    writeGeneratedFiles(this, buildTemplateContext(this.#requireAnswers(), this.#pins, packageVersion), ['tool']);
  }

  #requireAnswers(): Answers {
    if (!this.#answers) throw new Error('answers are not read yet');
    return this.#answers;
  }
}
