/**
 * `generator-lambda-local function <name>` (and `yo lambda-local:function`):
 * adds a function to the project, changes one's answers, or with `--remove`
 * takes one out of the generator's files. It is a re-run of the app with
 * another list of functions (pipeline.ts), so the generator's files change
 * through the merge path and the owners' edits are kept; a new function's
 * handler and test are written once, as the owners' files.
 */
import { InvalidInputError, notAllowed } from '../errors.ts';
import { parseGivenAnswer, type Question } from './collect-answers.ts';
import { defaultTriggerKind, triggerKinds } from '../triggers/index.ts';
import { redactSecretValues } from './function-environment.ts';
import { crossCheck, optionTable, type Answers, type OptionSpec, type Presets } from './options.ts';
import {
  functionAnswerKeys,
  functionFolderOf,
  functionNameProblem,
  routeConflict,
  triggerNames,
  variableConflict,
  type FunctionAnswers,
  type FunctionModel,
  type Project,
  type TriggerName,
} from './project-model.ts';

export interface FunctionEdit {
  readonly name: string;
  /** Add it, or change its answers when there is one of that name; or take it out. */
  readonly remove: boolean;
  /** Its trigger, for a function added (`--trigger`, http by default); a function's trigger stays what it was made with. */
  readonly trigger: TriggerName | undefined;
  /** The answers given as options. */
  readonly given: Partial<FunctionAnswers>;
}

/** The function command's own options beside the function's answers. */
export const functionCommandOptions = [
  { option: 'trigger', summary: `what invokes it: ${triggerNames.join(', ')}`, takesValue: true },
  { option: 'remove', summary: 'take it out of the generator\'s files; its folder stays yours', takesValue: false },
] as const;

/** The command line of the function command, parsed; refused with one line naming the option. */
export function functionEditOf(name: unknown, options: Readonly<Record<string, unknown>>): FunctionEdit {
  if (typeof name !== 'string' || name === '') throw new InvalidInputError('name the function: generator-lambda-local function <name> [options]');
  const trigger = options.trigger;
  if (trigger !== undefined && !(triggerNames as readonly unknown[]).includes(trigger)) throw new InvalidInputError(notAllowed('--trigger', trigger, triggerNames.join(', ')));
  const given: Record<string, unknown> = {};
  for (const key of functionAnswerKeys) {
    const raw = options[optionTable[key].option];
    if (raw !== undefined) given[key] = parseGivenAnswer(key, raw);
  }
  if (options.remove === true && (trigger !== undefined || Object.keys(given).length > 0)) {
    throw new InvalidInputError(notAllowed('--remove', true, 'alone: a function taken out takes no answers or --trigger'));
  }
  return { name, remove: options.remove === true, trigger: trigger as TriggerName | undefined, given: given as Partial<FunctionAnswers> };
}

interface Asking {
  /** `--yes`: the default for every answer not given. */
  readonly acceptDefaults: boolean;
  readonly presets: Presets;
  ask(question: Question): Promise<string>;
}

/** Settles a new function's answers: given, else the layers' presets or the defaults (`--yes`), else asked. */
async function answersOf(edit: FunctionEdit, trigger: TriggerName, base: FunctionAnswers | undefined, asking: Asking): Promise<FunctionAnswers> {
  const settled: Record<string, unknown> = {};
  for (const key of functionAnswerKeys) {
    if (key === 'routes' && !triggerKinds[trigger].routes) {
      settled[key] = '';
      continue;
    }
    const given = edit.given[key];
    if (given !== undefined) {
      settled[key] = given;
      continue;
    }
    if (base) {
      settled[key] = base[key];
      continue;
    }
    const spec = optionTable[key] as OptionSpec<unknown> & { readonly question: string };
    const fallback = asking.presets[key] ?? spec.defaultValue({ folderName: edit.name, earlier: {}, env: process.env });
    // A new function behind the API gets its own path by default: the app's greedy default would clash with the first function's.
    const defaultValue = key === 'routes' ? `ANY /${edit.name}/{proxy+}` : fallback;
    const raw = asking.acceptDefaults
      ? defaultValue
      : await asking.ask({
          key,
          message: `${edit.name}: ${spec.question}`,
          defaultValue,
          validate: (text) => (spec.parse(text) === undefined ? `${spec.explain?.(text) ?? ''}${spec.explain?.(text) ? '; ' : ''}expected ${spec.allowed}` : true),
        });
    settled[key] = parseGivenAnswer(key, raw);
  }
  const answers = settled as unknown as FunctionAnswers;
  const problem = crossCheck(answers as Partial<Answers>);
  if (problem) throw new InvalidInputError(problem);
  return answers;
}

/** A new function's trigger, asked: what invokes it decides its handler, so it is asked first. */
async function askTrigger(name: string, asking: Asking): Promise<TriggerName> {
  const raw = await asking.ask({
    key: 'trigger',
    message: `${name}: What invokes it?`,
    defaultValue: defaultTriggerKind,
    choices: triggerNames.map((value) => ({ value, name: `${value}: ${triggerKinds[value].summary}` })),
    validate: (text) => ((triggerNames as readonly string[]).includes(text) ? true : `expected ${triggerNames.join(', ')}`),
  });
  const trigger = triggerNames.find((value) => value === raw);
  if (!trigger) throw new InvalidInputError(notAllowed('trigger', raw, triggerNames.join(', ')));
  return trigger;
}

/** What the edit makes of the project, and the lines that say so; refused, with nothing written, where the result could not run. */
export async function applyFunctionEdit(project: Project, edit: FunctionEdit, asking: Asking): Promise<{ readonly project: Project; readonly notices: readonly string[] }> {
  const existing = project.functions.find((fn) => fn.name === edit.name);
  const names = project.functions.map((fn) => fn.name).join(', ');
  if (edit.remove) {
    if (!existing) throw new InvalidInputError(notAllowed('function', edit.name, `one of this repo's functions: ${names}`));
    if (existing === project.functions[0]) {
      throw new InvalidInputError(notAllowed('function', edit.name, `a function other than ${edit.name}, the repo's first, which holds the app's own answers (--routes, --memory, …)`));
    }
    const folder = existing.folder === '.' ? 'its main.go at the root' : `${existing.folder}/`;
    return {
      project: { ...project, functions: project.functions.filter((fn) => fn !== existing) },
      notices: [
        `removed function ${edit.name} from the generator's files; ${folder} and its sample events are yours, left as they are: delete them when you are done with them. ` +
          `The next make deploy deletes it from AWS${triggerKinds[existing.trigger].routes ? '' : `, with what template.yaml made for its ${existing.trigger} trigger`}`,
      ],
    };
  }
  if (existing && edit.trigger !== undefined && edit.trigger !== existing.trigger) {
    throw new InvalidInputError(notAllowed('--trigger', edit.trigger, `${existing.trigger}, ${edit.name}'s trigger: a function keeps the trigger its handler was written for (add another function for ${edit.trigger})`));
  }
  if (!existing) {
    const problem = functionNameProblem(edit.name, project.functions);
    if (problem) throw new InvalidInputError(notAllowed('function', edit.name, problem));
  }
  const trigger = existing?.trigger ?? edit.trigger ?? (asking.acceptDefaults ? defaultTriggerKind : await askTrigger(edit.name, asking));
  if (!triggerKinds[trigger].routes && edit.given.routes !== undefined) {
    throw new InvalidInputError(notAllowed('--routes', edit.given.routes, `no routes for ${edit.name}: ${trigger} invokes it, not the API (a function behind the API has --trigger http)`));
  }
  const answers = await answersOf(edit, trigger, existing, asking);
  const fn: FunctionModel = existing ? { ...existing, ...answers } : { name: edit.name, folder: functionFolderOf(edit.name), trigger, ...answers };
  const functions = existing ? project.functions.map((other) => (other === existing ? fn : other)) : [...project.functions, fn];
  const routes = routeConflict(functions);
  if (routes) throw new InvalidInputError(notAllowed('--routes', fn.routes, 'routes no other function has', routes));
  const variables = variableConflict(functions);
  if (variables?.secrets === fn.name && variables.variables !== fn.name) {
    throw new InvalidInputError(notAllowed('--secrets', fn.secrets, 'names no other function has as a variable', variables.why));
  }
  // A name another function keeps secret: the value given for it may be that secret, so no refusal repeats it.
  if (variables) throw new InvalidInputError(notAllowed('--variables', variables.secrets === undefined ? fn.variables : redactSecretValues(fn.variables), 'variables the other functions agree with', variables.why));
  const served = triggerKinds[fn.trigger].routes ? ` (${fn.routes.split(',').join(', ')})` : '';
  return {
    project: { ...project, functions },
    notices: [existing ? `changed function ${fn.name}` : `added function ${fn.name} in ${fn.folder}/, invoked by ${fn.trigger}${served}`],
  };
}
