/**
 * The emulator as a generated repo runs it: its sources on a read-only mount
 * at /srv/proxy with nothing installed, croner (for cron() schedules) vendored
 * beside them in vendor/croner/. The vendored copy must be the croner these
 * tests run and package-lock.json locks, so a bump without
 * `npm run vendor:croner` fails here.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../../test/support/generate.ts';
import { scratchDir } from '../../test/support/scratch.ts';

const emulatorDir = path.join(repoRoot, 'emulator');
const vendored = path.join(emulatorDir, 'vendor/croner');

/** The emulator's sources as a generated repo's localdev/proxy holds them, under `root`/proxy. */
function mountSources(root: string): string {
  const proxy = path.join(root, 'proxy');
  for (const folder of ['src', 'vendor']) cpSync(path.join(emulatorDir, folder), path.join(proxy, folder), { recursive: true });
  cpSync(path.join(emulatorDir, 'package.json'), path.join(proxy, 'package.json'));
  return proxy;
}

/** `node src/server.ts` in `proxy` until its output shows `until` or it exits (10 s at most); its output. */
function runEmulator(proxy: string, env: NodeJS.ProcessEnv, until: RegExp): Promise<{ readonly stdout: string; readonly stderr: string; readonly status: number | null }> {
  return new Promise((resolve, reject) => {
    // No AWS_REGION, SCHEDULES or FUNCTIONS of the machine's: only what the test sets.
    const { AWS_REGION: _region, SCHEDULES: _schedules, FUNCTIONS: _functions, ...base } = process.env;
    const child = spawn(process.execPath, ['src/server.ts'], { cwd: proxy, env: { ...base, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const check = () => {
      if (until.test(stdout)) child.kill('SIGKILL');
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      check();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (status) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, status });
    });
  });
}

describe('the emulator, run with nothing installed', { timeout: 60_000 }, () => {
  it('needs no package at run time: croner, for its types alone, is a development dependency', () => {
    const manifest = JSON.parse(readFileSync(path.join(emulatorDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    assert.equal(manifest.dependencies, undefined);
    assert.ok(manifest.devDependencies?.croner, 'croner among the development dependencies');
  });

  it('vendors croner as npm installs it here, byte for byte, and its README names that version and tarball', () => {
    // The croner these tests and the typecheck run, found as src/ finds a package.
    const installed = path.dirname(createRequire(path.join(emulatorDir, 'src/schedules.ts')).resolve('croner/package.json'));
    const { version } = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as { version: string };
    const lock = JSON.parse(readFileSync(path.join(emulatorDir, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; integrity?: string; dependencies?: unknown } | undefined> };
    const locked = lock.packages['node_modules/croner'] ?? assert.fail('croner is not in emulator/package-lock.json');
    assert.equal(locked.version, version, 'emulator/package-lock.json locks the croner installed here');
    assert.equal(locked.dependencies, undefined, 'croner brings nothing else to vendor');
    for (const [from, to] of [['dist/croner.cjs', 'croner.cjs'], ['LICENSE', 'LICENSE']] as const) {
      assert.ok(readFileSync(path.join(vendored, to)).equals(readFileSync(path.join(installed, from))), `vendor/croner/${to} is croner ${version}'s ${from}: npm run vendor:croner`);
    }
    const readme = readFileSync(path.join(vendored, 'README.md'), 'utf8');
    const fromLine = /^From: .*$/m.exec(readme)?.[0] ?? assert.fail('vendor/croner/README.md has no "From:" line');
    for (const named of [`croner ${version},`, `https://registry.npmjs.org/croner/-/croner-${version}.tgz`, `integrity ${locked.integrity}`]) {
      assert.ok(fromLine.includes(named), `README's ${JSON.stringify(fromLine)} names ${named}`);
    }
  });

  it('reads cron() and rate() from its sources and vendor/ alone', async () => {
    const proxy = mountSources(scratchDir('emulator-sources'));
    const cron = await runEmulator(proxy, { LAMBDA_SCHEDULE: 'cron(0 2 * * ? *)' }, /fires first at/);
    assert.match(cron.stdout, /^Schedule fn=lambda expression="cron\(0 2 \* \* \? \*\)" fires first at \d{4}-\d\d-\d\dT02:00:00Z$/m, `${cron.stdout}${cron.stderr}`);
    const rate = await runEmulator(proxy, { LAMBDA_SCHEDULE: 'rate(5 minutes)' }, /fires first at/);
    assert.match(rate.stdout, /^API Gateway emulator \(payload 1\.0\) on :0, 1 upstream\(s\), routes: none$/m, `${rate.stdout}${rate.stderr}`);
    assert.match(rate.stdout, /^Schedule fn=lambda expression="rate\(5 minutes\)" fires first at /m);
  });

  it('without its copy of croner, refuses a cron() in one line naming the setting and the missing file', async () => {
    const proxy = mountSources(scratchDir('emulator-sources'));
    rmSync(path.join(proxy, 'vendor'), { recursive: true });
    const cron = await runEmulator(proxy, { LAMBDA_SCHEDULE: 'cron(0 2 * * ? *)' }, /fires first at/);
    assert.equal(cron.status, 1);
    assert.equal(
      cron.stderr,
      'api-gateway-emulator: LAMBDA_SCHEDULE: "cron(0 2 * * ? *)" cannot be read: vendor/croner/croner.cjs, the copy of croner beside the emulator\'s src/ that reads cron() expressions, is missing\n',
    );
  });
});
