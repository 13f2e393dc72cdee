/**
 * The generated stack of two HTTP functions under real Docker Compose, driven
 * by the repo's own Make targets as a user drives it: make build, make up (a
 * secret from the shell, a variable from .env), requests through the emulator
 * to each function, make invoke through the Invoke API, a burst across both,
 * one function failing while the other answers, make build after an edit to
 * one function (only that one restarts), an SQS worker fed by make event and
 * make send (its failures redelivered), make up SCALE=2, make logs, make down.
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
import { generate, runFunction, type Generated } from '../support/generate.ts';
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
/** The two functions: the app's own, named after the project, behind ANY /{proxy+}; and `second`, behind /second/…. */
let first = '';
const second = 'second';
/** A queue worker, its handler the generated skeleton as it is: it fails a message without a positive id. */
const worker = 'worker';

/** The repo's `make` with the user's environment plus `env`. */
const make = (args: readonly string[], env: NodeJS.ProcessEnv = {}) => run('make', args, { cwd: repo.dir, env });
const upEnv = { API_KEY: secretValue };

function assertRan(result: Ran, what: string): Ran {
  assert.equal(result.status, 0, `${what}\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** The handler as the user edits it: `version`, then the variable and the secret it was given, then which replica answered. */
const handler = (version: string) => answeringHandler(version, ['GREETING', 'API_KEY']);
/** The second function's handler: it answers `version`, and fails on /second/fail as a function error. */
const secondHandler = (version: string) =>
  answeringHandler(version).replace('"/slow"', '"/second/slow"').replace('\tbody := ', '\tif req.Path == "/second/fail" {\n\t\treturn events.APIGatewayProxyResponse{}, errors.New("failed on purpose")\n\t}\n\tbody := ').replace('import (\n', 'import (\n\t"errors"\n');
const writeHandler = (fn: string, text: string) => writeFileSync(path.join(repo.dir, 'cmd', fn, 'main.go'), text);

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
  await runFunction(repo.dir, [second, '--routes', 'ANY /second/{proxy+}', '--yes']);
  await runFunction(repo.dir, [worker, '--trigger', 'sqs', '--yes']);
  first = (JSON.parse(readFileSync(path.join(repo.dir, '.yo-rc.json'), 'utf8')) as { 'generator-lambda-local': { functions: { name: string }[] } })['generator-lambda-local'].functions[0]?.name ?? '';
  const dockerfile = path.join(repo.dir, 'localdev/Dockerfile');
  writeFileSync(dockerfile, readFileSync(dockerfile, 'utf8').replace(/^# syntax=.*\n/, ''));
  writeHandler(first, handler('v1'));
  writeHandler(second, secondHandler('s1'));
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
    assert.deepEqual(await containers(first), [], 'nothing started');
  });

  it('make up builds with buildx and starts a service per function and the emulator; each route answers from its own function, with .env and the shell secret', async () => {
    writeFileSync(path.join(repo.dir, '.env'), 'GREETING=from-dotenv\n');
    const up = assertRan(await make(['up'], upEnv), 'make up');
    assert.doesNotMatch(up.stdout + up.stderr, /classic builder/, 'Compose built with buildx, not its classic builder');
    assert.equal((await containers(first)).length, 1);
    assert.equal((await containers(second)).length, 1);
    assert.equal((await containers('api')).length, 1);
    const answer = await ask();
    assert.match(answer, /^v1 GREETING=from-dotenv API_KEY=compose-e2e-secret-5e1f0c host=/);
    assert.equal(await ask('/second/hello'), 's1');
    // Through the emulator's Lambda Invoke API, as make invoke sends: queued behind what the function runs.
    const invoked = assertRan(await make(['invoke', `FN=${second}`]), 'make invoke');
    assert.match(invoked.stdout, /"statusCode":200/);
    assert.match(invoked.stdout, /"body":"s1"/);
    // The secret came from the shell as a compose secret, not as a variable docker inspect shows.
    const [lambda] = await containers(first);
    const inspect = assertRan(await run(docker, ['inspect', lambda ?? '']), 'docker inspect');
    assert.doesNotMatch(inspect.stdout, new RegExp(secretValue));
  });

  it('a burst across both functions never overlaps either RIE, and one function\'s error maps to the API\'s while the other answers', async () => {
    const routes = Array.from({ length: 24 }, (_, index) => (index % 2 === 0 ? `/burst-${index}` : `/second/burst-${index}`));
    const answers = await Promise.all(routes.map(async (route) => {
      const response = await fetch(`http://127.0.0.1:${apiPort}${route}`);
      return `${response.status} ${await response.text()}`;
    }));
    for (const [index, text] of answers.entries()) assert.match(text, index % 2 === 0 ? /^200 v1 / : /^200 s1$/, routes[index]);
    // A function error is a 502 Internal server error from a REST API; the other function goes on answering.
    const failed = await fetch(`http://127.0.0.1:${apiPort}/second/fail`);
    assert.equal(failed.status, 502);
    assert.deepEqual(await failed.json(), { message: 'Internal server error' });
    assert.match(await ask(), /^v1 /);
    for (const fn of [first, second]) {
      const [container] = await containers(fn);
      const logs = assertRan(await run(docker, ['logs', container ?? '']), 'docker logs');
      assert.doesNotMatch(logs.stdout + logs.stderr, /AlreadyReserved|ReserveFailed/, `${fn}'s RIE never saw two invocations at once`);
      const state = assertRan(await run(docker, ['inspect', '--format', '{{.RestartCount}} {{.State.Running}}', container ?? '']), 'docker inspect');
      assert.equal(state.stdout.trim(), '0 true', `${fn}'s RIE never crashed`);
    }
  });

  it('make event writes a fresh SQS event that make invoke sends the worker; make send redelivers what it reports failed, as SQS would', async () => {
    const event = assertRan(await make(['event', 'KIND=sqs', `FN=${worker}`, 'BODY={"id": 7}', 'COUNT=2']), 'make event');
    const records = (JSON.parse(event.stdout) as { Records: { body: string; messageId: string }[] }).Records;
    assert.deepEqual(records.map((record) => record.body), ['{"id": 7}', '{"id": 7}']);
    assert.notEqual(records[0]?.messageId, records[1]?.messageId, 'fresh ids');
    writeFileSync(path.join(repo.dir, 'events/fresh.json'), event.stdout);
    const invoked = assertRan(await make(['invoke', `FN=${worker}`, 'EVENT=events/fresh.json']), 'make invoke');
    assert.match(invoked.stdout, /"batchItemFailures":(null|\[\])/);

    const good = assertRan(await make(['send', `FN=${worker}`, 'BODY={"id": 3}', 'COUNT=3']), 'make send');
    assert.match(good.stdout, /all delivered/);
    // The skeleton fails a message without a positive id: redelivered alone until its receives run out.
    const bad = await make(['send', `FN=${worker}`, 'BODY={"id": 0}', 'MAX_RECEIVE_COUNT=2']);
    // deliver.ts exits 1; make reports its recipe failed, and exits 2.
    assert.equal(bad.status, 2, bad.stdout + bad.stderr);
    assert.match(bad.stderr, /\[Makefile:\d+: send\] Error 1/);
    assert.match(bad.stdout, /dead-letter: \S+ failed its 2nd receive/);
    const [container] = await containers(worker);
    const logs = assertRan(await run(docker, ['logs', container ?? '']), 'docker logs');
    assert.equal((logs.stdout + logs.stderr).match(/failed: body has no id/g)?.length, 2, 'received twice, as MAX_RECEIVE_COUNT=2 says');
    assert.doesNotMatch(logs.stdout + logs.stderr, /AlreadyReserved|ReserveFailed/);
  });

  it('make build after an edit to one function restarts only that one: its request in flight finishes on the old code, the next answers with the new', async () => {
    writeHandler(second, secondHandler('s2'));
    // One request, no retry: it must run to its end on the old code while the reload holds.
    const inFlight = fetch(`http://127.0.0.1:${apiPort}/second/slow`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const built = assertRan(await make(['build']), 'make build');
    assert.match(built.stdout, new RegExp(`^Built in \\d+\\.\\d s; ${second} answers with it after \\d+\\.\\d s$`, 'm'));
    const answered = await inFlight;
    assert.equal(answered.status, 200);
    assert.equal(await answered.text(), 's1');
    assert.equal(await ask('/second/hello'), 's2');
    assert.match(await ask(), /^v1 /);
    // RIE restarted inside the edited function's container, and only there: no container restart, and no crash.
    const stopped = async (fn: string) => {
      const [container] = await containers(fn);
      const state = assertRan(await run(docker, ['inspect', '--format', '{{.RestartCount}} {{.State.Running}}', container ?? '']), 'docker inspect');
      assert.equal(state.stdout.trim(), '0 true');
      const logs = assertRan(await run(docker, ['logs', container ?? '']), 'docker logs');
      return (logs.stdout + logs.stderr).match(/Received signal signal=terminated/g)?.length ?? 0;
    };
    assert.equal(await stopped(second), 1, 'one RIE of the edited function was stopped, by the reload');
    assert.equal(await stopped(first), 0, 'the function whose bootstrap did not change kept its RIE');
  });

  it('make up SCALE=2 runs two replicas of each function behind the emulator, none with a host port', async () => {
    assertRan(await make(['up', 'SCALE=2'], upEnv), 'make up SCALE=2');
    assert.equal((await containers(second)).length, 2);
    const replicas = await containers(first);
    assert.equal(replicas.length, 2);
    for (const replica of replicas) {
      const ports = assertRan(await run(docker, ['port', replica]), 'docker port');
      assert.equal(ports.stdout.trim(), '', 'RIE is reached through the emulator only');
    }
    // The emulator finds replicas by resolving the service's name again every few seconds.
    const [api] = await containers('api');
    const until = Date.now() + 30_000;
    for (;;) {
      const logs = assertRan(await run(docker, ['logs', api ?? '']), 'docker logs');
      if (new RegExp(`upstreams: ${first}: now 2 address\\(es\\)|${first} \\(2 upstream\\(s\\)\\)`).test(logs.stdout + logs.stderr)) break;
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
      while (!(lines.some((line) => new RegExp(`^${first}-\\d+ +\\| .*START RequestId`).test(line)) && lines.some((line) => /^api-\d+ +\| GET \/hello 200/.test(line)))) {
        if (Date.now() > until) assert.fail(`make logs showed no RIE and emulator lines:\n${lines.join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      if (logs.pid) process.kill(-logs.pid, 'SIGTERM');
    }
  });

  it('make down stops and removes every container of the project', async () => {
    assertRan(await make(['down']), 'make down');
    for (const service of [first, second, worker, 'api']) assert.deepEqual(await containers(service), [], service);
  });
});
