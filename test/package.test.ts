import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { everyTemplate } from '../lib/scaffold/files.ts';
import { listFiles, repoRoot } from './support/generate.ts';
import { scratchDir } from './support/scratch.ts';

/** The package's executables, as package.json names them. */
const bins = Object.values((JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin);

/** `ls -l` style permission bits of each entry `tar -tvzf` lists, by path. */
function tarModes(tarball: string): Map<string, string> {
  const listed = spawnSync('tar', ['-tvzf', tarball], { encoding: 'utf8' });
  assert.equal(listed.status, 0, listed.stderr);
  return new Map(listed.stdout.split('\n').filter(Boolean).map((line) => [line.split(/\s+/).at(-1) ?? '', line.slice(0, 10)]));
}

function runBin(bin: string, args: readonly string[], cwd: string) {
  return spawnSync(process.execPath, [path.join(repoRoot, bin), ...args], { cwd, encoding: 'utf8' });
}

describe('package', () => {
  it('packs the compiled generators and the templates, and nothing of the tests', () => {
    const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts=false'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(packed.status, 0, packed.stderr);
    const [manifest] = JSON.parse(packed.stdout) as [{ files: { path: string }[] }];
    const files = manifest.files.map((file) => file.path);
    for (const needed of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/bin/generator-lambda-local.js',
      'dist/generators/app/index.js',
      'dist/generators/bump/index.js',
      'dist/lib/pins/index.js',
      'dist/lib/scaffold/render-template.js',
      'dist/emulator/src/contract.js',
      'templates/localdev/Dockerfile.hbs',
      'templates/localdev/entrypoint.sh',
      'templates/localdev/reload.sh.hbs',
      'templates/localdev/generator.sh',
      'emulator/src/server.ts',
      'emulator/src/contract.ts',
      'emulator/package.json',
      'emulator/vendor/croner/croner.cjs',
      'emulator/vendor/croner/LICENSE',
      'emulator/vendor/croner/README.md',
      'templates/gitignore.hbs',
    ]) {
      assert.ok(files.includes(needed), `${needed} is packed`);
    }
    // Every file a run renders or copies: the templates, and each trigger kind's handlers and samples.
    for (const template of everyTemplate()) assert.ok(files.includes(template), `${template} is packed`);
    const unwanted = files.filter((file) => /(^|\/)test\/|\.test\.[jt]s$|^(generators|lib|bin)\/.*\.ts$/.test(file));
    assert.deepEqual(unwanted, []);
  });

  // npx runs the bin itself: at 0644 it answers `Permission denied`, from the
  // second run on, and an install from the tarball gets what the tarball holds.
  it('keeps the bin executable, 0755, after npm run build and in the tarball npm pack writes', () => {
    assert.deepEqual(bins, ['dist/bin/generator-lambda-local.js']);
    const npm = (args: string[]) => {
      const result = spawnSync('npm', args, { cwd: repoRoot, encoding: 'utf8' });
      assert.equal(result.status, 0, `npm ${args.join(' ')}: ${result.stderr}`);
      return result.stdout;
    };
    const modes = () => bins.map((bin) => [bin, (statSync(path.join(repoRoot, bin)).mode & 0o777).toString(8)]);
    npm(['run', 'build']);
    assert.deepEqual(modes(), [['dist/bin/generator-lambda-local.js', '755']], 'after npm run build');
    // For real, not --dry-run, which lists no modes: pack runs the build again (prepare).
    const destination = scratchDir('pack');
    const [packed] = JSON.parse(npm(['pack', '--json', '--ignore-scripts=false', '--pack-destination', destination])) as [{ filename: string }];
    const inTarball = tarModes(path.join(destination, packed.filename));
    assert.deepEqual(bins.map((bin) => [bin, inTarball.get(`package/${bin}`)]), [['dist/bin/generator-lambda-local.js', '-rwxr-xr-x']], 'in the tarball');
    assert.deepEqual(modes(), [['dist/bin/generator-lambda-local.js', '755']], 'after npm pack');
  });

  for (const bin of ['bin/generator-lambda-local.ts', 'dist/bin/generator-lambda-local.js']) {
    it(`${bin} scaffolds offline and exits 0`, () => {
      assert.ok(existsSync(path.join(repoRoot, bin)), `${bin} exists (npm ci builds dist/)`);
      const cwd = scratchDir('bin');
      const result = runBin(bin, ['demo', '--yes', '--offline', '--arch', 'arm64'], cwd);
      assert.equal(result.status, 0, result.stderr);
      assert.ok(listFiles(path.join(cwd, 'demo')).includes('localdev/Dockerfile'));
    });

    it(`${bin} refuses a bad value in one line, exits 1 and writes nothing`, () => {
      const cwd = scratchDir('bin');
      const result = runBin(bin, ['demo', '--yes', '--offline', '--memory', '64'], cwd);
      assert.equal(result.status, 1);
      assert.equal(result.stderr, 'generator-lambda-local: --memory: "64" is not allowed; expected an integer from 128 to 10240\n');
      assert.deepEqual(listFiles(cwd), []);
    });
  }

  it("writes a first run that asks nothing through the app's own pipeline, loading neither Yeoman nor Octokit (bench:scaffold's speed)", () => {
    const cwd = scratchDir('bin');
    const log = path.join(scratchDir('imports'), 'imports.log');
    // Every module the run resolves, dynamic imports included, one URL a line.
    const recorder = `data:text/javascript,${encodeURIComponent(
      `import { registerHooks } from 'node:module'; import { appendFileSync } from 'node:fs';
       registerHooks({ resolve(specifier, context, next) { const resolved = next(specifier, context); appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n'); return resolved; } });`,
    )}`;
    const result = spawnSync(process.execPath, ['--import', recorder, path.join(repoRoot, 'dist/bin/generator-lambda-local.js'), 'demo', '--yes', '--offline'], { cwd, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.ok(existsSync(path.join(cwd, 'demo/.yo-rc.json')));
    const loaded = readFileSync(log, 'utf8').split('\n');
    assert.ok(loaded.some((url) => url.endsWith('/dist/lib/scaffold/pipeline.js')), 'the steps are those of lib/scaffold/pipeline.ts, which the app generator runs');
    assert.deepEqual([...new Set(loaded.filter((url) => /\/node_modules\/(yeoman-|@yeoman\/|mem-fs|@octokit\/)/.test(url)))], []);
  });

  it("notices a timeout the user chose above the API type's integration limit, with that type's own limit and status, and not the default", () => {
    const scaffold = (...args: string[]) => {
      const result = runBin('bin/generator-lambda-local.ts', ['demo', '--yes', '--offline', ...args], scratchDir('bin'));
      assert.equal(result.status, 0, result.stderr);
      return result.stdout + result.stderr;
    };
    assert.match(scaffold('--payload', '1.0', '--timeout', '30'), /timeout 30 s exceeds API Gateway's 29 s integration limit: the emulator answers 504 first/);
    assert.match(scaffold('--payload', '2.0', '--timeout', '31'), /timeout 31 s exceeds API Gateway's 30 s integration limit: the emulator answers 503 first/);
    assert.doesNotMatch(scaffold('--payload', '2.0', '--timeout', '30'), /exceeds/);
    // Its own default (30 s, past a REST API's 29 s) is not the user's choice: no word about it.
    assert.doesNotMatch(scaffold(), /exceeds|timeout/);
  });
});
