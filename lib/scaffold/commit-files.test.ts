/**
 * commitFiles on its own: when a rename fails after others went through, each
 * file renamed is put back with its bytes and mode, each new file and folder
 * goes, nothing set aside for removal is lost, and no temporary stays. A
 * rename that fails half-way cannot be caused on demand for every user (root
 * passes permission checks, and `chattr +i` needs a capability and a file
 * system that has it), so this test makes `renameSync` fail for one path, as
 * an immutable file or a full disk would make it fail.
 */
import assert from 'node:assert/strict';
import fs, { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { describe, it, mock } from 'node:test';
import { listFiles } from '../../test/support/generate.ts';
import { scratchDir } from '../../test/support/scratch.ts';
import { commitFiles } from './commit-files.ts';

/** Every file with its bytes and mode. */
const snapshot = (dir: string) => Object.fromEntries(listFiles(dir).map((file) => [file, `${(statSync(path.join(dir, file)).mode & 0o7777).toString(8)} ${readFileSync(path.join(dir, file), 'utf8')}`]));

function repo(): string {
  const root = scratchDir('commit');
  mkdirSync(path.join(root, 'localdev'));
  writeFileSync(path.join(root, '.yo-rc.json'), '{"old": true}\n');
  writeFileSync(path.join(root, 'Makefile'), 'old make\n');
  writeFileSync(path.join(root, 'localdev/reload.sh'), '#!/bin/sh\nold\n');
  chmodSync(path.join(root, 'localdev/reload.sh'), 0o750);
  writeFileSync(path.join(root, 'orphan.txt'), 'no longer written\n');
  return root;
}

const changes = (root: string) => [
  { file: path.join(root, '.yo-rc.json'), contents: '{"new": true}\n' },
  { file: path.join(root, 'Makefile'), contents: 'new make\n' },
  { file: path.join(root, 'localdev/reload.sh'), contents: '#!/bin/sh\nnew\n', mode: 0o755 },
  { file: path.join(root, 'orphan.txt'), remove: true as const },
  { file: path.join(root, 'events/new.json'), contents: '{}\n' },
  { file: path.join(root, 'localdev/compose.yml'), contents: 'services: {}\n' },
];

/** Runs `body` with renameSync failing (EPERM) for any rename onto `failing`. */
function withRenameFailingOnto<T>(failing: string, body: () => T): T {
  const real = fs.renameSync;
  mock.method(fs, 'renameSync', (from: fs.PathLike, to: fs.PathLike) => {
    if (String(to) === failing) throw Object.assign(new Error(`EPERM: operation not permitted, rename '${String(from)}' -> '${String(to)}'`), { code: 'EPERM' });
    real(from, to);
  });
  syncBuiltinESMExports();
  try {
    return body();
  } finally {
    mock.restoreAll();
    syncBuiltinESMExports();
  }
}

describe('commitFiles', () => {
  it('writes every change, .yo-rc.json last, and says what each was', () => {
    const root = repo();
    const order: string[] = [];
    const real = fs.renameSync;
    mock.method(fs, 'renameSync', (from: fs.PathLike, to: fs.PathLike) => {
      order.push(path.relative(root, String(to)));
      real(from, to);
    });
    syncBuiltinESMExports();
    let committed;
    try {
      committed = commitFiles(root, changes(root));
    } finally {
      mock.restoreAll();
      syncBuiltinESMExports();
    }
    assert.equal(order.at(-1), '.yo-rc.json');
    assert.deepEqual(
      committed.map(({ file, status }) => [path.relative(root, file), status]),
      [['.yo-rc.json', 'force'], ['Makefile', 'force'], ['localdev/reload.sh', 'force'], ['orphan.txt', 'remove'], ['events/new.json', 'create'], ['localdev/compose.yml', 'create']],
    );
    // A new file gets the mode any new file gets here (the umask decides), an existing one keeps its own.
    const probe = path.join(scratchDir('commit'), 'probe');
    writeFileSync(probe, '');
    const fresh = (statSync(probe).mode & 0o7777).toString(8);
    assert.deepEqual(snapshot(root), {
      '.yo-rc.json': `${fresh} {"new": true}\n`,
      Makefile: `${fresh} new make\n`,
      'events/new.json': `${fresh} {}\n`,
      'localdev/compose.yml': `${fresh} services: {}\n`,
      'localdev/reload.sh': '755 #!/bin/sh\nnew\n',
    });
  });

  for (const failing of ['localdev/compose.yml', '.yo-rc.json']) {
    it(`puts everything back when the rename onto ${failing} fails after the others`, () => {
      const root = repo();
      const before = snapshot(root);
      assert.throws(
        () => withRenameFailingOnto(path.join(root, failing), () => commitFiles(root, changes(root))),
        new RegExp(`^Error: could not write ${failing.replaceAll('.', '\\.')}: EPERM: operation not permitted; nothing was changed$`),
      );
      assert.deepEqual(snapshot(root), before, 'bytes and modes as they were, the removed file back, no temporary file');
      assert.equal(existsSync(path.join(root, 'events')), false, 'the folder made for a new file is gone');
    });
  }

  it('leaves a file with the same bytes and mode alone', () => {
    const root = repo();
    const mtime = statSync(path.join(root, 'Makefile')).mtimeMs;
    const [committed] = commitFiles(root, [{ file: path.join(root, 'Makefile'), contents: 'old make\n' }]);
    assert.equal(committed?.status, 'identical');
    assert.equal(statSync(path.join(root, 'Makefile')).mtimeMs, mtime);
  });
});
