/**
 * What bump does to a repo, worked out before anything is written: which pins
 * moved, the new text of each file that holds them (edited in place, see
 * pin-sites.ts), what no pin site holds any more, and, for `--check`, whether
 * an update is available: a pin out of date, or a generator-owned file this
 * version writes otherwise than the repo's last run did. The owners' edits are
 * not an update (`diff` shows those, see drift.ts).
 */
import { createTwoFilesPatch } from 'diff';
import type { Pins } from '../pins/index.ts';
import { isJsonObject } from '../pins/json-object.ts';
import type { Project } from './project-model.ts';
import { pinChanges, pinnedFiles, repin, type PinChange } from './pin-sites.ts';
import { buildTemplateContext, pinRequestFor } from './template-context.ts';
import type { TemplateSet } from './template-set.ts';
import { generatedHashes, sortedByPath } from './write-files.ts';

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
export function planBump(read: (file: string) => string | undefined, project: Project, before: Pins, after: Pins): BumpPlan {
  const request = pinRequestFor(project);
  const used = new Set([...request.images, ...request.goModules]);
  const changes = pinChanges(before, after).filter(
    (change) => (!['image', 'module'].includes(change.kind) || used.has(change.what)) && (change.kind !== 'url' || project.rieSource === 'pinned'),
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

/** A generator-owned file this version writes otherwise than the repo's last run did. */
export interface TemplateMove {
  readonly file: string;
  /** `added`: written now, not then; `removed`: written then, not now. */
  readonly change: 'changed' | 'added' | 'removed';
}

/**
 * The files whose text this version (with `templates`) writes otherwise than
 * the repo's last run did, by the sha256 of each that `.yo-rc.json` keeps
 * (`storedFiles`): both rendered from the same answers and stored pins, so
 * what differs is the templates. The files as they stand play no part.
 */
export function templateMoves(storedFiles: unknown, project: Project, storedPins: Pins, version: string, templates: TemplateSet): TemplateMove[] {
  const now = generatedHashes(buildTemplateContext(project, storedPins, version, templates), templates);
  const then = isJsonObject(storedFiles) ? storedFiles : {};
  const moves: TemplateMove[] = [];
  for (const [file, hash] of Object.entries(now)) if (then[file] !== hash) moves.push({ file, change: file in then ? 'changed' : 'added' });
  for (const file of Object.keys(then)) if (!(file in now)) moves.push({ file, change: 'removed' });
  return moves;
}

/**
 * The hashes `.yo-rc.json` keeps once bump has moved the pins from `storedPins`
 * to `pins`. Bump writes pins only: a file whose last-run text these templates
 * still write gets the hash of that text with the new pins, which is what bump
 * made of it. A file the templates now write otherwise (`templateMoves`) keeps
 * its old hash, or stays unrecorded: bump did not write that change, so
 * `--check` goes on reporting it and the next re-run merges it in.
 */
export function bumpedHashes(storedFiles: unknown, project: Project, storedPins: Pins, pins: Pins, version: string, templates: TemplateSet): Record<string, string> {
  const then = isJsonObject(storedFiles) ? storedFiles : {};
  const moved = new Set(templateMoves(storedFiles, project, storedPins, version, templates).map((move) => move.file));
  const now = generatedHashes(buildTemplateContext(project, pins, version, templates), templates);
  const hashes: Record<string, string> = {};
  for (const file of new Set([...Object.keys(now), ...Object.keys(then)])) {
    const hash = moved.has(file) ? then[file] : now[file];
    if (typeof hash === 'string') hashes[file] = hash;
  }
  return sortedByPath(hashes);
}

/** `--check --json`: what a bot needs to decide whether to open a pull request. */
export interface CheckReport {
  readonly updateAvailable: boolean;
  /** The generator running the check, and the one `.yo-rc.json` says ran last (null when it does not say). */
  readonly generator: { readonly running: string; readonly lastRun: string | null };
  readonly pins: readonly PinChange[];
  readonly files: readonly TemplateMove[];
}

export function checkReport(plan: BumpPlan, moves: readonly TemplateMove[], running: string, lastRun: string | undefined): CheckReport {
  const pins = plan.changes.map(({ kind, what, from, to }) => ({ kind, what, from, to }));
  return { updateAvailable: pins.length + moves.length > 0, generator: { running, lastRun: lastRun ?? null }, pins, files: [...moves] };
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
export function checkTable(report: CheckReport): string[] {
  const { running, lastRun } = report.generator;
  const how = { changed: `writes it differently than ${lastRun ?? 'the last run'} did`, added: 'writes it; the last run did not', removed: 'no longer writes it' };
  const rows = [
    ...report.pins.map((change) => [`pin ${change.what}`, `${change.from} -> ${change.to}`]),
    ...report.files.map(({ file, change }) => [`file ${file}`, `generator-lambda-local ${running} ${how[change]}`]),
  ];
  const width = Math.max(...rows.map(([what = '']) => what.length));
  return rows.map(([what = '', why = '']) => `${what.padEnd(width)}  ${why}`);
}

const counted = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** `--check`'s last line: its answer. */
export function checkVerdict(report: CheckReport): string {
  if (!report.updateAvailable) {
    return `bump --check: no update: every pin is current, and generator-lambda-local ${report.generator.running} writes what this repo's last run wrote (your edits aside: \`generator-lambda-local diff\` shows them)`;
  }
  const parts = [
    ...(report.pins.length > 0 ? [`${counted(report.pins.length, 'pin out of date (make bump moves it)', 'pins out of date (make bump moves them)')}`] : []),
    ...(report.files.length > 0 ? [counted(report.files.length, 'generator-owned file written differently (make upgrade merges it with your edits)', 'generator-owned files written differently (make upgrade merges them with your edits)')] : []),
  ];
  return `bump --check: update available: ${parts.join(', ')}; nothing was written`;
}
