import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { storedAnswers } from './write-files.ts';

/** A committed snapshot's stored answers, as this version writes them. */
const snapshotConfig = () =>
  (JSON.parse(readFileSync(new URL('../../test/snapshots/defaults/.yo-rc.json', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>)['generator-lambda-local'] ?? {};

describe('stored answers', () => {
  it("fills in an answer added since an earlier version wrote the repo, with the value that writes that repo's files", () => {
    const { awsCredentials, ...earlier } = snapshotConfig();
    assert.equal(awsCredentials, 'off');
    assert.equal(storedAnswers(earlier)?.awsCredentials, 'off', 'a merge base, not none');
    assert.deepEqual(storedAnswers(earlier), storedAnswers(snapshotConfig()));
  });

  it('has none when an answer of its own is missing', () => {
    const { module: _module, ...incomplete } = snapshotConfig();
    assert.equal(storedAnswers(incomplete), undefined);
  });
});
