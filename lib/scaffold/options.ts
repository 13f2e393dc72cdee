/**
 * Every option of `yo lambda-local` and its `bump`, in one table. A stored
 * option is an answer: also a question, and a key in `.yo-rc.json`, so a re-run
 * asks nothing already answered. A run option steers one run (where pins come
 * from, which RIE release may be pinned) and is never stored. Every value
 * passes its parser whichever way it arrives, so a bad one is refused before
 * anything is written.
 */
import {
  controlPrefix,
  formatRouteKey,
  gatewayErrors,
  integrationTimeoutMs,
  parseRouteKeys,
  payloadVersions,
  routeGrammar,
  type PayloadVersion,
} from '../../emulator/src/contract.ts';
import { notAllowed } from '../errors.ts';
import { defaultValueAllowed, formatVariables, parseSecretNames, parseVariables, redactSecretValues, variableNameAllowed, type Parsed } from './function-environment.ts';
import {
  baseImageChoices,
  defaultGitHubApiUrl,
  defaultGoProxy,
  defaultImages,
  digestSources,
  hostLambdaArch,
  isSemverRange,
  lambdaArchs,
  parseImageReference,
  type DigestSource,
  type LambdaArch,
} from '../pins/index.ts';

const rieSources = ['pinned', 'download-asset'] as const;
type RieSource = (typeof rieSources)[number];
const switches = ['off', 'on'] as const;
type Switch = (typeof switches)[number];

/** What the repo is: stored in `.yo-rc.json`. */
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
  readonly cors: Switch;
  /** The function's variables and their defaults, `NAME=default,…`. */
  readonly variables: string;
  /** The names of its secrets, `NAME,…`; their values are never asked or stored. */
  readonly secrets: string;
  /** Whether the local function gets the developer's AWS credentials, as the AWS CLI finds them. */
  readonly awsCredentials: Switch;
  readonly rieSource: RieSource;
  readonly baseImage: string;
  readonly nodeImage: string;
  readonly golangImage: string;
  readonly syntaxImage: string;
  /** Template layers over the built-in templates, comma-separated, the last on top: folders (`./…`, `/…`) or npm packages. */
  readonly templates: string;
}

/** The answers a template layer's manifest may give defaults for (lib/layers). */
export const presetKeys = ['memory', 'timeout', 'arch', 'baseImage', 'nodeImage', 'routes', 'variables', 'secrets'] as const;
/** Default answers from template layers, and the prefix of the module path's default. */
export type Presets = Partial<Record<(typeof presetKeys)[number] | 'modulePrefix', string>>;

/** How this run goes: never stored. */
export interface RunOptions {
  readonly offline: boolean;
  /** Bump: say whether an update is available (a pin out of date, or templates that moved), write nothing, exit 1 if one is. */
  readonly check: boolean;
  /** Bump: `--check`'s report as JSON on standard output; implies `check`. */
  readonly json: boolean;
  /** Bump: print the diff it would apply, write nothing. */
  readonly dryRun: boolean;
  readonly githubApiUrl: string;
  /** A semver range the RIE release must satisfy; null for the newest. */
  readonly rieRange: string | null;
  readonly digestSource: DigestSource;
  /** The registry whose images GitHub's Packages API knows: ghcr.io, or a GitHub Enterprise host's. */
  readonly githubContainerRegistry: string;
  /** The Go module proxy download-asset's version is resolved through. */
  readonly goProxy: string;
}

/**
 * What `.yo-rc.json` holds: the answers, the pins they were generated with,
 * the generator version that wrote the repo's files and the sha256 of each
 * generator-owned file as it wrote it (to know, next time, which ones their
 * owners changed).
 */
export type StoredConfig = Partial<Answers> & {
  readonly schemaVersion?: unknown;
  readonly functions?: unknown;
  readonly pins?: unknown;
  readonly generatorVersion?: unknown;
  readonly files?: unknown;
};

interface DefaultContext {
  /** Name of the folder the repo is generated in. */
  readonly folderName: string;
  /** Answers collected so far (questions are asked in declaration order). */
  readonly earlier: Partial<Answers>;
  readonly env: NodeJS.ProcessEnv;
  /** Defaults from template layers, where they give one. */
  readonly presets?: Presets;
}

export interface OptionSpec<T> {
  /** Command-line option (`--option`); `name` is the positional argument. */
  readonly option: string;
  /** An answer, kept in `.yo-rc.json`; or an option of this run only. */
  readonly stored: boolean;
  /** What it sets, in a few words: its line in `--help`. */
  readonly summary: string;
  /** The default as `--help` shows it, where it depends on the run (the folder, this machine). */
  readonly helpDefault?: string;
  /** What is allowed, as printed when a value is refused. */
  readonly allowed: string;
  readonly choices?: readonly string[];
  /** What a prompt shows for a choice, where the value alone says too little. */
  readonly choiceLabels?: Readonly<Record<string, string>>;
  /** A switch that takes no value (`--offline`). */
  readonly flag?: true;
  /** Given more than once, its values add up (a comma list), where another option's last value wins. */
  readonly repeatable?: true;
  /** Taken by bump alone. */
  readonly bumpOnly?: true;
  /** An answer bump takes too (to re-point it, not to change what the files hold). */
  readonly bumpToo?: true;
  defaultValue(context: DefaultContext): string;
  /** The value, or undefined when it is not allowed. */
  parse(raw: string): T | undefined;
  /** What is wrong with a value `parse` refuses, when more can be said than `allowed`. */
  explain?(raw: string): string | undefined;
  /** The value as a refusal may show it, when it could hold what must never be printed. */
  redact?(raw: string): string;
}

type Stored<T> = OptionSpec<T> & {
  readonly stored: true;
  /** What the prompt asks. */
  readonly question: string;
  /**
   * Whether the prompt asks it, given the answers before it; without it, always.
   * An answer not asked takes its default (and stays an option).
   */
  asked?(earlier: Partial<Answers>): boolean;
};
type RunOnly<T> = OptionSpec<T> & { readonly stored: false };

type OptionTable = { readonly [K in keyof Answers]: Stored<Answers[K]> } & { readonly [K in keyof RunOptions]: RunOnly<RunOptions[K]> };

const functionName = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const moduleFirstElement = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+$/;
const moduleElement = /^[A-Za-z0-9_~-]([A-Za-z0-9._~-]*[A-Za-z0-9_~-])?$/;

function parseInteger(raw: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(raw.trim())) return undefined;
  const value = Number(raw.trim());
  return value >= min && value <= max ? value : undefined;
}

/** An option parsed by a function that says what is wrong. */
function explained<T, U>(parseText: (raw: string) => Parsed<T>, format: (value: T) => U) {
  return {
    parse: (raw: string) => {
      const parsed = parseText(raw);
      return 'value' in parsed ? format(parsed.value) : undefined;
    },
    explain: (raw: string) => {
      const parsed = parseText(raw);
      return 'problem' in parsed ? parsed.problem : undefined;
    },
  };
}

function oneOf<T extends string>(values: readonly T[]): (raw: string) => T | undefined {
  return (raw) => values.find((value) => value === raw.trim());
}

/** A folder name made into a valid function name, for the default answer. */
function toFunctionName(folderName: string): string {
  const cleaned = folderName
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 64);
  return cleaned === '' ? 'lambda-function' : cleaned;
}

/** An image the templates use; a company mirror or a test registry can stand in for the default. */
const image = (option: string, summary: string, question: string, fallback: string): Stored<string> => ({
  stored: true,
  option,
  summary,
  question,
  allowed: 'an image reference [registry/]repository[:tag], its digest resolved and pinned, or [registry/]repository:tag@sha256:<64 hex>, pinned as given',
  defaultValue: () => fallback,
  parse: (raw) => (parseImageReference(raw.trim()) ? raw.trim() : undefined),
});

const port = (option: string, summary: string, question: string, fallback: number): Stored<number> => ({
  stored: true,
  option,
  summary,
  question,
  allowed: 'an integer from 1024 to 65535',
  defaultValue: () => String(fallback),
  parse: (raw) => parseInteger(raw, 1024, 65535),
});

/** An http(s) URL without its trailing slashes. */
const httpUrl = (raw: string) => {
  const url = /^https?:\/\//.test(raw) && URL.canParse(raw) ? new URL(raw) : undefined;
  // Credentials in a URL would be printed wherever the URL is, and fetch refuses such URLs anyway.
  return url && url.username === '' && url.password === '' ? raw.replace(/\/+$/, '') : undefined;
};
/** A URL as a refusal may show it: without what stands between `//` and `@`. */
const withoutCredentials = (raw: string) => raw.replace(/\/\/[^/@]*@/, '//…@');

/** A run option that takes no value: given, it is on. */
const switchOption = (option: string, summary: string, only: { readonly bumpOnly?: true } = {}): RunOnly<boolean> => ({
  stored: false,
  option,
  summary,
  allowed: 'no value',
  flag: true,
  ...only,
  defaultValue: () => 'false',
  parse: (raw) => (raw === 'true' ? true : raw === 'false' ? false : undefined),
});

export const optionTable: OptionTable = {
  name: {
    stored: true,
    option: 'name',
    summary: "the repo's name, and its first function's",
    question: 'What is the repo called (and its first function)?',
    helpDefault: "the folder's name",
    allowed: 'lower-case letters, digits, "-" and "_", starting with a letter or digit, at most 64 characters',
    defaultValue: ({ folderName }) => toFunctionName(folderName),
    parse: (raw) => (functionName.test(raw.trim()) ? raw.trim() : undefined),
  },
  module: {
    stored: true,
    option: 'module',
    summary: 'the Go module path',
    question: 'What is its Go module path?',
    helpDefault: 'example.com/<name>',
    allowed: 'a Go module path such as example.com/team/fn (a host name with a dot, then "/"-separated path elements)',
    defaultValue: ({ earlier, presets }) => `${presets?.modulePrefix ?? 'example.com'}/${earlier.name ?? 'lambda-function'}`,
    parse: (raw) => {
      const [first, ...rest] = raw.trim().split('/');
      const valid = first !== undefined && moduleFirstElement.test(first) && rest.every((element) => moduleElement.test(element));
      return valid ? raw.trim() : undefined;
    },
  },
  arch: {
    stored: true,
    option: 'arch',
    summary: 'x86_64 or arm64',
    question: 'Which architecture does it run on in Lambda?',
    helpDefault: `this machine's, ${hostLambdaArch()}`,
    allowed: lambdaArchs.join(', '),
    choices: lambdaArchs,
    defaultValue: () => hostLambdaArch(),
    parse: oneOf(lambdaArchs),
  },
  lambdaPort: port('lambda-port', 'the local Lambda Invoke API\'s port, 127.0.0.1', 'Which port on 127.0.0.1 for the local Lambda Invoke API?', 9000),
  apiPort: port('api-port', 'the API emulator\'s port, 127.0.0.1', 'Which port on 127.0.0.1 for the API Gateway emulator?', 3000),
  timeout: {
    stored: true,
    option: 'timeout',
    summary: 'seconds it may run, 1–900',
    question: 'How many seconds may it run before Lambda stops it?',
    allowed: 'an integer from 1 to 900',
    defaultValue: () => '30',
    parse: (raw) => parseInteger(raw, 1, 900),
  },
  memory: {
    stored: true,
    option: 'memory',
    summary: 'its memory in MB, 128–10240',
    question: 'How much memory does it get, in MB?',
    allowed: 'an integer from 128 to 10240',
    defaultValue: () => '128',
    parse: (raw) => parseInteger(raw, 128, 10240),
  },
  payload: {
    stored: true,
    option: 'payload',
    summary: '1.0 (REST API) or 2.0 (HTTP API)',
    question: 'Which API Gateway payload does it take?',
    choiceLabels: { '1.0': '1.0, from a REST API', '2.0': '2.0, from an HTTP API' },
    allowed: payloadVersions.join(', '),
    choices: payloadVersions,
    defaultValue: () => '1.0',
    parse: oneOf(payloadVersions),
  },
  routes: {
    stored: true,
    option: 'routes',
    summary: 'routes served, METHOD /path,…',
    question: 'Which routes does the API serve? (METHOD /path,…)',
    allowed: `a comma list of ${routeGrammar}, each route once, one variable name at each place in a path, none under ${controlPrefix}`,
    defaultValue: () => 'ANY /{proxy+}',
    // Methods in either case, written in upper case.
    parse: (raw) => {
      const parsed = parseRouteKeys(raw);
      return 'routes' in parsed ? parsed.routes.map(formatRouteKey).join(',') : undefined;
    },
    explain: (raw) => {
      const parsed = parseRouteKeys(raw);
      return 'wrong' in parsed ? `${JSON.stringify(parsed.wrong)} is ${parsed.why}` : undefined;
    },
  },
  cors: {
    stored: true,
    option: 'cors',
    summary: 'on: CORS for other origins, or off',
    question: 'Should the API answer CORS for browsers on other origins?',
    allowed: switches.join(', '),
    choices: switches,
    defaultValue: () => 'off',
    parse: oneOf(switches),
  },
  // Not --env: Yeoman keeps its environment in options.env.
  variables: {
    stored: true,
    option: 'variables',
    summary: 'its variables, NAME=default,…',
    question: 'Which variables does it read? (NAME=default,…; empty for none)',
    helpDefault: 'none',
    allowed: `a comma list of NAME=default, ${variableNameAllowed}, none of Lambda's (AWS_*, LAMBDA_*, _HANDLER, _X_AMZN_TRACE_ID), each once, with ${defaultValueAllowed}`,
    defaultValue: () => '',
    ...explained(parseVariables, formatVariables),
  },
  secrets: {
    stored: true,
    option: 'secrets',
    summary: 'the names of its secrets, NAME,…',
    question: 'Which secrets does it read? (names only, NAME,…; empty for none)',
    helpDefault: 'none',
    allowed: `a comma list of ${variableNameAllowed}, none of Lambda's (AWS_*, LAMBDA_*, _HANDLER, _X_AMZN_TRACE_ID), each once`,
    defaultValue: () => '',
    ...explained(parseSecretNames, (names) => names.join(',')),
    // NAME=value given by mistake: the value is a secret, and no refusal repeats it.
    redact: redactSecretValues,
  },
  awsCredentials: {
    stored: true,
    option: 'aws-credentials',
    summary: "on: the function gets your AWS credentials",
    question: 'Should the local function get your AWS credentials (your shell\'s AWS_* variables, or AWS_PROFILE with ~/.aws)?',
    allowed: switches.join(', '),
    choices: switches,
    defaultValue: () => 'off',
    // Off unless asked for: what the function may reach in AWS is a decision, not a default.
    asked: () => false,
    parse: oneOf(switches),
  },
  rieSource: {
    stored: true,
    option: 'rie-source',
    summary: 'how RIE gets in: pinned, download-asset',
    question: 'How does the image get RIE?',
    choiceLabels: { pinned: 'pinned: the release asset, checked by its sha256', 'download-asset': 'download-asset: fetched with your GitHub token' },
    allowed: rieSources.join(', '),
    choices: rieSources,
    defaultValue: () => 'pinned',
    parse: oneOf(rieSources),
  },
  baseImage: image(
    'base-image',
    `the fork below or ${baseImageChoices.aws}`,
    // Both names and the default would not fit a terminal line: --help and the README name AWS's image beside the default.
    'Which base image?',
    defaultImages.base,
  ),
  nodeImage: image('node-image', 'the Node image of the API emulator', 'Which Node image runs the API Gateway emulator?', defaultImages.node),
  golangImage: {
    ...image('golang-image', 'the Go image of download-asset', 'Which Go image builds download-asset?', defaultImages.golang),
    asked: ({ rieSource }) => rieSource === 'download-asset',
  },
  // BuildKit's frontend, named by the Dockerfile's # syntax line: an option for mirrors, never asked.
  syntaxImage: {
    ...image('dockerfile-syntax', 'the Dockerfile\'s # syntax image', 'Which Dockerfile frontend does the # syntax line name?', defaultImages.dockerfileSyntax),
    asked: () => false,
  },
  templates: {
    stored: true,
    option: 'templates',
    summary: 'template layers, folder or package,…',
    question: 'Which template layers go over the built-in templates?',
    helpDefault: 'none',
    allowed: 'a comma list of folders (./path or /path) and npm package names, each holding lambda-local.templates.json',
    defaultValue: () => '',
    // Chosen on the command line only: a layer is something a team hands out, not a preference.
    asked: () => false,
    repeatable: true,
    // A layer that moved is re-pointed by bump too.
    bumpToo: true,
    parse: (raw) => {
      const specs = raw.split(',').map((spec) => spec.trim()).filter((spec) => spec !== '');
      return specs.every((spec) => !/\s/.test(spec)) ? specs.join(',') : undefined;
    },
  },
  offline: switchOption('offline', 'no network: pins stored, else shipped'),
  check: switchOption('check', 'list updates available; exit 1 if any', { bumpOnly: true }),
  json: switchOption('json', "--check's report as JSON", { bumpOnly: true }),
  dryRun: switchOption('dry-run', 'print the diff; write nothing', { bumpOnly: true }),
  githubApiUrl: {
    stored: false,
    option: 'github-api-url',
    summary: 'the GitHub API RIE is read from',
    helpDefault: `$GITHUB_API_URL, else ${defaultGitHubApiUrl}`,
    allowed: 'an http or https URL such as https://api.github.com, without credentials (the token is GITHUB_TOKEN)',
    defaultValue: ({ env }) => env.GITHUB_API_URL || defaultGitHubApiUrl,
    parse: httpUrl,
    redact: withoutCredentials,
  },
  rieRange: {
    stored: false,
    option: 'rie-version',
    summary: 'RIE releases allowed, e.g. ~1.33',
    helpDefault: 'the newest release',
    allowed: 'a semver range such as ~1.33 or >=1.30 <2',
    defaultValue: () => '',
    parse: (raw) => (raw === '' ? null : isSemverRange(raw) ? raw : undefined),
  },
  digestSource: {
    stored: false,
    option: 'digest-source',
    summary: digestSources.join(' or '),
    allowed: digestSources.join(', '),
    choices: digestSources,
    defaultValue: () => 'registry',
    parse: oneOf(digestSources),
  },
  githubContainerRegistry: {
    stored: false,
    option: 'github-container-registry',
    summary: 'where GitHub keeps images',
    allowed: 'a registry host such as ghcr.io or containers.github.example.com',
    defaultValue: () => 'ghcr.io',
    parse: (raw) => (parseImageReference(`${raw}/owner/image`)?.registry === raw ? raw : undefined),
  },
  goProxy: {
    stored: false,
    option: 'go-proxy',
    summary: 'the Go proxy for download-asset',
    helpDefault: `$GOPROXY's first URL, else ${defaultGoProxy}`,
    allowed: 'an http or https URL such as https://proxy.golang.org, without credentials',
    defaultValue: ({ env }) => (env.GOPROXY ?? '').split(/[,|]/).find((entry) => httpUrl(entry) !== undefined) ?? defaultGoProxy,
    parse: httpUrl,
    redact: withoutCredentials,
  },
};

const keysOf = <T extends object>(value: T) => Object.keys(value) as (keyof T)[];

/** The answers, in the order they are asked. */
export const answerKeys = keysOf(optionTable).filter((key): key is keyof Answers => optionTable[key].stored);
export const runOptionKeys = keysOf(optionTable).filter((key): key is keyof RunOptions => !optionTable[key].stored);

/** Option type for values: given twice, the last one wins, as in most command-line tools. */
function lastValue(value: unknown): string {
  return String(Array.isArray(value) ? value.at(-1) : value);
}

/** Option type for a repeatable option: every value given, as one comma list. */
function allValues(value: unknown): string {
  return (Array.isArray(value) ? value : [value]).map(String).join(',');
}

/** The variable a REST API's generated handler takes its CORS origin from (lib/triggers/http/payload-1.0/main.go). */
export const corsOriginVariable = 'CORS_ALLOW_ORIGIN';

/**
 * Checks that hold between answers rather than within one; only answers already
 * known take part. A clash is named by the answer `chosen` holds (given as an
 * option, or typed at the prompt that refuses it) when only one of the two is.
 */
export function crossCheck(answers: Partial<Answers>, chosen: ReadonlySet<keyof Answers> = new Set()): string | undefined {
  if (answers.lambdaPort !== undefined && answers.lambdaPort === answers.apiPort) {
    // Else named by the one asked second, so a prompt refuses it there.
    const [named, other] = chosen.has('lambdaPort') && !chosen.has('apiPort') ? (['lambdaPort', 'apiPort'] as const) : (['apiPort', 'lambdaPort'] as const);
    return notAllowed(`--${optionTable[named].option}`, String(answers[named]), `a port different from --${optionTable[other].option} (${answers[other]})`);
  }
  if (answers.variables !== undefined && answers.secrets !== undefined) {
    const variables = new Set(answers.variables.split(',').map((item) => item.split('=')[0]));
    const both = answers.secrets.split(',').find((name) => name !== '' && variables.has(name));
    if (both) return notAllowed('--secrets', answers.secrets, `names that are not also in --variables (${both} is)`);
  }
  // A REST API's handler reads its CORS origin from this variable, which --cors on sets. Only a
  // clash this run makes is refused: one stored by an earlier version keeps the owner's
  // variable, which the templates then pass instead of theirs (template-context.ts).
  const clashChosen = (['payload', 'cors', 'variables', 'secrets'] as const).some((key) => chosen.has(key));
  if (clashChosen && answers.payload === '1.0' && answers.cors === 'on') {
    for (const key of ['variables', 'secrets'] as const) {
      const given = answers[key];
      if (given !== undefined && given.split(',').some((item) => item.split('=')[0] === corsOriginVariable)) {
        return notAllowed(`--${key}`, key === 'secrets' ? redactSecretValues(given) : given, `names other than ${corsOriginVariable}, which --cors on sets for a REST API (--payload 1.0)`);
      }
    }
  }
  return undefined;
}

/**
 * What a run should say about the answers its user chose (on the command line,
 * or at a prompt with other than the default): a time-out API Gateway cuts
 * short. A default or an answer stored earlier is not worth a word.
 */
export function answerNotices(answers: Answers, chosen: ReadonlySet<keyof Answers>): string[] {
  const limit = integrationTimeoutMs[answers.payload] / 1000;
  if (!chosen.has('timeout') || answers.timeout <= limit) return [];
  const status = gatewayErrors[answers.payload].timeout.statusCode;
  return [`timeout ${answers.timeout} s exceeds API Gateway's ${limit} s integration limit: the emulator answers ${status} first, as API Gateway would`];
}

interface YeomanOption {
  readonly name: string;
  readonly type: BooleanConstructor | typeof lastValue | typeof allValues;
  readonly description: string;
}

/** The options a generator declares: every one but the positional `name` for the app, the run options for bump. */
export function yeomanOptions(which: 'all' | 'run'): YeomanOption[] {
  const keys =
    which === 'all'
      ? keysOf(optionTable).filter((key) => key !== 'name' && !(optionTable[key] as OptionSpec<unknown>).bumpOnly)
      : keysOf(optionTable).filter((key) => !optionTable[key].stored || (optionTable[key] as OptionSpec<unknown>).bumpToo);
  return keys.map((key) => {
    const spec: OptionSpec<unknown> = optionTable[key];
    return { name: spec.option, type: spec.flag ? Boolean : spec.repeatable ? allValues : lastValue, description: spec.summary };
  });
}

/** Yeoman's store of `.yo-rc.json` (or the bin's stand-in for it), as far as this needs it. */
export interface ConfigStore {
  getAll(): Record<string, unknown>;
  delete(key: string): void;
  set(values: Record<string, unknown>): unknown;
}

/**
 * Writes `.yo-rc.json`: its schema version, the answers in the order they are
 * asked, the functions, then the pins. Yeoman keeps the order keys were first
 * stored in, so ours are taken out and stored again. Keys of someone else's
 * are kept, ahead of ours. (A schema-1 file, which bump keeps as it is, has
 * its function's answers flat and no functions.)
 */
export function storeConfig(store: ConfigStore, config: StoredConfig): void {
  const order = ['schemaVersion', ...answerKeys, 'functions', 'pins', 'generatorVersion', 'files'] as const;
  const ours = new Set<string>(order);
  for (const key of Object.keys(store.getAll())) if (ours.has(key)) store.delete(key);
  const ordered: Record<string, unknown> = {};
  for (const key of order) if (config[key] !== undefined) ordered[key] = storedAnswer(key, config[key]);
  store.set(ordered);
}

/** The answers that name an image. */
const imageAnswerKeys: ReadonlySet<string> = new Set(['baseImage', 'syntaxImage', 'nodeImage', 'golangImage'] satisfies (keyof Answers)[]);

/**
 * An answer as `.yo-rc.json` keeps it (and as it is read back from there). An
 * image given as `name:tag@sha256:…` is pinned as given on the run that gives
 * it; kept with its digest, it would pin that digest on every later run, and
 * bump would undo Renovate's updates. So the answer is `name:tag`, and the
 * digest lives on as the image's pin, which bump and Renovate move on from.
 */
export function storedAnswer(key: string, value: unknown): unknown {
  if (!imageAnswerKeys.has(key) || typeof value !== 'string') return value;
  const image = parseImageReference(value);
  return image?.digest ? value.slice(0, value.lastIndexOf('@')) : value;
}
