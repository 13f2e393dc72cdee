/**
 * The way in, through the package's bin as a newcomer meets it: an old Node,
 * --version, --help, a mistyped option, no terminal, a folder that already
 * holds files of the names we write, a re-run with the other payload, and what
 * a run prints. Each refusal is one line, exits 1 and writes nothing.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { listFiles, repoRoot } from './support/generate.ts';
import { runInBackground } from './support/run-in-background.ts';
import { scratchDir } from './support/scratch.ts';

const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const work = scratchDir('newcomer');

/** A fresh folder under the test's own. */
function folder(name: string): string {
  const dir = path.join(work, name);
  mkdirSync(dir);
  return dir;
}

function runBin(args: readonly string[], cwd: string, options: { bin?: string; node?: string } = {}) {
  const bin = path.join(repoRoot, options.bin ?? 'bin/generator-lambda-local.ts');
  // spawnSync's standard input is a pipe: no terminal, as in CI or a script.
  return spawnSync(options.node ?? process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
}

function assertRefused(result: ReturnType<typeof runBin>, line: RegExp | string, cwd: string) {
  assert.equal(result.status, 1, result.stdout + result.stderr);
  assert.equal(result.stderr.split('\n').filter(Boolean).length, 1, `one line: ${result.stderr}`);
  if (typeof line === 'string') assert.equal(result.stderr, `${line}\n`);
  else assert.match(result.stderr, line);
  assert.deepEqual(listFiles(cwd), [], 'nothing written');
}

describe('the bin, as a newcomer meets it', () => {
  it('prints its version for --version, and its own help for --help, before any question', () => {
    const cwd = folder('version');
    const printed = runBin(['--version'], cwd);
    assert.equal(printed.status, 0);
    assert.equal(printed.stdout, `${version}\n`);
    const help = runBin(['--help'], cwd);
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, new RegExp(`^generator-lambda-local ${version.replaceAll('.', '\\.')}: `));
    assert.ok(help.stdout.includes('\n  npx generator-lambda-local bump [options] '));
    assert.doesNotMatch(help.stdout, /yo lambda-local:app|--skip-install|Default: false/);
    assert.ok(help.stdout.split('\n').every((line) => [...line].length <= 100), 'no line over 100 columns');
    // A command's --help is its own page: its usage and its options, not the app's questions.
    const functionHelp = runBin(['function', '--help'], cwd);
    assert.equal(functionHelp.status, 0, functionHelp.stderr);
    assert.ok(functionHelp.stdout.includes('\n  npx generator-lambda-local function <name> [options]\n'), functionHelp.stdout);
    assert.ok(functionHelp.stdout.includes('\n  --trigger <kind> '), functionHelp.stdout);
    assert.doesNotMatch(functionHelp.stdout, /--module|--check|bump \[options\]/);
    assert.deepEqual(listFiles(cwd), []);
  });

  it('writes a first run without loading the libraries that only merges and re-runs need', () => {
    const cwd = folder('loads');
    const loadsFile = path.join(work, 'loads.txt');
    const run = spawnSync(process.execPath, ['--import', path.join(repoRoot, 'test/support/record-loads.ts'), path.join(repoRoot, 'bin/generator-lambda-local.ts'), 'demo', '--yes', '--offline'], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, LAMBDA_LOCAL_LOADS_FILE: loadsFile },
    });
    assert.equal(run.status, 0, run.stderr);
    const loaded = readFileSync(loadsFile, 'utf8').split('\n');
    const fromPackage = (name: string) => loaded.some((url) => url.includes(`/node_modules/${name}/`));
    // What a first run does need, seen by the same record: the templates' runtime and the YAML it writes.
    assert.ok(fromPackage('handlebars') && fromPackage('yaml'), 'the record sees what the run loads');
    // A three-way merge (diff, node-diff3) and reading a Dockerfile's pins (dockerfile-ast) have nothing to do on a first run.
    for (const name of ['diff', 'node-diff3', 'dockerfile-ast']) assert.equal(fromPackage(name), false, `${name} is not loaded`);
  });

  it('refuses an unknown option with a "did you mean", for the app and for bump', () => {
    const cwd = folder('unknown');
    assertRefused(
      runBin(['demo', '--yes', '--offline', '--timeoutt', '10'], cwd),
      'generator-lambda-local: option: "--timeoutt" is not allowed; expected an option of this command; did you mean --timeout? (--help lists them)',
      cwd,
    );
    assertRefused(runBin(['bump', '--chek'], cwd), /^generator-lambda-local: option: "--chek" is not allowed; .*did you mean --check\?/, cwd);
  });

  it('stops before asking anything when there is no terminal and no --yes, naming what it would ask', () => {
    const cwd = folder('no-terminal');
    assertRefused(
      runBin(['demo', '--offline', '--arch', 'arm64'], cwd),
      /^generator-lambda-local: no terminal to ask for --module, --lambda-port, .*--node-image: pass --yes to take their defaults, or give them as options; nothing was written\n$/,
      cwd,
    );
  });

  it('asks nothing, and so needs no terminal, when every question is answered', () => {
    const cwd = folder('all-given');
    const given = ['--module', 'example.com/x', '--arch', 'arm64', '--lambda-port', '9001', '--api-port', '3001', '--timeout', '10', '--memory', '256',
      '--payload', '2.0', '--routes', 'GET /x', '--cors', 'off', '--variables', '', '--secrets', '', '--rie-source', 'pinned',
      '--base-image', 'ghcr.io/northwood-labs/lambda-provided-al2023:latest', '--node-image', 'node:24-alpine'];
    const result = runBin(['demo', '--offline', ...given], cwd);
    assert.equal(result.status, 0, result.stderr);
    assert.ok(listFiles(path.join(cwd, 'demo')).includes('localdev/docker-compose.yml'));
  });

  it('lists the files a folder already has of the names it writes, and stops unless --force', () => {
    const cwd = folder('occupied');
    // The folder's name is the function's: its handler goes in cmd/occupied/.
    mkdirSync(path.join(cwd, 'cmd/occupied'), { recursive: true });
    writeFileSync(path.join(cwd, 'cmd/occupied/main.go'), 'package main // someone else\'s\n');
    writeFileSync(path.join(cwd, 'Makefile'), 'all:\n');
    writeFileSync(path.join(cwd, 'notes.txt'), 'not ours to care about\n');
    const refused = runBin(['--yes', '--offline'], cwd);
    assert.equal(refused.status, 1);
    assert.equal(
      refused.stderr,
      `generator-lambda-local: ${cwd} already has cmd/occupied/main.go, Makefile, which the generator writes; nothing was written ` +
        "(--force writes the generator's files over what is there and keeps yours, such as a main.go, as they are)\n",
    );
    assert.deepEqual(listFiles(cwd), ['Makefile', 'cmd/occupied/main.go', 'notes.txt']);

    const forced = runBin(['--yes', '--offline', '--force'], cwd);
    assert.equal(forced.status, 0, forced.stderr);
    assert.equal(readFileSync(path.join(cwd, 'cmd/occupied/main.go'), 'utf8'), 'package main // someone else\'s\n', 'the user-owned file is kept');
    assert.match(readFileSync(path.join(cwd, 'Makefile'), 'utf8'), /^# Build, run and invoke/, "the generator's file is written");
    assert.match(forced.stdout + forced.stderr, /kept cmd\/occupied\/main\.go: it was here already, and it is yours/);
  });

  it('prints the pins, the files and the next steps, and nothing of Yeoman that does not apply', () => {
    const cwd = folder('output');
    const result = runBin(['orders', '--yes', '--offline', '--routes', 'POST /orders, GET /orders/{id}', '--api-port', '3100'], cwd);
    assert.equal(result.status, 0, result.stderr);
    const output = result.stdout + result.stderr;
    assert.match(output, /create orders\/\.yo-rc\.json/);
    assert.doesNotMatch(output, /force|package manager|package\.json was detected/);
    const steps = output.slice(output.indexOf('Next steps:'));
    assert.deepEqual(steps.trimEnd().split('\n'), [
      'Next steps:',
      '  cd orders',
      '  make build   # compile each function into its bootstrap',
      '  make up      # start RIE and the API Gateway emulator',
      "  curl 'http://127.0.0.1:3100/orders/42?name=world'",
      '  make help    # every target',
    ]);
  });

  it('says, when a re-run changes the payload, that main.go is yours and still takes the old one, and what to change', () => {
    const cwd = folder('payload-switch');
    assert.equal(runBin(['demo', '--yes', '--offline', '--payload', '1.0'], cwd).status, 0);
    const repo = path.join(cwd, 'demo');
    const oldHandler = readFileSync(path.join(repo, 'cmd/demo/main.go'), 'utf8');
    const rerun = runBin(['--yes', '--offline', '--payload', '2.0'], repo);
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.equal(readFileSync(path.join(repo, 'cmd/demo/main.go'), 'utf8'), oldHandler, 'main.go is left as it was');
    const lines = (rerun.stdout + rerun.stderr).split('\n').map((line) => line.replace(/^\s*info /, ''));
    const start = lines.findIndex((line) => line.startsWith('payload 1.0 → 2.0: '));
    assert.equal(lines[start], 'payload 1.0 → 2.0: cmd/demo/main.go and cmd/demo/main_test.go are yours, so they still take the REST API (payload format 1.0); to move them, change');
    // The advice, followed to the letter, turns the 1.0 handler into the 2.0 one, comments aside.
    const changes = lines.slice(start + 1, start + 5).map((line) => line.trim().split(/\s+→\s+/) as [string, string]);
    assert.equal(changes.length, 4);
    const followed = changes.reduce((text, [from, to]) => text.replaceAll(from, to), oldHandler);
    const code = (text: string) => text.split('\n').filter((line) => !line.trim().startsWith('//')).join('\n');
    // The 1.0 handler's own CORS header (an HTTP API adds it itself) may stay: it is all that differs.
    const withoutCors = (text: string) =>
      code(text)
        .replace(/\t"os"\n|var allowOrigin = .*\n\n|\tif allowOrigin != "" \{\n.*\n\t\}\n/g, '')
        .replace('\theaders := map[string]string{"Content-Type": "application/json"}\n', '')
        .replace('Headers:    headers,', 'Headers:    map[string]string{"Content-Type": "application/json"},');
    assert.equal(withoutCors(followed), code(readFileSync(path.join(repoRoot, 'lib/triggers/http/payload-2.0/main.go'), 'utf8')));
    assert.equal(lines[start + 5], 'README.md is yours too, and still describes a REST API (payload format 1.0).');
    // Running again with the same payload says nothing more about it.
    assert.doesNotMatch(runBin(['--yes', '--offline'], repo).stdout, /payload 1\.0 → 2\.0/);
  });
});

describe('the prompts, at a real terminal', { timeout: 120_000 }, () => {
  it("refuses a port clash at the second port's prompt, takes the corrected answer, and writes a lower-case method in upper case", async () => {
    const cwd = folder('terminal');
    // script(1) gives the bin a pseudo-terminal, as a person's shell would.
    const bin = path.join(repoRoot, 'bin/generator-lambda-local.ts');
    const child = spawn('script', ['--quiet', '--return', '--command', `${process.execPath} ${bin} --offline`, '/dev/null'], { cwd, env: { ...process.env, TERM: 'dumb' } });
    let screen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    /** Waits for `shown` on the screen, then types `keys`. */
    const answer = async (shown: RegExp | string, keys: string) => {
      for (let waited = 0; !(typeof shown === 'string' ? screen.includes(shown) : shown.test(screen)); waited += 50) {
        if (waited > 30_000) assert.fail(`never shown: ${String(shown)}\n${screen}`);
        await sleep(50);
      }
      child.stdin.write(keys);
    };
    try {
      await answer('What is the repo called (and its first function)?', 'orders\r');
      await answer('What is its Go module path?', '\r');
      await answer('Which architecture', '\r');
      await answer('for the local Lambda Invoke API?', '3000\r');
      await answer('for the API Gateway emulator?', '3000\r');
      // The terminal wraps the message at 80 columns: its start, then its end.
      await answer('--api-port: "3000" is not allowed; expected a port different from', '');
      assert.match(screen, /--lambda-por\s*t \(3000\)/);
      assert.equal(screen.includes('How many seconds'), false, 'refused at its own prompt, before the next question');
      // The answer stays on the line: one more digit makes it 30001.
      await answer('', '1\r');
      await answer('How many seconds', '\r');
      await answer('How much memory', '\r');
      await answer('Which API Gateway payload', '\r');
      await answer('Which routes', 'get /orders/{id}, Post /orders\r');
      await answer('Should the API answer CORS', '\r');
      await answer('Which variables', '\r');
      await answer('Which secrets', '\r');
      await answer('How does the image get RIE?', '\r');
      await answer('Which base image?', '\r');
      await answer('Which Node image', '\r');
      child.stdin.end();
      assert.equal(await exited, 0, screen);
    } finally {
      child.kill('SIGKILL');
    }
    assert.match(screen, /Next steps:/);
    const stored = JSON.parse(readFileSync(path.join(cwd, '.yo-rc.json'), 'utf8'))['generator-lambda-local'] as Record<string, unknown> & { functions: Record<string, unknown>[] };
    // The routes are the function's own, in the list of functions.
    assert.deepEqual(
      { lambdaPort: stored.lambdaPort, apiPort: stored.apiPort, functions: stored.functions.map(({ name, routes }) => ({ name, routes })) },
      { lambdaPort: 3000, apiPort: 30001, functions: [{ name: 'orders', routes: 'GET /orders/{id},POST /orders' }] },
    );
  });
});

describe('the bin on a Node older than it supports', { timeout: 300_000 }, () => {
  let oldNode = '';
  before(async () => {
    // Node 20, the version the issue met, from npm as .ci/run gets Node 24.
    const prefix = path.join(work, 'node20');
    const installed = await runInBackground('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', 'node@20'], { cwd: work });
    assert.equal(installed.status, 0, installed.stderr);
    oldNode = path.join(prefix, 'node_modules/.bin/node');
  });

  it("npm ci's build and npm test stop with one line on it, instead of ERR_UNKNOWN_FILE_EXTENSION", () => {
    const scripts = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const name of ['build', 'test']) assert.match(scripts[name] ?? '', /^node scripts\/check-node\.mjs && /, `npm run ${name} checks the Node first`);
    const found = spawnSync(oldNode, ['--version'], { encoding: 'utf8' }).stdout.trim().slice(1);
    const refused = spawnSync(oldNode, ['scripts/check-node.mjs'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(refused.status, 1);
    assert.equal(refused.stdout, '');
    assert.equal(
      refused.stderr,
      `generator-lambda-local: Node ${found} cannot build or test this package; it needs ^22.18.0 || >=24.11.0. ` +
        'npm install --prefix ~/.local/node24 node@24, then put ~/.local/node24/node_modules/.bin first on PATH (README.md, "Two commands on a fresh machine")\n',
    );
    const current = spawnSync(process.execPath, ['scripts/check-node.mjs'], { cwd: repoRoot, encoding: 'utf8' });
    assert.deepEqual([current.status, current.stdout, current.stderr], [0, '', ''], 'a supported Node passes in silence');
  });

  it('stops with one line: the version found, the range needed, how to get it, and no stack trace', () => {
    const found = spawnSync(oldNode, ['--version'], { encoding: 'utf8' }).stdout.trim();
    assert.match(found, /^v20\./);
    const cwd = folder('old-node');
    assertRefused(
      runBin(['demo', '--yes', '--offline'], cwd, { node: oldNode, bin: 'dist/bin/generator-lambda-local.js' }),
      `generator-lambda-local: Node ${found.slice(1)} is not supported; it needs ^22.18.0 || >=24.11.0. ` +
        'Install Node 24 (for example nvm install 24), or npm i node@24 and run it as node_modules/.bin/node',
      cwd,
    );
  });
});
