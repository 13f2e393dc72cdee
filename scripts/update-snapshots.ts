/**
 * Rewrites the golden snapshots under test/snapshots/ from the templates as
 * they are now: run it on purpose after a template change, and commit what
 * it changes with that change. `npm run snapshots`
 */
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderSnapshot, snapshotSets, snapshotsRoot } from '../test/support/snapshots.ts';

for (const set of snapshotSets) {
  const dir = path.join(snapshotsRoot, set.name);
  rmSync(dir, { recursive: true, force: true });
  const files = await renderSnapshot(set);
  for (const [name, file] of files) {
    const target = path.join(dir, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.contents);
    chmodSync(target, file.executable ? 0o755 : 0o644);
  }
  console.log(`${set.name}: ${files.size} files`);
}
