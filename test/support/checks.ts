/** Checks on generated files that several tests share. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { Add, DockerfileParser } from 'dockerfile-ast';
import { repoRoot } from './generate.ts';

const composeSchema: object = JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/compose-spec.json'), 'utf8'));
// The schema names its meta-schema by https URL, which Ajv does not know by that name; it is draft-07.
const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
const validateCompose = ajv.compile(composeSchema);

/** Schema errors of a parsed compose file, empty when it is valid. */
export function composeSchemaErrors(document: unknown): string[] {
  if (validateCompose(document)) return [];
  return (validateCompose.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

interface FromLine {
  readonly image: string;
  readonly stage: string | undefined;
}

/** The `FROM` lines of a Dockerfile, parsed by dockerfile-ast. */
export function fromLines(dockerfile: string): FromLine[] {
  const parsed = DockerfileParser.parse(dockerfile);
  return parsed.getFROMs().map((from) => ({ image: from.getImage() ?? '', stage: from.getBuildStage() ?? undefined }));
}

export function dockerfileDirectives(dockerfile: string): { directive: string; value: string }[] {
  return DockerfileParser.parse(dockerfile)
    .getDirectives()
    .map((directive) => ({ directive: directive.getName(), value: directive.getValue() }));
}

export function instructionKeywords(dockerfile: string): string[] {
  return DockerfileParser.parse(dockerfile).getInstructions().map((instruction) => instruction.getKeyword());
}

/** Names of the flags on every ADD instruction. */
export function addFlags(dockerfile: string): string[] {
  return DockerfileParser.parse(dockerfile)
    .getInstructions()
    .filter((instruction) => instruction instanceof Add)
    .flatMap((instruction) => instruction.getFlags().map((flag) => flag.getName()));
}

interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command; a missing command fails the test, it never skips it. */
export function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): CommandResult {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env });
  if (result.error) throw new Error(`${command} could not run (${result.error.message}); .ci/run installs it`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
