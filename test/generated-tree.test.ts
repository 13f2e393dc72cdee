import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { readConfig } from '../emulator/src/config.ts';
import { batchKinds, eventKinds } from '../emulator/src/sample-events.ts';
import { packageVersion } from '../lib/scaffold/package-root.ts';
import { shippedPins } from '../lib/pins/index.ts';
import { addFlags, composeSchemaErrors, dockerfileDirectives, fromLines, instructionKeywords, parseCloudFormation, run } from './support/checks.ts';
import { generate, isExecutable, listFiles, repoRoot, type Generated } from './support/generate.ts';
import { closedPort } from './support/loopback-server.ts';
import { scratchDir } from './support/scratch.ts';

interface AnswerSet {
  readonly title: string;
  readonly options: Record<string, string>;
  readonly goArch: 'amd64' | 'arm64';
  readonly eventFile: string;
}

const answerSets: AnswerSet[] = [
  {
    title: 'payload 1.0, x86_64, pinned RIE',
    options: { arch: 'x86_64', payload: '1.0', 'rie-source': 'pinned' },
    goArch: 'amd64',
    eventFile: 'events/api-gateway-v1.json',
  },
  {
    title: 'payload 2.0, arm64, download-asset RIE',
    options: { arch: 'arm64', payload: '2.0', 'rie-source': 'download-asset', cors: 'on', variables: 'GREETING=hello', secrets: 'DB_PASSWORD,API_KEY' },
    goArch: 'arm64',
    eventFile: 'events/http-api-v2.json',
  },
  {
    title: 'payload 2.0, x86_64, pinned RIE, custom ports, memory and routes',
    options: {
      arch: 'x86_64',
      payload: '2.0',
      'rie-source': 'pinned',
      'lambda-port': '9100',
      'api-port': '8088',
      memory: '1024',
      timeout: '10',
      routes: 'GET /users/{id}, POST /users, ANY /files/{path+}',
      module: 'git.example.org/platform/users-fn',
    },
    goArch: 'amd64',
    eventFile: 'events/http-api-v2.json',
  },
  {
    title: 'payload 1.0, arm64, download-asset RIE',
    options: { arch: 'arm64', payload: '1.0', 'rie-source': 'download-asset' },
    goArch: 'arm64',
    eventFile: 'events/api-gateway-v1.json',
  },
];

/** The emulator's folder in this package, which every generated repo gets whole. */
const emulatorFiles = listFiles(path.join(repoRoot, 'emulator/src'));
/** The libraries vendored beside it, which every repo gets too: the api service installs nothing. */
const vendoredFiles = listFiles(path.join(repoRoot, 'emulator/vendor'));

const expectedTree = (eventFile: string) =>
  [
    '.env.example',
    '.gitignore',
    '.yo-rc.json',
    'Makefile',
    'README.md',
    eventFile,
    'go.mod',
    'localdev/.dockerignore',
    'localdev/Dockerfile',
    'localdev/docker-compose.yml',
    'localdev/entrypoint.sh',
    'localdev/generator.sh',
    'localdev/proxy/package.json',
    'localdev/proxy/package-lock.json',
    ...emulatorFiles.map((file) => `localdev/proxy/src/${file}`),
    'localdev/proxy/tsconfig.json',
    // croner, which reads cron() schedules, with its licence and where it came from.
    'localdev/proxy/vendor/croner/LICENSE',
    'localdev/proxy/vendor/croner/README.md',
    'localdev/proxy/vendor/croner/croner.cjs',
    'localdev/reload.sh',
    'localdev/var-runtime/.gitkeep',
    // A new repo's one function, named after the repo, in cmd/<name>/ as Go teams lay out several.
    'cmd/demo/main.go',
    'cmd/demo/main_test.go',
    'template.yaml',
  ].sort();

/** Paths of null or empty-string values in a parsed YAML document. */
function emptyYamlValues(value: unknown, at = ''): string[] {
  if (value === null || value === '') return [at];
  if (typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => emptyYamlValues(inner, `${at}.${key}`));
}

type ComposeService = Record<string, unknown> & { environment: Record<string, string> };
interface ComposeFile {
  services: { demo: ComposeService; api: ComposeService };
  secrets?: Record<string, { environment: string } | { file: string }>;
  networks: Record<string, { driver: string }>;
}

for (const set of answerSets) {
  describe(`generated repo: ${set.title}`, () => {
    let repo: Generated;
    const option = (name: string, fallback: string) => set.options[name] ?? fallback;
    const downloadAsset = set.options['rie-source'] === 'download-asset';

    it('writes exactly the expected tree', async () => {
      repo = await generate(set.options);
      assert.deepEqual(repo.files(), expectedTree(set.eventFile));
      for (const script of ['localdev/entrypoint.sh', 'localdev/reload.sh', 'localdev/generator.sh']) assert.ok(isExecutable(path.join(repo.dir, script)), `${script} is executable`);
    });

    it('leaves no template syntax and no empty values in any file', () => {
      for (const file of repo.files()) {
        const text = repo.read(file);
        // download-asset's own Go-template pattern and CloudFormation's dynamic references are the legitimate `{{`.
        const stripped = text.replaceAll("'aws-lambda-rie-{{.Arch}}'", '').replaceAll('{{resolve:secretsmanager:', '');
        assert.doesNotMatch(stripped, /\{\{/, `${file} has template syntax left`);
        // Sources copied verbatim (Go, TypeScript, vendored JavaScript) may say `undefined` themselves.
        if (!/\.(ts|go|cjs)$/.test(file)) assert.doesNotMatch(text, /\bundefined\b|\[object Object\]/, `${file} printed a missing value`);
        // FN is empty on purpose: no function named means every function.
        if (file === 'Makefile') assert.doesNotMatch(text.replace(/^FN \?=$/m, ''), /^\w+ *(:=|\?=|=) *$/m, 'Makefile has an empty variable');
        if (file.endsWith('Dockerfile')) assert.doesNotMatch(text, /^(FROM|ADD|COPY)\s*$|=\s*$| \s*\\\n\s*\\$/m, 'Dockerfile has an empty value');
        if (file.endsWith('.yml')) assert.deepEqual(emptyYamlValues(parseYaml(text)), [], `${file} has empty values`);
        if (file.endsWith('.yaml')) assert.deepEqual(emptyYamlValues(parseCloudFormation(text)), [], `${file} has empty values`);
      }
    });

    it('has a compose file valid against the Compose Specification, wired as intended', () => {
      const document = parseYaml(repo.read('localdev/docker-compose.yml')) as ComposeFile;
      assert.deepEqual(composeSchemaErrors(document), []);
      assert.equal('version' in document, false);
      // One service per function, named after it, and the emulator.
      assert.deepEqual(Object.keys(document.services), ['demo', 'api']);
      const { demo: lambda, api } = document.services;
      // RIE publishes nothing, so a function scales (--scale demo=N); the emulator serves the API
      // and the Lambda Invoke API, on the ports the answers name.
      assert.equal(lambda.ports, undefined);
      assert.deepEqual(api.ports, [`127.0.0.1:${option('api-port', '3000')}:3000`, `127.0.0.1:${option('lambda-port', '9000')}:9000`]);
      assert.equal(api.environment.INVOKE_PORT, '9000');
      assert.equal(lambda.platform, `linux/${set.goArch}`);
      assert.equal(lambda.mem_limit, `${option('memory', '128')}m`);
      assert.equal(lambda.pid, undefined);
      assert.deepEqual(lambda.volumes, ['./var-runtime/demo:/var/runtime:ro']);
      assert.deepEqual(lambda.extra_hosts, ['host.docker.internal:host-gateway']);
      const [network] = Object.keys(document.networks);
      assert.equal(document.networks[network ?? '']?.driver, 'bridge');
      assert.deepEqual(lambda.networks, [network]);
      assert.deepEqual(api.networks, [network]);
      assert.equal(lambda.environment.AWS_LAMBDA_FUNCTION_TIMEOUT, option('timeout', '30'));
      assert.equal(lambda.environment.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, option('memory', '128'));
      assert.equal(lambda.environment.AWS_LAMBDA_FUNCTION_NAME, 'demo');
      // `$$` is compose's literal `$`: the container sees $LATEST.
      assert.equal(lambda.environment.AWS_LAMBDA_FUNCTION_VERSION, '$$LATEST');
      for (const name of [
        'LOG_LEVEL', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME',
        'AWS_LAMBDA_INITIALIZATION_TYPE', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR', '_HANDLER',
      ]) {
        assert.ok(lambda.environment[name], `lambda sets ${name}`);
      }
      // Only the variables the function declares reach it, as in AWS: no env_file passes others.
      assert.equal(lambda.env_file, undefined);
      assert.equal(lambda.environment.GREETING, set.options.variables ? '${GREETING:-hello}' : undefined);
      const nodePin = shippedPins.images['node:24-alpine'];
      assert.equal(api.image, `node:24-alpine@${nodePin?.digest}`);
      assert.equal(api.environment.PAYLOAD_VERSION, option('payload', '1.0'));
      assert.equal(api.environment.FUNCTIONS, 'demo');
      assert.equal(api.environment.DEMO_UPSTREAMS, 'http://demo:8080');
      // API Gateway waits 29 s on a REST API, 30 s on an HTTP API.
      const gatewaySeconds = option('payload', '1.0') === '1.0' ? 29 : 30;
      assert.equal(api.environment.GATEWAY_TIMEOUT_MS, String(gatewaySeconds * 1000));
      assert.equal(api.environment.DEMO_TIMEOUT_MS, String(Number(option('timeout', '30')) * 1000));
      // Stopping, the emulator may wait for both before RIE is free: compose must not kill it sooner.
      assert.equal(api.stop_grace_period, `${gatewaySeconds + Number(option('timeout', '30')) + 5}s`);
      // The control token: a file make up writes, mounted as a secret the emulator reads.
      assert.equal(api.environment.CONTROL_TOKEN_FILE, '/run/secrets/lambda_local_control_token');
      assert.deepEqual(api.secrets, ['lambda_local_control_token']);
      assert.deepEqual(document.secrets?.lambda_local_control_token, { file: './.control-token' });
      assert.match(repo.read('.gitignore'), /^\/localdev\/\.control-token$/m);
      // The emulator reads what compose sets ($$ is compose's literal $) as the answers meant it;
      // the token's file exists only in the container.
      const { CONTROL_TOKEN_FILE: _tokenFile, ...environment } = api.environment;
      const config = readConfig(Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, value.replaceAll('$$', '$')])));
      assert.equal(config.port, 3000);
      assert.equal(config.payloadVersion, option('payload', '1.0'));
      assert.equal(config.functions.length, 1);
      const [fn] = config.functions;
      assert.equal(fn?.name, 'demo');
      assert.deepEqual(fn?.routes.map(({ method, path }) => `${method} ${path}`).join(','), option('routes', 'ANY /{proxy+}').split(',').map((route) => route.trim()).join(','));
      assert.equal(config.stage, option('payload', '1.0') === '1.0' ? 'local' : '$default');
      assert.equal(config.gatewayTimeoutMs, gatewaySeconds * 1000);
      assert.equal(fn?.functionTimeoutMs, Number(option('timeout', '30')) * 1000);
      assert.deepEqual(fn?.upstreams.map(String), ['http://demo:8080/']);
      assert.equal(config.invokePort, 9000);
      assert.equal(api.environment.CORS, option('cors', 'off'));
      // The build's token and the function's secrets, each from the shell running compose.
      const functionSecrets = set.options.secrets?.split(',') ?? [];
      assert.deepEqual(lambda.secrets, set.options.secrets ? functionSecrets : undefined);
      assert.deepEqual((lambda.build as { secrets?: string[] }).secrets, downloadAsset ? ['github_token'] : undefined);
      const fromShell = [...(downloadAsset ? [['github_token', 'GITHUB_TOKEN']] : []), ...functionSecrets.map((name) => [name, name])];
      const { lambda_local_control_token: _token, ...shellSecrets } = document.secrets ?? {};
      assert.deepEqual(shellSecrets, Object.fromEntries(fromShell.map(([name, variable]) => [name, { environment: variable }])));
    });

    it("has the emulator exactly as this package's emulator/ folder holds it", () => {
      for (const file of emulatorFiles) {
        assert.equal(repo.read(`localdev/proxy/src/${file}`), readFileSync(path.join(repoRoot, 'emulator/src', file), 'utf8'), file);
      }
      for (const file of ['package.json', 'package-lock.json', 'tsconfig.json']) {
        assert.equal(repo.read(`localdev/proxy/${file}`), readFileSync(path.join(repoRoot, 'emulator', file), 'utf8'), file);
      }
      for (const file of vendoredFiles) {
        assert.ok(readFileSync(path.join(repo.dir, 'localdev/proxy/vendor', file)).equals(readFileSync(path.join(repoRoot, 'emulator/vendor', file))), `vendor/${file}`);
      }
    });

    it('has an emulator whose every relative import and require is a generated file', () => {
      const files = repo.files();
      const sources = files.filter((file) => file.startsWith('localdev/proxy/src/'));
      assert.ok(sources.includes('localdev/proxy/src/server.ts'));
      const required: string[] = [];
      for (const source of sources) {
        // import … from './x.ts', and createRequire(…)('../vendor/…') for what loads lazily.
        for (const [, from, lazily] of repo.read(source).matchAll(/from '(\.[^']+)'|\)\('(\.[^']+)'\)/g)) {
          const imported = from ?? lazily ?? '';
          const target = path.posix.join(path.posix.dirname(source), imported);
          assert.ok(files.includes(target), `${source} imports ${imported}, which is not generated`);
          if (lazily) required.push(target);
        }
      }
      assert.deepEqual(required, ['localdev/proxy/vendor/croner/croner.cjs'], 'croner, required on the first cron() expression');
    });

    it("scales every function without an override file: make up passes --scale for each", () => {
      // RIE publishes no host port (the compose test), so N replicas of a function need nothing else.
      assert.equal(existsSync(path.join(repo.dir, 'localdev/docker-compose.scale.yml')), false);
      assert.match(run('make', ['-n', 'up', 'SCALE=4'], repo.dir).stdout, /^docker compose --file localdev\/docker-compose\.yml +up --build --detach --scale demo=4$/m);
    });

    it('has a Dockerfile whose every image is pinned by digest', () => {
      const dockerfile = repo.read('localdev/Dockerfile');
      const froms = fromLines(dockerfile);
      const stages = new Set(froms.map((from) => from.stage).filter((stage) => stage !== undefined));
      const images = froms.filter((from) => !stages.has(from.image.replace('${TARGETARCH}', 'amd64')));
      assert.ok(images.length >= 2, 'at least a RIE stage and the final stage');
      for (const { image } of images) assert.match(image, /^[^@\s]+:[^@\s]+@sha256:[0-9a-f]{64}$/, `FROM ${image}`);
      const base = shippedPins.images['ghcr.io/northwood-labs/lambda-provided-al2023:latest'];
      assert.equal(froms.at(-1)?.image, `${base?.name}:${base?.tag}@${base?.digest}`);
      const syntax = dockerfileDirectives(dockerfile).find((directive) => directive.directive === 'syntax');
      assert.match(syntax?.value ?? '', /^docker\/dockerfile:1@sha256:[0-9a-f]{64}$/);
      assert.equal(instructionKeywords(dockerfile).at(-1), 'ENTRYPOINT');
      // Flags Docker 20.10's built-in frontend lacks or ignores for URL sources.
      assert.deepEqual(addFlags(dockerfile).filter((flag) => flag === 'checksum' || flag === 'chmod'), []);
      assert.doesNotMatch(dockerfile, /^(ARG|ENV) GITHUB_TOKEN/m);
    });

    it('checks the RIE asset against its pinned sha256 before using it', () => {
      const dockerfile = repo.read('localdev/Dockerfile');
      const { rie } = shippedPins;
      for (const asset of Object.values(rie.assets)) assert.ok(dockerfile.includes(asset.sha256), `sha256 ${asset.sha256}`);
      assert.match(dockerfile, /sha256sum -c -/);
      assert.match(dockerfile, /chmod 0755 \/usr\/local\/bin\/aws-lambda-rie/);
      if (downloadAsset) {
        assert.match(dockerfile, /RUN --mount=type=secret,id=github_token/);
        assert.match(dockerfile, new RegExp(`--tag ${rie.version}\\b`));
        assert.match(dockerfile, /--pattern 'aws-lambda-rie-\{\{\.Arch\}\}'/);
        assert.match(dockerfile, /--intel64 x86_64/);
        assert.match(dockerfile, /--arm64 arm64/);
        assert.doesNotMatch(dockerfile, /--tag latest/);
      } else {
        for (const [stage, asset] of [['rie-amd64', rie.assets.x86_64], ['rie-arm64', rie.assets.arm64]] as const) {
          const section = dockerfile.slice(dockerfile.indexOf(`AS ${stage}`));
          assert.ok(section.startsWith(`AS ${stage}\nADD ${asset.url} /usr/local/bin/aws-lambda-rie\nRUN echo "${asset.sha256}  `), stage);
        }
        assert.match(dockerfile, /^FROM rie-\$\{TARGETARCH\} AS rie$/m);
      }
    });

    it('has shell scripts that shellcheck passes', () => {
      for (const script of ['localdev/entrypoint.sh', 'localdev/reload.sh', 'localdev/generator.sh']) {
        const result = run('shellcheck', ['--shell=sh', script], repo.dir);
        assert.equal(result.status, 0, result.stdout + result.stderr);
        assert.match(repo.read(script), /^#!\/bin\/sh\n/);
      }
    });

    it('has a Makefile whose targets print the real commands', () => {
      const compile = run('make', ['-n', 'compile'], repo.dir);
      // -a would compile the standard library again on every build: tens of seconds for nothing.
      assert.doesNotMatch(compile.stdout, / -a /);
      assert.equal(compile.status, 0, compile.stderr);
      assert.ok(
        compile.stdout.split('\n').includes(
          `CGO_ENABLED=0 GOOS=linux GOARCH=${set.goArch} go build -trimpath -ldflags="-s -w" -tags lambda.norpc -o localdev/var-runtime/demo/bootstrap ./cmd/demo`,
        ),
        compile.stdout,
      );
      // make build: reload.sh compiles the functions and restarts those whose bootstrap changed.
      const build = run('make', ['-n', 'build'], repo.dir);
      assert.equal(build.stdout.split('\n').at(-2), 'sh localdev/reload.sh build demo', build.stdout);
      const expectations: Record<string, RegExp> = {
        compile: /^CGO_ENABLED=0 GOOS=linux .* -o localdev\/var-runtime\/demo\/bootstrap \.\/cmd\/demo$/m,
        watch: /^sh localdev\/reload\.sh watch demo$/m,
        test: /^go test \.\/\.\.\.$/m,
        up: /^docker compose --file localdev\/docker-compose\.yml +up --build --detach --scale demo=1$/m,
        down: /^docker compose --file localdev\/docker-compose\.yml down$/m,
        logs: /^docker compose --file localdev\/docker-compose\.yml logs --follow $/m,
        'logs FN=demo': /^docker compose --file localdev\/docker-compose\.yml logs --follow demo$/m,
        // Through the emulator's Lambda Invoke API, on the port the answers name, to the function by its name.
        'invoke': new RegExp(`^curl .*--data-binary @${set.eventFile.replace('.', '\\.')} \\\\\nhttp://127\\.0\\.0\\.1:${option('lambda-port', '9000')}/2015-03-31/functions/demo/invocations \\|\\| \\{`, 'm'),
        clean: /^rm -rf localdev\/var-runtime\/\*\/ dist\/$/m,
        zip: /^CGO_ENABLED=0 .*\nmkdir -p dist\nfor fn in demo; do rm -f dist\/\$fn\.zip && zip -j -X dist\/\$fn\.zip localdev\/var-runtime\/\$fn\/bootstrap \|\| exit 1; done$/m,
        deploy: /^sam build\nsam deploy --guided$/m,
        'build-DemoFunction': new RegExp(`^CGO_ENABLED=0 GOOS=linux GOARCH=${set.goArch} go build -trimpath -ldflags="-s -w" -tags lambda\\.norpc -o /sam/artifacts/bootstrap \\./cmd/demo\nchmod 0755 /sam/artifacts/bootstrap$`, 'm'),
        // The newest generator to be had, chosen by localdev/generator.sh (test/newest-generator.test.ts).
        bump: /^sh localdev\/generator\.sh bump $/m,
        upgrade: /^sh localdev\/generator\.sh upgrade $/m,
      };
      const passed = run('make', ['-n', 'bump', 'ARGS=--offline --check'], repo.dir);
      assert.match(passed.stdout, /^sh localdev\/generator\.sh bump --offline --check$/m);
      // A .env gives compose the values of the function's variables.
      writeFileSync(path.join(repo.dir, '.env'), 'GREETING=hi\n');
      try {
        assert.match(run('make', ['-n', 'up'], repo.dir).stdout, /^docker compose --file localdev\/docker-compose\.yml --env-file \.env +up /m);
      } finally {
        rmSync(path.join(repo.dir, '.env'));
      }
      for (const [target, expected] of Object.entries(expectations)) {
        const result = run('make', ['-n', ...target.split(' '), 'ARTIFACTS_DIR=/sam/artifacts'], repo.dir);
        assert.equal(result.status, 0, `make -n ${target}: ${result.stderr}`);
        assert.match(result.stdout, expected, `make -n ${target}`);
        // Compiling and packaging restart nothing.
        if (target === 'compile' || target === 'zip') assert.doesNotMatch(result.stdout, /reload/, `make -n ${target}`);
      }
    });

    it('lists every target with one line under make help, within 80 columns', () => {
      const help = run('make', ['--no-print-directory', 'help'], repo.dir);
      assert.equal(help.status, 0, help.stderr);
      const listed = help.stdout.trimEnd().split('\n');
      const targets = listed.map((line) => /^ {2}make (\S+) +\S/.exec(line)?.[1]);
      assert.deepEqual(targets, ['build', 'compile', 'watch', 'test', 'up', 'down', 'logs', 'invoke', 'event', 'send', 'clean', 'zip', 'deploy', 'bump', 'upgrade', 'help']);
      for (const line of listed) assert.ok(line.length <= 80, `${line.length} columns: ${line}`);
      // Phony targets without a line would be missing from the list; SAM's own is not for people,
      // nor the check every go target runs first.
      const phony = /^\.PHONY: (.*)$/m.exec(repo.read('Makefile'))?.[1]?.split(' ').sort();
      assert.deepEqual(phony, [...targets, 'build-DemoFunction', 'go-check'].sort());
    });

    it('says what to do when make invoke finds nothing listening, and when make up, down or logs lack what they need', async () => {
      const closed = await closedPort();
      // The Invoke API's address as the Makefile has it, with the port swapped for one nothing listens on.
      const invokeUrl = `http://127.0.0.1:${option('lambda-port', '9000')}`;
      assert.match(repo.read('Makefile'), new RegExp(`^INVOKE_URL := ${invokeUrl.replaceAll('.', '\\.')}$`, 'm'));
      const invoke = run('make', ['--no-print-directory', 'invoke', 'FN=demo', `INVOKE_URL=http://127.0.0.1:${closed}`], repo.dir);
      assert.equal(invoke.status, 2);
      assert.match(invoke.stderr, /^curl: \(7\) /m);
      assert.match(invoke.stderr, new RegExp(`^make invoke: nothing listens on http://127\\.0\\.0\\.1:${closed}; start the functions with make up`, 'm'));
      // Without FN, make invoke sends to the only function; with two, it names them.
      const unnamed = run('make', ['--no-print-directory', '--dry-run', 'invoke'], repo.dir);
      assert.match(unnamed.stdout, /\/2015-03-31\/functions\/demo\/invocations/);
      const two = run('make', ['--no-print-directory', 'invoke', 'FUNCTIONS=demo worker'], repo.dir);
      assert.equal(two.status, 2);
      assert.equal(two.stderr.split('\n')[0], 'make invoke: name the function, FN=name: one of demo worker');

      // A docker that answers `compose version --short` as told, and records any other call.
      const bin = scratchDir('docker');
      writeFileSync(path.join(bin, 'docker'), '#!/bin/sh\nif [ "$*" = "compose version --short" ]; then [ -n "$COMPOSE_VERSION" ] && echo "$COMPOSE_VERSION"; exit $?; fi\necho "$*" >> "$0.calls"\n', { mode: 0o755 });
      const up = (composeVersion: string, token = 'a-token') => {
        rmSync(path.join(bin, 'docker.calls'), { force: true });
        const result = run('make', ['--no-print-directory', 'up'], repo.dir, { ...process.env, PATH: `${bin}:${process.env.PATH}`, COMPOSE_VERSION: composeVersion, GITHUB_TOKEN: token, DB_PASSWORD: 'a secret', API_KEY: 'another' });
        return { ...result, calls: existsSync(path.join(bin, 'docker.calls')) ? readFileSync(path.join(bin, 'docker.calls'), 'utf8') : '' };
      };
      mkdirSync(path.join(repo.dir, 'localdev/var-runtime/demo'), { recursive: true });
      writeFileSync(path.join(repo.dir, 'localdev/var-runtime/demo/bootstrap'), '');
      try {
        // Compose 2.7 is the first to take a secret from an environment variable.
        for (const [version, says] of [['', 'no Compose v2 plugin'], ['2.6.1', '2.6.1'], ['1.29.2', '1.29.2']]) {
          const refused = up(version ?? '');
          assert.equal(refused.status, 2, `Compose ${version}`);
          assert.equal(refused.stderr.split('\n')[0], `make up needs Docker Compose v2.7 or newer; docker compose version says: ${says}`);
          assert.equal(refused.calls, '', 'nothing started');
        }
        // down and logs check first too: without Compose v2, docker would say `unknown flag: --file`.
        for (const target of ['down', 'logs']) {
          const refused = run('make', ['--no-print-directory', target], repo.dir, { ...process.env, PATH: `${bin}:${process.env.PATH}`, COMPOSE_VERSION: '' });
          assert.equal(refused.status, 2, target);
          assert.equal(refused.stderr.split('\n')[0], `make ${target} needs Docker Compose v2.7 or newer; docker compose version says: no Compose v2 plugin`);
          assert.equal(existsSync(path.join(bin, 'docker.calls')) ? readFileSync(path.join(bin, 'docker.calls'), 'utf8') : '', '', `make ${target} ran nothing`);
        }
        for (const version of ['2.7.0', '2.40.3', '3.0.0']) {
          const started = up(version);
          assert.equal(started.status, 0, started.stderr);
          assert.match(started.calls, /^compose --file localdev\/docker-compose\.yml +up --build --detach --scale demo=1$/m, `Compose ${version}`);
        }
        const tokenless = up('2.7.0', '');
        if (downloadAsset) {
          assert.equal(tokenless.status, 2);
          assert.equal(tokenless.stderr.split('\n')[0], 'make up: export GITHUB_TOKEN first; the image build hands it to download-asset as a BuildKit secret');
        } else {
          assert.equal(tokenless.status, 0, 'only download-asset mode needs the token');
        }
      } finally {
        rmSync(path.join(repo.dir, 'localdev/var-runtime/demo'), { recursive: true });
        rmSync(bin, { recursive: true, force: true });
      }
    });

    it("stops every target that runs go with one line when go is older than go.mod's go line, before go does anything", () => {
      const needed = /^go (\d+\.\d+)$/m.exec(repo.read('go.mod'))?.[1];
      assert.ok(needed, "go.mod's go line");
      // A go that answers `version` as told, and records any other call.
      const bin = scratchDir('go');
      const calls = path.join(bin, 'go.calls');
      writeFileSync(path.join(bin, 'go'), '#!/bin/sh\nif [ "$*" = version ]; then echo "go version $GO_VERSION linux/amd64"; exit 0; fi\necho "$*" >> "$0.calls"\n', { mode: 0o755 });
      const make = (target: string, goVersion: string) => {
        rmSync(calls, { force: true });
        // A time limit: make watch that went past the check would poll until stopped.
        const result = spawnSync('make', ['--no-print-directory', target, `ARTIFACTS_DIR=${bin}`], {
          cwd: repo.dir,
          env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, GO_VERSION: goVersion },
          encoding: 'utf8',
          timeout: 30_000,
        });
        return { ...result, calls: existsSync(calls) ? readFileSync(calls, 'utf8') : '' };
      };
      try {
        // Debian 12's golang-go, and the last release before the one go.mod names.
        for (const old of ['go1.19.8', `go1.${Number(needed.split('.')[1]) - 1}.9`]) {
          for (const target of ['compile', 'build', 'watch', 'test', 'build-DemoFunction']) {
            const refused = make(target, old);
            assert.equal(refused.status, 2, `make ${target} with ${old}`);
            const [line, ...rest] = refused.stderr.trimEnd().split('\n');
            assert.equal(line, `make ${target} needs Go ${needed} or newer (go.mod); go version says: ${old}; install a newer Go from https://go.dev/dl and put it first on PATH`);
            assert.deepEqual(rest.filter((other) => !other.startsWith('make: *** ')), [], `one line, then make's own, for make ${target}`);
            assert.equal(refused.calls, '', `go ran nothing else for make ${target}`);
          }
        }
        // That release, a release candidate of it, a newer one and a development build pass.
        for (const version of [`go${needed}.0`, `go${needed}rc1`, 'go1.26.8', 'devel go1.27-1a2b3c4d']) {
          const passed = make('compile', version);
          assert.equal(passed.status, 0, `${version}: ${passed.stderr}`);
          assert.match(passed.calls, /^build -trimpath /m, version);
        }
      } finally {
        rmSync(bin, { recursive: true, force: true });
      }
    });

    it('has a Go handler for the chosen payload and a module for the chosen path', () => {
      const v1 = set.options.payload === '1.0';
      const main = repo.read('cmd/demo/main.go');
      assert.match(main, v1 ? /events\.APIGatewayProxyRequest\) \(events\.APIGatewayProxyResponse, error\)/ : /events\.APIGatewayV2HTTPRequest\) \(events\.APIGatewayV2HTTPResponse, error\)/);
      assert.match(repo.read('cmd/demo/main_test.go'), /tests := \[\]struct/);
      assert.match(repo.read('go.mod'), new RegExp(`^module ${option('module', 'example.com/demo').replaceAll('.', '\\.')}$`, 'm'));
      assert.match(repo.read('go.mod'), /^require github\.com\/aws\/aws-lambda-go v\d+\.\d+\.\d+$/m);
      const event = JSON.parse(repo.read(set.eventFile)) as Record<string, unknown>;
      assert.equal('httpMethod' in event, v1);
      assert.equal(event.version, v1 ? undefined : '2.0');
    });
  });
}

describe('generated Makefile, offline', () => {
  const hint =
    'make compile: Go could not download a module; check GOPROXY (go env GOPROXY). Offline, GOFLAGS=-mod=mod GOPROXY=off builds from a module cache that holds them, or run go mod vendor while online';
  /** The machine's Go with its own proxy, GOFLAGS unset, and a module cache of the test's own. */
  const goEnv = (moduleCache: string, extra: NodeJS.ProcessEnv = {}) => {
    const { GOFLAGS: _unset, ...env } = process.env;
    return { ...env, GOMODCACHE: moduleCache, ...extra };
  };
  const make = (dir: string, target: string, env: NodeJS.ProcessEnv) => run('make', ['--no-print-directory', target], dir, env);
  const bootstrap = (dir: string) => path.join(dir, 'localdev/var-runtime/demo/bootstrap');

  it('names GOPROXY and GOFLAGS=-mod=mod when a module cannot be downloaded, and both ways it names work', async () => {
    const empty = scratchDir('gomodcache-empty');
    const filled = scratchDir('gomodcache');
    try {
      const repo = await generate({ arch: 'x86_64' });
      // A new repo, no go.sum yet: nothing to download from, nothing in the cache.
      for (const proxy of ['off', 'https://proxy.invalid']) {
        const offline = make(repo.dir, 'compile', goEnv(empty, { GOPROXY: proxy }));
        assert.equal(offline.status, 2, `GOPROXY=${proxy}`);
        // Go's own error first.
        assert.match(offline.stderr, proxy === 'off' ? /aws-lambda-go.*: module lookup disabled by GOPROXY=off$/m : /aws-lambda-go.*: dial tcp: lookup proxy\.invalid/m);
        assert.equal(offline.stderr.split('\n').filter((line) => line.startsWith('make ')).join('\n'), hint, `GOPROXY=${proxy}: the hint, once`);
        assert.equal(existsSync(path.join(repo.dir, 'go.sum')), false, 'go mod tidy did not run');
      }

      // Online, into a cache of the test's own (writable, so the test can remove it).
      const online = make(repo.dir, 'compile', goEnv(filled, { GOFLAGS: '-modcacherw' }));
      assert.equal(online.status, 0, online.stderr);
      // A clone of that repo, go.sum and all, on a machine that has none of its modules.
      rmSync(bootstrap(repo.dir));
      const clone = make(repo.dir, 'compile', goEnv(empty, { GOPROXY: 'off' }));
      assert.equal(clone.status, 2);
      assert.ok(clone.stderr.split('\n').includes(hint), clone.stderr);
      assert.equal(existsSync(bootstrap(repo.dir)), false);

      // What the hint says: with the modules in the cache, GOFLAGS=-mod=mod GOPROXY=off builds and tests a new repo.
      const fresh = await generate({ arch: 'x86_64' });
      for (const target of ['compile', 'test']) {
        const cached = make(fresh.dir, target, goEnv(filled, { GOFLAGS: '-mod=mod', GOPROXY: 'off' }));
        assert.equal(cached.status, 0, `make ${target}: ${cached.stderr}`);
      }
      assert.ok(existsSync(bootstrap(fresh.dir)));
      // And vendored while online, a repo builds and tests with no module cache at all.
      const vendored = run('go', ['mod', 'vendor'], repo.dir, goEnv(filled, { GOFLAGS: '-modcacherw' }));
      assert.equal(vendored.status, 0, vendored.stderr);
      for (const target of ['compile', 'test']) {
        const result = make(repo.dir, target, goEnv(empty, { GOPROXY: 'off' }));
        assert.equal(result.status, 0, `make ${target}: ${result.stderr}`);
      }
      assert.ok(existsSync(bootstrap(repo.dir)));
    } finally {
      for (const cache of [empty, filled]) {
        spawnSync('go', ['clean', '-modcache'], { env: goEnv(cache), stdio: 'ignore' });
        rmSync(cache, { recursive: true, force: true });
      }
    }
  });
});

describe("generated Makefile: make event's and make send's kinds", () => {
  // The Makefile names them to refuse a wrong KIND or FN early; the emulator's scripts are what serve them.
  const makefile = readFileSync(path.join(repoRoot, 'test/snapshots/http-api-two-functions-and-a-worker/Makefile'), 'utf8');

  it("are the kinds sample-events.ts makes, and those deliver.ts delivers in batches", () => {
    const named = /name the kind, KIND=(.*)" >&2/.exec(makefile)?.[1] ?? assert.fail('make event names no kinds');
    assert.deepEqual(named.replace(' or ', ', ').split(', '), [...eventKinds]);
    const pattern = /case "\$\(TRIGGER_\$\(INVOKED\)\)" in ([^)]*)\)/.exec(makefile)?.[1] ?? assert.fail('make send matches no kinds');
    assert.deepEqual(pattern.split('|'), [...batchKinds]);
    assert.match(makefile, new RegExp(`make send is for ${batchKinds.slice(0, -1).join(', ')} and ${batchKinds.at(-1)} functions`));
  });
});
