/**
 * `--aws-credentials on`: the local function gets the developer's AWS
 * credentials as the AWS CLI finds them, from the shell's AWS_* variables or
 * from AWS_PROFILE with ~/.aws, and no value is ever written or printed. The
 * generator runs through the bin with credentials in its environment; then a
 * Go function built against the real aws-lambda-go runs under the real RIE
 * with the environment and the ~/.aws mount the generated compose file gives
 * the function's service, resolved from that same shell.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { composeSchemaErrors } from './support/checks.ts';
import { listFiles, repoRoot } from './support/generate.ts';
import { goProgram } from './support/go-programs.ts';
import { interpolate } from './support/local-stack.ts';
import { startRie } from './support/rie.ts';
import { scratchDir } from './support/scratch.ts';

const secrets = {
  keyId: 'AKIAEXAMPLESHELLKEY1',
  secretKey: 'shell-secret-key-9f8e7d6c5b4a',
  sessionToken: 'shell-session-token-0a1b2c3d',
  fileKeyId: 'AKIAEXAMPLEFILEKEY22',
  fileSecretKey: 'file-secret-key-1234abcd',
};

/** A home with ~/.aws as `aws configure` leaves it, for the profile `dev`. */
function homeWithAwsFolder(): string {
  const home = scratchDir('home');
  mkdirSync(path.join(home, '.aws'));
  writeFileSync(path.join(home, '.aws/config'), '[profile dev]\nregion = eu-west-1\n');
  writeFileSync(path.join(home, '.aws/credentials'), `[dev]\naws_access_key_id = ${secrets.fileKeyId}\naws_secret_access_key = ${secrets.fileSecretKey}\n`, { mode: 0o600 });
  return home;
}

/** The shell the developer runs the generator and `make up` from: no AWS_* of this machine's, only what a test gives. */
function shell(home: string, aws: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  return { ...env, HOME: home, ...aws };
}

interface Volume {
  readonly type: string;
  readonly source: string;
  readonly target: string;
  readonly read_only?: boolean;
  readonly bind?: { readonly create_host_path?: boolean };
}
interface LambdaService {
  readonly environment: Record<string, string | null>;
  readonly volumes: (string | Volume)[];
}

/**
 * The environment compose gives the function's service from the shell `env`:
 * an entry without a value passes the shell's through (unset when the shell has
 * none), and the others are interpolated. A stand-in for compose itself, held to
 * `docker compose config` below.
 */
function composedEnvironment(lambda: LambdaService, env: NodeJS.ProcessEnv): Record<string, string | null> {
  return Object.fromEntries(Object.entries(lambda.environment).map(([name, value]) => [name, value === null ? (env[name] ?? null) : interpolate(value, env)]));
}

/**
 * The environment the function's process gets: compose's, with a path under a
 * bind mount's target read at its source, as the mount shows it.
 */
function functionEnvironment(lambda: LambdaService, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const binds = lambda.volumes.filter((volume): volume is Volume => typeof volume === 'object' && volume.type === 'bind');
  const resolved: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(composedEnvironment(lambda, env))) {
    if (value === null) continue;
    let text = value;
    for (const bind of binds) if (text.startsWith(`${bind.target}/`)) text = path.join(interpolate(bind.source, env), text.slice(bind.target.length));
    resolved[name] = text;
  }
  return resolved;
}

/**
 * The function service's environment as the real Compose reads the repo's file
 * under the shell `env` alone (`docker compose config`, which writes each `$` of
 * a value as `$$` so that its output reads back the same).
 */
function composeConfigEnvironment(repo: string, env: NodeJS.ProcessEnv): Record<string, string | null> {
  const config = spawnSync('docker', ['compose', '--file', path.join(repo, 'localdev/docker-compose.yml'), 'config', '--format', 'json'], { env, encoding: 'utf8' });
  assert.equal(config.status, 0, `docker compose config: ${config.error?.message ?? config.stderr}`);
  const { environment } = (JSON.parse(config.stdout) as { services: { demo: { environment: Record<string, string | null> } } }).services.demo;
  return Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, value === null ? null : value.replaceAll('$$', '$')]));
}

/** A function that answers with the credentials it can see, as an AWS SDK would look for them. */
const credentialsProbe = `package main

import (
	"context"
	"os"
	"strings"

	"github.com/aws/aws-lambda-go/lambda"
)

type seen struct {
	KeyID        string \`json:"keyId"\`
	SecretKey    string \`json:"secretKey"\`
	SessionToken string \`json:"sessionToken"\`
	Region       string \`json:"region"\`
	Profile      string \`json:"profile"\`
	ProfileKeyID string \`json:"profileKeyId"\`
	ProfileInConfig bool \`json:"profileInConfig"\`
}

// valueIn reads key from the [section] of an ini file, as the SDK's shared config does.
func valueIn(file, section, key string) (string, bool) {
	text, err := os.ReadFile(file)
	if err != nil {
		return "", false
	}
	in := false
	for _, line := range strings.Split(string(text), "\\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			in = line == "["+section+"]"
			continue
		}
		if name, value, ok := strings.Cut(line, "="); in && ok && strings.TrimSpace(name) == key {
			return strings.TrimSpace(value), true
		}
	}
	return "", in
}

func main() {
	lambda.Start(func(context.Context, map[string]any) (seen, error) {
		profile := os.Getenv("AWS_PROFILE")
		keyID, _ := valueIn(os.Getenv("AWS_SHARED_CREDENTIALS_FILE"), profile, "aws_access_key_id")
		_, inConfig := valueIn(os.Getenv("AWS_CONFIG_FILE"), "profile "+profile, "region")
		return seen{
			KeyID:           os.Getenv("AWS_ACCESS_KEY_ID"),
			SecretKey:       os.Getenv("AWS_SECRET_ACCESS_KEY"),
			SessionToken:    os.Getenv("AWS_SESSION_TOKEN"),
			Region:          os.Getenv("AWS_REGION"),
			Profile:         profile,
			ProfileKeyID:    keyID,
			ProfileInConfig: inConfig,
		}, nil
	})
}
`;

interface Seen {
  readonly keyId: string;
  readonly secretKey: string;
  readonly sessionToken: string;
  readonly region: string;
  readonly profile: string;
  readonly profileKeyId: string;
  readonly profileInConfig: boolean;
}

async function invoke(lambda: LambdaService, env: NodeJS.ProcessEnv): Promise<Seen> {
  const rie = await startRie([goProgram('aws-credentials-probe', { 'main.go': credentialsProbe })], { env: { ...functionEnvironment(lambda, env), HOME: '/nonexistent' } });
  try {
    const response = await fetch(`${rie.origin}/2015-03-31/functions/function/invocations`, { method: 'POST', body: '{}' });
    assert.equal(response.status, 200);
    return (await response.json()) as Seen;
  } finally {
    rie.stop();
  }
}

describe('--aws-credentials on', () => {
  const home = homeWithAwsFolder();
  const generating = shell(home, { AWS_ACCESS_KEY_ID: secrets.keyId, AWS_SECRET_ACCESS_KEY: secrets.secretKey, AWS_SESSION_TOKEN: secrets.sessionToken, AWS_PROFILE: 'dev' });
  const work = scratchDir('aws-credentials');
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'bin/generator-lambda-local.ts'), 'demo', '--yes', '--offline', '--aws-credentials', 'on'], { cwd: work, env: generating, encoding: 'utf8' });
  const repo = path.join(work, 'demo');

  it('is stored, and no credential reaches a generated file or the output', () => {
    assert.equal(run.status, 0, run.stderr);
    const stored = JSON.parse(readFileSync(path.join(repo, '.yo-rc.json'), 'utf8'))['generator-lambda-local'];
    assert.equal(stored.awsCredentials, 'on');
    for (const value of Object.values(secrets)) {
      assert.equal(`${run.stdout}${run.stderr}`.includes(value), false, `${value} in the output`);
      for (const file of listFiles(repo)) assert.equal(readFileSync(path.join(repo, file), 'utf8').includes(value), false, `${value} in ${file}`);
    }
  });

  it('has compose pass the credential variables through and mount ~/.aws read-only, in a file the Compose schema accepts', () => {
    const compose: unknown = parseYaml(readFileSync(path.join(repo, 'localdev/docker-compose.yml'), 'utf8'));
    assert.deepEqual(composeSchemaErrors(compose), []);
    const { demo: lambda } = (compose as { services: { demo: LambdaService } }).services;
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) assert.equal(lambda.environment[name], null, `${name} passes the shell's through`);
    const aws = lambda.volumes.find((volume): volume is Volume => typeof volume === 'object' && volume.source === '${HOME}/.aws');
    assert.ok(aws, '~/.aws is mounted');
    assert.equal(aws.read_only, true);
    assert.equal(aws.bind?.create_host_path, false, 'never creates ~/.aws on the host');
  });

  it('reads the function service\'s environment as the real Compose does (the stand-in these tests run the function with)', () => {
    const { demo: lambda } = (parseYaml(readFileSync(path.join(repo, 'localdev/docker-compose.yml'), 'utf8')) as { services: { demo: LambdaService } }).services;
    // Every credential variable, a profile and a region, nothing at all, and an empty AWS_REGION (which :- passes over).
    for (const aws of [
      { AWS_ACCESS_KEY_ID: secrets.keyId, AWS_SECRET_ACCESS_KEY: secrets.secretKey, AWS_SESSION_TOKEN: secrets.sessionToken, AWS_DEFAULT_REGION: 'ap-south-1' },
      { AWS_PROFILE: 'dev', AWS_REGION: 'eu-west-1' },
      {},
      { AWS_REGION: '', AWS_DEFAULT_REGION: 'sa-east-1' },
    ]) {
      const env = shell(home, aws);
      assert.deepEqual(composedEnvironment(lambda, env), composeConfigEnvironment(repo, env), JSON.stringify(Object.keys(aws)));
    }
  });

  it("gives the function the shell's credential variables and region under the real RIE", async () => {
    const { demo: lambda } = (parseYaml(readFileSync(path.join(repo, 'localdev/docker-compose.yml'), 'utf8')) as { services: { demo: LambdaService } }).services;
    const seen = await invoke(lambda, shell(home, { AWS_ACCESS_KEY_ID: secrets.keyId, AWS_SECRET_ACCESS_KEY: secrets.secretKey, AWS_SESSION_TOKEN: secrets.sessionToken, AWS_DEFAULT_REGION: 'ap-south-1' }));
    assert.deepEqual(
      { keyId: seen.keyId, secretKey: seen.secretKey, sessionToken: seen.sessionToken, region: seen.region, profile: seen.profile },
      { keyId: secrets.keyId, secretKey: secrets.secretKey, sessionToken: secrets.sessionToken, region: 'ap-south-1', profile: '' },
    );
  });

  it('gives the function AWS_PROFILE and the profile in ~/.aws under the real RIE, and no credential variable the shell lacks', async () => {
    const { demo: lambda } = (parseYaml(readFileSync(path.join(repo, 'localdev/docker-compose.yml'), 'utf8')) as { services: { demo: LambdaService } }).services;
    const seen = await invoke(lambda, shell(home, { AWS_PROFILE: 'dev', AWS_REGION: 'eu-west-1' }));
    assert.deepEqual(seen, { keyId: '', secretKey: '', sessionToken: '', region: 'eu-west-1', profile: 'dev', profileKeyId: secrets.fileKeyId, profileInConfig: true });
  });

  it('has make up stop before docker runs when there is no ~/.aws to mount', () => {
    const bin = scratchDir('docker');
    const calls = path.join(bin, 'calls');
    writeFileSync(path.join(bin, 'docker'), `#!/bin/sh\necho "$*" >> ${calls}\nexit 1\n`, { mode: 0o755 });
    mkdirSync(path.join(repo, 'localdev/var-runtime/demo'), { recursive: true });
    writeFileSync(path.join(repo, 'localdev/var-runtime/demo/bootstrap'), '');
    const homeless = scratchDir('home');
    const up = spawnSync('make', ['up'], { cwd: repo, env: { ...shell(homeless, { AWS_ACCESS_KEY_ID: secrets.keyId }), PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf8' });
    assert.notEqual(up.status, 0);
    assert.equal(up.stderr.trim().split('\n').at(-2), `make up: ${homeless}/.aws is not a folder; the function's AWS credentials (--aws-credentials on) mount it read-only: run aws configure, or mkdir ~/.aws to pass only your shell's AWS_* variables`);
    assert.equal(existsSync(calls), false, 'docker never ran');
    assert.equal(existsSync(path.join(homeless, '.aws')), false, 'nothing created in the home folder');
  });

  it('is off by default: compose passes no credentials and mounts nothing of ~/.aws', () => {
    const plain = spawnSync(process.execPath, [path.join(repoRoot, 'bin/generator-lambda-local.ts'), 'plain', '--yes', '--offline'], { cwd: work, env: generating, encoding: 'utf8' });
    assert.equal(plain.status, 0, plain.stderr);
    const { plain: lambda } = (parseYaml(readFileSync(path.join(work, 'plain/localdev/docker-compose.yml'), 'utf8')) as { services: { plain: LambdaService } }).services;
    assert.deepEqual(Object.keys(lambda.environment).filter((name) => /^AWS_(ACCESS|SECRET|SESSION|PROFILE|CONFIG|SHARED)/.test(name)), []);
    assert.equal(JSON.stringify(lambda.volumes).includes('.aws'), false);
  });
});
