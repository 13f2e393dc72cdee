/**
 * Builds the Go programs the tests run, from the real components: aws-lambda-go
 * and the Runtime Interface Emulator come through the Go module proxy, at the
 * versions pinned here and in the templates, so a test that compiles or runs a
 * handler runs what a user's `make build` would. Only the RIE stand-in
 * (test/fixtures/rie-stand-in) is ours, kept for faults the real RIE cannot
 * produce on demand, and checked against the real one by test/stand-ins.test.ts.
 *
 * Go 1.24 or newer with the module proxy, as CI has; without them these builds
 * fail, never skip. Go's own module and build caches are used, so a module is
 * downloaded once and a package compiled once, across test files and runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { awsLambdaGoVersion, goVersion } from '../../lib/pins/index.ts';
import { handlerOf, triggerKinds } from '../../lib/triggers/index.ts';
import { repoRoot } from './generate.ts';
import { scratchDir } from './scratch.ts';

export const fixtures = path.join(repoRoot, 'test/fixtures');

/**
 * The real RIE, `go install`ed from the module proxy. Its release tags are not
 * served there, so this is the pseudo-version of the commit tests run; the README
 * names it. The v1.29 the recordings in test/fixtures/real-rie/ come from is older.
 */
export const realRieModule = 'github.com/aws/aws-lambda-runtime-interface-emulator';
export const realRieVersion = 'v0.0.0-20261030222936-bef5c4ba774d';

let workspace: string | undefined;

function scratch(): string {
  workspace ??= scratchDir('go');
  return workspace;
}

/**
 * Go as a user's machine has it, static builds for Lambda: the proxy and
 * checksum database the machine is set up with, Go's own caches, and go.mod
 * and go.sum brought up to date by the build (GOFLAGS=-mod=mod).
 */
export function goEnvironment(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOFLAGS: `${process.env.GOFLAGS ?? ''} -mod=mod`.trim(),
    CGO_ENABLED: '0',
  };
}

/** `go` with `args` in `cwd`; throws with Go's output when it fails. */
export function runGo(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync('go', args, { cwd, env: { ...goEnvironment(), ...env }, encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(
      `go ${args.join(' ')} in ${cwd} failed (${result.error?.message ?? `exit ${result.status}`}); the tests need Go 1.24 or newer and the Go module proxy\n${result.stderr}`,
    );
  }
  return result.stdout;
}

const built = new Map<string, string>();

/** `go build` of the module in `moduleDir` into this process's folder; built once per process. */
function goBuild(moduleDir: string, name: string, env: NodeJS.ProcessEnv = {}): string {
  const key = `${moduleDir}\0${JSON.stringify(env)}`;
  const cached = built.get(key);
  if (cached) return cached;
  const output = path.join(scratch(), 'bin', `${name}-${built.size}`);
  runGo(['build', '-trimpath', '-o', output, '.'], moduleDir, env);
  built.set(key, output);
  return output;
}

export const rieStandInBinary = (env: NodeJS.ProcessEnv = {}) => goBuild(path.join(fixtures, 'rie-stand-in'), 'rie-stand-in', env);
export const probeBinary = () => goBuild(path.join(fixtures, 'rie-probe'), 'rie-probe');

/**
 * The real RIE's binary, static, for this machine's architecture (the e2e image
 * runs it as provided.al2023 would): `go install` at the pinned version.
 */
export function realRieBinary(): string {
  const cached = built.get(realRieModule);
  if (cached) return cached;
  const bin = path.join(scratch(), 'real-rie');
  runGo(['install', '-trimpath', `${realRieModule}/cmd/aws-lambda-rie@${realRieVersion}`], scratch(), { GOBIN: bin, GOFLAGS: '' });
  const binary = path.join(bin, 'aws-lambda-rie');
  built.set(realRieModule, binary);
  return binary;
}

/** A go.mod as the templates write it: their go line and aws-lambda-go version. */
export const goModWithAwsLambdaGo = (module: string) => `module ${module}\n\ngo ${goVersion}\n\nrequire github.com/aws/aws-lambda-go ${awsLambdaGoVersion}\n`;

/** A throw-away module holding `files`, built against the real aws-lambda-go and the modules `requires` names at their versions. */
export function goProgram(name: string, files: Record<string, string>, requires: Readonly<Record<string, string>> = {}): string {
  const dir = path.join(scratch(), 'src', name);
  mkdirSync(dir, { recursive: true });
  const more = Object.entries(requires).map(([module, version]) => `require ${module} ${version}\n`);
  writeFileSync(path.join(dir, 'go.mod'), [goModWithAwsLambdaGo(name), ...more].join(''));
  for (const [file, contents] of Object.entries(files)) writeFileSync(path.join(dir, file), contents);
  return goBuild(dir, name);
}

/** The generated hello handler of a payload version, built from the template as a user's `make build` would. */
export function generatedHandlerBinary(payload: '1.0' | '2.0'): string {
  return goProgram(`handler-${payload.replace('.', '')}`, { 'main.go': readFileSync(path.join(repoRoot, handlerOf(triggerKinds.http, payload).folder, 'main.go'), 'utf8') });
}

/**
 * Go source of `decodeStrictly`, for tests that decode events into
 * aws-lambda-go's types: unknown fields refused, and, as some types decode
 * themselves (S3Object, DynamoDBAttributeValue) where that check does not
 * reach, every field of the event must come back when it is encoded again.
 * With it `fields` and `fieldsOf`, every object field's path in a JSON
 * document. Needs bytes, encoding/json, sort, strings and testing imported.
 */
export const goStrictDecoding = `// decodeStrictly decodes raw into event (a pointer), refusing unknown fields, and
// encodes it again: a field of raw that does not come back, but one of mayLose,
// is one typeName does not have. It returns the encoded event, or nil when it failed.
func decodeStrictly(t *testing.T, path string, raw []byte, event interface{}, typeName string, mayLose map[string]bool) []byte {
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(event); err != nil {
		t.Errorf("%s does not decode strictly into %s: %v", path, typeName, err)
		return nil
	}
	encoded, err := json.Marshal(event)
	if err != nil {
		t.Fatal(err)
	}
	kept := fieldsOf(t, encoded)
	var lost []string
	for field := range fieldsOf(t, raw) {
		if !kept[field] && !mayLose[field] {
			lost = append(lost, field)
		}
	}
	sort.Strings(lost)
	if len(lost) > 0 {
		t.Errorf("%s: %s has no field %s", path, typeName, strings.Join(lost, ", "))
		return nil
	}
	return encoded
}

func fields(value interface{}, at string, into map[string]bool) {
	switch v := value.(type) {
	case map[string]interface{}:
		for name, field := range v {
			into[at+"."+name] = true
			fields(field, at+"."+name, into)
		}
	case []interface{}:
		for _, item := range v {
			fields(item, at+"[]", into)
		}
	}
}

func fieldsOf(t *testing.T, raw []byte) map[string]bool {
	var value interface{}
	if err := json.Unmarshal(raw, &value); err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	fields(value, "", found)
	return found
}`;
