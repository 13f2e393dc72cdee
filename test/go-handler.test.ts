/**
 * The generated Go code and Makefile, run for real as a user runs them:
 * `make compile`, SAM's `make build-<Id>Function`, `make test` and `make zip`, with
 * the machine's Go and the real aws-lambda-go from the module proxy at the
 * version go.mod pins (`make` tidies go.mod into go.sum itself). `.ci/run`
 * checks for Go 1.24 or newer and installs zip.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { run } from './support/checks.ts';
import { generate, repoRoot } from './support/generate.ts';
import { scratchDir } from './support/scratch.ts';

const elfMachine = { x86_64: 0x3e, arm64: 0xb7 } as const;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Unix modes of the files in a zip archive, from its central directory. */
function zipModes(zip: Buffer): Record<string, number> {
  const modes: Record<string, number> = {};
  for (let offset = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); offset !== -1; offset = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), offset + 4)) {
    const nameLength = zip.readUInt16LE(offset + 28);
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString();
    modes[name] = (zip.readUInt32LE(offset + 38) >>> 16) & 0o777;
  }
  return modes;
}

for (const [payload, arch] of [['1.0', 'x86_64'], ['2.0', 'arm64']] as const) {
  describe(`generated Go handler, payload ${payload}, ${arch}`, () => {
    it("is gofmt-clean, builds with make compile and with SAM's make build-DemoFunction, passes make test, and zips with make zip", async () => {
      const repo = await generate({ payload, arch });
      // The user's environment: make and go as they come, nothing set for the test.
      const env = process.env;
      const exec = (command: string, args: string[]) => {
        const result = run(command, args, repo.dir, env);
        assert.equal(result.status, 0, `${command} ${args.join(' ')}\n${result.stdout}${result.stderr}`);
        return result;
      };
      assert.match(repo.read('go.mod'), /^go 1\.\d+$/m);
      assert.equal(exec('gofmt', ['-l', '.']).stdout, '', 'gofmt has nothing to change');

      exec('make', ['compile']);
      const bootstrap = readFileSync(path.join(repo.dir, 'localdev/var-runtime/demo/bootstrap'));
      assert.deepEqual([...bootstrap.subarray(0, 4)], [0x7f, 0x45, 0x4c, 0x46], 'an ELF binary');
      assert.equal(bootstrap.readUInt16LE(18), elfMachine[arch], `built for ${arch}`);
      // Reproducible: the same bytes again from an empty build cache.
      const clean = scratchDir('gocache');
      try {
        rmSync(path.join(repo.dir, 'localdev/var-runtime/demo/bootstrap'));
        const rebuilt = run('make', ['compile'], repo.dir, { ...env, GOCACHE: clean });
        assert.equal(rebuilt.status, 0, rebuilt.stderr);
        assert.equal(sha256(readFileSync(path.join(repo.dir, 'localdev/var-runtime/demo/bootstrap'))), sha256(bootstrap), 'the same bytes from a clean cache');
      } finally {
        rmSync(clean, { recursive: true, force: true });
      }

      // What `sam build` runs (template.yaml's BuildMethod: makefile): the same bytes, mode 0755
      // even under a umask that would leave the file to its owner alone.
      const artifacts = scratchDir('sam-artifacts');
      try {
        exec('sh', ['-c', `umask 077 && make build-DemoFunction ARTIFACTS_DIR=${artifacts}`]);
        const samBuilt = path.join(artifacts, 'bootstrap');
        assert.equal(statSync(samBuilt).mode & 0o777, 0o755);
        assert.equal(sha256(readFileSync(samBuilt)), sha256(bootstrap), "make compile's flags, so make compile's bytes");
      } finally {
        rmSync(artifacts, { recursive: true, force: true });
      }

      const tests = exec('make', ['test']);
      assert.match(tests.stdout, /^ok\s/m);

      exec('make', ['zip']);
      assert.deepEqual(zipModes(readFileSync(path.join(repo.dir, 'dist/demo.zip'))), { bootstrap: 0o755 });
    });
  });
}

describe('generated Go handlers, two HTTP functions and an SQS worker (the snapshot set)', () => {
  it("compiles each function into its own bootstrap, builds each with its SAM target, passes make test, and zips each", () => {
    const dir = path.join(scratchDir('go-functions'), 'demo');
    cpSync(path.join(repoRoot, 'test/snapshots/http-api-two-functions-and-a-worker'), dir, { recursive: true });
    renameSync(path.join(dir, '_gitignore'), path.join(dir, '.gitignore'));
    const exec = (command: string, args: string[]) => {
      const result = run(command, args, dir, process.env);
      assert.equal(result.status, 0, `${command} ${args.join(' ')}\n${result.stdout}${result.stderr}`);
      return result;
    };
    assert.equal(exec('gofmt', ['-l', '.']).stdout, '', 'gofmt has nothing to change');
    exec('make', ['compile']);
    const functions = { demo: 'DemoFunction', payments: 'PaymentsFunction', worker: 'WorkerFunction' } as const;
    const built = Object.fromEntries(Object.keys(functions).map((fn) => [fn, readFileSync(path.join(dir, `localdev/var-runtime/${fn}/bootstrap`))]));
    for (const [fn, bootstrap] of Object.entries(built)) {
      assert.deepEqual([...bootstrap.subarray(0, 4)], [0x7f, 0x45, 0x4c, 0x46], `${fn}: an ELF binary`);
      assert.equal(bootstrap.readUInt16LE(18), elfMachine.x86_64, `${fn}: built for x86_64`);
    }
    // Each from its own main package: an HTTP handler and an SQS worker are different programs.
    assert.notEqual(sha256(built.demo ?? Buffer.alloc(0)), sha256(built.worker ?? Buffer.alloc(0)));
    for (const [fn, samId] of Object.entries(functions)) {
      const artifacts = scratchDir('sam-artifacts');
      exec('make', [`build-${samId}`, `ARTIFACTS_DIR=${artifacts}`]);
      assert.equal(sha256(readFileSync(path.join(artifacts, 'bootstrap'))), sha256(built[fn] ?? Buffer.alloc(0)), `build-${samId} builds ${fn}'s bytes`);
    }
    const tests = exec('make', ['test']);
    for (const fn of Object.keys(functions)) assert.match(tests.stdout, new RegExp(`^ok\\s+\\S+/cmd/${fn}\\s`, 'm'), `${fn}'s tests ran`);
    exec('make', ['zip']);
    for (const fn of Object.keys(functions)) assert.deepEqual(zipModes(readFileSync(path.join(dir, `dist/${fn}.zip`))), { bootstrap: 0o755 }, `dist/${fn}.zip`);
  });
});
