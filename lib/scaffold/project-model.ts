/**
 * The project `.yo-rc.json` describes: answers that hold for the whole repo
 * (module, architecture, ports, API type, images, layers) and a list of
 * functions, each with its own folder, trigger, memory, time-out, variables
 * and secrets. The file carries a schema version, so a change of its shape is
 * a migration that runs forward on read, never a repo that can no longer be
 * merged: 0.1 and 0.2 wrote one function's answers flat (schema 1), and are
 * read as a project of that one function, kept where it is, under the names
 * it had (its compose service, its logical id in template.yaml).
 */
import {
  formatRouteKey,
  functionNamePattern,
  functionNameRule,
  functionSettingName,
  functionSettings,
  parseRouteKeys,
  routeShape,
  settingNames,
  siblingVariableProblem,
  type RouteKey,
} from '../../emulator/src/contract.ts';
import { InvalidInputError, notAllowed } from '../errors.ts';
import { isJsonObject } from '../pins/json-object.ts';
import { defaultTriggerKind, triggerKinds, type TriggerKindName } from '../triggers/index.ts';
import type { Answers } from './options.ts';

/** The shape `.yo-rc.json` has now; 1 is the flat one of 0.1 and 0.2, which never said so. */
export const projectSchemaVersion = 2;

export const triggerNames = Object.keys(triggerKinds) as TriggerKindName[];
export type TriggerName = TriggerKindName;

/** The app's answers that belong to one function: on a re-run they are the first function's. */
export const functionAnswerKeys = ['timeout', 'memory', 'routes', 'variables', 'secrets'] as const satisfies readonly (keyof Answers)[];
export type FunctionAnswers = Pick<Answers, (typeof functionAnswerKeys)[number]>;

export interface FunctionModel extends FunctionAnswers {
  readonly name: string;
  /** Its `main` package, relative to the repo: `cmd/<name>`, or `.` for the one function a 0.1 or 0.2 repo has at its root. */
  readonly folder: string;
  /** What invokes it; a kind served on the API's routes (`http`) has `routes`, every other kind none. */
  readonly trigger: TriggerName;
  /**
   * Its logical id in template.yaml, stored where it is not the one derived
   * from the name: a deployed stack's function whose id changed would be
   * replaced by CloudFormation (a new function, its old logs and URL gone).
   */
  readonly samId?: string;
  /**
   * Its compose service, stored where it is not its name: a 0.1 or 0.2 repo's
   * one function keeps `lambda`, which the owners' services, scripts and
   * `docker compose` commands may name.
   */
  readonly service?: string;
}

/** A project: the repo-wide answers, and its functions, the first one the app's own. */
export interface Project extends Omit<Answers, keyof FunctionAnswers> {
  readonly functions: readonly FunctionModel[];
}

/** Names a function may not take: the emulator's compose service is `api`. */
const reservedNames = new Set(['api']);

/** One of the emulator's own settings a function of this name would write a setting of its own over (`gateway`: GATEWAY_TIMEOUT_MS). */
const settingClash = (name: string) => {
  const own = new Set<string>(Object.values(settingNames));
  return (Object.keys(functionSettings) as (keyof typeof functionSettings)[]).map((setting) => functionSettingName(name, setting)).find((setting) => own.has(setting));
};

/** `cmd/<name>`: one go.mod, one `main` package per function, the layout Go's own tools and most Go repos use. */
export const functionFolderOf = (name: string) => `cmd/${name}`;

/** CloudFormation's logical id of a function: its name in PascalCase, then `Function` (alphanumeric only, as CloudFormation requires). */
export const samIdOf = (fn: Pick<FunctionModel, 'name' | 'samId'>) =>
  fn.samId ?? `${fn.name.split(/[^a-z0-9]+/).filter(Boolean).map((word) => word[0]?.toUpperCase() + word.slice(1)).join('')}Function`;

/** The function name a schema-1 repo's project name gives, where the project name does not fit the function rule. */
export function functionNameFor(projectName: string): string {
  const cleaned = projectName.replace(/_+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 36).replace(/-$/, '');
  const named = /^[a-z]/.test(cleaned) ? cleaned : `fn-${cleaned}`.slice(0, 36).replace(/-$/, '');
  const valid = functionNamePattern.test(named) ? named : 'function';
  // A repo named api (or gateway) still gets a function name the emulator can take.
  return reservedNames.has(valid) || settingClash(valid) ? `${valid}-fn` : valid;
}

/** Why a new function's name is not allowed, given the functions there are; undefined when it is. */
export function functionNameProblem(name: string, functions: readonly FunctionModel[]): string | undefined {
  if (!functionNamePattern.test(name)) return `${functionNameRule}: it names the function's folder (cmd/${name}), compose service and settings`;
  if (reservedNames.has(name)) return `a name other than ${[...reservedNames].join(', ')}, which the API emulator's compose service has`;
  const service = functions.find((fn) => fn.service === name);
  if (service) return `a name other than ${name}, the compose service of ${service.name}`;
  const clash = settingClash(name);
  if (clash) return `a name whose emulator settings are its own; ${name}'s would include ${clash}, one of the emulator's`;
  if (functions.some((fn) => fn.name === name)) return `a name no other function of this repo has; ${name} is one already (functions: ${functions.map((fn) => fn.name).join(', ')})`;
  const same = functions.find((fn) => samIdOf(fn) === samIdOf({ name }));
  if (same) return `a name whose template.yaml id (${samIdOf({ name })}) no other function has; ${same.name}'s is`;
  return undefined;
}

const routesOf = (fn: FunctionModel): RouteKey[] => {
  const parsed = parseRouteKeys(fn.routes);
  return 'routes' in parsed ? parsed.routes : [];
};

/**
 * Why these functions cannot share one API, or undefined: a route two of them
 * claim (API Gateway tells routes apart by method and path, its variables'
 * names aside, and has one integration per route; a greedy `{proxy+}` and an
 * exact path are two routes, the exact one winning), or a path variable named
 * two ways at one place (API Gateway keeps one resource per path).
 */
export function routeConflict(functions: readonly FunctionModel[]): string | undefined {
  const owners = new Map<string, { readonly name: string; readonly route: RouteKey }>();
  for (const fn of functions) {
    for (const route of routesOf(fn)) {
      const owner = owners.get(routeShape(route));
      if (owner && owner.name !== fn.name) return `${fn.name}'s route ${formatRouteKey(route)} is ${owner.name}'s already (${formatRouteKey(owner.route)}): a route belongs to one function`;
      owners.set(routeShape(route), { name: fn.name, route });
    }
  }
  const named = functions.flatMap((fn) => routesOf(fn).map((route) => ({ name: fn.name, route })));
  const clash = siblingVariableProblem(named.map(({ route }) => route));
  const owner = clash && named.find(({ route }) => route === clash.route);
  return clash && owner ? `${owner.name}'s route ${formatRouteKey(clash.route)} is ${clash.why}` : undefined;
}

/** Why two functions' variables cannot share `.env`, and whose `--variables` and `--secrets` clash, so a refusal names the option its user gave. */
export interface VariableConflict {
  readonly why: string;
  /** The function whose variable it is. */
  readonly variables: string;
  /** The function that keeps the name secret, when that is the clash: then no refusal repeats a value. */
  readonly secrets?: string;
}

/** Why two functions' variables cannot share `.env`, or undefined: one name with two defaults would take one of them for both. */
export function variableConflict(functions: readonly FunctionModel[]): VariableConflict | undefined {
  // A name one function keeps secret is no other's plain variable: compose would hand it the secret's value, visible to docker inspect.
  const secrets = new Map(functions.flatMap((fn) => fn.secrets.split(',').filter((name) => name !== '').map((name) => [name, fn.name] as const)));
  for (const fn of functions) {
    for (const item of fn.variables.split(',').filter((entry) => entry !== '')) {
      const name = item.slice(0, item.indexOf('='));
      const owner = secrets.get(name);
      if (owner !== undefined) return { why: `${fn.name}'s variable ${name} is ${owner === fn.name ? 'its own' : `${owner}'s`} secret: a name is a secret or a variable, in every function`, variables: fn.name, secrets: owner };
    }
  }
  const defaults = new Map<string, { readonly fn: string; readonly value: string }>();
  for (const fn of functions) {
    for (const item of fn.variables.split(',').filter((entry) => entry !== '')) {
      const equals = item.indexOf('=');
      const [name, value] = [item.slice(0, equals), item.slice(equals + 1)];
      const earlier = defaults.get(name);
      if (earlier && earlier.value !== value) return { why: `${fn.name}'s variable ${name} defaults to ${JSON.stringify(value)} and ${earlier.fn}'s to ${JSON.stringify(earlier.value)}: .env gives both one value, so give them one default, or two names`, variables: fn.name };
      defaults.set(name, { fn: fn.name, value });
    }
  }
  return undefined;
}

const label = (index: number, key: string) => `.yo-rc.json "functions[${index}].${key}"`;

/**
 * The functions `.yo-rc.json` lists, each field checked as its option checks it
 * (`parse(key, raw, label)` is the option table's parser); refused with one
 * line naming the field when one is not allowed.
 */
export function parseStoredFunctions(
  raw: unknown,
  parse: <K extends keyof FunctionAnswers>(key: K, value: unknown, label: string) => FunctionAnswers[K],
  defaultOf: (key: keyof FunctionAnswers) => string,
): FunctionModel[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new InvalidInputError(notAllowed('.yo-rc.json "functions"', raw, 'a list of one function or more'));
  const functions: FunctionModel[] = [];
  raw.forEach((entry: unknown, index) => {
    if (!isJsonObject(entry)) throw new InvalidInputError(notAllowed(`.yo-rc.json "functions[${index}]"`, entry, 'an object with the function\'s name, folder, trigger and answers'));
    const text = (key: string, valid: (value: string) => boolean, allowed: string) => {
      const value = entry[key];
      if (typeof value !== 'string' || !valid(value)) throw new InvalidInputError(notAllowed(label(index, key), value, allowed));
      return value;
    };
    const name = text('name', (value) => functionNamePattern.test(value), functionNameRule);
    const folder = text('folder', (value) => value === '.' || value === functionFolderOf(name), `"." or "${functionFolderOf(name)}"`);
    const trigger = text('trigger', (value) => (triggerNames as readonly string[]).includes(value), triggerNames.join(', ')) as TriggerName;
    const samId = entry.samId === undefined ? undefined : text('samId', (value) => /^[A-Za-z0-9]{1,255}$/.test(value), 'letters and digits (a CloudFormation logical id)');
    const service = entry.service === undefined ? undefined : text('service', (value) => /^[a-z0-9][a-z0-9_.-]{0,62}$/.test(value), 'a compose service name: lower-case letters, digits, ".", "_" and "-"');
    // A function that is not behind the API has no routes; an answer not stored takes its default, as the app's do.
    const answers = Object.fromEntries(
      functionAnswerKeys.map((key) => [key, key === 'routes' && !triggerKinds[trigger].routes ? '' : parse(key, entry[key] ?? defaultOf(key), label(index, key))]),
    );
    const fn = { name, folder, trigger, ...(answers as unknown as FunctionAnswers), ...(samId === undefined ? {} : { samId }), ...(service === undefined ? {} : { service }) };
    const problem = functionNameProblem(name, functions);
    if (problem) throw new InvalidInputError(notAllowed(label(index, 'name'), name, problem));
    functions.push(fn);
  });
  const conflict = routeConflict(functions) ?? variableConflict(functions)?.why;
  if (conflict) throw new InvalidInputError(`.yo-rc.json "functions": ${conflict}`);
  return functions;
}

/**
 * `.yo-rc.json`'s contents at the current schema: a schema-1 repo's flat
 * answers become its one function, at the root where its main.go is, with the
 * logical id `Function` its stack has. A newer schema than this generator's is
 * refused: its shape is one this version cannot know.
 */
export function migrateStored(stored: Readonly<Record<string, unknown>>): Record<string, unknown> {
  // Without a version: schema 1 when it has its answers flat (pins and no functions), else this one.
  const version = stored.schemaVersion ?? (stored.pins !== undefined && stored.functions === undefined ? 1 : projectSchemaVersion);
  if (version === projectSchemaVersion) return { ...stored };
  if (version !== 1) {
    throw new InvalidInputError(
      notAllowed('.yo-rc.json "schemaVersion"', version, `${projectSchemaVersion} or older; a newer generator-lambda-local wrote this repo, so run that one (npx generator-lambda-local@latest)`),
    );
  }
  const { routes, timeout, memory, variables, secrets, ...rest } = stored;
  const name = typeof stored.name === 'string' ? functionNameFor(stored.name) : 'function';
  const answers = Object.fromEntries(Object.entries({ timeout, memory, routes, variables, secrets }).filter(([, value]) => value !== undefined));
  const fn = { name, folder: '.', trigger: 'http' satisfies TriggerName, ...answers, samId: 'Function', service: 'lambda' };
  return { ...rest, schemaVersion: projectSchemaVersion, functions: [fn] };
}

/** The app's answers as `.yo-rc.json` holds them: the repo's, and the first function's as if flat (what the option table parses). */
export function appAnswersOf(stored: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const migrated = migrateStored(stored);
  const first = Array.isArray(migrated.functions) && isJsonObject(migrated.functions[0]) ? migrated.functions[0] : {};
  const flat: Record<string, unknown> = { ...migrated };
  delete flat.functions;
  for (const key of functionAnswerKeys) if (first[key] !== undefined) flat[key] = first[key];
  return flat;
}

/** The project of the app's answers: its first function takes them, the others stay as they are. */
export function projectOf(answers: Answers, functions: readonly FunctionModel[] | undefined): Project {
  const { timeout, memory, routes, variables, secrets, ...repo } = answers;
  const [first, ...others] = functions ?? [];
  const name = first?.name ?? functionNameFor(answers.name);
  const head: FunctionModel = {
    name,
    folder: first?.folder ?? functionFolderOf(name),
    trigger: first?.trigger ?? defaultTriggerKind,
    timeout,
    memory,
    routes,
    variables,
    secrets,
    ...(first?.samId ? { samId: first.samId } : {}),
    ...(first?.service ? { service: first.service } : {}),
  };
  return { ...repo, functions: [head, ...others] };
}


/** A function as `.yo-rc.json` keeps it: its routes only when it has some. */
export function storedFunction(fn: FunctionModel): Record<string, unknown> {
  const { name, folder, trigger, routes, timeout, memory, variables, secrets, samId, service } = fn;
  return { name, folder, trigger, ...(triggerKinds[trigger].routes ? { routes } : {}), timeout, memory, variables, secrets, ...(samId === undefined ? {} : { samId }), ...(service === undefined ? {} : { service }) };
}
