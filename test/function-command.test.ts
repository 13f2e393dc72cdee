/**
 * `generator-lambda-local function <name>`: adds a function to a generated
 * repo, changes one, or takes one out, through the merge path, so the
 * owners' edits of the generator's files stay; and refuses, writing nothing,
 * a function that could not run beside the others.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { before, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { spawnSync } from 'node:child_process';
import { readConfig } from '../emulator/src/config.ts';
import { parseKnownAnswers } from '../lib/scaffold/collect-answers.ts';
import { repeatingCommandLine } from '../lib/scaffold/command-line.ts';
import type { Answers } from '../lib/scaffold/options.ts';
import { editRepoFile, readRepoFile, runBin } from './support/bin.ts';
import { triggerKinds } from '../lib/triggers/index.ts';
import { composeSchemaErrors, parseCloudFormation, samSchemaErrors } from './support/checks.ts';
import { functionGenerator, listFiles } from './support/generate.ts';
import { hostEmulator } from './support/local-stack.ts';
import { loopbackServer } from './support/loopback-server.ts';
import { scratchDir } from './support/scratch.ts';
import helpers from 'yeoman-test';

interface Compose {
  services: Record<string, { environment?: Record<string, string>; mem_limit?: string; volumes?: string[] }>;
}
interface Template {
  Resources: Record<string, { Type: string; Properties: { MemorySize?: number; Timeout?: number; Events?: Record<string, { Type: string; Properties?: unknown }> } }>;
}

const compose = (repo: string) => parseYaml(readRepoFile(repo, 'localdev/docker-compose.yml')) as Compose;
const template = (repo: string) => parseCloudFormation(readRepoFile(repo, 'template.yaml')) as Template;
const stored = (repo: string) => (JSON.parse(readRepoFile(repo, '.yo-rc.json')) as { 'generator-lambda-local': { functions: ({ name: string; folder: string; trigger: string; memory: number } & Record<string, unknown>)[] } })['generator-lambda-local'];

/** Every file of the repo with its sha256: what a refused run must leave as it was. */
const treeOf = (repo: string) =>
  Object.fromEntries(
    listFiles(repo).map((file) => {
      const at = path.join(repo, file);
      // A link is named by where it leads, not followed.
      return [file, lstatSync(at).isSymbolicLink() ? `link to ${readlinkSync(at)}` : createHash('sha256').update(readFileSync(at)).digest('hex')];
    }),
  );

/** The one line a refused run prints, having checked that it wrote nothing. */
function refusal(repo: string, args: readonly string[]): string {
  const before = treeOf(repo);
  const refused = runBin(repo, args);
  assert.equal(refused.status, 1);
  const [line, ...rest] = refused.stderr.trim().split('\n');
  assert.equal(rest.length, 0, refused.stderr);
  assert.deepEqual(treeOf(repo), before);
  return (line ?? '').replace(/^generator-lambda-local: /, '');
}

function newRepo(): string {
  const cwd = scratchDir('function-command');
  const made = runBin(cwd, ['orders', '--yes', '--offline', '--arch', 'x86_64', '--routes', 'GET /orders/{id},POST /orders', '--secrets', 'DB_PASSWORD']);
  assert.equal(made.status, 0, made.stderr);
  return path.join(cwd, 'orders');
}

describe('the function command', () => {
  let repo: string;
  let added: ReturnType<typeof runBin>;

  before(() => {
    repo = newRepo();
    // Edits of the owners' to the generator's files, as users make them.
    editRepoFile(repo, 'Makefile', (text) => `${text}\nseed: ## load test data\n\t@echo seeding\n`);
    editRepoFile(repo, 'localdev/docker-compose.yml', (text) => text.replace('networks:\n  lambda-local:\n', '  redis:\n    image: redis:7\n    networks:\n      - lambda-local\n\nnetworks:\n  lambda-local:\n'));
    added = runBin(repo, ['function', 'worker', '--trigger', 'sqs', '--timeout', '60', '--yes']);
  });

  it('adds a queue worker with its handler, sample event, service and SAM queue, keeping the owners\' edits', () => {
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stdout, /added function worker in cmd\/worker\/, invoked by sqs/);
    assert.match(readRepoFile(repo, 'cmd/worker/main.go'), /events\.SQSEventResponse/);
    assert.ok(existsSync(path.join(repo, 'events/sqs.json')));
    assert.deepEqual(stored(repo).functions.map(({ name, folder, trigger }) => ({ name, folder, trigger })), [
      { name: 'orders', folder: 'cmd/orders', trigger: 'http' },
      { name: 'worker', folder: 'cmd/worker', trigger: 'sqs' },
    ]);
    const services = compose(repo).services;
    assert.deepEqual(Object.keys(services).sort(), ['api', 'orders', 'redis', 'worker']);
    assert.equal(services.worker?.environment?.AWS_LAMBDA_FUNCTION_TIMEOUT, '60');
    assert.deepEqual(services.worker?.volumes, ['./var-runtime/worker:/var/runtime:ro']);
    assert.equal(services.api?.environment?.FUNCTIONS, 'orders,worker');
    assert.equal(services.api?.environment?.WORKER_UPSTREAMS, 'http://worker:8080');
    assert.equal(services.api?.environment?.WORKER_ROUTES, undefined, 'a queue worker has no routes');
    assert.match(readRepoFile(repo, 'Makefile'), /\nseed: ## load test data\n/);
    assert.match(readRepoFile(repo, 'Makefile'), /^FUNCTIONS := orders worker$/m);
    const resources = template(repo).Resources;
    assert.equal(resources.WorkerFunction?.Properties.Timeout, 60);
    assert.equal(resources.WorkerFunction?.Properties.Events?.Queue?.Type, 'SQS');
    assert.equal(resources.WorkerFunctionQueue?.Type, 'AWS::SQS::Queue');
    assert.deepEqual(samSchemaErrors(template(repo)), []);
  });

  it('changes one function\'s answers, and only that function\'s', () => {
    const changed = runBin(repo, ['function', 'worker', '--memory', '512', '--yes']);
    assert.equal(changed.status, 0, changed.stderr);
    const services = compose(repo).services;
    assert.deepEqual([services.orders?.mem_limit, services.worker?.mem_limit], ['128m', '512m']);
    assert.equal(template(repo).Resources.WorkerFunction?.Properties.MemorySize, 512);
    assert.ok(services.redis, 'the owners\' service is still there');
  });

  for (const [why, args, message] of [
    ['a route another function has', ['function', 'payments', '--routes', 'GET /orders/{orderId}', '--yes'], "--routes: \"GET /orders/{orderId}\" is not allowed (payments's route GET /orders/{orderId} is orders's already (GET /orders/{id}): a route belongs to one function); expected routes no other function has"],
    ['a name that is no Go folder, service and setting name', ['function', 'Pay_ments', '--yes'], /^function: "Pay_ments" is not allowed; expected lower-case letters, digits and inner hyphens/],
    ['the name of the emulator\'s service', ['function', 'api', '--yes'], /^function: "api" is not allowed; expected a name other than api/],
    ['a trigger other than the function\'s', ['function', 'worker', '--trigger', 's3', '--yes'], /^--trigger: "s3" is not allowed; expected sqs, worker's trigger/],
    ['an unknown trigger', ['function', 'jobs', '--trigger', 'cron', '--yes'], /^--trigger: "cron" is not allowed; expected http, sqs, sns, s3/],
    ['routes for a function the API does not invoke', ['function', 'worker', '--routes', 'GET /jobs', '--yes'], /^--routes: "GET \/jobs" is not allowed; expected no routes for worker: sqs invokes it, not the API/],
    ['a name whose setting would be one of the emulator\'s own', ['function', 'gateway', '--yes'], "function: \"gateway\" is not allowed; expected a name whose emulator settings are its own; gateway's would include GATEWAY_TIMEOUT_MS, one of the emulator's"],
    ['a variable that is another function\'s secret', ['function', 'billing', '--routes', 'GET /billing', '--variables', 'DB_PASSWORD=changeme', '--yes'], "--variables: \"DB_PASSWORD=…\" is not allowed (billing's variable DB_PASSWORD is orders's secret: a name is a secret or a variable, in every function); expected variables the other functions agree with"],
    ['a name the owners gave a compose service of their own', ['function', 'redis', '--trigger', 'sqs', '--yes'], "function: \"redis\" is not allowed (localdev/docker-compose.yml has a service of that name already, a template layer's or your own, and a function's service takes the function's name); expected a name no other compose service has; nothing was written"],
    ['the first function taken out', ['function', 'orders', '--remove', '--yes'], /^function: "orders" is not allowed; expected a function other than orders, the repo's first/],
    ['a function that is not there taken out', ['function', 'nobody', '--remove', '--yes'], /^function: "nobody" is not allowed; expected one of this repo's functions: orders, worker/],
    ['the app\'s function answers, which would not say whose', ['--memory', '256', '--yes', '--offline'], /^--memory: "256" is not allowed; expected no value here: this repo has 2 functions/],
    ['a secret\'s value given to the app by mistake, never repeated', ['--secrets', 'DB_PASSWORD=hunter2', '--yes', '--offline'], /^--secrets: "DB_PASSWORD=…" is not allowed \(DB_PASSWORD=… holds a value; secrets are given by name only\)/],
  ] as const) {
    it(`refuses ${why}, in one line, writing nothing`, () => {
      const text = refusal(repo, args);
      if (typeof message === 'string') assert.equal(text, message);
      else assert.match(text, message);
    });
  }

  it('refuses a secret that is another function\'s variable, naming --secrets as given', () => {
    const shared = newRepo();
    const added = runBin(shared, ['function', 'a', '--trigger', 'sqs', '--variables', 'TABLE=x', '--yes']);
    assert.equal(added.status, 0, added.stderr);
    assert.equal(
      refusal(shared, ['function', 'b', '--routes', 'GET /b', '--secrets', 'TABLE', '--yes']),
      "--secrets: \"TABLE\" is not allowed (a's variable TABLE is b's secret: a name is a secret or a variable, in every function); expected names no other function has as a variable",
    );
  });

  it('adds a schedule function the emulator fires on the expression its EventBridge rule has in template.yaml', () => {
    const scheduled = runBin(repo, ['function', 'tick', '--trigger', 'schedule', '--yes']);
    assert.equal(scheduled.status, 0, scheduled.stderr);
    const environment = compose(repo).services.api?.environment ?? {};
    const rule = (template(repo).Resources.TickFunction?.Properties.Events?.Timer as { Properties?: { Schedule?: string } } | undefined)?.Properties?.Schedule;
    assert.equal(rule, 'rate(5 minutes)');
    assert.equal(environment.TICK_SCHEDULE, rule);
    assert.equal(environment.SCHEDULES, '${SCHEDULES:-on}', 'SCHEDULES=off make up turns them off');
    // As the emulator reads its settings (compose has interpolated SCHEDULES by then).
    const { CONTROL_TOKEN_FILE: _token, ...settings } = environment;
    const config = readConfig({ ...settings, SCHEDULES: 'on', AWS_REGION: 'eu-west-1' });
    const tick = config.functions.find((fn) => fn.name === 'tick');
    assert.equal(tick?.schedule?.expression, 'rate(5 minutes)');
    assert.deepEqual(tick?.routes, []);
    const removed = runBin(repo, ['function', 'tick', '--remove', '--yes']);
    assert.equal(removed.status, 0, removed.stderr);
    assert.equal(compose(repo).services.api?.environment?.SCHEDULES, undefined);
  });

  // The api service runs localdev/proxy as it is, mounted read-only in the Node image, with nothing installed.
  it('gives a schedule function a cron() expression that the generated emulator reads with nothing installed, and arms', async () => {
    const cronRepo = newRepo();
    const scheduled = runBin(cronRepo, ['function', 'nightly', '--trigger', 'schedule', '--yes']);
    assert.equal(scheduled.status, 0, scheduled.stderr);
    // As its owner edits it: nightly at 02:00 UTC.
    editRepoFile(cronRepo, 'localdev/docker-compose.yml', (text) => text.replace('NIGHTLY_SCHEDULE: "rate(5 minutes)"', 'NIGHTLY_SCHEDULE: "cron(0 2 * * ? *)"'));
    assert.equal(compose(cronRepo).services.api?.environment?.NIGHTLY_SCHEDULE, 'cron(0 2 * * ? *)');
    assert.ok(!listFiles(cronRepo).some((file) => file.split('/').includes('node_modules')), 'nothing installed in the generated repo');
    // RIE stand-ins on loopback for both functions: the emulator resolves its upstreams at start.
    const rie = () => loopbackServer((_request, response) => response.end('null'));
    const api = await hostEmulator(cronRepo, await rie(), 0, { NIGHTLY_UPSTREAMS: await rie() });
    try {
      const armed = /^Schedule fn=nightly expression="cron\(0 2 \* \* \? \*\)" fires first at (\S+)$/m;
      for (let waited = 0; !armed.test(api.output()) && api.process.exitCode === null && waited < 10_000; waited += 50) await setTimeout(50);
      const next = armed.exec(api.output())?.[1] ?? assert.fail(`no armed cron() schedule in the emulator's output: ${api.output()}`);
      assert.match(next, /^\d{4}-\d\d-\d\dT02:00:00Z$/);
      const inADay = Date.parse(next) - Date.now();
      assert.ok(inADay > 0 && inADay <= 86_400_000, `${next} is the next 02:00 UTC`);
    } finally {
      api.process.kill('SIGKILL');
    }
  });

  it('takes a function out of the generator\'s files and leaves its code to the owners, saying so', () => {
    const removed = runBin(repo, ['function', 'worker', '--remove', '--yes']);
    assert.equal(removed.status, 0, removed.stderr);
    assert.match(removed.stdout, /removed function worker from the generator's files; cmd\/worker\/ and its sample events are yours, left as they are/);
    assert.deepEqual(Object.keys(compose(repo).services).sort(), ['api', 'orders', 'redis']);
    assert.equal(template(repo).Resources.WorkerFunctionQueue, undefined);
    assert.ok(existsSync(path.join(repo, 'cmd/worker/main.go')));
    assert.match(readRepoFile(repo, 'Makefile'), /\nseed: ## load test data\n/);
  });

  it('adds a function taken out again, saying its handler, which was left as the owners\' code, is kept', () => {
    const again = newRepo();
    for (const args of [['function', 'worker', '--trigger', 'sqs', '--yes'], ['function', 'worker', '--remove', '--yes']]) {
      const run = runBin(again, args);
      assert.equal(run.status, 0, run.stderr);
    }
    const readded = runBin(again, ['function', 'worker', '--trigger', 'http', '--yes']);
    assert.equal(readded.status, 0, readded.stderr);
    assert.match(readded.stdout, /added function worker in cmd\/worker\/, invoked by http/);
    assert.match(readded.stdout, /kept cmd\/worker\/main\.go: it was here already, and it is yours/);
    assert.match(readRepoFile(again, 'cmd/worker/main.go'), /events\.SQSEventResponse/, 'the owners\' handler stays as it was');
  });

  it('writes a function of every trigger kind: each handler in its folder, a template.yaml valid against the SAM schema and a compose file valid against the Compose schema, with each function\'s settings alike in both', () => {
    const all = newRepo();
    const kinds = Object.keys(triggerKinds);
    for (const [index, kind] of kinds.entries()) {
      const added = runBin(all, ['function', `k-${kind}`, '--trigger', kind, '--memory', String(256 + index), '--timeout', String(10 + index), '--yes']);
      assert.equal(added.status, 0, added.stderr);
    }
    assert.deepEqual(samSchemaErrors(template(all)), []);
    assert.deepEqual(composeSchemaErrors(compose(all)), []);
    const resources = template(all).Resources;
    const services = compose(all).services;
    for (const [index, kind] of kinds.entries()) {
      const name = `k-${kind}`;
      const id = `K${kind.split('-').map((word) => word[0]?.toUpperCase() + word.slice(1)).join('')}Function`;
      assert.deepEqual([resources[id]?.Properties.MemorySize, resources[id]?.Properties.Timeout], [256 + index, 10 + index], id);
      assert.deepEqual([services[name]?.mem_limit, services[name]?.environment?.AWS_LAMBDA_FUNCTION_TIMEOUT], [`${256 + index}m`, String(10 + index)], name);
      assert.ok(existsSync(path.join(all, 'cmd', name, 'main.go')), `${name}'s handler`);
    }
    const checked = runBin(all, ['bump', '--check', '--offline']);
    assert.equal(checked.status, 0, `bump --check after adding functions: ${checked.stdout}${checked.stderr}`);
  });

  it('asks a new function\'s answers it is not given, and writes what was answered', async () => {
    const asked = newRepo();
    const result = await helpers
      .run(functionGenerator)
      .cd(asked)
      .withArguments(['payments'])
      .withOptions({ memory: '640' } as Record<string, string>)
      // routes unanswered: its default, a path of its own (the app's greedy default would clash with the first function's).
      .withAnswers({ trigger: 'http', timeout: '12', variables: 'PROVIDER=stripe', secrets: 'STRIPE_KEY' });
    // What invokes it first, as it decides the rest; given as an option, memory is not asked.
    assert.deepEqual(result.askedQuestions.map((question) => question.name), ['trigger', 'timeout', 'routes', 'variables', 'secrets']);
    const payments = stored(asked).functions.find((fn) => fn.name === 'payments');
    assert.deepEqual(payments, { name: 'payments', folder: 'cmd/payments', trigger: 'http', routes: 'ANY /payments/{proxy+}', timeout: 12, memory: 640, variables: 'PROVIDER=stripe', secrets: 'STRIPE_KEY' });
  });

  it('names a repo called api or gateway\'s function so that the emulator can take it, and reads the repo back', () => {
    for (const [repoName, fnName] of [['api', 'api-fn'], ['gateway', 'gateway-fn']] as const) {
      const cwd = scratchDir('function-command');
      assert.equal(runBin(cwd, [repoName, '--yes', '--offline']).status, 0);
      const repo = path.join(cwd, repoName);
      assert.deepEqual(Object.keys(compose(repo).services).sort(), ['api', fnName].sort());
      assert.deepEqual(composeSchemaErrors(compose(repo)), []);
      const again = runBin(repo, ['--yes', '--offline']);
      assert.equal(again.status, 0, again.stderr);
    }
  });

  it('says, when a lookup fails, a command that runs again: without the function answers a repo of several functions refuses', () => {
    const line = repeatingCommandLine('npx generator-lambda-local', parseKnownAnswers({}, { ...stored(repo), routes: 'GET /x', timeout: 30, memory: 128, variables: '', secrets: '' }) as Answers, { given: {}, projectRoot: repo, withFunctionAnswers: false });
    assert.doesNotMatch(line, /--(timeout|memory|routes|variables|secrets) /);
    assert.match(line, /--arch x86_64 .*--yes$/);
  });

  it('refuses FN naming two functions in the Makefile, before anything runs', () => {
    const refused = spawnSync('make', ['--no-print-directory', '-n', 'invoke', 'FN=orders worker'], { cwd: repo, encoding: 'utf8' });
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /FN=orders worker names more than one function; give one of: orders/);
  });

  it('refuses a function whose folder leads out of the project through a link, naming it, writing nothing', () => {
    const linked = newRepo();
    const elsewhere = scratchDir('function-command-outside');
    symlinkSync(elsewhere, path.join(linked, 'cmd/away'));
    const before = treeOf(linked);
    const refused = runBin(linked, ['function', 'away', '--yes']);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /cmd\/away is a symbolic link to .*, outside the project; nothing was written/);
    assert.deepEqual(readdirSync(elsewhere), []);
    assert.deepEqual(treeOf(linked), before);
  });

  it('keeps a migrated function\'s compose service where compose, make and reload.sh name it', () => {
    const kept = newRepo();
    editRepoFile(kept, '.yo-rc.json', (text) => text.replace('"folder": "cmd/orders",', '"folder": "cmd/orders",\n        "service": "lambda",'));
    const again = runBin(kept, ['--yes', '--offline']);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(Object.keys(compose(kept).services).sort(), ['api', 'lambda']);
    assert.equal(compose(kept).services.api?.environment?.ORDERS_UPSTREAMS, 'http://lambda:8080');
    const up = spawnSync('make', ['--no-print-directory', '-n', 'up', 'SCALE=2'], { cwd: kept, encoding: 'utf8' });
    assert.match(up.stdout, /--scale lambda=2$/m);
    const logs = spawnSync('make', ['--no-print-directory', '-n', 'logs', 'FN=orders'], { cwd: kept, encoding: 'utf8' });
    assert.match(logs.stdout, /logs --follow lambda$/m);
    assert.match(readRepoFile(kept, 'localdev/reload.sh'), /^ {8}orders\) echo lambda ;;$/m);
    // make build's restart finds the function's containers by that service: docker, make and curl stubbed, as the stack is not what is tested here.
    const bin = scratchDir('reload-stubs');
    const calls = path.join(bin, 'docker.log');
    writeFileSync(path.join(bin, 'docker'), `#!/bin/sh\necho "$*" >> '${calls}'\ncase "$*" in *service=lambda*) echo c0ffee ;; esac\n`, { mode: 0o755 });
    writeFileSync(path.join(bin, 'make'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    writeFileSync(path.join(bin, 'curl'), '#!/bin/sh\ncat >/dev/null; printf 000\n', { mode: 0o755 });
    writeFileSync(path.join(kept, 'localdev/.control-token'), 'token\n');
    // What make compile (stubbed) would have built.
    mkdirSync(path.join(kept, 'localdev/var-runtime/orders'), { recursive: true });
    writeFileSync(path.join(kept, 'localdev/var-runtime/orders/bootstrap'), 'new build\n');
    const reload = spawnSync('sh', ['localdev/reload.sh', 'build', 'orders'], { cwd: kept, encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` } });
    assert.equal(reload.status, 0, reload.stderr);
    assert.match(readFileSync(calls, 'utf8'), /^ps --quiet --filter label=com\.docker\.compose\.project=orders --filter label=com\.docker\.compose\.service=lambda$/m);
    assert.match(readFileSync(calls, 'utf8'), /^kill --signal HUP c0ffee$/m);
    assert.match(reload.stdout, /^Built in .*; orders restarted in /m);
  });

  it('refuses a repo another version wrote: an upgrade is a run of its own', () => {
    const other = newRepo();
    editRepoFile(other, '.yo-rc.json', (text) => text.replace(/"generatorVersion": "[^"]+"/, '"generatorVersion": "0.1.0"'));
    const before = treeOf(other);
    const refused = runBin(other, ['function', 'payments', '--yes']);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /this repo was written by generator-lambda-local 0\.1\.0, and this is \d+\.\d+\.\d+: run make upgrade \(npx generator-lambda-local\) first, then add the function; nothing was written/);
    assert.deepEqual(treeOf(other), before);
  });
});
