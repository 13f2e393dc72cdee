/**
 * End to end on a real Docker engine: the packed package installed with `yo`,
 * run as a non-root user against a real registry and a GitHub API stand-in;
 * the generated Dockerfile built in both RIE modes; the image run; the
 * generated emulator answering a request. Needs a Docker engine (`.ci/run`
 * starts one), Debian's docker-registry and busybox-static; without them the
 * tests fail, they never skip.
 *
 * Real: RIE is the real one, built from the module proxy (support/go-programs.ts)
 * and served by the GitHub stand-in as the release asset under its own sha256,
 * so the Dockerfile's check runs on real bytes and the image runs the real RIE;
 * the function is the generated handler built with the real aws-lambda-go.
 * Stand-ins, because no image can be pulled here: the base, Node and frontend
 * images are a busybox root file system; the golang stage's `go` and
 * `download-asset` are scripts of the same names.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { githubApi } from '../support/fake-github.ts';
import { repoRoot } from '../support/generate.ts';
import { closedPort } from '../support/loopback-server.ts';
import { startDockerRegistry, type LocalRegistry } from '../support/docker-registry.ts';
import { runInBackground as run, type Ran } from '../support/run-in-background.ts';
import { generatedHandlerBinary, realRieBinary } from '../support/go-programs.ts';
import { busyboxImage, golangStandInFiles } from '../support/busybox-image.ts';
import { fakeGoProxy } from '../support/fake-go-proxy.ts';
import { answeringHandler, fetchOnceListening, firstFunction, hostEmulator, lambdaContainerArgs, readCompose } from '../support/local-stack.ts';
import { configNamespace } from '../../lib/scaffold/project-paths.ts';
import { scratchDir } from '../support/scratch.ts';
import { dockerLabelArgs } from '../support/docker-labels.ts';
import { whenAnswering } from '../../emulator/src/rie-connection.ts';

const nobody = 65534;
const goArch = process.arch === 'arm64' ? 'arm64' : 'amd64';
const lambdaArch = goArch === 'arm64' ? 'arm64' : 'x86_64';
// Debian's client matches its engine and has BuildKit built in.
const docker = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
const secret = 'ghp_e2ebuildsecretthatmuststayoutoflayers01';

async function mustRun(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Ran> {
  const result = await run(command, args, options);
  assert.equal(result.status, 0, `${command} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** A folder a non-root user may use. */
function userFolder(name: string): string {
  const dir = scratchDir(name);
  chmodSync(dir, 0o755);
  chownSync(dir, nobody, nobody);
  return dir;
}

let registry: LocalRegistry;
let github: Awaited<ReturnType<typeof githubApi>>;
let prefix = '';
let nodeDir = '';
let imageArgs: string[] = [];
let pinnedRepo = '';
let downloadAssetRepo = '';
let realRie = Buffer.alloc(0);

before(async () => {
  const engine = await run(docker, ['version', '--format', '{{.Server.Version}}']);
  assert.equal(engine.status, 0, `no Docker engine answers (${engine.stderr.trim()}); .ci/run starts one`);
  console.log(`e2e: Docker engine ${engine.stdout.trim()}, registry docker-registry, host architecture ${goArch}`);

  // The real RIE, static: it runs in the busybox image as in provided.al2023.
  realRie = readFileSync(realRieBinary());
  github = await githubApi({ contents: () => realRie });
  registry = await startDockerRegistry();
  const base = busyboxImage(goArch);
  for (const repository of ['lambda/base', 'library/node', 'docker/dockerfile']) await registry.push(repository, 'e2e', base);
  await registry.push('library/golang', 'e2e', busyboxImage(goArch, golangStandInFiles, [`STANDIN_DOWNLOADS=${github.origin}/aws/aws-lambda-runtime-interface-emulator/releases/download`]));
  // download-asset's version comes from a Go module proxy; this one serves its name only.
  const goProxy = await fakeGoProxy({ 'github.com/northwood-labs/download-asset': ['v0.0.0-20261120101010-abcdef123456'] });
  imageArgs = [
    '--go-proxy', goProxy.origin,
    '--base-image', `${registry.host}/lambda/base:e2e`,
    '--node-image', `${registry.host}/library/node:e2e`,
    '--golang-image', `${registry.host}/library/golang:e2e`,
    '--dockerfile-syntax', `${registry.host}/docker/dockerfile:e2e`,
    '--github-api-url', github.origin,
    '--arch', lambdaArch,
  ];

  // The package as users get it: packed, then installed with yo from the npm registry.
  const packDir = scratchDir('pack');
  const packed = await mustRun('npm', ['pack', '--pack-destination', packDir, '--json'], { cwd: repoRoot });
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  prefix = scratchDir('prefix');
  chmodSync(prefix, 0o755);
  await mustRun('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', 'yo@7', path.join(packDir, filename)]);
  // A node the non-root user can reach, wherever this one lives.
  nodeDir = scratchDir('node');
  chmodSync(nodeDir, 0o755);
  copyFileSync(process.execPath, path.join(nodeDir, 'node'));
  chmodSync(path.join(nodeDir, 'node'), 0o755);
});

// The images this file builds; its containers are removed by the tests that start them.
after(async () => {
  await run(docker, ['image', 'rm', '--force', 'lambda-local-e2e:pinned', 'lambda-local-e2e:download-asset']);
});

function userEnv(home: string): NodeJS.ProcessEnv {
  return { PATH: `${nodeDir}:${prefix}/node_modules/.bin:/usr/bin:/bin`, HOME: home, NO_UPDATE_NOTIFIER: '1', CI: 'true', GITHUB_TOKEN: '', GH_TOKEN: '' };
}

describe('generated repo, end to end', { timeout: 900_000 }, () => {
  it('yo lambda-local runs from the packed tarball as a non-root user', async () => {
    const work = userFolder('yo');
    // yo refuses root; as under sudo, it drops to SUDO_UID itself.
    const result = await run(path.join(prefix, 'node_modules/.bin/yo'), ['lambda-local', 'demo', '--yes', ...imageArgs], {
      cwd: work,
      env: { ...userEnv(work), SUDO_UID: String(nobody), SUDO_GID: String(nobody) },
    });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    pinnedRepo = path.join(work, 'demo');
    assert.equal(statSync(path.join(pinnedRepo, 'localdev/Dockerfile')).uid, nobody, 'written by the non-root user');
    assert.match(result.stdout + result.stderr, /RIE v1\.35/);
  });

  it("the package's own bin runs as a non-root user, in download-asset mode", async () => {
    const work = userFolder('bin');
    const result = await run(
      'setpriv',
      [`--reuid=${nobody}`, `--regid=${nobody}`, '--clear-groups', path.join(nodeDir, 'node'), path.join(prefix, 'node_modules/.bin/generator-lambda-local'), 'demo', '--yes', '--rie-source', 'download-asset', ...imageArgs],
      { cwd: work, env: userEnv(work) },
    );
    assert.equal(result.status, 0, result.stdout + result.stderr);
    downloadAssetRepo = path.join(work, 'demo');
    assert.equal(statSync(path.join(downloadAssetRepo, 'localdev/Dockerfile')).uid, nobody);
  });

  /** The Dockerfile without its `# syntax` line: that frontend image cannot be pulled here. */
  function builtinFrontendDockerfile(repo: string): string {
    const original = readFileSync(path.join(repo, 'localdev/Dockerfile'), 'utf8');
    assert.match(original, /^# syntax=\S+@sha256:[0-9a-f]{64}\n/);
    const file = path.join(repo, 'localdev/Dockerfile.builtin-frontend');
    writeFileSync(file, original.replace(/^# syntax=.*\n/, ''));
    console.log("e2e: building with the engine's built-in Dockerfile frontend; the # syntax image is a stand-in that cannot parse Dockerfiles");
    return file;
  }

  it('builds the pinned-mode Dockerfile with BuildKit, RIE checked and executable', async () => {
    const dockerfile = builtinFrontendDockerfile(pinnedRepo);
    const build = await mustRun(docker, ['build', ...dockerLabelArgs, '--progress=plain', '--platform', `linux/${goArch}`, '--file', dockerfile, '--tag', 'lambda-local-e2e:pinned', path.join(pinnedRepo, 'localdev')], {
      env: { DOCKER_BUILDKIT: '1' },
    });
    assert.match(build.stderr, /\/usr\/local\/bin\/aws-lambda-rie: OK/);
    const otherArch = goArch === 'amd64' ? 'rie-arm64' : 'rie-amd64';
    assert.doesNotMatch(build.stderr, new RegExp(`\\[${otherArch} `), 'only the stage of the target architecture is built');
    const mode = await mustRun(docker, ['run', ...dockerLabelArgs, '--rm', '--entrypoint', '/bin/stat', 'lambda-local-e2e:pinned', '-c', '%a', '/usr/local/bin/aws-lambda-rie', '/entrypoint.sh']);
    assert.deepEqual(mode.stdout.trim().split('\n'), ['755', '755']);
    const inImage = await mustRun(docker, ['run', ...dockerLabelArgs, '--rm', '--entrypoint', '/bin/sha256sum', 'lambda-local-e2e:pinned', '/usr/local/bin/aws-lambda-rie']);
    assert.equal(inImage.stdout.split(' ')[0], createHash('sha256').update(realRie).digest('hex'), 'the image holds the real RIE, byte for byte');
  });

  it('builds the download-asset Dockerfile with the token as a BuildKit secret that reaches no layer or history entry', async () => {
    const dockerfile = builtinFrontendDockerfile(downloadAssetRepo);
    const secretFile = path.join(scratchDir('secret'), 'github_token');
    writeFileSync(secretFile, secret, { mode: 0o600 });
    await mustRun(
      docker,
      // Host networking lets the build reach the GitHub stand-in on 127.0.0.1.
      ['build', ...dockerLabelArgs, '--progress=plain', '--network', 'host', '--platform', `linux/${goArch}`, '--secret', `id=github_token,src=${secretFile}`, '--file', dockerfile, '--tag', 'lambda-local-e2e:download-asset', path.join(downloadAssetRepo, 'localdev')],
      { env: { DOCKER_BUILDKIT: '1' } },
    );
    assert.ok(github.seen.downloads.includes(`token ${secret}`), 'download-asset sent the secret');
    const history = await mustRun(docker, ['history', '--no-trunc', '--format', '{{.CreatedBy}}', 'lambda-local-e2e:download-asset']);
    assert.doesNotMatch(history.stdout, new RegExp(secret));
    const saved = path.join(scratchDir('save'), 'image.tar');
    await mustRun(docker, ['save', '--output', saved, 'lambda-local-e2e:download-asset']);
    assert.equal(readFileSync(saved).indexOf(secret), -1, 'the token is in no layer');
  });

  it('runs the image: the bootstrap alone under a Runtime API, read-only /var/runtime, the memory limit', async () => {
    const { name, service } = firstFunction(pinnedRepo);
    const { mem_limit: memory, volumes } = service;
    assert.deepEqual(volumes, [`./var-runtime/${name}:/var/runtime:ro`]);
    const runtime = scratchDir('runtime');
    writeFileSync(path.join(runtime, 'bootstrap'), '#!/bin/sh\necho "bootstrap: $*"\n', { mode: 0o755 });
    const mount = `${runtime}:/var/runtime:ro`;

    const inLambda = await mustRun(docker, ['run', ...dockerLabelArgs, '--rm', '--env', 'AWS_LAMBDA_RUNTIME_API=127.0.0.1:9001', '--volume', mount, 'lambda-local-e2e:pinned', 'three']);
    assert.equal(inLambda.stdout.trim(), 'bootstrap: three');
    const write = await run(docker, ['run', ...dockerLabelArgs, '--rm', '--volume', mount, '--entrypoint', '/bin/sh', 'lambda-local-e2e:pinned', '-c', 'echo x > /var/runtime/new']);
    assert.notEqual(write.status, 0);
    assert.match(write.stderr, /Read-only file system/);

    const started = await mustRun(docker, ['run', ...dockerLabelArgs, '--detach', '--memory', memory, '--volume', mount, '--entrypoint', '/bin/sleep', 'lambda-local-e2e:pinned', '60']);
    const container = started.stdout.trim();
    const limit = await mustRun(docker, ['inspect', '--format', '{{.HostConfig.Memory}}', container]);
    await run(docker, ['rm', '--force', container]);
    assert.equal(Number(limit.stdout.trim()), Number.parseInt(memory, 10) * 1024 * 1024);
  });

  it("carries a compose secret to the function as a variable, seen by neither docker inspect nor the image's history", async () => {
    const marker = 'e2e-secret-value-4b1d9f27c3';
    const folder = scratchDir('function-secret');
    // As compose mounts a secret taken from the shell: a file named after it, in /run/secrets.
    writeFileSync(path.join(folder, 'DB_PASSWORD'), `${marker}\n`);
    const runtime = path.join(folder, 'runtime');
    mkdirSync(runtime);
    // A bootstrap that prints the variable, bracketed, and exits: RIE starts it on the first invoke.
    writeFileSync(path.join(runtime, 'bootstrap'), '#!/bin/sh\nprintf "DB_PASSWORD=[%s]\\n" "$DB_PASSWORD"\n', { mode: 0o755 });
    const riePort = await closedPort();
    const started = await mustRun(docker, [
      'run', ...dockerLabelArgs, '--detach',
      '--publish', `127.0.0.1:${riePort}:8080`,
      '--volume', `${path.join(folder, 'DB_PASSWORD')}:/run/secrets/DB_PASSWORD:ro`,
      '--volume', `${runtime}:/var/runtime:ro`,
      'lambda-local-e2e:pinned',
    ]);
    const container = started.stdout.trim();
    try {
      // One invocation once RIE listens: this bootstrap exits at once, so RIE answers 502 and must not be asked again and again.
      assert.ok(await whenAnswering(`http://127.0.0.1:${riePort}`, 10_000), 'RIE listens');
      const invoked = await fetch(`http://127.0.0.1:${riePort}/2015-03-31/functions/function/invocations`, { method: 'POST', body: '{}' });
      await invoked.text();
      const logs = await mustRun(docker, ['logs', container]);
      // The value exactly, its trailing newline kept, as Lambda would give it.
      assert.ok(logs.stdout.includes(`DB_PASSWORD=[${marker}\n]`), logs.stdout + logs.stderr);
      const inspect = await mustRun(docker, ['inspect', container]);
      assert.doesNotMatch(inspect.stdout, new RegExp(marker));
      const history = await mustRun(docker, ['history', '--no-trunc', '--format', '{{.CreatedBy}}', 'lambda-local-e2e:pinned']);
      assert.doesNotMatch(history.stdout, new RegExp(marker));
    } finally {
      await run(docker, ['rm', '--force', container]);
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('the generated handler answers through RIE in the image and the generated emulator, end to end', async () => {
    // What `make build` puts in var-runtime: the generated handler, static, for this machine's architecture.
    const bootstrap = path.join(pinnedRepo, firstFunction(pinnedRepo).bootstrap);
    mkdirSync(path.dirname(bootstrap), { recursive: true });
    copyFileSync(generatedHandlerBinary('1.0'), bootstrap);
    chmodSync(bootstrap, 0o755);
    const riePort = await closedPort();
    const started = await mustRun(docker, lambdaContainerArgs(pinnedRepo, riePort, 'lambda-local-e2e:pinned'));
    const container = started.stdout.trim();
    try {
      const port = await closedPort();
      const rie = `http://127.0.0.1:${riePort}`;
      const api = await hostEmulator(pinnedRepo, rie, port);
      try {
        assert.match(api.firstLine, new RegExp(`^API Gateway emulator \\(payload 1\\.0\\) on :${port}, 1 upstream\\(s\\)`));
        const response = await fetchOnceListening(`http://127.0.0.1:${port}/hello?name=world`);
        assert.equal(response.status, 200, await response.clone().text());
        assert.deepEqual(await response.json(), { method: 'GET', path: '/hello', query: { name: 'world' } });
        const logs = await mustRun(docker, ['logs', container]);
        // The real RIE's own lines: it started the bootstrap on the first invocation.
        assert.match(logs.stdout + logs.stderr, /exec '\/var\/runtime\/bootstrap'/);
        assert.match(logs.stdout + logs.stderr, /INIT START\(type: on-demand, phase: init\)/);
      } finally {
        api.process.kill();
      }
    } finally {
      await run(docker, ['rm', '--force', container]);
    }
  });

  it('make build puts new code in front of RIE without make up, after the request in flight; make watch keeps the last good build answering when one fails', async () => {
    const repo = pinnedRepo;
    // The user's environment: the machine's Go, the real aws-lambda-go from the module proxy.
    const goEnv = process.env;
    const make = (target: string) => run('make', [target], { cwd: repo, env: goEnv });
    const { name: fn, mainFile } = firstFunction(repo);
    const answering = (answer: string) => writeFileSync(path.join(repo, mainFile), answeringHandler(answer));

    answering('v1');
    const cold = await make('build');
    assert.equal(cold.status, 0, cold.stdout + cold.stderr);
    assert.match(cold.stdout, /^Built in \d+\.\d s; the stack is not up, and make up starts this build$/m);

    const yoRc = JSON.parse(readFileSync(path.join(repo, '.yo-rc.json'), 'utf8')) as Record<string, { apiPort: number; name: string }>;
    const { apiPort, name } = yoRc[configNamespace] ?? assert.fail('.yo-rc.json has no answers');
    assert.equal(readCompose(repo).name, name, 'the compose project reload.sh looks for');
    // The container as compose would run it: its labels are how compose, and reload.sh, find it.
    const riePort = await closedPort();
    const started = await mustRun(docker, lambdaContainerArgs(repo, riePort, 'lambda-local-e2e:pinned'));
    const container = started.stdout.trim();
    const api = await hostEmulator(repo, `http://127.0.0.1:${riePort}`, apiPort);
    const answer = async (route = '/version') => {
      const response = await fetchOnceListening(`http://127.0.0.1:${apiPort}${route}`);
      assert.equal(response.status, 200, `${route}: ${await response.clone().text()}\n${api.output()}`);
      return response.text();
    };
    let watch: ChildProcess | undefined;
    try {
      assert.equal(await answer(), 'v1');

      // RIE keeps the bootstrap it started: a new one on disk changes nothing by itself.
      answering('v2');
      assert.equal((await make('compile')).status, 0);
      assert.equal(await answer(), 'v1', 'the old process still answers: without the reload this test would fail');

      // A request in flight when make build runs finishes on the old bootstrap first.
      let slowAnsweredAt = Infinity;
      const inFlight = answer('/slow').then((text) => {
        slowAnsweredAt = performance.now();
        return text;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const reloaded = await make('build');
      assert.equal(reloaded.status, 0, reloaded.stdout + reloaded.stderr);
      assert.ok(slowAnsweredAt < performance.now(), 'make build ended after the request in flight');
      assert.equal(await inFlight, 'v1', 'the request in flight finished on the bootstrap it started on, not cut short');
      assert.match(reloaded.stdout, new RegExp(`^Built in \\d+\\.\\d s; ${fn} answers with it after \\d+\\.\\d s$`, 'm'));
      assert.equal(await answer(), 'v2', 'make build alone put the new code in front of RIE');
      const held = /^POST \/_lambda-local\/hold\?functions=demo 200 [\d.]+ms new requests wait; what ran has finished after (\d+) ms$/m.exec(api.output());
      assert.ok(Number(held?.[1]) > 0, `the hold waited for /slow to finish\n${api.output()}`);

      watch = spawn('make', ['watch'], { cwd: repo, env: goEnv, detached: true });
      const lines = collectLines(watch);
      // Its first build gives the bytes the function restarted on with make build: nothing restarts.
      await lines.waitFor(/^\d\d:\d\d:\d\d built in \d+\.\d s; every function runs this build already, so nothing restarted$/);
      writeFileSync(path.join(repo, mainFile), 'package main\n\nfunc main() {\n');
      await lines.waitFor(/the build failed; the last good bootstraps still answer$/);
      assert.match(lines.text(), /main\.go:\d+:\d+: syntax error/, 'the compiler says what is wrong');
      assert.equal(await answer(), 'v2');
      answering('v3');
      await lines.waitFor(new RegExp(`built in .*; ${fn} answers with it after`));
      assert.equal(await answer(), 'v3');
      const logs = await mustRun(docker, ['inspect', '--format', '{{.RestartCount}} {{.State.ExitCode}}', container]);
      assert.equal(logs.stdout.trim(), '0 0', 'RIE never crashed on an overlap');
    } finally {
      if (watch?.pid) process.kill(-watch.pid, 'SIGTERM');
      api.process.kill();
      await run(docker, ['rm', '--force', container]);
    }
  });
});

/** A child's stdout and stderr lines, and a wait for the `count`th line that matches. */
function collectLines(child: ChildProcess) {
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) if (stream) createInterface({ input: stream }).on('line', (line) => lines.push(line));
  return {
    text: () => lines.join('\n'),
    async waitFor(pattern: RegExp, count = 1, withinMs = 60_000): Promise<void> {
      const until = Date.now() + withinMs;
      while (lines.filter((line) => pattern.test(line)).length < count) {
        if (Date.now() > until) assert.fail(`no line matched ${pattern} within ${withinMs} ms:\n${lines.join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
