/**
 * `diff`: the owners' drift from what the generator wrote, as `cruft diff`
 * shows it. Kept apart from `bump --check`, which asks whether an update is
 * available: edits the README invites must not make that answer yes. The base
 * is what the repo's last run wrote (rendered again as a re-run's merge base
 * is, write-files.ts), with the digests the files hold, so a digest Renovate
 * moved is not drift.
 */
import { createTwoFilesPatch } from 'diff';
import { isJsonObject } from '../pins/json-object.ts';
import type { FileLayout, GeneratedFile } from './files.ts';
import { sha256Of } from './merge.ts';
import type { TemplateSet } from './template-set.ts';
import { heldOutputOf } from './write-files.ts';

export interface Drift {
  readonly file: string;
  /** The unified diff from what the generator wrote to the file as it stands; undefined when that text cannot be had. */
  readonly diff: string | undefined;
}

export interface DriftInput {
  /** `.yo-rc.json`'s keys of this generator. */
  readonly stored: Readonly<Record<string, unknown>>;
  /** The files' layout: the API type, and the functions. */
  readonly layout: FileLayout;
  /** The templates of the repo's last run: its stored layers over the built-in ones. */
  readonly templates: TemplateSet;
  readonly root: string;
  readonly offline: boolean;
  /** A repo file's text, or undefined when there is none. */
  read(file: string): string | undefined;
}

/** Each generator-owned file that is not what the generator wrote, in the order a run writes them. */
export function driftOf(input: DriftInput): Drift[] {
  const { stored, templates, read } = input;
  const hashes = isJsonObject(stored.files) ? stored.files : {};
  const previous = heldOutputOf(stored, read, { offline: input.offline, root: input.root, templates });
  const drift: Drift[] = [];
  const owned = templates.files(input.layout).filter((file: GeneratedFile) => file.owner === 'tool' && file.to in hashes);
  for (const file of owned) {
    const current = read(file.to);
    if (current !== undefined && sha256Of(current) === hashes[file.to]) continue;
    const base = previous?.render(file);
    if (base !== undefined && base === current) continue;
    drift.push({ file: file.to, diff: base === undefined ? undefined : createTwoFilesPatch(`a/${file.to}`, `b/${file.to}`, base, current ?? '', '', '', { context: 3 }) });
  }
  return drift;
}
