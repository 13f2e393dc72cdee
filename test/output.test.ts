/**
 * What a run prints, through the package's bin on both of its paths (a first
 * run that asks nothing skips Yeoman; a re-run goes through it): progress and
 * results on stdout, errors alone on stderr, no ANSI codes in a pipe (CI=true
 * makes colour libraries colour a pipe), the export lines a repo's secrets
 * need, a refusal that names the option given, a failed lookup's command line
 * that repeats the answers, and "nothing changed" for a run that changes nothing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { listFiles, repoRoot } from './support/generate.ts';
import { closedPort } from './support/loopback-server.ts';
import { scratchDir } from './support/scratch.ts';

const bin = path.join(repoRoot, 'bin/generator-lambda-local.ts');
/** The bin in a pipe, as CI runs it: CI=true, which colour libraries take as leave to colour. */
const runBin = (args: readonly string[], cwd: string) =>
  spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', FORCE_COLOR: undefined, NO_COLOR: undefined } });

const ansi = /\x1b\[/;

describe('what a run prints', () => {
  const work = scratchDir('output');
  const first = runBin(['orders', '--yes', '--offline', '--secrets', 'DB_PASSWORD,API_KEY'], work);
  const repo = path.join(work, 'orders');

  it('first run: progress and results on stdout, nothing on stderr, no ANSI codes, and the export lines of its secrets', () => {
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stderr, '');
    assert.match(first.stdout, /create orders\/Makefile/);
    assert.doesNotMatch(first.stdout, ansi);
    const steps = first.stdout.slice(first.stdout.indexOf('Next steps:')).trimEnd().split('\n');
    assert.deepEqual(steps.slice(0, 5), ['Next steps:', '  cd orders', '  export DB_PASSWORD=...   # a secret: make up takes it from your shell', '  export API_KEY=...', '  make build   # compile each function into its bootstrap']);
  });

  it('a re-run that changes nothing says so, on stdout, without "force" or "merged", even for a file its owner edited', () => {
    appendFileSync(path.join(repo, 'Makefile'), '\nhello: ## say hello\n\t@echo hello\n');
    const edited = readFileSync(path.join(repo, 'Makefile'), 'utf8');
    const rerun = runBin(['--yes', '--offline'], repo);
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.equal(rerun.stderr, '');
    assert.doesNotMatch(rerun.stdout, ansi);
    assert.doesNotMatch(rerun.stdout, /force|merged/);
    assert.match(rerun.stdout, /^nothing changed$/m);
    assert.equal(readFileSync(path.join(repo, 'Makefile'), 'utf8'), edited);
  });

  it('a re-run that changes something lists it, and does not say nothing changed', () => {
    const rerun = runBin(['--yes', '--offline', '--memory', '256'], repo);
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.equal(rerun.stderr, '');
    assert.match(rerun.stdout, /localdev\/docker-compose\.yml/);
    assert.doesNotMatch(rerun.stdout, /nothing changed/);
  });

  it('names the option given in a refusal: --lambda-port against the default --api-port', () => {
    const cwd = scratchDir('output');
    const refused = runBin(['demo', '--yes', '--offline', '--lambda-port', '3000'], cwd);
    assert.equal(refused.status, 1);
    assert.equal(refused.stdout, '');
    assert.equal(refused.stderr, 'generator-lambda-local: --lambda-port: "3000" is not allowed; expected a port different from --api-port (3000)\n');
    assert.deepEqual(listFiles(cwd), []);
  });

  it('prints, when a live lookup fails, the command line that repeats the answers, with --offline as the other way', async () => {
    const cwd = scratchDir('output');
    const api = `http://127.0.0.1:${await closedPort()}`;
    const failed = runBin(['demo', '--yes', '--routes', 'GET /x/{id}', '--secrets', 'DB_PASSWORD', '--memory', '256', '--github-api-url', api], cwd);
    assert.equal(failed.status, 1, failed.stdout);
    const lines = failed.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, failed.stderr);
    const repeat =
      "npx generator-lambda-local demo --module example.com/demo --arch " +
      `${JSON.parse(readFileSync(path.join(repo, '.yo-rc.json'), 'utf8'))['generator-lambda-local'].arch} --lambda-port 9000 --api-port 3000 --timeout 30 --memory 256 ` +
      "--payload 1.0 --routes 'GET /x/{id}' --cors off --variables '' --secrets DB_PASSWORD --aws-credentials off --rie-source pinned";
    assert.ok(lines[0]?.includes(`run again with the same answers: ${repeat}`), lines[0]);
    assert.match(lines[0] ?? '', new RegExp(`--github-api-url ${api.replaceAll('.', '\\.')} --yes \\(or add --offline`));
    assert.deepEqual(listFiles(cwd), []);
  });
});

describe('what a run prints at a terminal', () => {
  /** The bin at a pseudo-terminal (script(1)), as a person's shell runs it. */
  const atTerminal = (args: string, cwd: string, env: NodeJS.ProcessEnv) =>
    spawnSync('script', ['--quiet', '--return', '--command', `${process.execPath} ${bin} ${args}`, '/dev/null'], {
      cwd,
      encoding: 'utf8',
      input: '',
      env: { ...process.env, TERM: 'xterm-256color', CI: undefined, FORCE_COLOR: undefined, NO_COLOR: undefined, ...env },
    });

  it('colours the status of each file at a terminal, and not with NO_COLOR set', () => {
    const work = scratchDir('output-terminal');
    assert.equal(runBin(['demo', '--yes', '--offline'], work).status, 0);
    const repo = path.join(work, 'demo');
    const coloured = atTerminal('--yes --offline --memory 256', repo, {});
    assert.equal(coloured.status, 0, coloured.stdout);
    assert.match(coloured.stdout, /\x1b\[\d+m +force\x1b\[\d+m template\.yaml/);
    const plain = atTerminal('--yes --offline --memory 512', repo, { NO_COLOR: '1' });
    assert.equal(plain.status, 0, plain.stdout);
    assert.match(plain.stdout, /force template\.yaml/);
    assert.doesNotMatch(plain.stdout, ansi);
  });
});
