/**
 * The questions `yo lambda-local` asks. Each is also a command-line option and
 * a key in `.yo-rc.json`; every value passes the same parser whichever way it
 * arrives, so a bad one is refused before anything is written.
 */
import { parseImageReference } from '../../lib/image-reference.ts';
import { hostLambdaArch, lambdaArchs, type LambdaArch } from '../../lib/lambda-arch.ts';
import { defaultImages } from '../../lib/shipped-pins.ts';
import { formatRouteKey, parseRouteKeys, payloadVersions, routeGrammar, type PayloadVersion } from '../../emulator/src/contract.ts';

export const rieSources = ['pinned', 'download-asset'] as const;
export type RieSource = (typeof rieSources)[number];

export interface Answers {
  readonly name: string;
  readonly module: string;
  readonly arch: LambdaArch;
  readonly lambdaPort: number;
  readonly apiPort: number;
  readonly timeout: number;
  readonly memory: number;
  readonly payload: PayloadVersion;
  readonly routes: string;
  readonly rieSource: RieSource;
  readonly baseImage: string;
  readonly nodeImage: string;
  readonly golangImage: string;
  readonly syntaxImage: string;
}

export interface DefaultContext {
  /** Name of the folder the repo is generated in. */
  readonly folderName: string;
  /** Answers collected so far (questions are asked in declaration order). */
  readonly earlier: Partial<Answers>;
}

export interface AnswerSpec<T> {
  /** Command-line option (`--option`); `name` is the positional argument. */
  readonly option: string;
  readonly message: string;
  /** What is allowed, as printed when a value is refused. */
  readonly allowed: string;
  readonly choices?: readonly string[];
  defaultValue(context: DefaultContext): string;
  /** The value, or undefined when it is not allowed. */
  parse(raw: string): T | undefined;
}

export type AnswerSpecs = { readonly [K in keyof Answers]: AnswerSpec<Answers[K]> };

const functionName = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const moduleFirstElement = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+$/;
const moduleElement = /^[A-Za-z0-9_~-]([A-Za-z0-9._~-]*[A-Za-z0-9_~-])?$/;

function parseInteger(raw: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(raw.trim())) return undefined;
  const value = Number(raw.trim());
  return value >= min && value <= max ? value : undefined;
}

function oneOf<T extends string>(values: readonly T[]): (raw: string) => T | undefined {
  return (raw) => values.find((value) => value === raw.trim());
}

/** A folder name made into a valid function name, for the default answer. */
export function toFunctionName(folderName: string): string {
  const cleaned = folderName
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 64);
  return cleaned === '' ? 'lambda-function' : cleaned;
}

/** An image the templates use; a company mirror or a test registry can stand in for the default. */
const image = (option: string, message: string, fallback: string): AnswerSpec<string> => ({
  option,
  message,
  allowed: 'an image reference [registry/]repository[:tag] without a digest (the digest is resolved and pinned)',
  defaultValue: () => fallback,
  parse: (raw) => (parseImageReference(raw.trim()) ? raw.trim() : undefined),
});

const port = (option: string, message: string, fallback: number): AnswerSpec<number> => ({
  option,
  message,
  allowed: 'an integer from 1024 to 65535',
  defaultValue: () => String(fallback),
  parse: (raw) => parseInteger(raw, 1024, 65535),
});

export const answerSpecs: AnswerSpecs = {
  name: {
    option: 'name',
    message: 'Function name',
    allowed: 'lower-case letters, digits, "-" and "_", starting with a letter or digit, at most 64 characters',
    defaultValue: ({ folderName }) => toFunctionName(folderName),
    parse: (raw) => (functionName.test(raw.trim()) ? raw.trim() : undefined),
  },
  module: {
    option: 'module',
    message: 'Go module path',
    allowed: 'a Go module path such as example.com/team/fn (a host name with a dot, then "/"-separated path elements)',
    defaultValue: ({ earlier }) => `example.com/${earlier.name ?? 'lambda-function'}`,
    parse: (raw) => {
      const [first, ...rest] = raw.trim().split('/');
      const valid = first !== undefined && moduleFirstElement.test(first) && rest.every((element) => moduleElement.test(element));
      return valid ? raw.trim() : undefined;
    },
  },
  arch: {
    option: 'arch',
    message: 'Lambda architecture',
    allowed: lambdaArchs.join(', '),
    choices: lambdaArchs,
    defaultValue: () => hostLambdaArch(),
    parse: oneOf(lambdaArchs),
  },
  lambdaPort: port('lambda-port', 'Host port of the Runtime Interface Emulator', 9000),
  apiPort: port('api-port', 'Host port of the API Gateway emulator', 3000),
  timeout: {
    option: 'timeout',
    message: 'Function timeout (seconds)',
    allowed: 'an integer from 1 to 900',
    defaultValue: () => '30',
    parse: (raw) => parseInteger(raw, 1, 900),
  },
  memory: {
    option: 'memory',
    message: 'Function memory (MB)',
    allowed: 'an integer from 128 to 10240',
    defaultValue: () => '128',
    parse: (raw) => parseInteger(raw, 128, 10240),
  },
  payload: {
    option: 'payload',
    message: 'API Gateway payload format (1.0 = REST API, 2.0 = HTTP API)',
    allowed: payloadVersions.join(', '),
    choices: payloadVersions,
    defaultValue: () => '1.0',
    parse: oneOf(payloadVersions),
  },
  routes: {
    option: 'routes',
    message: 'Routes the API Gateway emulator serves',
    allowed: `a comma list of ${routeGrammar}, each route once`,
    defaultValue: () => 'ANY /{proxy+}',
    parse: (raw) => {
      const parsed = parseRouteKeys(raw);
      return 'routes' in parsed ? parsed.routes.map(formatRouteKey).join(',') : undefined;
    },
  },
  rieSource: {
    option: 'rie-source',
    message: 'How the image gets the Runtime Interface Emulator',
    allowed: rieSources.join(', '),
    choices: rieSources,
    defaultValue: () => 'pinned',
    parse: oneOf(rieSources),
  },
  baseImage: image('base-image', 'Runtime base image', defaultImages.base),
  nodeImage: image('node-image', 'Node image of the API Gateway emulator', defaultImages.node),
  golangImage: image('golang-image', 'Go image of the download-asset build stage', defaultImages.golang),
  syntaxImage: image('dockerfile-syntax', 'Dockerfile frontend image named by the # syntax line', defaultImages.dockerfileSyntax),
};

export const answerKeys = Object.keys(answerSpecs) as (keyof Answers)[];

/** The one line printed for a refused value. */
export function refusal(source: string, raw: unknown, allowed: string): string {
  return `${source}: ${JSON.stringify(raw)} is not allowed; expected ${allowed}`;
}

/** Checks that hold between answers rather than within one; only answers already known take part. */
export function crossCheck(answers: Partial<Answers>): string | undefined {
  if (answers.lambdaPort !== undefined && answers.lambdaPort === answers.apiPort) {
    return refusal('--lambda-port', String(answers.lambdaPort), `a port different from --api-port (${answers.apiPort})`);
  }
  return undefined;
}
