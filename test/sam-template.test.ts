/**
 * The SAM template (template.yaml) of every kind of repo: valid against the
 * official AWS SAM schema (test/fixtures/sam.schema.json), read with
 * CloudFormation's short-form tags as real YAML tags; the values the schema
 * leaves open checked here; and the same settings as compose, .env.example and
 * the Makefile. Secret values never reach a file or the output.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { parseCloudFormation, samSchemaErrors } from './support/checks.ts';
import { generate, listFiles, repoRoot, runFunction, type Generated } from './support/generate.ts';
import { snapshotSets } from './support/snapshots.ts';
import { scratchDir } from './support/scratch.ts';

interface SamSet {
  readonly title: string;
  readonly options: Record<string, string>;
  /** What the options mean, written out rather than computed from them. */
  readonly expect: {
    readonly arch: 'x86_64' | 'arm64';
    readonly memory: number;
    readonly timeout: number;
    readonly apiEvent: 'Api' | 'HttpApi';
    readonly events: Record<string, { Path: string; Method: string }>;
    readonly cors: boolean;
    readonly variables: Record<string, string>;
    readonly secrets: string[];
  };
}

/**
 * What `sam build` runs for a logical id (BuildMethod: makefile runs
 * build-<id> with ARTIFACTS_DIR set), as make's dry run prints it: a go build
 * of `goPackage` into SAM's folder, then the mode Lambda runs it by.
 */
function assertSamBuilds(dir: string, samId: string, goPackage: string): void {
  const dryRun = spawnSync('make', ['--no-print-directory', '-n', `build-${samId}`, 'ARTIFACTS_DIR=/sam/artifacts'], { cwd: dir, encoding: 'utf8' });
  assert.equal(dryRun.status, 0, dryRun.stderr);
  const escaped = goPackage.replaceAll('.', '\\.').replaceAll('/', '\\/');
  assert.match(dryRun.stdout, new RegExp(`^CGO_ENABLED=0 GOOS=linux GOARCH=\\w+ go build .* -o /sam/artifacts/bootstrap ${escaped}$`, 'm'), `build-${samId} builds ${goPackage}`);
  assert.match(dryRun.stdout, /^chmod 0755 \/sam\/artifacts\/bootstrap$/m);
}

const samSets: SamSet[] = [
  {
    title: 'defaults: payload 1.0, x86_64, no CORS, no variables',
    options: { arch: 'x86_64' },
    expect: { arch: 'x86_64', memory: 128, timeout: 30, apiEvent: 'Api', events: { AnyProxy: { Path: '/{proxy+}', Method: 'ANY' } }, cors: false, variables: {}, secrets: [] },
  },
  {
    title: 'payload 2.0, arm64, CORS, variables and secrets, several routes',
    options: {
      arch: 'arm64',
      payload: '2.0',
      memory: '512',
      timeout: '12',
      cors: 'on',
      routes: 'get /users/{id}, POST /users, ANY /files/{path+}',
      variables: 'GREETING=hello, TABLE_NAME=orders-local, EMPTY=',
      secrets: 'DB_PASSWORD,API_KEY',
    },
    expect: {
      arch: 'arm64',
      memory: 512,
      timeout: 12,
      apiEvent: 'HttpApi',
      events: {
        GetUsersId: { Path: '/users/{id}', Method: 'GET' },
        PostUsers: { Path: '/users', Method: 'POST' },
        AnyFilesPath: { Path: '/files/{path+}', Method: 'ANY' },
      },
      cors: true,
      variables: { GREETING: 'hello', TABLE_NAME: 'orders-local', EMPTY: '' },
      secrets: ['DB_PASSWORD', 'API_KEY'],
    },
  },
  {
    title: 'payload 1.0, arm64, CORS, secrets only, the root route',
    options: { arch: 'arm64', payload: '1.0', cors: 'on', routes: 'GET /, POST /orders', secrets: 'STRIPE_KEY' },
    expect: {
      arch: 'arm64',
      memory: 128,
      timeout: 30,
      apiEvent: 'Api',
      events: { GetRoot: { Path: '/', Method: 'GET' }, PostOrders: { Path: '/orders', Method: 'POST' } },
      cors: true,
      variables: {},
      secrets: ['STRIPE_KEY'],
    },
  },
  {
    title: 'payload 2.0, x86_64, no CORS, variables only, LOG_LEVEL among them',
    options: { arch: 'x86_64', payload: '2.0', memory: '10240', timeout: '900', variables: 'LOG_LEVEL=debug,ENDPOINT=https://api.example.com/v1?x=1&y=2' },
    expect: {
      arch: 'x86_64',
      memory: 10240,
      timeout: 900,
      apiEvent: 'HttpApi',
      events: { AnyProxy: { Path: '/{proxy+}', Method: 'ANY' } },
      cors: false,
      variables: { LOG_LEVEL: 'debug', ENDPOINT: 'https://api.example.com/v1?x=1&y=2' },
      secrets: [],
    },
  },
];

interface SamFunction {
  Type: string;
  Metadata: { BuildMethod: string };
  Properties: {
    CodeUri: string;
    Handler: string;
    Runtime: string;
    Architectures: string[];
    MemorySize: unknown;
    Timeout: unknown;
    Environment?: { Variables: Record<string, unknown> };
    Events: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
}

interface Template {
  Transform: string;
  Parameters?: { SecretName: { Type: string; Default: string } };
  Globals?: { Api?: { Cors: Record<string, string> }; HttpApi?: { CorsConfiguration: Record<string, string[]> } };
  Resources: Record<string, SamFunction>;
  Outputs: Record<string, { Value: { 'Fn::Sub': string } | { Ref: string } }>;
}

interface ComposeService {
  environment: Record<string, string>;
  mem_limit: string;
  platform: string;
  secrets?: string[];
  volumes?: string[];
}

interface Compose {
  services: Record<string, ComposeService>;
  secrets?: Record<string, { environment: string }>;
}

/** What compose sets in each function's service for every function, as Lambda does: not the function's own. */
const lambdaSet = /^(AWS_|LAMBDA_|_HANDLER$)|^LOG_LEVEL$/;

/** The function's own variables in its compose service: what is not set there for every function, as Lambda does. */
const ownVariables = (service: ComposeService, declared: Record<string, string>) =>
  Object.fromEntries(Object.entries(service.environment).filter(([name]) => (!lambdaSet.test(name) || name in declared) && name !== 'CORS_ALLOW_ORIGIN'));

/** .env.example's `NAME=value` lines. */
const envExample = (repo: Generated) =>
  Object.fromEntries(
    repo
      .read('.env.example')
      .split('\n')
      .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

/** A secret's value in template.yaml: a Secrets Manager dynamic reference, resolved at deploy time. */
const secretReference = (name: string) => ({ 'Fn::Sub': `{{resolve:secretsmanager:\${SecretName}:SecretString:${name}}}` });

/** A docker on PATH that records its calls and has no Compose, so make up stops right after its own checks. */
function recordingDocker() {
  const bin = scratchDir('docker');
  const calls = path.join(bin, 'calls');
  writeFileSync(path.join(bin, 'docker'), `#!/bin/sh\necho "$*" >> ${calls}\nexit 1\n`, { mode: 0o755 });
  return { bin, calls };
}

/** Runs make up in `repo` with the recording docker first on PATH and `env` as the environment. */
function makeUp(repo: Generated, docker: { bin: string; calls: string }, env: NodeJS.ProcessEnv) {
  rmSync(docker.calls, { force: true });
  const result = spawnSync('make', ['--no-print-directory', 'up'], { cwd: repo.dir, env: { ...env, PATH: `${docker.bin}:${process.env.PATH ?? ''}` }, encoding: 'utf8' });
  return { ...result, calls: existsSync(docker.calls) ? readFileSync(docker.calls, 'utf8') : '' };
}

/** What make build leaves for each function, so that make up gets past its bootstrap check. */
function fakeBootstraps(repo: Generated, names: readonly string[]) {
  for (const name of names) {
    mkdirSync(path.join(repo.dir, 'localdev/var-runtime', name), { recursive: true });
    writeFileSync(path.join(repo.dir, 'localdev/var-runtime', name, 'bootstrap'), '');
  }
}

for (const set of samSets) {
  describe(`template.yaml: ${set.title}`, () => {
    let repo: Generated;
    let template: Template;
    const { expect } = set;
    // A new repo's one function is named after the repo, in cmd/demo, with SAM's logical id from its name.
    const fn = (): SamFunction => {
      const resource = template.Resources.DemoFunction;
      assert.ok(resource, 'DemoFunction is in template.yaml');
      return resource;
    };

    it('is a SAM template the official schema accepts', async () => {
      repo = await generate(set.options);
      template = parseCloudFormation(repo.read('template.yaml')) as Template;
      assert.deepEqual(samSchemaErrors(template), []);
      assert.equal(template.Transform, 'AWS::Serverless-2016-10-31');
      assert.deepEqual(Object.keys(template.Resources), ['DemoFunction'], 'one function, and nothing else');
    });

    it('describes the function as the answers say: runtime, handler, architecture, memory, time-out, build', () => {
      assert.equal(fn().Type, 'AWS::Serverless::Function');
      assert.deepEqual(fn().Metadata, { BuildMethod: 'makefile' });
      const { CodeUri, Handler, Runtime, Architectures, MemorySize, Timeout } = fn().Properties;
      assert.deepEqual({ CodeUri, Handler, Runtime, Architectures, MemorySize, Timeout }, {
        CodeUri: '.',
        Handler: 'bootstrap',
        Runtime: 'provided.al2023',
        Architectures: [expect.arch],
        MemorySize: expect.memory,
        Timeout: expect.timeout,
      });
      // SAM's makefile build runs build-<logical id>, which must build this function's package.
      assertSamBuilds(repo.dir, 'DemoFunction', './cmd/demo');
    });

    it('has one event per route, of the API type of the payload', () => {
      const expected = Object.fromEntries(
        Object.entries(expect.events).map(([id, route]) => [
          id,
          { Type: expect.apiEvent, Properties: expect.apiEvent === 'HttpApi' ? { ...route, PayloadFormatVersion: '2.0' } : route },
        ]),
      );
      assert.deepEqual(fn().Properties.Events, expected);
    });

    it('configures CORS exactly when the answer says so, as the emulator answers it', () => {
      const compose = parseYaml(repo.read('localdev/docker-compose.yml')) as Compose;
      assert.equal(compose.services.api?.environment.CORS, expect.cors ? 'on' : 'off');
      if (!expect.cors) {
        assert.equal(template.Globals, undefined);
      } else if (expect.apiEvent === 'Api') {
        assert.deepEqual(template.Globals, { Api: { Cors: { AllowOrigin: "'*'", AllowHeaders: "'*'", AllowMethods: "'*'" } } });
      } else {
        assert.deepEqual(template.Globals, { HttpApi: { CorsConfiguration: { AllowOrigins: ['*'], AllowHeaders: ['*'], AllowMethods: ['*'] } } });
      }
    });

    it("outputs the API's invoke URL and the function's name", () => {
      const api = expect.apiEvent === 'Api' ? 'ServerlessRestApi' : 'ServerlessHttpApi';
      const stage = expect.apiEvent === 'Api' ? 'Prod/' : '';
      assert.deepEqual(Object.keys(template.Outputs), ['ApiUrl', 'DemoFunctionName']);
      assert.deepEqual(template.Outputs.ApiUrl?.Value, { 'Fn::Sub': `https://\${${api}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}/${stage}` });
      assert.deepEqual(template.Outputs.DemoFunctionName?.Value, { Ref: 'DemoFunction' });
    });

    it('gives the variables their defaults and each secret from one Secrets Manager secret', () => {
      const variables = fn().Properties.Environment?.Variables ?? {};
      const secretReferences = Object.fromEntries(expect.secrets.map((name) => [name, secretReference(name)]));
      // A REST API's function adds the CORS origin itself (main.go reads it).
      const corsOrigin = expect.cors && expect.apiEvent === 'Api' ? { CORS_ALLOW_ORIGIN: '*' } : {};
      assert.deepEqual(variables, { ...corsOrigin, ...expect.variables, ...secretReferences });
      if (expect.secrets.length === 0) assert.equal(template.Parameters, undefined);
      else assert.deepEqual(template.Parameters?.SecretName && { Type: template.Parameters.SecretName.Type, Default: template.Parameters.SecretName.Default }, { Type: 'String', Default: 'demo/secrets' });
      if (expect.secrets.length === 0 && Object.keys(expect.variables).length === 0 && !expect.cors) assert.equal(fn().Properties.Environment, undefined);
    });

    it('has the same variables, secrets, memory, time-out and architecture as compose, .env.example and the Makefile', () => {
      const compose = parseYaml(repo.read('localdev/docker-compose.yml')) as Compose;
      assert.deepEqual(Object.keys(compose.services).sort(), ['api', 'demo'], "the function's service is named after it");
      const service = compose.services.demo;
      assert.ok(service);
      assert.equal(service.environment.CORS_ALLOW_ORIGIN, fn().Properties.Environment?.Variables.CORS_ALLOW_ORIGIN, 'the same CORS origin');
      // Compose's ${NAME:-default}: the shell's or .env's value, else the template's default.
      assert.deepEqual(ownVariables(service, expect.variables), Object.fromEntries(Object.entries(expect.variables).map(([name, value]) => [name, `\${${name}:-${value}}`])));
      assert.deepEqual(envExample(repo), expect.variables);
      assert.deepEqual(service.secrets ?? [], expect.secrets);
      for (const name of expect.secrets) assert.deepEqual(compose.secrets?.[name], { environment: name });
      // RIE reads LOG_LEVEL: one entry, the function's, when the function has one.
      if ('LOG_LEVEL' in expect.variables) assert.equal(service.environment.LOG_LEVEL, `\${LOG_LEVEL:-${expect.variables.LOG_LEVEL}}`);

      const properties = fn().Properties;
      assert.equal(service.mem_limit, `${String(properties.MemorySize)}m`);
      assert.equal(service.environment.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, String(properties.MemorySize));
      assert.equal(service.environment.AWS_LAMBDA_FUNCTION_TIMEOUT, String(properties.Timeout));
      assert.equal(compose.services.api?.environment.DEMO_TIMEOUT_MS, String(Number(properties.Timeout) * 1000), "the emulator waits for the function's time-out on stop");
      const goArch = { x86_64: 'amd64', arm64: 'arm64' }[expect.arch];
      assert.equal(service.platform, `linux/${goArch}`);
      assert.match(repo.read('Makefile'), new RegExp(`^GOARCH := ${goArch}$`, 'm'));
    });

    it('stops make up, naming the first secret the shell lacks, before docker runs', () => {
      const docker = recordingDocker();
      const env: NodeJS.ProcessEnv = { ...process.env };
      for (const name of expect.secrets) delete env[name];
      fakeBootstraps(repo, ['demo']);
      const up = (extra: NodeJS.ProcessEnv = {}) => makeUp(repo, docker, { ...env, ...extra });
      try {
        const [first, ...rest] = expect.secrets;
        if (first === undefined) {
          // Past the secrets, make up goes on to ask docker for its Compose version.
          assert.match(up().calls, /^compose version --short$/m);
          return;
        }
        const missing = up();
        assert.equal(missing.status, 2);
        assert.equal(missing.stderr.split('\n')[0], `make up: export ${first} first; it is one of the functions' secrets, which come from your shell`);
        assert.equal(missing.calls, '', 'docker never ran');
        assert.equal(up({ [first]: '' }).stderr.split('\n')[0], missing.stderr.split('\n')[0], 'an empty value is refused as a missing one');
        const all = Object.fromEntries(expect.secrets.map((name) => [name, 'a value']));
        if (rest[0] !== undefined) assert.match(up({ ...all, [rest[0]]: '' }).stderr, new RegExp(`^make up: export ${rest[0]} first`));
        assert.match(up(all).calls, /^compose version --short$/m, 'with every secret exported, make up goes on');
      } finally {
        rmSync(docker.bin, { recursive: true, force: true });
      }
    });
  });
}

/** One function of the two-function set, as its options say, written out rather than computed. */
interface ExpectedFunction {
  readonly name: string;
  readonly samId: string;
  readonly memory: number;
  readonly timeout: number;
  readonly variables: Record<string, string>;
  readonly secrets: string[];
  readonly events: Record<string, unknown>;
}

const httpEvent = (Path: string, Method: string) => ({ Type: 'HttpApi', Properties: { Path, Method, PayloadFormatVersion: '2.0' } });

describe('template.yaml: two HTTP functions and an SQS worker', () => {
  const set = snapshotSets.find((candidate) => candidate.name === 'http-api-two-functions-and-a-worker');
  const functions: ExpectedFunction[] = [
    {
      name: 'demo',
      samId: 'DemoFunction',
      memory: 128,
      timeout: 30,
      variables: { TABLE_NAME: 'orders' },
      secrets: [],
      events: { GetOrdersId: httpEvent('/orders/{id}', 'GET'), PostOrders: httpEvent('/orders', 'POST') },
    },
    {
      name: 'payments',
      samId: 'PaymentsFunction',
      memory: 512,
      timeout: 10,
      variables: { TABLE_NAME: 'orders', PROVIDER: 'stripe' },
      secrets: ['STRIPE_KEY'],
      events: { PostPayments: httpEvent('/payments', 'POST'), GetPaymentsId: httpEvent('/payments/{id}', 'GET') },
    },
    {
      name: 'worker',
      samId: 'WorkerFunction',
      memory: 128,
      timeout: 60,
      variables: {},
      secrets: [],
      events: {
        Queue: { Type: 'SQS', Properties: { Queue: { 'Fn::GetAtt': ['WorkerFunctionQueue', 'Arn'] }, BatchSize: 10, FunctionResponseTypes: ['ReportBatchItemFailures'] } },
      },
    },
  ];
  let repo: Generated;
  let template: Template;
  let compose: Compose;

  it('is a SAM template the official schema accepts, with one function resource per function', async () => {
    assert.ok(set, 'the snapshot set is there');
    repo = await generate(set.options);
    for (const words of set.functions ?? []) await runFunction(repo.dir, words);
    template = parseCloudFormation(repo.read('template.yaml')) as Template;
    compose = parseYaml(repo.read('localdev/docker-compose.yml')) as Compose;
    assert.deepEqual(samSchemaErrors(template), []);
    const serverlessFunctions = Object.entries(template.Resources).filter(([, resource]) => resource.Type === 'AWS::Serverless::Function');
    assert.deepEqual(serverlessFunctions.map(([id]) => id), functions.map((fn) => fn.samId));
  });

  it("gives every function its own memory, time-out, variables, secrets and events, built from its own package", () => {
    for (const expected of functions) {
      const resource = template.Resources[expected.samId];
      assert.ok(resource, expected.samId);
      const { CodeUri, Handler, Runtime, Architectures, MemorySize, Timeout, Environment, Events } = resource.Properties;
      assert.deepEqual(
        { CodeUri, Handler, Runtime, Architectures, MemorySize, Timeout },
        { CodeUri: '.', Handler: 'bootstrap', Runtime: 'provided.al2023', Architectures: ['x86_64'], MemorySize: expected.memory, Timeout: expected.timeout },
        expected.name,
      );
      const variables = { ...expected.variables, ...Object.fromEntries(expected.secrets.map((name) => [name, secretReference(name)])) };
      assert.deepEqual(Environment?.Variables ?? {}, variables, `${expected.name}'s environment, and no other function's`);
      assert.deepEqual(Events, expected.events, `${expected.name}'s events`);
      assert.deepEqual(template.Outputs[`${expected.samId}Name`]?.Value, { Ref: expected.samId });
      assertSamBuilds(repo.dir, expected.samId, `./cmd/${expected.name}`);
    }
    // One API for both HTTP functions, and the one secret parameter for the one function with secrets.
    assert.deepEqual(template.Outputs.ApiUrl?.Value, { 'Fn::Sub': 'https://${ServerlessHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/' });
    assert.equal(template.Parameters?.SecretName.Default, 'demo/secrets');
  });

  it("has each function's memory, time-out, variables and secrets in its own compose service, as in template.yaml", () => {
    assert.deepEqual(Object.keys(compose.services).sort(), ['api', ...functions.map((fn) => fn.name)].sort());
    for (const expected of functions) {
      const service = compose.services[expected.name];
      assert.ok(service, expected.name);
      const properties = template.Resources[expected.samId]?.Properties;
      assert.equal(String(properties?.MemorySize), String(expected.memory));
      assert.equal(service.mem_limit, `${String(expected.memory)}m`, expected.name);
      assert.equal(service.environment.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, String(expected.memory), expected.name);
      assert.equal(service.environment.AWS_LAMBDA_FUNCTION_TIMEOUT, String(expected.timeout), expected.name);
      assert.equal(service.environment.AWS_LAMBDA_FUNCTION_NAME, expected.name);
      assert.deepEqual(ownVariables(service, expected.variables), Object.fromEntries(Object.entries(expected.variables).map(([name, value]) => [name, `\${${name}:-${value}}`])), `${expected.name}'s variables`);
      assert.deepEqual(service.secrets ?? [], expected.secrets, `${expected.name}'s secrets`);
      assert.deepEqual(service.volumes, [`./var-runtime/${expected.name}:/var/runtime:ro`], `${expected.name}'s own bootstrap`);
      assert.equal(compose.services.api?.environment[`${expected.name.toUpperCase()}_TIMEOUT_MS`], String(expected.timeout * 1000), `the emulator waits for ${expected.name}'s time-out`);
    }
    for (const name of functions.flatMap((fn) => fn.secrets)) assert.deepEqual(compose.secrets?.[name], { environment: name });
    assert.equal(compose.services.api?.environment.FUNCTIONS, functions.map((fn) => fn.name).join(','));
  });

  it("has every function's variables in .env.example, with the defaults template.yaml deploys", () => {
    assert.deepEqual(envExample(repo), Object.assign({}, ...functions.map((fn) => fn.variables)));
    for (const name of functions.flatMap((fn) => fn.secrets)) {
      assert.equal(name in envExample(repo), false, `${name} is a secret: never in a file`);
      assert.match(repo.read('.env.example'), new RegExp(`^#   export ${name}=…$`, 'm'), `${name}: to export before make up`);
    }
  });

  it("stores every function's memory, time-out, variables and secrets in .yo-rc.json, as the other files have them", () => {
    const stored = (JSON.parse(repo.read('.yo-rc.json')) as { 'generator-lambda-local': { schemaVersion: number; functions: { name: string; folder: string; trigger: string; timeout: number; memory: number; variables: string; secrets: string }[] } })['generator-lambda-local'];
    assert.equal(stored.schemaVersion, 2);
    assert.deepEqual(
      stored.functions.map(({ name, folder, timeout, memory, variables, secrets }) => ({ name, folder, timeout, memory, variables, secrets })),
      functions.map((fn) => ({
        name: fn.name,
        folder: `cmd/${fn.name}`,
        timeout: fn.timeout,
        memory: fn.memory,
        variables: Object.entries(fn.variables).map(([name, value]) => `${name}=${value}`).join(','),
        secrets: fn.secrets.join(','),
      })),
    );
    assert.deepEqual(stored.functions.map((fn) => fn.trigger), ['http', 'http', 'sqs']);
  });

  it("stops make up, naming a function's secret the shell lacks, before docker runs", () => {
    const docker = recordingDocker();
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.STRIPE_KEY;
    try {
      fakeBootstraps(repo, ['demo', 'payments']);
      const noWorker = makeUp(repo, docker, env);
      assert.equal(noWorker.stderr.split('\n')[0], 'localdev/var-runtime/worker/bootstrap is missing: run make build first', 'every function needs its bootstrap');
      fakeBootstraps(repo, ['worker']);
      const missing = makeUp(repo, docker, env);
      assert.equal(missing.status, 2);
      assert.equal(missing.stderr.split('\n')[0], "make up: export STRIPE_KEY first; it is one of the functions' secrets, which come from your shell");
      assert.equal(missing.calls, '', 'docker never ran');
      assert.match(makeUp(repo, docker, { ...env, STRIPE_KEY: 'a value' }).calls, /^compose version --short$/m, 'with the secret exported, make up goes on');
    } finally {
      rmSync(docker.bin, { recursive: true, force: true });
    }
  });
});

describe('secret values', () => {
  const work = scratchDir('secrets');
  after(() => rmSync(work, { recursive: true, force: true }));

  it('reach no generated file and no line of output, whatever the environment holds', () => {
    const markers = { DB_PASSWORD: 'marker-db-7f3a9c1e5b', API_KEY: 'marker-api-2d8e4f6a0c', GREETING: 'marker-greeting-5e1b' };
    const result = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'bin/generator-lambda-local.ts'), 'demo', '--yes', '--offline', '--secrets', 'DB_PASSWORD,API_KEY', '--variables', 'GREETING=hello'],
      { cwd: work, env: { ...process.env, ...markers }, encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stderr);
    const repo = path.join(work, 'demo');
    const files = listFiles(repo);
    assert.ok(files.includes('template.yaml') && files.includes('localdev/docker-compose.yml'), 'the repo is there to search');
    for (const marker of Object.values(markers)) {
      assert.equal(result.stdout.includes(marker) || result.stderr.includes(marker), false, `${marker} in the output`);
      for (const file of files) assert.equal(readFileSync(path.join(repo, file), 'utf8').includes(marker), false, `${marker} in ${file}`);
    }
    // The names are there: the search would find a value written next to them.
    assert.match(readFileSync(path.join(repo, 'template.yaml'), 'utf8'), /DB_PASSWORD: !Sub/);
  });
});
