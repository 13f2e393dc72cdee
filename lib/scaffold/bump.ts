/**
 * What bump does to a repo, worked out before anything is written: which pins
 * moved, the new text of each file that holds them (edited in place, see
 * pin-sites.ts), what no pin site holds any more, and, for `--check`, which
 * generator-owned files differ from what this version writes.
 */
import { createTwoFilesPatch } from 'diff';
import type { Pins } from '../pins/index.ts';
import { sha256Of } from './merge.ts';
import type { Answers } from './options.ts';
import { pinChanges, pinnedFiles, repin, type PinChange } from './pin-sites.ts';
import { buildTemplateContext, pinRequestFor } from './template-context.ts';
import type { TemplateSet } from './template-set.ts';
import { generatedHashes } from './write-files.ts';

export interface FileEdit {
  readonly file: string;
  readonly before: string;
  readonly after: string;
}

export interface BumpPlan {
  /** The pins this repo uses that moved. */
  readonly changes: readonly PinChange[];
  readonly edits: readonly FileEdit[];
  /** Changes that no pin site holds any more: removed or rewritten by the owner, left alone. */
  readonly unapplied: readonly PinChange[];
  /** Files that should hold pins and are gone. */
  readonly missing: readonly string[];
}

/** `read` gives a repo file's text, or undefined when there is none. */
export function planBump(read: (file: string) => string | undefined, answers: Answers, before: Pins, after: Pins): BumpPlan {
  const request = pinRequestFor(answers);
  const used = new Set([...request.images, ...request.goModules]);
  const changes = pinChanges(before, after).filter(
    (change) => (!['image', 'module'].includes(change.kind) || used.has(change.what)) && (change.kind !== 'url' || answers.rieSource === 'pinned'),
  );
  const edits: FileEdit[] = [];
  const applied = new Set<PinChange>();
  const missing: string[] = [];
  for (const file of pinnedFiles) {
    const text = read(file);
    if (text === undefined) {
      missing.push(file);
      continue;
    }
    const repinned = repin(file, text, changes);
    for (const change of repinned.applied) applied.add(change);
    if (repinned.text !== text) edits.push({ file, before: text, after: repinned.text });
  }
  return { changes, edits, unapplied: changes.filter((change) => !applied.has(change)), missing };
}

/** Generator-owned files whose text is not what this version writes with these answers and pins. */
export function driftedFiles(read: (file: string) => string | undefined, answers: Answers, pins: Pins, version: string, templates: TemplateSet): string[] {
  return Object.entries(generatedHashes(buildTemplateContext(answers, pins, version, templates), templates))
    .filter(([file, hash]) => {
      const text = read(file);
      return text === undefined || sha256Of(text) !== hash;
    })
    .map(([file]) => file);
}

/** The unified diff of an edit, as `git diff` shows one. */
export const unifiedDiff = (edit: FileEdit) => createTwoFilesPatch(`a/${edit.file}`, `b/${edit.file}`, edit.before, edit.after, '', '', { context: 3 });

/** The lines bump prints for what it leaves alone. */
export function leftAlone(plan: BumpPlan): string[] {
  return [
    ...plan.unapplied.map((change) => `left alone: no pin site holds ${change.what} ${change.from} any more (removed or changed by hand); it stays as it is`),
    ...plan.missing.map((file) => `left alone: ${file} is gone; its pins are not written anywhere`),
  ];
}

/** `--check`'s table: what is out of date, one row each. */
export function checkTable(plan: BumpPlan, drifted: readonly string[], version: string): string[] {
  const rows = [
    ...plan.changes.map((change) => [`pin ${change.what}`, `${change.from} -> ${change.to}`]),
    ...drifted.map((file) => [`file ${file}`, `differs from what generator-lambda-local ${version} writes`]),
  ];
  const width = Math.max(...rows.map(([what = '']) => what.length));
  return rows.map(([what = '', why = '']) => `${what.padEnd(width)}  ${why}`);
}
