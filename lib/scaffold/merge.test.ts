import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { holdsConflictMarkers, mergeFile } from './merge.ts';

const labels = { yours: 'yours', base: 'generator 1.0.0', next: 'generator 1.1.0' };

describe('merging a generator-owned file its owner changed', () => {
  const base = 'FROM base\nRUN one\nRUN two\nENTRYPOINT ["/x"]\n';

  it('keeps both sides when their edits do not overlap', () => {
    const yours = 'FROM base\nRUN one\nRUN microdnf install -y jq\nRUN two\nENTRYPOINT ["/x"]\n';
    const next = 'FROM base@sha256:new\nRUN one\nRUN two\nENTRYPOINT ["/x"]\n';
    assert.deepEqual(mergeFile(yours, base, next, labels), {
      text: 'FROM base@sha256:new\nRUN one\nRUN microdnf install -y jq\nRUN two\nENTRYPOINT ["/x"]\n',
      conflict: false,
    });
  });

  it('writes git-style markers where both changed the same lines, and loses neither side', () => {
    const yours = 'FROM mine\nRUN one\nRUN two\nENTRYPOINT ["/x"]\n';
    const next = 'FROM base@sha256:new\nRUN one\nRUN two\nENTRYPOINT ["/x"]\n';
    const merged = mergeFile(yours, base, next, labels);
    assert.equal(merged.conflict, true);
    assert.equal(
      merged.text,
      '<<<<<<< yours\nFROM mine\n||||||| generator 1.0.0\nFROM base\n=======\nFROM base@sha256:new\n>>>>>>> generator 1.1.0\nRUN one\nRUN two\nENTRYPOINT ["/x"]\n',
    );
  });

  it('without a base, makes each hunk where the two differ a conflict and keeps what they share', () => {
    const yours = 'FROM base\nRUN mine\nRUN two\n';
    const next = 'FROM base\nRUN theirs\nRUN two\n';
    const merged = mergeFile(yours, undefined, next, labels);
    assert.equal(merged.conflict, true);
    assert.match(merged.text, /^FROM base\n<<<<<<< yours\nRUN mine\n\|\|\|\|\|\|\| generator 1\.0\.0\n=======\nRUN theirs\n>>>>>>> generator 1\.1\.0\nRUN two\n$/);
  });

  it('tells a file that still holds its conflict markers from one whose lines only look alike', () => {
    const yours = 'FROM mine\nRUN one\nRUN two\nENTRYPOINT ["/x"]\n';
    const next = 'FROM theirs\nRUN one\nRUN two\nENTRYPOINT ["/x"]\n';
    assert.equal(holdsConflictMarkers(mergeFile(yours, base, next, labels).text), true);
    assert.equal(holdsConflictMarkers(yours), false);
    assert.equal(holdsConflictMarkers('echo "<<<<<<<< not a marker"\n# >>>>>>> nor this\n'), false);
    assert.equal(holdsConflictMarkers('<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> branch\n'), true, "git's own markers");
  });
});
