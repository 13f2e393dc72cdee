/**
 * `make bump` and `make upgrade` run the newest generator to be had: the one on
 * the PATH (npm link, a tarball install) or the one on the npm registry, and
 * say which; offline, the one on the PATH, saying so. The generator, npm and
 * npx are stand-ins on the PATH that print what they were asked.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { generate, type Generated } from './support/generate.ts';
import { scratchDir } from './support/scratch.ts';

interface World {
  /** What `generator-lambda-local --version` prints; none on the PATH when undefined. */
  readonly onPath?: string;
  /** What `npm view generator-lambda-local version` prints; it fails, as offline, when undefined. */
  readonly published?: string;
}

/** Runs `make target ARGS=…` in `repo` with stand-ins for the generator, npm and npx first on the PATH. */
function make(repo: Generated, target: string, args: string, world: World) {
  const bin = scratchDir('stand-ins');
  mkdirSync(bin, { recursive: true });
  const script = (name: string, body: string) => writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  if (world.onPath !== undefined) script('generator-lambda-local', `[ "$1" = --version ] && { echo ${world.onPath}; exit 0; }\necho "path-generator $*"`);
  script('npm', `touch ${JSON.stringify(path.join(bin, 'npm-was-asked'))}\n${world.published === undefined ? 'echo "npm error network" >&2; exit 1' : `[ "$1 $2 $3" = "view generator-lambda-local version" ] && echo ${world.published}`}`);
  script('npx', 'echo "npx $*"');
  const result = spawnSync('make', ['--no-print-directory', target, `ARGS=${args}`], {
    cwd: repo.dir,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:/usr/bin:/bin` },
  });
  return { ...result, npmAsked: existsSync(path.join(bin, 'npm-was-asked')) };
}

describe('make bump and make upgrade run the newest generator', () => {
  let repo: Generated;
  before(async () => {
    repo = await generate();
  });

  it('takes the registry\'s when it is newer than the one on the PATH, and says so', () => {
    const bump = make(repo, 'bump', '--check', { onPath: '0.1.0', published: '0.2.0' });
    assert.equal(bump.status, 0, bump.stderr);
    assert.equal(bump.stdout, 'npx --yes generator-lambda-local@0.2.0 bump --check\n');
    assert.match(bump.stderr, /^make bump: generator-lambda-local 0\.2\.0 from the npm registry, the newest \(your PATH has 0\.1\.0\)\n$/);
    const upgrade = make(repo, 'upgrade', '', { onPath: '0.2.0-beta.1', published: '0.2.0' });
    assert.equal(upgrade.stdout, 'npx --yes generator-lambda-local@0.2.0 --yes\n', 'a release is newer than its pre-release');
  });

  it('takes the one on the PATH when it is as new or newer (a linked checkout), and never the registry\'s @latest', () => {
    const upgrade = make(repo, 'upgrade', '--offline', { onPath: '0.3.0', published: '0.2.0' });
    assert.equal(upgrade.status, 0, upgrade.stderr);
    assert.equal(upgrade.stdout, 'path-generator --yes --offline\n');
    const same = make(repo, 'bump', '', { onPath: '0.10.0', published: '0.9.0' });
    assert.equal(same.stdout, 'path-generator bump\n', '0.10.0 is newer than 0.9.0');
    assert.match(same.stderr, /^make bump: generator-lambda-local 0\.10\.0 on your PATH, the newest \(the npm registry has 0\.9\.0\)\n$/);
  });

  it('offline, takes the one on the PATH and says which it used and why', () => {
    const bump = make(repo, 'bump', '', { onPath: '0.1.0' });
    assert.equal(bump.status, 0, bump.stderr);
    assert.equal(bump.stdout, 'path-generator bump\n');
    assert.match(bump.stderr, /^make bump: generator-lambda-local 0\.1\.0 on your PATH; npm view generator-lambda-local version gave none \(offline, or not published\), so a newer one may exist\n$/);
    const offline = make(repo, 'bump', '--offline', { onPath: '0.1.0', published: '0.2.0' });
    assert.equal(offline.stdout, 'path-generator bump --offline\n');
    assert.equal(offline.npmAsked, false, '--offline asks no registry');
    assert.match(offline.stderr, /^make bump: generator-lambda-local 0\.1\.0 on your PATH; the npm registry was not asked \(--offline\)\n$/);
  });

  it('stops in one line when there is neither', () => {
    const upgrade = make(repo, 'upgrade', '', {});
    assert.notEqual(upgrade.status, 0);
    assert.equal(upgrade.stdout, '');
    assert.match(upgrade.stderr, /^make upgrade: no generator-lambda-local on your PATH, and npm view generator-lambda-local version gave none \(offline, or not published\); install one \(npm i -g generator-lambda-local\) or run this online\n/);
  });
});
