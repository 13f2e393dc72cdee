/**
 * The generated stack under real Docker Compose, driven by the repo's own Make
 * targets as a user drives it: make build, make up (its secret from the shell,
 * a variable from .env), a request through the emulator to the function,
 * make build with new code, make up SCALE=2, make logs, make down.
 *
 * Real: Compose v5.6.0 and buildx, built from the module proxy by
 * .ci/docker-plugins.sh (the test fails without them, and fails if Compose
 * falls back to its classic builder); the Docker engine; RIE (served as the
 * release asset, see docker-engine.test.ts); the function, built with the real
 * aws-lambda-go by `make build`; the emulator, on a real Node in a container.
 * Stand-ins, as no image can be pulled here: the base image is busybox, and the
 * Node image is busybox with this machine's Node and its libraries. The
 * Dockerfile's `# syntax` line is taken out, as a user without Docker Hub
 * would: the frontend image is a stand-in that cannot parse Dockerfiles.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { busyboxImage, nodeImageFiles } from '../support/busybox-image.ts';
import { composeProject } from '../support/docker-labels.ts';
import { startDockerRegistry } from '../support/docker-registry.ts';
import { githubApi } from '../support/fake-github.ts';
import { generate, type Generated } from '../support/generate.ts';
import { realRieBinary } from '../support/go-programs.ts';
import { closedPort } from '../support/loopback-server.ts';
import { answeringHandler } from '../support/local-stack.ts';
import { runInBackground as run, type Ran } from '../support/run-in-background.ts';

const goArch = process.arch === 'arm64' ? 'arm64' : 'amd64';
const docker = 'docker';
const secretValue = 'compose-e2e-secret-5e1f0c';

let repo: Generated;
let apiPort = 0;
let lambdaPort = 0;
let project = '';

/** The repo's `make` with the user's environment plus `env`. */
const make = (args: readonly string[], env: NodeJS.ProcessEnv = {}) => run('make', args, { cwd: repo.dir, env });
const upEnv = { API_KEY: secretValue };

function assertRan(result: Ran, what: string): Ran {
  assert.equal(result.status, 0, `${what}\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** The handler as the user edits it: `version`, then the variable and the secret it was given, then which replica answered. */
const handler = (version: string) => answeringHandler(version, ['GREETING', 'API_KEY']);

/** One request through the emulator, retried while the stack comes up (the emulator answers 502 until RIE listens). */
async function ask(route = '/hello'): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`http://127.0.0.1:${apiPort}${route}`).catch(() => undefined);
    const text = (await response?.text()) ?? '';
    if (response?.status === 200) return text;
    if (attempt >= 100) assert.fail(`${route} answered ${response?.status ?? 'nothing'}: ${text}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The project's containers of `service` as Compose labels them. */
async function containers(service: string): Promise<string[]> {
  const listed = assertRan(
    await run(docker, ['ps', '--quiet', '--filter', `label=com.docker.compose.project=${project}`, '--filter', `label=com.docker.compose.service=${service}`]),
    'docker ps',
  );
  return listed.stdout.split('\n').filter(Boolean);
}

before(async () => {
  const compose = await run(docker, ['compose', 'version', '--short']);
  assert.equal(compose.status, 0, `no Docker Compose plugin answers (${compose.stderr.trim()}); .ci/docker-plugins.sh builds it`);
  const buildx = await run(docker, ['buildx', 'version']);
  assert.equal(buildx.status, 0, `no buildx plugin answers (${buildx.stderr.trim()}); Compose would fall back to its classic builder; .ci/docker-plugins.sh builds it`);
  console.log(`compose e2e: Docker Compose ${compose.stdout.trim()}, ${buildx.stdout.trim()}`);

  const registry = await startDockerRegistry();
  await registry.push('lambda/base', 'e2e', busyboxImage(goArch));
  await registry.push('library/node', 'e2e', busyboxImage(goArch, nodeImageFiles()));
  await registry.push('docker/dockerfile', 'e2e', busyboxImage(goArch));
  const rie = readFileSync(realRieBinary());
  const github = await githubApi({ contents: () => rie });
  apiPort = await closedPort();
  lambdaPort = await closedPort();
  project = composeProject('compose');
  repo = await generate(
    {
      offline: false,
      'base-image': `${registry.host}/lambda/base:e2e`,
      'node-image': `${registry.host}/library/node:e2e`,
      'dockerfile-syntax': `${registry.host}/docker/dockerfile:e2e`,
      'github-api-url': github.origin,
      arch: goArch === 'arm64' ? 'arm64' : 'x86_64',
      'api-port': String(apiPort),
      'lambda-port': String(lambdaPort),
      variables: 'GREETING=hello',
      secrets: 'API_KEY',
    },
    project,
  );
  const dockerfile = path.join(repo.dir, 'localdev/Dockerfile');
  writeFileSync(dockerfile, readFileSync(dockerfile, 'utf8').replace(/^# syntax=.*\n/, ''));
  writeFileSync(path.join(repo.dir, 'main.go'), handler('v1'));
}, { timeout: 300_000 });

after(async () => {
  // Everything compose made for the project: containers, network, the image it built.
  if (repo) await run('docker', ['compose', '--file', path.join(repo.dir, 'localdev/docker-compose.yml'), 'down', '--rmi', 'all', '--timeout', '1']);
});

describe('the generated stack under real Docker Compose, through its Make targets', { timeout: 900_000 }, () => {
  it('make up refuses to start without the secret in the shell, naming it', async () => {
    assertRan(await make(['build']), 'make build');
    const refused = await make(['up'], { API_KEY: '' });
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /make up: export API_KEY first/);
    assert.deepEqual(await containers('lambda'), [], 'nothing started');
  });

  it('make up builds with buildx and starts both services; a request reaches the function through the emulator, with .env and the shell secret', async () => {
    writeFileSync(path.join(repo.dir, '.env'), 'GREETING=from-dotenv\n');
    const up = assertRan(await make(['up'], upEnv), 'make up');
    assert.doesNotMatch(up.stdout + up.stderr, /classic builder/, 'Compose built with buildx, not its classic builder');
    assert.equal((await containers('lambda')).length, 1);
    assert.equal((await containers('api')).length, 1);
    const answer = await ask();
    assert.match(answer, /^v1 GREETING=from-dotenv API_KEY=compose-e2e-secret-5e1f0c host=/);
    // Straight to RIE on its published port, as make invoke sends.
    const invoked = assertRan(await make(['invoke']), 'make invoke');
    assert.match(invoked.stdout, /"statusCode":200/);
    // The secret came from the shell as a compose secret, not as a variable docker inspect shows.
    const [lambda] = await containers('lambda');
    const inspect = assertRan(await run(docker, ['inspect', lambda ?? '']), 'docker inspect');
    assert.doesNotMatch(inspect.stdout, new RegExp(secretValue));
  });

  it('make build after an edit: the request in flight finishes on the old code, the next answers with the new', async () => {
    writeFileSync(path.join(repo.dir, 'main.go'), handler('v2'));
    assertRan(await make(['compile']), 'make compile');
    // One request, no retry: it must run to its end on the old code while the reload holds.
    const inFlight = fetch(`http://127.0.0.1:${apiPort}/slow`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const built = assertRan(await make(['build']), 'make build');
    assert.match(built.stdout, /^Built; the function answers with it after \d+\.\d s$/m);
    const answered = await inFlight;
    assert.equal(answered.status, 200);
    assert.match(await answered.text(), /^v1 /);
    assert.match(await ask(), /^v2 /);
    // RIE restarted inside the container: no container restart, and no crash.
    const [lambda] = await containers('lambda');
    const state = assertRan(await run(docker, ['inspect', '--format', '{{.RestartCount}} {{.State.Running}}', lambda ?? '']), 'docker inspect');
    assert.equal(state.stdout.trim(), '0 true');
    const logs = assertRan(await run(docker, ['logs', lambda ?? '']), 'docker logs');
    assert.equal((logs.stdout + logs.stderr).match(/Received signal signal=terminated/g)?.length, 1, 'one RIE was stopped, by the reload');
  });

  it('make up SCALE=2 runs two replicas behind the emulator, without a host port for RIE', async () => {
    assertRan(await make(['up', 'SCALE=2'], upEnv), 'make up SCALE=2');
    const replicas = await containers('lambda');
    assert.equal(replicas.length, 2);
    for (const replica of replicas) {
      const ports = assertRan(await run(docker, ['port', replica]), 'docker port');
      assert.equal(ports.stdout.trim(), '', 'docker-compose.scale.yml resets the published port');
    }
    // The emulator finds replicas by resolving the service's name again every few seconds.
    const [api] = await containers('api');
    const until = Date.now() + 30_000;
    for (;;) {
      const logs = assertRan(await run(docker, ['logs', api ?? '']), 'docker logs');
      if (/upstreams: now 2 address\(es\)|, 2 upstream\(s\)/.test(logs.stdout + logs.stderr)) break;
      if (Date.now() > until) assert.fail(`the emulator did not find the second replica:\n${logs.stdout}${logs.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // Two slow requests at once: one replica is busy with the first, so the other takes the second.
    const answers = await Promise.all([ask('/slow'), ask('/slow')]);
    const hosts = new Set(answers.map((text) => / host=(\S+)/.exec(text)?.[1]));
    assert.equal(hosts.size, 2, `answered by both replicas: ${answers.join(' | ')}`);
  });

  it('make logs follows what RIE, the function and the emulator print', async () => {
    const logs = spawn('make', ['logs'], { cwd: repo.dir, detached: true });
    const lines: string[] = [];
    createInterface({ input: logs.stdout }).on('line', (line) => lines.push(line));
    try {
      await ask();
      const until = Date.now() + 30_000;
      while (!(lines.some((line) => /^lambda-\d+ +\| .*START RequestId/.test(line)) && lines.some((line) => /^api-\d+ +\| GET \/hello 200/.test(line)))) {
        if (Date.now() > until) assert.fail(`make logs showed no RIE and emulator lines:\n${lines.join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      if (logs.pid) process.kill(-logs.pid, 'SIGTERM');
    }
  });

  it('make down stops and removes every container of the project', async () => {
    assertRan(await make(['down']), 'make down');
    assert.deepEqual(await containers('lambda'), []);
    assert.deepEqual(await containers('api'), []);
  });
});
