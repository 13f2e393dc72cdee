/**
 * The emulator's one dependency, croner (for cron() schedules), as a generated
 * repo gets it: its sources on a read-only mount at /srv/proxy, and beside
 * them /srv/node_modules from `npm ci --omit=dev` of emulator/package.json and
 * package-lock.json, where Node finds it walking up from the sources. Without
 * that install the emulator still runs everything but cron(), and says what is
 * missing in one line. npm ci asks the real npm registry.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../../test/support/generate.ts';
import { scratchDir } from '../../test/support/scratch.ts';

const emulatorDir = path.join(repoRoot, 'emulator');

/** The emulator's sources as a generated repo's localdev/proxy holds them, under `root`/proxy. */
function mountSources(root: string): string {
  const proxy = path.join(root, 'proxy');
  cpSync(path.join(emulatorDir, 'src'), path.join(proxy, 'src'), { recursive: true });
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

const lockedCroner = () => {
  const lock = JSON.parse(readFileSync(path.join(emulatorDir, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; dependencies?: Record<string, string> }> };
  return lock.packages['node_modules/croner'] ?? assert.fail('croner is not in emulator/package-lock.json');
};

describe("the emulator's dependency", { timeout: 120_000 }, () => {
  it('is croner alone, locked at the version these tests run', () => {
    const manifest = JSON.parse(readFileSync(path.join(emulatorDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    assert.deepEqual(Object.keys(manifest.dependencies ?? {}), ['croner']);
    const locked = lockedCroner();
    assert.equal(locked.dependencies, undefined, 'croner brings nothing else');
    const running = createRequire(path.join(emulatorDir, 'src/schedules.ts'))('croner/package.json') as { version: string };
    assert.equal(running.version, locked.version, "the tests' croner is the one a generated repo installs");
  });

  it('installs with npm ci --omit=dev beside the mounted sources, and reads cron() from there', async () => {
    const srv = scratchDir('emulator-image');
    for (const file of ['package.json', 'package-lock.json']) cpSync(path.join(emulatorDir, file), path.join(srv, file));
    const installed = spawnSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: srv, encoding: 'utf8' });
    assert.equal(installed.status, 0, installed.stderr);
    assert.deepEqual(readdirSync(path.join(srv, 'node_modules')).filter((name) => !name.startsWith('.')), ['croner'], 'only croner: the development tools are left out');
    const proxy = mountSources(srv);
    const run = await runEmulator(proxy, { LAMBDA_SCHEDULE: 'cron(0 2 * * ? *)' }, /fires first at/);
    assert.match(run.stdout, /^Schedule fn=lambda expression="cron\(0 2 \* \* \? \*\)" fires first at \d{4}-\d\d-\d\dT02:00:00Z$/m, `${run.stdout}${run.stderr}`);
  });

  it('runs from its sources alone without a cron() schedule, and refuses one in one line', async () => {
    const proxy = mountSources(scratchDir('emulator-sources'));
    const rate = await runEmulator(proxy, { LAMBDA_SCHEDULE: 'rate(5 minutes)' }, /fires first at/);
    assert.match(rate.stdout, /^API Gateway emulator \(payload 1\.0\) on :0, 1 upstream\(s\), routes: none$/m, `${rate.stdout}${rate.stderr}`);
    assert.match(rate.stdout, /^Schedule fn=lambda expression="rate\(5 minutes\)" fires first at /m);
    const cron = await runEmulator(proxy, { LAMBDA_SCHEDULE: 'cron(0 2 * * ? *)' }, /fires first at/);
    assert.equal(cron.status, 1);
    assert.equal(
      cron.stderr,
      'api-gateway-emulator: LAMBDA_SCHEDULE: "cron(0 2 * * ? *)" cannot be read: croner, the library that reads cron() expressions, is not installed beside the emulator (npm ci --omit=dev where its package.json is)\n',
    );
  });
});
