/**
 * Yeoman writes a generator's in-memory files to disk itself, one after
 * another: a file that fails half-way leaves the ones before it written. The
 * generators here replace that commit (Yeoman's `customCommitTask` feature)
 * with commit-files.ts, the routine the bin's own first run writes with, so
 * both ways write all or none. Yeoman's conflict prompt has nothing to do
 * here: a first run is refused before it writes over anything unless told
 * `--force`, and a re-run merges edits itself (write-files.ts).
 */
import path from 'node:path';
import type { MemFsEditorFile } from 'mem-fs-editor';
import { clearFileState, isFilePending, isFileStateDeleted } from 'mem-fs-editor/state';
import { commitFiles } from './commit-files.ts';

interface Files {
  all(): MemFsEditorFile[];
}

/**
 * Commits the pending files of `store`, all inside `root`, then prints
 * Yeoman's status line for each (relative to `logCwd`) through `log`.
 */
export function commitPendingFiles(store: Files, root: string, log: object, logCwd: string): void {
  const pending = store.all().filter(isFilePending);
  for (const file of pending) {
    const relative = path.relative(root, file.path);
    if (relative.startsWith('..') || path.isAbsolute(relative)) throw new Error(`${file.path} is outside the project ${root}; nothing was written`);
  }
  const committed = commitFiles(
    root,
    pending.map((file) => (isFileStateDeleted(file) ? { file: file.path, remove: true } : { file: file.path, contents: file.contents ?? '', mode: file.stat?.mode })),
  );
  for (const file of pending) clearFileState(file);
  for (const { file, status } of committed) {
    // Removals are reported by the generator, which knows why a file went.
    if (status === 'remove') continue;
    const line: unknown = Reflect.get(log, status);
    if (typeof line === 'function') Reflect.apply(line, log, [path.relative(logCwd, file)]);
  }
}
