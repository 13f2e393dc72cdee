/**
 * The generated tree of each snapshot set, byte for byte and mode for mode,
 * against the committed snapshot (test/support/snapshots.ts). A difference
 * means a template changed what users get: rewrite the snapshots on purpose
 * with `npm run snapshots` and commit them with the change.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { committedSnapshot, renderSnapshot, renderSnapshotThroughBin, snapshotSets, type SnapshotFile } from './support/snapshots.ts';

function assertSameTree(rendered: Map<string, SnapshotFile>, committed: Map<string, SnapshotFile>) {
  assert.deepEqual([...rendered.keys()].sort(), [...committed.keys()].sort(), 'the same files (npm run snapshots rewrites them)');
  for (const [name, file] of rendered) {
    const expected = committed.get(name);
    assert.equal(file.contents.toString(), expected?.contents.toString(), `${name} (npm run snapshots rewrites it)`);
    assert.equal(file.executable, expected?.executable, `${name}: executable bit`);
  }
}

describe('golden snapshots of the generated tree', () => {
  for (const set of snapshotSets) {
    it(`${set.name} is generated exactly as committed`, async () => {
      assertSameTree(await renderSnapshot(set), committedSnapshot(set));
    });

    // The bin's first run skips Yeoman and renders templates compiled ahead: the same bytes all the same.
    it(`${set.name} is written the same by the published bin's first run`, () => {
      assertSameTree(renderSnapshotThroughBin(set), committedSnapshot(set));
    });
  }
});
