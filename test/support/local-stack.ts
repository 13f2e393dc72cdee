/**
 * A generated repo's stack assembled by hand, for the tests and the benchmark
 * that watch the emulator's every line and time it closely: the lambda
 * container started with plain `docker run` and the labels Compose gives it
 * (how Compose, and the repo's reload.sh, find it again), and the generated
 * emulator run by this Node. The whole stack under real Compose, through the
 * repo's Make targets, is test/e2e/compose.test.ts.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parse as parseYaml } from 'yaml';
import { functionSettingName } from '../../emulator/src/contract.ts';
import { dockerLabelArgs } from './docker-labels.ts';

/** A function's service in a generated docker-compose.yml, as the tests read it. */
export interface FunctionService {
  readonly mem_limit: string;
  readonly volumes: string[];
  readonly environment: Record<string, string>;
}

/** What the tests read of a generated docker-compose.yml: the api service, and one service per function. */
export interface ComposeFile {
  readonly name: string;
  readonly services: Readonly<Record<string, FunctionService | undefined>> & { readonly api: { readonly environment: Record<string, string> } };
}

export const readCompose = (repo: string) => parseYaml(readFileSync(path.join(repo, 'localdev/docker-compose.yml'), 'utf8')) as ComposeFile;

/**
 * Compose's interpolation of `text` from `env`: `${NAME}`, `${NAME:-default}`
 * (nested too), `$$`; a value is taken as it is, never interpolated again. Any
 * other form throws: this stand-in would pass it on unread, where compose reads it.
 */
export function interpolate(text: string, env: NodeJS.ProcessEnv): string {
  // `$$` and every value taken stand in the text as \0<index>\0 until the end, so nothing reads them again.
  const taken: string[] = ['$'];
  const hold = (value: string) => `\0${taken.push(value) - 1}\0`;
  let result = text.replaceAll('$$', hold('$'));
  for (let previous = ''; previous !== result; ) {
    previous = result;
    result = result.replace(/\$\{([A-Z_][A-Z0-9_]*)(?::-([^${}]*))?\}/g, (_, name: string, fallback?: string) => (env[name] ? hold(env[name]) : (fallback ?? '')));
  }
  const unread = /\$\S*/.exec(result);
  if (unread) throw new Error(`interpolate: ${unread[0]} is a form of compose's interpolation this stand-in does not read`);
  return result.replace(/\0(\d+)\0/g, (_, index: string) => taken[Number(index)] ?? '');
}

/** A generated repo's first function, as `.yo-rc.json` lists it: its name (and service), its main.go, where make build puts its bootstrap. */
export function firstFunction(repo: string): { readonly name: string; readonly mainFile: string; readonly bootstrap: string; readonly service: FunctionService } {
  const stored = JSON.parse(readFileSync(path.join(repo, '.yo-rc.json'), 'utf8')) as { 'generator-lambda-local': { functions: { name: string; folder: string }[] } };
  const fn = stored['generator-lambda-local'].functions[0];
  const service = fn && readCompose(repo).services[fn.name];
  if (!fn || !service) throw new Error(`${repo} has no function, or no service for it`);
  return { name: fn.name, mainFile: fn.folder === '.' ? 'main.go' : `${fn.folder}/main.go`, bootstrap: `localdev/var-runtime/${fn.name}/bootstrap`, service };
}

/**
 * A payload 1.0 handler answering `answer`, as a user edits main.go; `/slow`
 * takes 2 s. With `reporting`, the answer goes on with ` NAME=value` for each
 * variable named and ` host=` the container's host name (which replica answered).
 */
export const answeringHandler = (answer: string, reporting: readonly string[] = []) => `package main

import (
	"context"${reporting.length === 0 ? '' : '\n\t"os"'}
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handle(_ context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	if req.Path == "/slow" {
		time.Sleep(2 * time.Second)
	}
	body := ${JSON.stringify(answer)}${reporting.length === 0 ? '' : `
	for _, name := range []string{${reporting.map((name) => JSON.stringify(name)).join(', ')}} {
		body += " " + name + "=" + os.Getenv(name)
	}
	host, _ := os.Hostname()
	body += " host=" + host`}
	return events.APIGatewayProxyResponse{StatusCode: 200, Body: body}, nil
}

func main() {
	lambda.Start(handle)
}
`;

/**
 * `docker run` arguments for the lambda service as Compose runs it: labelled as Compose labels it (and
 * as this test run's, for npm test's clean-up), its memory limit, RIE on `riePort`, var-runtime read-only.
 */
export function lambdaContainerArgs(repo: string, riePort: number, image: string): string[] {
  const compose = readCompose(repo);
  const fn = firstFunction(repo);
  return [
    'run', '--detach',
    ...dockerLabelArgs,
    '--label', `com.docker.compose.project=${compose.name}`,
    '--label', `com.docker.compose.service=${fn.name}`,
    '--memory', fn.service.mem_limit,
    '--publish', `127.0.0.1:${riePort}:8080`,
    '--env', `AWS_LAMBDA_FUNCTION_TIMEOUT=${fn.service.environment.AWS_LAMBDA_FUNCTION_TIMEOUT}`,
    '--volume', `${path.join(repo, path.dirname(fn.bootstrap))}:/var/runtime:ro`,
    image,
  ];
}

export interface HostEmulator {
  readonly process: ChildProcess;
  readonly firstLine: string;
  /** Everything it printed so far. */
  output(): string;
}

/**
 * The generated emulator run by this machine's Node, configured as compose
 * configures the api service, on `port` in front of `upstream`: the control
 * token is the file `make up` writes (made here by the repo's own Makefile),
 * read where it is rather than where compose mounts it. `overrides` go last
 * (the other functions' upstreams, say).
 */
export async function hostEmulator(repo: string, upstream: string, port: number, overrides: NodeJS.ProcessEnv = {}): Promise<HostEmulator> {
  const tokenFile = path.join(repo, 'localdev/.control-token');
  const made = spawnSync('make', ['localdev/.control-token'], { cwd: repo, encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`make localdev/.control-token failed: ${made.stderr}`);
  // The first function's RIE at `upstream`; no Invoke API, whose container port would be this machine's.
  // As compose gives them from a shell that sets none of the variables they name (SCHEDULES, AWS_REGION): their defaults.
  const composed = Object.fromEntries(Object.entries(readCompose(repo).services.api.environment).map(([name, value]) => [name, interpolate(value, {})]));
  const env = { ...composed, [functionSettingName(firstFunction(repo).name, 'upstreams')]: upstream, INVOKE_PORT: '', PORT: String(port), CONTROL_TOKEN_FILE: tokenFile, ...overrides };
  const api = spawn(process.execPath, ['src/server.ts'], { cwd: path.join(repo, 'localdev/proxy'), env: { ...process.env, ...env } });
  let output = '';
  api.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stdout = createInterface({ input: api.stdout });
  stdout.on('line', (line) => (output += `${line}\n`));
  const firstLine = await new Promise<string>((resolve, reject) => {
    stdout.once('line', resolve);
    api.once('exit', (code) => reject(new Error(`the emulator exited with ${code} before printing a line: ${output}`)));
  });
  return { process: api, firstLine, output: () => output };
}

/** RIE may take a moment to listen once its container runs: the emulator answers 502 until then, RIE's port refuses. */
export async function fetchOnceListening(url: string, init: RequestInit = {}): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(url, init).catch((error: unknown) => {
      // Straight to RIE, nothing answers until it listens.
      if (attempt < 50) return undefined;
      throw error;
    });
    if (response && (response.status !== 502 || attempt >= 50)) return response;
    await response?.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
