/**
 * `bump --check` answers whether an update is available, as copier's
 * check-update and cruft check do: a pin out of date, or a generator whose
 * output differs from what the repo's last generation wrote. The owners' own
 * edits are not an update; `diff` shows them, as `cruft diff` does, and
 * `diff --exit-code` fails on them. Through the package's bin, offline.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { shippedPins } from '../lib/pins/index.ts';
import { scratchDir } from './support/scratch.ts';
import { runBin as run, bin, readRepoFile as read, editRepoFile as edit } from './support/bin.ts';

const stale = `sha256:${'1'.repeat(64)}`;
const nodeImage = 'node:24-alpine';

function generated(): string {
  const work = scratchDir('check');
  const made = run(work, ['demo', '--yes', '--offline', '--arch', 'x86_64']);
  assert.equal(made.status, 0, made.stderr);
  return path.join(work, 'demo');
}

/** The edits the README invites: a RUN line, a compose service, a Make target. */
function editAsOwnersDo(demo: string): void {
  edit(demo, 'localdev/Dockerfile', (text) => text.replace(/\nCOPY --from=rie/, '\nRUN microdnf install -y jq\nCOPY --from=rie'));
  edit(demo, 'localdev/docker-compose.yml', (text) => text.replace(/\nnetworks:\n/, '\n  db:\n    image: postgres:16\n    networks: [lambda-local]\n\nnetworks:\n'));
  edit(demo, 'Makefile', (text) => text.replace('-include local.mk', 'seed:\n\t./scripts/seed.sh\n\n-include local.mk'));
}

/** What these tests change in `.yo-rc.json`. */
interface StoredConfig {
  generatorVersion: string;
  files: Record<string, string>;
  pins: { images: Record<string, { digest: string }> };
}

function editConfig(demo: string, change: (config: StoredConfig) => void): void {
  const config = JSON.parse(read(demo, '.yo-rc.json')) as Record<string, StoredConfig>;
  const ours = config['generator-lambda-local'];
  assert.ok(ours);
  change(ours);
  writeFileSync(path.join(demo, '.yo-rc.json'), `${JSON.stringify(config, null, 2)}\n`);
}

describe('bump --check: is an update available?', () => {
  it('exits 0 on a repo with its owners\' edits and current pins, and says so', () => {
    const demo = generated();
    editAsOwnersDo(demo);
    const check = run(demo, ['bump', '--check', '--offline']);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.equal(check.stdout, '');
    assert.match(check.stderr, /bump --check: no update: every pin is current, and generator-lambda-local \S+ writes what this repo's last run wrote \(your edits aside: `generator-lambda-local diff` shows them\)/);
    const json = run(demo, ['bump', '--check', '--json', '--offline']);
    assert.equal(json.status, 0, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.equal(report.updateAvailable, false);
    assert.deepEqual(report.pins, []);
    assert.deepEqual(report.files, []);
  });

  it('exits 1 with a stale pin, listing the pin and none of the owners\' edits', () => {
    const demo = generated();
    // A repo pinned before node:24-alpine last moved: the stored pin and the compose file hold the older digest.
    editConfig(demo, (config) => {
      const pin = config.pins.images[nodeImage];
      assert.ok(pin);
      edit(demo, 'localdev/docker-compose.yml', (text) => text.replace(`${nodeImage}@${pin.digest}`, `${nodeImage}@${stale}`));
      pin.digest = stale;
    });
    assert.equal(run(demo, ['--yes', '--offline']).status, 0);
    assert.ok(read(demo, 'localdev/docker-compose.yml').includes(`${nodeImage}@${stale}`));
    editAsOwnersDo(demo);
    const before = read(demo, '.yo-rc.json');
    const check = run(demo, ['bump', '--check', '--offline']);
    assert.equal(check.status, 1, check.stdout + check.stderr);
    const current = shippedPins.images[nodeImage]?.digest ?? 'missing';
    assert.equal(check.stdout, `pin ${nodeImage}  ${nodeImage}@${stale} -> ${nodeImage}@${current}\n`);
    assert.match(check.stderr, /bump --check: update available: 1 pin out of date \(make bump moves it\); nothing was written\n$/);
    assert.equal(read(demo, '.yo-rc.json'), before, 'nothing was written');
    const report = JSON.parse(run(demo, ['bump', '--check', '--json', '--offline']).stdout);
    assert.equal(report.updateAvailable, true);
    assert.deepEqual(report.pins, [{ kind: 'image', what: nodeImage, from: `${nodeImage}@${stale}`, to: `${nodeImage}@${current}` }]);
    assert.deepEqual(report.files, []);
  });

  it('exits 1 when this generator writes a file differently than the repo\'s last run did (its templates moved)', () => {
    const demo = generated();
    // As release 0.0.9 leaves a repo: its own Makefile's hash, under its own version.
    const earlierMakefile = read(demo, 'Makefile').replace('# Build, run and invoke', '# Builds, runs and invokes');
    editAsOwnersDo(demo);
    editConfig(demo, (config) => {
      config.generatorVersion = '0.0.9';
      config.files.Makefile = createHash('sha256').update(earlierMakefile).digest('hex');
    });
    const check = run(demo, ['bump', '--check', '--offline']);
    assert.equal(check.status, 1, check.stdout + check.stderr);
    assert.match(check.stdout, /^file Makefile  generator-lambda-local \S+ writes it differently than 0\.0\.9 did$/m);
    assert.doesNotMatch(check.stdout, /Dockerfile|docker-compose|^pin /m, 'the owners\' edits are not an update');
    assert.match(check.stderr, /bump --check: update available: 1 generator-owned file written differently \(make upgrade merges it with your edits\); nothing was written\n$/);
    const report = JSON.parse(run(demo, ['bump', '--check', '--json', '--offline']).stdout);
    assert.equal(report.updateAvailable, true);
    assert.equal(report.generator.lastRun, '0.0.9');
    assert.deepEqual(report.files, [{ file: 'Makefile', change: 'changed' }]);
  });
});

describe('diff: the owners\' drift from what the generator wrote', () => {
  it('prints the owners\' edits as a unified diff, and with --exit-code fails on them', () => {
    const demo = generated();
    const clean = run(demo, ['diff', '--exit-code', '--offline']);
    assert.equal(clean.status, 0, clean.stderr);
    assert.equal(clean.stdout, '');
    assert.match(clean.stderr, /no drift: every generator-owned file is as generator-lambda-local \S+ wrote it/);
    editAsOwnersDo(demo);
    const drift = run(path.join(demo, 'localdev'), ['diff', '--offline']);
    assert.equal(drift.status, 0, drift.stderr);
    assert.match(drift.stdout, /^--- a\/localdev\/Dockerfile\n\+\+\+ b\/localdev\/Dockerfile\n/m);
    assert.match(drift.stdout, /^\+RUN microdnf install -y jq$/m);
    assert.match(drift.stdout, /^\+ {2}db:$/m);
    assert.match(drift.stdout, /^\+seed:$/m);
    assert.match(drift.stderr, /3 generator-owned files differ from what generator-lambda-local \S+ wrote: Makefile, localdev\/Dockerfile, localdev\/docker-compose\.yml/);
    const failed = run(demo, ['diff', '--exit-code', '--offline']);
    assert.equal(failed.status, 1);
    assert.equal(failed.stdout, drift.stdout);
  });
});
