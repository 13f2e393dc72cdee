/**
 * Renders a repo's files into a file target: Yeoman's in-memory file system,
 * or the bin's own for a first run that asks nothing. A first run
 * writes everything; a user-owned file is only ever written where none
 * exists. On a re-run, a generator-owned file is replaced when it is still
 * what the generator wrote last time (its sha256 is kept in `.yo-rc.json`),
 * and merged three ways when its owner changed it (merge.ts): nothing the
 * owner wrote is lost, and nothing is asked file by file. A file it wrote last
 * time and writes no more is removed, unless its owner changed it.
 */
import path from 'node:path';
import YAML from 'yaml';
import { InvalidInputError, notAllowed } from '../errors.ts';
import { canonicalPins, checkPins } from '../pins/index.ts';
import { parseKnownAnswers, parseStoredAnswer } from './collect-answers.ts';
import { appAnswersOf, migrateStored, parseStoredFunctions, projectOf, type FunctionModel, type Project } from './project-model.ts';
import { renderEarlierVersion } from './earlier-version.ts';
import type { GeneratedFile } from './files.ts';
import { mergeFile, sha256Of } from './merge.ts';
import { packageVersion } from './package-root.ts';
import { answerKeys, optionTable, type Answers } from './options.ts';
import { heldPins } from './pin-sites.ts';
import { buildTemplateContext, type TemplateContext } from './template-context.ts';
import { builtInTemplates, type TemplateSet } from './template-set.ts';

/** What the generator wrote in this repo last time. */
export interface PreviousOutput {
  /** The generator version that wrote it, when `.yo-rc.json` says. */
  readonly version: string | undefined;
  /** sha256 of each generator-owned file as written then. */
  readonly hashes: Readonly<Record<string, string>>;
  /** The pins it is rendered with, as stored (checked where used): `.yo-rc.json`'s, or with `heldOutputOf` the digests the files hold. */
  readonly pins: unknown;
  /** A file's text as written then, when it can be rendered again; undefined when it cannot. */
  render(file: GeneratedFile): string | undefined;
}

export interface WriteOutcome {
  readonly merged: readonly string[];
  readonly conflicts: readonly string[];
  /** User-owned files that were there already, and so were left as they are. */
  readonly keptUserFiles: readonly string[];
  /** Files the generator wrote last time and writes no more, removed: they were still as it wrote them. */
  readonly removed: readonly string[];
  /** Files the generator wrote last time and writes no more, kept: their owners edited them, so they are theirs now. */
  readonly keptOrphans: readonly string[];
  /** sha256 of each generator-owned file as this run's generator writes it, for the next run. */
  readonly hashes: Readonly<Record<string, string>>;
}

/** Where the files go: paths are absolute, made by `path` from the repo-relative ones. */
export interface FileTarget {
  path(relative: string): string;
  exists(file: string): boolean;
  read(file: string): string;
  write(file: string, text: string, options: { readonly executable: boolean }): void;
  remove(file: string): void;
}

export const sortedByPath = (hashes: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(hashes).sort(([a], [b]) => a.localeCompare(b)));

/** sha256 of every generator-owned file as this version writes it with `context` and `templates`, sorted by path. */
export function generatedHashes(context: TemplateContext, templates: TemplateSet): Record<string, string> {
  const tool = templates.files(context).filter((file) => file.owner === 'tool');
  return sortedByPath(Object.fromEntries(tool.map((file) => [file.to, sha256Of(templates.render(file, context))])));
}

/**
 * A compose file that names one service twice: YAML keeps one of them, so a
 * function whose name is a service a layer or the owners added (`redis`, a
 * layer's `payments`) would silently replace it, or compose would refuse the
 * file. Refused before anything is written.
 */
function refuseTwiceNamedService(file: string, text: string): void {
  if (!file.endsWith('docker-compose.yml')) return;
  const services = YAML.parseDocument(text, { uniqueKeys: false }).get('services');
  if (!YAML.isMap(services)) return;
  const seen = new Set<string>();
  for (const { key } of services.items) {
    const name = YAML.isScalar(key) ? String(key.value) : String(key);
    if (seen.has(name)) {
      throw new InvalidInputError(
        `${notAllowed('function', name, 'a name no other compose service has', `${file} has a service of that name already, a template layer's or your own, and a function's service takes the function's name`)}; nothing was written`,
      );
    }
    seen.add(name);
  }
}

/** Writes the repo's files; `previous` is set on a re-run of a generated repo. */
export function writeGeneratedFiles(target: FileTarget, context: TemplateContext, templates: TemplateSet, previous: PreviousOutput | undefined): WriteOutcome {
  const merged: string[] = [];
  const conflicts: string[] = [];
  const keptUserFiles: string[] = [];
  const hashes: Record<string, string> = {};
  // Every file is rendered and merged before the first is written: a template that fails, or a result refused below, writes nothing.
  const rendered = templates.files(context).map((file) => ({ file, next: templates.render(file, context) }));
  const writes: { readonly destination: string; readonly text: string; readonly file: GeneratedFile; readonly conflict: boolean }[] = [];
  for (const { file, next } of rendered) {
    const destination = target.path(file.to);
    const exists = target.exists(destination);
    if (file.owner === 'user' && exists) {
      keptUserFiles.push(file.to);
      continue;
    }
    if (file.owner === 'tool') hashes[file.to] = sha256Of(next);
    const current = exists ? target.read(destination) : undefined;
    if (current === next) continue;
    let text = next;
    // On a first run Yeoman's own conflict check guards a file that is already there.
    if (previous && current !== undefined && previous.hashes[file.to] !== sha256Of(current)) {
      const result = mergeFile(current, previous.render(file), next, {
        yours: `yours (${file.to})`,
        base: `generator-lambda-local ${previous.version ?? '(version unknown)'}, as written last time`,
        next: `generator-lambda-local ${packageVersion}`,
      });
      // Yours already holds what the generator changed (or it changed nothing): nothing to write or say.
      if (!result.conflict && result.text === current) continue;
      text = result.text;
      (result.conflict ? conflicts : merged).push(file.to);
    }
    writes.push({ destination, text, file, conflict: conflicts.includes(file.to) });
  }
  for (const { file, text, conflict } of writes) if (!conflict) refuseTwiceNamedService(file.to, text);
  for (const { destination, text, file } of writes) target.write(destination, text, { executable: file.executable === true });
  const { removed, keptOrphans } = previous ? settleOrphans(target, previous, new Set(rendered.map(({ file }) => file.to))) : { removed: [], keptOrphans: [] };
  return { merged, conflicts, keptUserFiles, removed, keptOrphans, hashes: sortedByPath(hashes) };
}

/** A path `.yo-rc.json` may name as a generated file: relative, inside the project, not its config nor git's. */
const isRepoPath = (file: string) =>
  file !== '.yo-rc.json' && !path.posix.isAbsolute(file) && path.posix.normalize(file) === file && !file.split('/').some((part) => part === '..' || part === '.git');

/**
 * Files the generator wrote last time (`previous.hashes`) and does not write
 * now (a layer omits them, or a template is gone): each one still as it wrote
 * it is removed, so nothing stale of the generator's stays behind; each one
 * its owners edited is theirs now, and kept.
 */
function settleOrphans(target: FileTarget, previous: PreviousOutput, written: ReadonlySet<string>): { removed: string[]; keptOrphans: string[] } {
  const removed: string[] = [];
  const keptOrphans: string[] = [];
  for (const [file, hash] of Object.entries(previous.hashes)) {
    if (written.has(file) || !isRepoPath(file)) continue;
    const destination = target.path(file);
    if (!target.exists(destination)) continue;
    if (sha256Of(target.read(destination)) === hash) {
      target.remove(destination);
      removed.push(file);
    } else {
      keptOrphans.push(file);
    }
  }
  return { removed, keptOrphans };
}

/**
 * Answers added after repos were written, each with the value that writes what
 * such a repo's files hold: an earlier version's `.yo-rc.json` lacks them, and
 * without them it would have no merge base (every edit a conflict).
 */
const addedAnswers: Readonly<Partial<Record<keyof Answers, string>>> = { awsCredentials: 'off' };

/**
 * The app's answers `.yo-rc.json` holds (the repo's, and its first function's),
 * answers added since filled in; undefined when it lacks one of its own version's.
 */
export function storedAnswers(stored: Readonly<Record<string, unknown>>): Answers | undefined {
  const answers = parseKnownAnswers({}, { ...addedAnswers, ...appAnswersOf(stored) });
  return answerKeys.every((key) => answers[key] !== undefined) ? (answers as Answers) : undefined;
}

/** The project `.yo-rc.json` holds, migrated to this schema (project-model.ts); undefined as for storedAnswers. */
export function storedProject(stored: Readonly<Record<string, unknown>>): Project | undefined {
  const answers = storedAnswers(stored);
  return answers && projectOf(answers, storedFunctions(stored));
}

/** The default of a function's answer `.yo-rc.json` lacks: the option's own, as a run with `--yes` takes it. */
const storedDefault = (key: keyof Answers) => optionTable[key].defaultValue({ folderName: '', earlier: {}, env: process.env });

/** The functions `.yo-rc.json` lists, migrated to this schema; refused with one line when one is not allowed. */
export function storedFunctions(stored: Readonly<Record<string, unknown>>): FunctionModel[] {
  return parseStoredFunctions(migrateStored(stored).functions, parseStoredAnswer, storedDefault);
}

const isSha256Hex = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);

/**
 * What `.yo-rc.json` says the generator wrote last time; undefined for a repo
 * never generated. Its files are rendered again from the stored answers and
 * pins: by this version when it wrote them, else by the version that did
 * (earlier-version.ts), which needs the network. `templates` are those it
 * wrote them with, the stored layers' (not this run's, which may add or drop
 * one); undefined when they no longer load, and then there is no base.
 */
export function previousOutputOf(
  stored: Readonly<Record<string, unknown>>,
  options: { readonly offline: boolean; readonly root: string; readonly templates: TemplateSet | undefined },
  /** The pins the stored hashes were made with, when `stored.pins` are others (heldOutputOf). */
  hashedPins: unknown = stored.pins,
): PreviousOutput | undefined {
  if (stored.pins === undefined) return undefined;
  const version = typeof stored.generatorVersion === 'string' ? stored.generatorVersion : undefined;
  const files = typeof stored.files === 'object' && stored.files !== null ? Object.entries(stored.files) : [];
  const hashes: Record<string, string> = Object.fromEntries(files.filter((entry): entry is [string, string] => isSha256Hex(entry[1])));
  // Each way of rendering the last output again runs once, and only if a file the owner changed needs it.
  let thisVersion: { readonly templates: TemplateSet; readonly context: TemplateContext; readonly hashed: TemplateContext } | undefined | null = null;
  const renderHere = (file: GeneratedFile) => {
    if (thisVersion === null) {
      const project = storedProject(stored);
      const { templates } = options;
      const contextWith = (pins: unknown) => (project && templates ? buildTemplateContext(project, checkPins(pins, '.yo-rc.json "pins"'), packageVersion, templates) : undefined);
      const [context, hashed] = [contextWith(stored.pins), contextWith(hashedPins)];
      thisVersion = templates && context && hashed ? { templates, context, hashed } : undefined;
    }
    if (!thisVersion) return undefined;
    // Templates (a layer's, say) that changed in place under this same version no
    // longer write what was written last time: no base, so every hunk that differs
    // is marked, rather than their change taken for what was there (and dropped).
    if (sha256Of(thisVersion.templates.render(file, thisVersion.hashed)) !== hashes[file.to]) return undefined;
    return thisVersion.templates.render(file, thisVersion.context);
  };
  let earlier: Map<string, string> | undefined | null = null;
  const renderEarlier = (file: GeneratedFile) => {
    if (earlier === null) earlier = version && !options.offline ? renderEarlierVersion(version, stored, (options.templates ?? builtInTemplates).everyPath(), options.root) : undefined;
    return earlier?.get(file.to);
  };
  return {
    version,
    hashes,
    pins: stored.pins,
    render: (file) => (version === packageVersion ? renderHere(file) : renderEarlier(file)),
  };
}

/**
 * `previousOutputOf` with the digests the files hold in place of the stored
 * pins: a digest Renovate moved is where the repo stands, not an owner's edit.
 * A re-run's merge base (and diff's) has it, so a pin that moved on since
 * replaces it without a conflict; offline, its `pins` are where the re-run
 * stays. `read` gives a repo file's text, or undefined.
 */
export function heldOutputOf(
  stored: Readonly<Record<string, unknown>>,
  read: (file: string) => string | undefined,
  options: Parameters<typeof previousOutputOf>[1],
): PreviousOutput | undefined {
  if (stored.pins === undefined) return undefined;
  const pins = canonicalPins(heldPins(read, checkPins(stored.pins, '.yo-rc.json "pins"')));
  return previousOutputOf({ ...stored, pins }, options, stored.pins);
}
