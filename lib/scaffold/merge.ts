/**
 * A generator-owned file its owner changed gets the generator's new text by a
 * three-way merge, as git merges: the base is what the generator wrote last
 * time, "yours" is the file as it stands, "new" is what it writes now. Edits
 * that do not overlap are kept together; overlapping ones are written with
 * git's conflict markers. Without the base (the version that wrote it cannot be
 * had), every hunk where the two differ is a conflict: nothing is guessed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { InvalidInputError } from '../errors.ts';
import { isJsonObject } from '../pins/json-object.ts';

// Required when a file is first merged, not imported: a first run merges nothing,
// and loading these two and the Dockerfile parser (pin-sites.ts) up front was a
// good part of its time (README, Benchmarks).
const load = createRequire(import.meta.url);
let diffLines: (typeof import('diff'))['diffLines'] | undefined;
let mergeDiff3: (typeof import('node-diff3'))['mergeDiff3'] | undefined;

export const sha256Of = (text: string) => createHash('sha256').update(text).digest('hex');

export interface Merged {
  readonly text: string;
  readonly conflict: boolean;
}

export interface MergeLabels {
  readonly yours: string;
  readonly base: string;
  readonly next: string;
}

/** The lines two texts share, in order: a base against which each difference is a change on both sides. */
function commonLines(yours: string, next: string): string {
  diffLines ??= (load('diff') as typeof import('diff')).diffLines;
  return diffLines(yours, next)
    .filter((part) => !part.added && !part.removed)
    .map((part) => part.value)
    .join('');
}

export function mergeFile(yours: string, base: string | undefined, next: string, labels: MergeLabels): Merged {
  mergeDiff3 ??= (load('node-diff3') as typeof import('node-diff3')).mergeDiff3;
  const merged = mergeDiff3(yours.split('\n'), (base ?? commonLines(yours, next)).split('\n'), next.split('\n'), {
    label: { a: labels.yours, o: labels.base, b: labels.next },
  });
  return { text: merged.result.join('\n'), conflict: merged.conflict };
}

/** An unresolved merge: a `<<<<<<<` line and, after it, a `>>>>>>>` line, as mergeFile (and git) write them. */
export const holdsConflictMarkers = (text: string) => /^<{7}(?: |$)[\s\S]*?^>{7}(?: |$)/m.test(text);

/**
 * The refusal of a run on a repo whose generator-owned files (those `.yo-rc.json`
 * keeps a hash of) still hold conflict markers; undefined when none does. A run
 * over them would take the markers for the owner's edits and merge them in.
 */
export function unresolvedConflictRefusal(root: string, stored: Readonly<Record<string, unknown>>): InvalidInputError | undefined {
  const owned = isJsonObject(stored.files) ? Object.keys(stored.files) : [];
  const marked = owned.filter((file) => {
    try {
      return holdsConflictMarkers(readFileSync(path.join(root, file), 'utf8'));
    } catch {
      return false; // Gone or unreadable: nothing to resolve there.
    }
  });
  if (marked.length === 0) return undefined;
  return new InvalidInputError(
    `unresolved merge conflicts in ${marked.join(', ')}: resolve the lines between <<<<<<< and >>>>>>> (keep what should stay, delete the markers), then run again; nothing was written`,
  );
}
