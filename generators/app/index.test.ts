import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { shippedPins } from '../../lib/pins/index.ts';
import { collectAnswers } from '../../lib/scaffold/collect-answers.ts';
import { optionTable, type Answers } from '../../lib/scaffold/options.ts';
import { listFiles, runApp } from '../../test/support/generate.ts';
import { scratchDir } from '../../test/support/scratch.ts';

/** Every refused value: the option, the value, a fragment of what is allowed, and what is wrong where more is said. */
const badValues: [option: string, value: string, allowed: string, why?: string][] = [
  ['module', 'not a module', 'Go module path'],
  ['module', 'example/no-dot-host', 'Go module path'],
  ['module', 'example.com//double', 'Go module path'],
  ['arch', 'amd64', 'x86_64, arm64'],
  ['lambda-port', '80', 'from 1024 to 65535'],
  ['lambda-port', '65536', 'from 1024 to 65535'],
  ['lambda-port', 'abc', 'from 1024 to 65535'],
  ['api-port', '1023', 'from 1024 to 65535'],
  ['api-port', '3000.5', 'from 1024 to 65535'],
  ['timeout', '0', 'from 1 to 900'],
  ['timeout', '901', 'from 1 to 900'],
  ['memory', '127', 'from 128 to 10240'],
  ['memory', '10241', 'from 128 to 10240'],
  ['payload', '3.0', '1.0, 2.0'],
  ['routes', 'GET users', 'METHOD /path/{param}', '"GET users" is not "METHOD /path/{param}"'],
  ['routes', 'GET /ok, FETCH /users', 'METHOD /path/{param}', '"FETCH /users" is not "METHOD /path/{param}"'],
  ['routes', 'GET /{proxy+}/more', '{name+} only as the last segment', '"GET /{proxy+}/more" is not'],
  ['routes', 'GET /a, get /a', 'each route once', '"get /a" is listed twice'],
  ['routes', 'GET /ok, POST /_lambda-local/hold', 'none under /_lambda-local/', '"POST /_lambda-local/hold" is under /_lambda-local/, which the emulator keeps for its own endpoints'],
  ['routes', 'GET /o/{id},POST /o/{oid}', 'one variable name at each place in a path', '"POST /o/{oid}" is at odds with "GET /o/{id}": {oid} where it has {id}, and API Gateway takes one variable name at each place in a path'],
  ['routes', 'ANY /{proxy+},GET /{id}/x', 'one variable name at each place in a path', '"GET /{id}/x" is at odds with "ANY /{proxy+}": {id} where it has {proxy+}'],
  ['rie-source', 'curl', 'pinned, download-asset'],
  ['cors', 'yes', 'off, on'],
  ['variables', 'greeting=hello', 'NAME=default', '"greeting" is not a variable name'],
  ['variables', '1ST=x', 'not starting with a digit', '"1ST" is not a variable name'],
  ['variables', 'AWS_REGION=eu-west-1', "none of Lambda's", "AWS_REGION is Lambda's (AWS_* and LAMBDA_* are)"],
  ['variables', 'LAMBDA_TASK_ROOT=/x', "none of Lambda's", "LAMBDA_TASK_ROOT is Lambda's (AWS_* and LAMBDA_* are)"],
  ['variables', '_X_AMZN_TRACE_ID=x', "none of Lambda's", '_X_AMZN_TRACE_ID is reserved by Lambda'],
  ['variables', 'A=1,B=2,A=3', 'each once', 'A is named twice'],
  ['variables', 'GREETING=hello world', 'defaults of letters', 'the default of GREETING, "hello world", has other characters'],
  ['variables', 'TOKEN=${HOME}', 'defaults of letters', 'the default of TOKEN, "${HOME}", has other characters'],
  ['secrets', 'db_password', 'a comma list of names', '"db_password" is not a variable name'],
  ['secrets', '_HANDLER', "none of Lambda's", '_HANDLER is reserved by Lambda'],
  ['secrets', 'AWS_SECRET_ACCESS_KEY', "none of Lambda's", "AWS_SECRET_ACCESS_KEY is Lambda's (AWS_* and LAMBDA_* are)"],
  ['secrets', 'KEY,KEY', 'each once', 'KEY is named twice'],
  ['base-image', 'UPPER/case', 'image reference'],
  ['base-image', 'ghcr.io/x/y:tag\nRUN rm -rf /', 'image reference'],
  ['base-image', 'ghcr.io/x/y@sha256:' + 'a'.repeat(64), 'repository:tag@sha256:<64 hex>, pinned as given'],
];

async function runInEmptyDir(configure: (context: ReturnType<typeof runApp>) => void) {
  const dir = scratchDir('empty');
  const context = runApp(dir);
  configure(context);
  const error = await context.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  return { dir, error };
}

describe('app generator: refused values', () => {
  for (const [option, value, allowed, why] of badValues) {
    it(`refuses --${option} ${JSON.stringify(value)} and writes nothing`, async () => {
      const { dir, error } = await runInEmptyDir((context) =>
        context.withArguments(['demo']).withOptions({ yes: true, offline: true, [option]: value }),
      );
      assert.ok(error instanceof Error, 'the run fails');
      const reason = why === undefined ? '; expected ' : ` (${why}`;
      assert.ok(error.message.startsWith(`--${option}: ${JSON.stringify(value)} is not allowed${reason}`), error.message);
      assert.ok(error.message.includes(allowed), error.message);
      assert.equal(error.message.includes('\n') && !value.includes('\n'), false, 'one line');
      assert.deepEqual(listFiles(dir), []);
    });
  }

  it('refuses a name that is no function name, before creating its folder', async () => {
    const { dir, error } = await runInEmptyDir((context) => context.withArguments(['My Function']).withOptions({ yes: true, offline: true }));
    assert.ok(error instanceof Error);
    assert.match(error.message, /^name: "My Function" is not allowed; expected lower-case letters/);
    assert.deepEqual(listFiles(dir), []);
  });

  it('refuses equal RIE and emulator ports', async () => {
    const { dir, error } = await runInEmptyDir((context) =>
      context.withArguments(['demo']).withOptions({ yes: true, offline: true, 'lambda-port': '4000', 'api-port': '4000' }),
    );
    assert.ok(error instanceof Error);
    assert.match(error.message, /^--api-port: "4000" is not allowed; expected a port different from --lambda-port \(4000\)$/);
    assert.deepEqual(listFiles(dir), []);
  });

  it('refuses a secret given with its value without repeating the value', async () => {
    const { dir, error } = await runInEmptyDir((context) =>
      context.withArguments(['demo']).withOptions({ yes: true, offline: true, secrets: 'API_KEY,DB_PASSWORD=hunter2' }),
    );
    assert.ok(error instanceof Error);
    assert.equal(error.message.startsWith('--secrets: "API_KEY,DB_PASSWORD=…" is not allowed (DB_PASSWORD=… holds a value; secrets are given by name only); expected '), true, error.message);
    assert.doesNotMatch(error.message, /hunter2/);
    assert.deepEqual(listFiles(dir), []);
  });

  it('refuses a secret that is also a variable', async () => {
    const { dir, error } = await runInEmptyDir((context) =>
      context.withArguments(['demo']).withOptions({ yes: true, offline: true, variables: 'GREETING=hi,API_KEY=x', secrets: 'DB_PASSWORD,API_KEY' }),
    );
    assert.ok(error instanceof Error);
    assert.equal(error.message, '--secrets: "DB_PASSWORD,API_KEY" is not allowed; expected names that are not also in --variables (API_KEY is)');
    assert.deepEqual(listFiles(dir), []);
  });

  it("refuses a variable of the REST API handler's CORS origin when --cors on sets it", async () => {
    const { dir, error } = await runInEmptyDir((context) =>
      context.withArguments(['demo']).withOptions({ yes: true, offline: true, payload: '1.0', cors: 'on', variables: 'GREETING=hi,CORS_ALLOW_ORIGIN=x' }),
    );
    assert.ok(error instanceof Error);
    assert.equal(error.message, '--variables: "GREETING=hi,CORS_ALLOW_ORIGIN=x" is not allowed; expected names other than CORS_ALLOW_ORIGIN, which --cors on sets for a REST API (--payload 1.0)');
    assert.deepEqual(listFiles(dir), []);
  });

  it('refuses a base image with no pin known offline, naming the ones it knows', async () => {
    const { dir, error } = await runInEmptyDir((context) =>
      context.withArguments(['demo']).withOptions({ yes: true, offline: true, 'base-image': 'registry.example.com/lambda/al2023:1' }),
    );
    assert.ok(error instanceof Error);
    assert.match(error.message, /^--offline: no digest is known for registry\.example\.com\/lambda\/al2023:1; known: .*lambda-provided-al2023:latest.*Run without --offline to resolve it$/);
    assert.deepEqual(listFiles(dir), []);
  });

  // A repo of the current schema with its one function, so the pins are what is refused.
  const storedFunction = {
    schemaVersion: 2,
    name: 'demo',
    functions: [{ name: 'demo', folder: 'cmd/demo', trigger: 'http', routes: 'ANY /{proxy+}', timeout: 30, memory: 128, variables: '', secrets: '' }],
  };

  it('refuses a hand-edited pin that could break out of a Dockerfile line', async () => {
    const { dir, error } = await runInEmptyDir((context) =>
      context
        .withOptions({ yes: true, offline: true })
        .withYoRcConfig('generator-lambda-local', {
          ...storedFunction,
          pins: {
            images: { 'node:24-alpine': { name: 'node', tag: '24-alpine', digest: 'sha256:abc\nRUN curl evil' } },
            rie: { version: 'v1.35', assets: {} },
          },
        }),
    );
    assert.ok(error instanceof Error);
    assert.match(error.message, /^\.yo-rc\.json "pins"\.images\["node:24-alpine"\]\.digest: .* is not allowed/);
    assert.deepEqual(listFiles(dir).filter((file) => file !== '.yo-rc.json'), []);
  });

  it("refuses a hand-edited pin that puts another image's name in front of a digest", async () => {
    const { dir, error } = await runInEmptyDir((context) =>
      context
        .withOptions({ yes: true, offline: true })
        .withYoRcConfig('generator-lambda-local', {
          ...storedFunction,
          pins: { ...shippedPins, images: { ...shippedPins.images, 'node:24-alpine': { ...shippedPins.images['node:24-alpine'], name: 'evil.example/node' } } },
        }),
    );
    assert.ok(error instanceof Error);
    assert.equal(
      error.message,
      '.yo-rc.json "pins".images["node:24-alpine"].name/tag: "evil.example/node:24-alpine" is not allowed; expected the image its key names, node:24-alpine',
    );
    assert.deepEqual(listFiles(dir).filter((file) => file !== '.yo-rc.json'), []);
  });
});

describe('app generator: answers', () => {
  it('asks every question when nothing is given, and stores the answers', async () => {
    const result = await runApp()
      .withOptions({ offline: true })
      .withAnswers({ name: 'orders', payload: '2.0', arch: 'arm64', apiPort: '3100' });
    const asked = result.askedQuestions.map((question) => question.name);
    // The Go image only matters to download-asset, and the # syntax image stays an option.
    assert.deepEqual(asked, ['name', 'module', 'arch', 'lambdaPort', 'apiPort', 'timeout', 'memory', 'payload', 'routes', 'cors', 'variables', 'secrets', 'rieSource', 'baseImage', 'nodeImage']);
    for (const key of asked) {
      const { question, defaultValue } = optionTable[key as keyof Answers];
      assert.match(question, /\?( \([^)]*\))?$/, `${key}'s prompt is a question`);
      // As inquirer shows it, default included: within an 80-column terminal.
      const shown = `? ${question} (${defaultValue({ folderName: 'orders', earlier: { name: 'orders' }, env: {} })})`;
      assert.ok([...shown].length <= 80, `${shown}: ${[...shown].length} columns`);
    }
    const stored = JSON.parse(readFileSync(path.join(result.cwd, '.yo-rc.json'), 'utf8'))['generator-lambda-local'];
    assert.equal(stored.name, 'orders');
    assert.equal(stored.module, 'example.com/orders', 'the module default follows the name answer');
    assert.equal(stored.payload, '2.0');
    assert.equal(stored.arch, 'arm64');
    assert.equal(stored.apiPort, 3100);
    assert.equal(stored.pins.rie.version.startsWith('v'), true);
  });

  it('asks nothing already answered when run again in the same repo, and keeps user-owned files', async () => {
    const dir = scratchDir('rerun');
    await runApp(dir).withOptions({ yes: true, offline: true, payload: '2.0', memory: '512' });
    writeFileSync(path.join(dir, 'main.go'), 'package main // mine\n');
    const second = await runApp(dir).withOptions({ offline: true, force: true });
    assert.deepEqual(second.askedQuestions, []);
    assert.equal(readFileSync(path.join(dir, 'main.go'), 'utf8'), 'package main // mine\n');
    assert.match(readFileSync(path.join(dir, 'localdev/docker-compose.yml'), 'utf8'), /mem_limit: 512m/);
  });

  it('takes route methods in either case at the prompt and stores them in upper case', async () => {
    const result = await runApp()
      .withOptions({ offline: true })
      .withAnswers({ name: 'orders', routes: 'get /orders/{id}, Post /orders' });
    const stored = JSON.parse(readFileSync(path.join(result.cwd, '.yo-rc.json'), 'utf8'))['generator-lambda-local'];
    assert.equal(stored.functions[0].routes, 'GET /orders/{id},POST /orders');
  });

  it('names the wrong route at the routes prompt', async () => {
    const messages: string[] = [];
    await collectAnswers({
      known: {},
      acceptDefaults: false,
      folderName: 'demo',
      ask: async (question) => {
        if (question.key === 'routes') {
          messages.push(String(question.validate('GET /ok, FETCH /orders')));
          assert.equal(question.validate('get /ok, post /orders'), true);
        }
        return question.defaultValue;
      },
    });
    assert.equal(messages.length, 1);
    assert.match(messages[0] ?? '', /^"FETCH \/orders" is not "METHOD \/path\/\{param\}" with METHOD one of /);
  });

  it('takes routes whose sibling variables share their names', async () => {
    const result = await runApp()
      .withArguments(['orders'])
      .withOptions({ yes: true, offline: true, routes: 'GET /o/{id},POST /o/{id}/items,GET /o/list,GET /u/{name}' });
    const stored = JSON.parse(readFileSync(path.join(result.cwd, 'orders/.yo-rc.json'), 'utf8'))['generator-lambda-local'];
    assert.equal(stored.functions[0].routes, 'GET /o/{id},POST /o/{id}/items,GET /o/list,GET /u/{name}');
  });

  it('asks for the Go image of download-asset only when download-asset is chosen, and stores the defaults of what it does not ask', async () => {
    const result = await runApp()
      .withOptions({ offline: true })
      .withAnswers({ name: 'orders', rieSource: 'download-asset', golangImage: 'golang:1-alpine' });
    const asked = result.askedQuestions.map((question) => question.name);
    assert.deepEqual(asked.slice(-3), ['baseImage', 'nodeImage', 'golangImage']);
    const stored = JSON.parse(readFileSync(path.join(result.cwd, '.yo-rc.json'), 'utf8'))['generator-lambda-local'];
    assert.equal(stored.golangImage, 'golang:1-alpine');
    assert.equal(stored.syntaxImage, 'docker/dockerfile:1', 'never asked, its default stored');
  });

  it('refuses a port clash at the second port\'s prompt, not after the last question', async () => {
    const refusals: (string | true)[] = [];
    let askedAfterClash = 0;
    await collectAnswers({
      known: {},
      acceptDefaults: false,
      folderName: 'demo',
      ask: async (question) => {
        if (question.key === 'lambdaPort') return '4000';
        if (question.key === 'apiPort') {
          refusals.push(question.validate('4000'), question.validate('4001'));
          return '4001';
        }
        if (refusals.length > 0) askedAfterClash++;
        return question.defaultValue;
      },
    });
    assert.deepEqual(refusals, ['--api-port: "4000" is not allowed; expected a port different from --lambda-port (4000)', true]);
    assert.ok(askedAfterClash > 0, 'the questions after it were still to come');
  });

  it('defaults the name to the folder name, made valid', async () => {
    const root = path.join(scratchDir('name'), 'My Service_v2');
    mkdirSync(root);
    await runApp(root).withOptions({ yes: true, offline: true });
    const stored = JSON.parse(readFileSync(path.join(root, '.yo-rc.json'), 'utf8'))['generator-lambda-local'];
    assert.equal(stored.name, 'my-service_v2');
    assert.ok(existsSync(path.join(root, 'localdev/Dockerfile')));
  });
});
