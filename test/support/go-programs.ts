/**
 * Builds the Go programs the tests run: the RIE stand-in, the functions the
 * real RIE was recorded with, and the generated handlers, all against the
 * aws-lambda-go stand-in (the Go module proxy cannot be reached here). Debian's
 * Go, which `.ci/run` installs; without it these builds fail, never skip.
 * Each test process builds into, and caches in, a folder removed when it ends.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './generate.ts';
import { scratchDir } from './scratch.ts';

export const fixtures = path.join(repoRoot, 'test/fixtures');
export const awsLambdaGoStandIn = path.join(fixtures, 'aws-lambda-go-stand-in');

/**
 * `go mod edit` arguments that make a generated repo build here: aws-lambda-go
 * from the stand-in, and the go line lowered to Debian 12's Go 1.19, whose
 * `go mod tidy` refuses a newer one (the handlers need nothing newer).
 */
export const buildWithStandIn = ['mod', 'edit', `-replace=github.com/aws/aws-lambda-go=${awsLambdaGoStandIn}`, '-go=1.19'];

let workspace: string | undefined;

function scratch(): string {
  workspace ??= scratchDir('go');
  return workspace;
}

/** Go with no network, a GOPATH of this process's own and the shared build cache. */
export function goEnvironment(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOPATH: path.join(scratch(), 'gopath'),
    GOCACHE: path.join(repoRoot, 'node_modules/.cache/lambda-local-go-build'),
    GOPROXY: 'off',
    GOFLAGS: '-mod=mod',
    GOSUMDB: 'off',
    CGO_ENABLED: '0',
  };
}

const built = new Map<string, string>();

/** `go build` of the module in `moduleDir` into this process's folder; built once per process. */
function goBuild(moduleDir: string, name: string, env: NodeJS.ProcessEnv = {}): string {
  const key = `${moduleDir}\0${JSON.stringify(env)}`;
  const cached = built.get(key);
  if (cached) return cached;
  const output = path.join(scratch(), 'bin', `${name}-${built.size}`);
  const result = spawnSync('go', ['build', '-trimpath', '-o', output, '.'], { cwd: moduleDir, env: { ...goEnvironment(), ...env }, encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(`go build in ${moduleDir} failed (${result.error?.message ?? `exit ${result.status}`}); .ci/run installs golang-go\n${result.stderr}`);
  }
  built.set(key, output);
  return output;
}

export const rieStandInBinary = (env: NodeJS.ProcessEnv = {}) => goBuild(path.join(fixtures, 'rie-stand-in'), 'rie-stand-in', env);
export const probeBinary = () => goBuild(path.join(fixtures, 'rie-probe'), 'rie-probe');

/** A throw-away module holding `files`, built against the aws-lambda-go stand-in. */
export function goProgram(name: string, files: Record<string, string>): string {
  const dir = path.join(scratch(), 'src', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'go.mod'),
    `module ${name}\n\ngo 1.19\n\nrequire github.com/aws/aws-lambda-go v1.54.0\n\nreplace github.com/aws/aws-lambda-go => ${awsLambdaGoStandIn}\n`,
  );
  for (const [file, contents] of Object.entries(files)) writeFileSync(path.join(dir, file), contents);
  return goBuild(dir, name);
}

/** The generated hello handler of a payload version, built from the template as a user's `make build` would. */
export function generatedHandlerBinary(payload: '1.0' | '2.0'): string {
  return goProgram(`handler-${payload.replace('.', '')}`, { 'main.go': readFileSync(path.join(repoRoot, 'templates/go', `payload-${payload}`, 'main.go'), 'utf8') });
}
