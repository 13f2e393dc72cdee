/** Checks on generated files that several tests share. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import ajvDraft04 from 'ajv-draft-04';
import { Add, DockerfileParser } from 'dockerfile-ast';
import { parse as parseYaml, type ScalarTag, type CollectionTag } from 'yaml';
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

// The official SAM schema is draft-04, which Ajv 8 reads only through ajv-draft-04
// (a CommonJS module: its class is the default export's `default`).
const samSchema: object = JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/sam.schema.json'), 'utf8'));
const validateSam = new ajvDraft04.default({ strict: false, allErrors: true }).compile(samSchema);

/** Schema errors of a parsed SAM template, empty when it is valid. */
export function samSchemaErrors(document: unknown): string[] {
  if (validateSam(document)) return [];
  return (validateSam.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

/**
 * CloudFormation's short forms (`!Ref x`, `!Sub "…"`, `!GetAtt a.b`, …) as
 * real YAML tags, each read as the long form CloudFormation expands it to.
 */
const intrinsicFunctions = ['Base64', 'Cidr', 'FindInMap', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Condition'];
const cloudFormationTags: (ScalarTag | CollectionTag)[] = [
  { tag: '!Ref', resolve: (value: string) => ({ Ref: value }) },
  { tag: '!GetAtt', resolve: (value: string) => ({ 'Fn::GetAtt': value.split('.') }) },
  ...intrinsicFunctions.flatMap((name): (ScalarTag | CollectionTag)[] => [
    { tag: `!${name}`, resolve: (value: string) => ({ [name === 'Condition' ? 'Condition' : `Fn::${name}`]: value }) },
    { tag: `!${name}`, collection: 'seq', resolve: (value) => ({ [`Fn::${name}`]: value.toJSON() }) },
  ]),
];

export const parseCloudFormation = (text: string): unknown => parseYaml(text, { customTags: cloudFormationTags });

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
