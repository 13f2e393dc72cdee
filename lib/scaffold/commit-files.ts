/**
 * Puts a run's files on disk all or none. Half a run must never stay behind:
 * the next run would read the generator's own half-write as its owner's edits.
 * So every path is checked first; every file is written to a temporary name in
 * its own folder, where a rename is atomic; only then is each renamed into
 * place, `.yo-rc.json` last, as it records what the others are. If anything
 * fails, what was renamed is put back from the bytes and modes kept before,
 * the temporaries and new folders go, and one line names the path. The bin's
 * first run and Yeoman's generators (yeoman-commit.ts) both write through here.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, constants, lstatSync, mkdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InvalidInputError } from '../errors.ts';
import { isInside, refuseFilesWhereFoldersGo } from './project-paths.ts';

/** A file to write (absolute path), or to remove. */
export type FileChange =
  | {
      readonly file: string;
      readonly contents: string | Uint8Array;
      /** The file's mode, such as 0o755; else an existing file's stays, and a new one gets the default. */
      readonly mode?: number | undefined;
    }
  | { readonly file: string; readonly remove: true };

/** What became of a change: `identical` when the file already had these bytes and mode, and was left alone. */
export type CommitStatus = 'create' | 'force' | 'identical' | 'remove';

export interface Committed {
  readonly file: string;
  readonly status: CommitStatus;
}

interface Planned {
  readonly change: FileChange;
  /** Where the bytes go: the file, or the target of a link to a file inside the project. */
  readonly destination: string;
  /** The bytes and mode there before, to put back. */
  readonly before: { readonly bytes: Buffer; readonly mode: number } | undefined;
  readonly mode: number | undefined;
  readonly status: CommitStatus;
}

const errorCode = (error: unknown) => (error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined);

/** An error as one short phrase: Node's message without its syscall and absolute path (a temporary name means nothing to the user). */
const describe = (error: unknown) => (error instanceof Error ? error.message.replace(/, \w+(?: '[^']*'(?: -> '[^']*')?)?$/, '') : String(error));

/** Where writing `file` writes: through a link that stays in the project (refuseLinksOutOfProject refused the others), to its target. */
function destinationOf(file: string): string {
  try {
    if (!lstatSync(file).isSymbolicLink()) return file;
  } catch {
    return file;
  }
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(path.dirname(file), readlinkSync(file));
  }
}

/** A name beside `file` that nothing has: the file's own, hidden, so an interrupted run's leftover says whose it is. */
const temporaryBeside = (file: string) => path.join(path.dirname(file), `.${path.basename(file).replace(/^\./, '')}.${randomBytes(4).toString('hex')}.lambda-local-tmp`);

/** `file` with every link on the way followed, as far as the way exists. */
function realPathOf(file: string): string {
  let existing = file;
  while (!statSync(existing, { throwIfNoEntry: false })) existing = path.dirname(existing);
  return path.join(realpathSync(existing), path.relative(existing, file));
}

/** Whether `file`'s folder is in `realRoot` once every link on the way is followed. */
const staysInside = (realRoot: string, file: string) => isInside(realRoot, realPathOf(path.dirname(file)));

/** Checks one change, reading what it replaces; throws a one-line refusal, before anything is written, when it cannot be made. */
function plan(change: FileChange, name: string, realRoot: string): Planned | undefined {
  const destination = 'remove' in change ? change.file : destinationOf(change.file);
  // The last guard of the rule that nothing is written outside the project (project-paths.ts refuses such links earlier, with more words).
  if (!staysInside(realRoot, destination)) throw new InvalidInputError(`${name} leads outside the project; nothing was written`);
  let stats;
  try {
    stats = statSync(destination);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw new InvalidInputError(`${name} cannot be read (${describe(error)}); nothing was written`);
  }
  if ('remove' in change) return stats ? { change, destination, before: undefined, mode: undefined, status: 'remove' } : undefined;
  if (stats?.isDirectory()) throw new InvalidInputError(`${name} is a folder, where the generator writes a file; nothing was written (move or rename it, then run again)`);
  let before: Planned['before'];
  if (stats) {
    try {
      accessSync(destination, constants.W_OK);
      before = { bytes: readFileSync(destination), mode: stats.mode & 0o7777 };
    } catch (error) {
      throw new InvalidInputError(`${name} cannot be written (${describe(error)}); nothing was written (make it writable, then run again)`);
    }
  }
  const mode = change.mode === undefined ? before?.mode : change.mode & 0o7777;
  const identical = before !== undefined && before.mode === mode && before.bytes.equals(Buffer.from(change.contents));
  return { change, destination, before, mode, status: identical ? 'identical' : before ? 'force' : 'create' };
}

/**
 * Makes every change in `root`, or, when one fails, none: see the top of this
 * file. Changes are made in the order given, `.yo-rc.json` last whatever its
 * place; what became of each is returned in the order given. A removal of
 * what is not there is no change.
 */
export function commitFiles(root: string, changes: readonly FileChange[]): Committed[] {
  const nameOf = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const config = path.join(root, '.yo-rc.json');
  const ordered = [...changes.filter((change) => change.file !== config), ...changes.filter((change) => change.file === config)];
  refuseFilesWhereFoldersGo(
    root,
    ordered.filter((change) => !('remove' in change)).map((change) => nameOf(change.file)),
  );
  const realRoot = realPathOf(root);
  const planned = ordered.flatMap((change) => plan(change, nameOf(change.file), realRoot) ?? []);
  const work = planned.filter((step) => step.status !== 'identical');

  /** Undo steps, last first. */
  const undo: { readonly what: string; readonly step: () => void }[] = [];
  const temporaries = new Map<Planned, string>();
  const removed: string[] = [];
  let failed = '';
  try {
    for (const step of work) {
      if ('remove' in step.change) continue;
      failed = `write ${nameOf(step.change.file)}`;
      const folder = path.dirname(step.destination);
      // Each folder made is noted, outermost first, so undoing removes it again.
      const missing: string[] = [];
      for (let dir = folder; !statSync(dir, { throwIfNoEntry: false }); dir = path.dirname(dir)) missing.unshift(dir);
      for (const dir of missing) {
        mkdirSync(dir);
        undo.push({ what: nameOf(dir), step: () => rmdirSync(dir) });
      }
      const temporary = temporaryBeside(step.destination);
      temporaries.set(step, temporary);
      writeFileSync(temporary, step.change.contents, { flag: 'wx', mode: step.mode ?? 0o666 });
      if (step.mode !== undefined) chmodSync(temporary, step.mode);
    }
    for (const step of work) {
      const name = nameOf(step.change.file);
      if ('remove' in step.change) {
        // Set aside, not deleted, until everything else is in place.
        failed = `remove ${name}`;
        const aside = temporaryBeside(step.destination);
        renameSync(step.destination, aside);
        removed.push(aside);
        undo.push({ what: name, step: () => renameSync(aside, step.destination) });
        continue;
      }
      failed = `write ${name}`;
      const temporary = temporaries.get(step);
      if (temporary === undefined) throw new Error(`${name} has no temporary file`);
      renameSync(temporary, step.destination);
      temporaries.delete(step);
      const { before } = step;
      undo.push({
        what: name,
        step: before
          ? () => {
              writeFileSync(step.destination, before.bytes);
              chmodSync(step.destination, before.mode);
            }
          : () => unlinkSync(step.destination),
      });
    }
  } catch (error) {
    const notPutBack: string[] = [];
    for (const temporary of temporaries.values()) rmSync(temporary, { force: true });
    for (const { what, step } of undo.reverse()) {
      try {
        step();
      } catch {
        notPutBack.push(what);
      }
    }
    const outcome = notPutBack.length === 0 ? 'nothing was changed' : `and ${notPutBack.join(', ')} could not be put back as it was (git can restore it)`;
    throw new Error(`could not ${failed}: ${describe(error)}; ${outcome}`, { cause: error });
  }
  for (const aside of removed) rmSync(aside, { force: true });
  const statusOf = new Map(planned.map((step) => [step.change.file, step.status]));
  return changes.flatMap(({ file }) => {
    const status = statusOf.get(file);
    return status ? [{ file, status }] : [];
  });
}
