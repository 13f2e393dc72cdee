/**
 * The generated tree of each snapshot set, byte for byte and mode for mode,
 * against the committed snapshot (test/support/snapshots.ts). A difference
 * means a template changed what users get: rewrite the snapshots on purpose
 * with `npm run snapshots` and commit them with the change.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { committedSnapshot, renderSnapshot, snapshotSets } from './support/snapshots.ts';

describe('golden snapshots of the generated tree', () => {
  for (const set of snapshotSets) {
    it(`${set.name} is generated exactly as committed`, async () => {
      const committed = committedSnapshot(set);
      const rendered = await renderSnapshot(set);
      assert.deepEqual([...rendered.keys()].sort(), [...committed.keys()].sort(), 'the same files (npm run snapshots rewrites them)');
      for (const [name, file] of rendered) {
        const expected = committed.get(name);
        assert.equal(file.contents.toString(), expected?.contents.toString(), `${name} (npm run snapshots rewrites it)`);
        assert.equal(file.executable, expected?.executable, `${name}: executable bit`);
      }
    });
  }
});
