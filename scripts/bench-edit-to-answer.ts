/**
 * The loop a developer repeats all day, measured: save main.go with a new
 * answer, then time until a request through the emulator gets that answer.
 * Twice: by running `make build` after the save, and with `make watch` running.
 * `node scripts/bench-edit-to-answer.ts [edits]` (default 5). For contrast it
 * times `go build -a`, what `make build` used to run.
 *
 * Needs a Docker engine (DOCKER_HOST), Go 1.24 or newer with the module proxy,
 * and busybox-static, as the end-to-end tests do. The stack is what they run:
 * the real RIE (built from the module proxy) in a container with the generated
 * entrypoint, the bootstrap mounted read-only, the generated emulator on this
 * Node, the repo's own Makefile and reload.sh. The function is built by the
 * repo's `make` with the real aws-lambda-go.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { benchArgument } from './bench-argument.ts';
import { importLabelArgs } from '../test/support/docker-labels.ts';
import { generate } from '../test/support/generate.ts';
import { realRieBinary } from '../test/support/go-programs.ts';
import { closedPort } from '../test/support/loopback-server.ts';
import { answeringHandler, hostEmulator, lambdaContainerArgs } from '../test/support/local-stack.ts';

const edits = benchArgument('bench-edit-to-answer', 'edits', process.argv[2], 5);
const goArch = process.arch === 'arm64' ? 'arm64' : 'amd64';
const image = 'lambda-local-bench:edit-to-answer';

function must(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: Buffer } = {}): string {
  const result = spawnSync(command, args, { ...options, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.error?.message ?? ''}${result.stderr}`);
  return result.stdout;
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
  return `p50 ${ms(at(0.5))}, p90 ${ms(at(0.9))}, worst ${ms(sorted.at(-1) ?? 0)} (${times.map(ms).join(', ')})`;
};

/** The lambda image's runtime: busybox, the real RIE and the generated entrypoint, imported as one layer. */
function importImage(repo: string): void {
  const root = mkdtempSync(path.join(tmpdir(), 'lambda-local-bench-rootfs-'));
  for (const dir of ['bin', 'usr/local/bin', 'var/runtime', 'tmp']) mkdirSync(path.join(root, dir), { recursive: true });
  copyFileSync('/usr/bin/busybox', path.join(root, 'bin/busybox'));
  symlinkSync('busybox', path.join(root, 'bin/sh'));
  copyFileSync(realRieBinary(), path.join(root, 'usr/local/bin/aws-lambda-rie'));
  copyFileSync(path.join(repo, 'localdev/entrypoint.sh'), path.join(root, 'entrypoint.sh'));
  for (const file of ['usr/local/bin/aws-lambda-rie', 'entrypoint.sh']) chmodSync(path.join(root, file), 0o755);
  const tar = spawnSync('tar', ['--create', '--directory', root, '--owner=0', '--group=0', '.'], { maxBuffer: 256 * 1024 * 1024 });
  must('docker', ['import', '--change', 'ENTRYPOINT ["/entrypoint.sh"]', ...importLabelArgs, '-', image], { input: tar.stdout });
  rmSync(root, { recursive: true, force: true });
}

const apiPort = await closedPort();
const repo = (await generate({ 'api-port': String(apiPort), 'lambda-port': String(await closedPort()) }, 'benchloop')).dir;
// The user's environment: the machine's Go, aws-lambda-go from the module proxy.
const env = process.env;
const save = (answer: string) => writeFileSync(path.join(repo, 'main.go'), answeringHandler(answer));
save('start');
must('make', ['compile'], { cwd: repo, env });
importImage(repo);

const riePort = await closedPort();
const container = must('docker', lambdaContainerArgs(repo, riePort, image)).trim();
const api = await hostEmulator(repo, `http://127.0.0.1:${riePort}`, apiPort);

/** Polls until a request answers `answer`; returns when it did. */
async function answered(answer: string): Promise<number> {
  for (;;) {
    const response = await fetch(`http://127.0.0.1:${apiPort}/edit`).catch(() => undefined);
    if (response && (await response.text()) === answer) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

try {
  await answered('start');
  const byBuild: number[] = [];
  for (let edit = 1; edit <= edits; edit++) {
    const saved = performance.now();
    save(`build-${edit}`);
    must('make', ['build'], { cwd: repo, env });
    byBuild.push((await answered(`build-${edit}`)) - saved);
  }

  const watch = spawn('make', ['watch'], { cwd: repo, env, detached: true, stdio: 'ignore' });
  const byWatch: number[] = [];
  try {
    // The first build watch makes on start, answered before the edits begin.
    save('watch-0');
    await answered('watch-0');
    for (let edit = 1; edit <= edits; edit++) {
      const saved = performance.now();
      save(`watch-${edit}`);
      byWatch.push((await answered(`watch-${edit}`)) - saved);
    }
  } finally {
    if (watch.pid) process.kill(-watch.pid, 'SIGTERM');
  }

  // From the end of the build to the first new answer: the reload alone.
  const afterBuild: number[] = [];
  for (let edit = 1; edit <= edits; edit++) {
    save(`reload-${edit}`);
    must('make', ['compile'], { cwd: repo, env });
    const built = performance.now();
    must('sh', ['localdev/reload.sh'], { cwd: repo, env });
    afterBuild.push((await answered(`reload-${edit}`)) - built);
  }

  // The compile alone, without the restart.
  const compiles: number[] = [];
  for (let edit = 1; edit <= edits; edit++) {
    save(`compile-${edit}`);
    const started = performance.now();
    must('make', ['compile'], { cwd: repo, env });
    compiles.push(performance.now() - started);
  }

  // What make build ran before: -a compiles every package again, the standard library included.
  const output = path.join(mkdtempSync(path.join(tmpdir(), 'lambda-local-bench-a-')), 'bootstrap');
  const started = performance.now();
  must('go', ['build', '-a', '-trimpath', '-ldflags=-s -w', '-tags', 'lambda.norpc', '-o', output, '.'], { cwd: repo, env: { ...env, GOOS: 'linux', GOARCH: goArch } });
  const forced = performance.now() - started;

  console.log(`save to new answer, ${edits} edits each, through the emulator and a restarted RIE:`);
  console.log(`  make build after the save: ${summary(byBuild)}`);
  console.log(`  make watch running:        ${summary(byWatch)}`);
  console.log(`  build finished to new answer (reload.sh alone): ${summary(afterBuild)}`);
  console.log(`make compile alone after an edit (go build, the floor): ${summary(compiles)}`);
  console.log(`go build -a (the old make build), warm cache: ${ms(forced)}`);
  console.log(`go ${must('go', ['env', 'GOVERSION']).trim()}, node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}`);
} finally {
  api.process.kill();
  spawnSync('docker', ['rm', '--force', container]);
  spawnSync('docker', ['rmi', image]);
  rmSync(repo, { recursive: true, force: true });
}
