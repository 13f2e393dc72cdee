/**
 * Settles every option. An answer comes from, in order: the command line,
 * `.yo-rc.json`, the default (with `--yes`), or a prompt; a run option from the
 * command line or its default. Each value passes its spec's parser whichever
 * way it came, and a refusal names where it came from.
 */
import { InvalidInputError, notAllowed } from '../errors.ts';
import { answerKeys, crossCheck, optionTable, runOptionKeys, storedAnswer, type Answers, type OptionSpec, type Presets, type RunOptions } from './options.ts';

export interface Question {
  /** The answer it settles; `trigger`, the function command's own. */
  readonly key: keyof Answers | 'trigger';
  readonly message: string;
  readonly defaultValue: string;
  readonly choices?: readonly { readonly value: string; readonly name: string }[];
  /** True, or the message to show for a value that is not allowed. */
  validate(raw: string): true | string;
}

/** Answers as given or stored, not yet parsed. */
export type RawAnswers = Partial<Record<keyof Answers, unknown>>;

function optionLabel(key: keyof Answers): string {
  return key === 'name' ? 'name' : `--${optionTable[key].option}`;
}

function parseOrThrow<T>(spec: OptionSpec<T>, raw: unknown, label: string): T {
  const value = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? spec.parse(String(raw)) : undefined;
  if (value === undefined) {
    const text = typeof raw === 'string' ? raw : undefined;
    throw new InvalidInputError(notAllowed(label, text !== undefined && spec.redact ? spec.redact(text) : raw, spec.allowed, text === undefined ? undefined : spec.explain?.(text)));
  }
  return value;
}

function throwIfCrossCheckFails(answers: Partial<Answers>, chosen?: ReadonlySet<keyof Answers>): void {
  const problem = crossCheck(answers, chosen);
  if (problem) throw new InvalidInputError(problem);
}

/** The answers given on the command line, by key: `name` is the positional argument, the rest `--option`s. */
export function givenAnswers(options: Readonly<Record<string, unknown>>): RawAnswers {
  const given: RawAnswers = {};
  for (const key of answerKeys) {
    const value = options[key === 'name' ? 'name' : optionTable[key].option];
    if (value !== undefined) given[key] = value;
  }
  return given;
}

/** Parses one command-line value, refusing it as `--option: "value" …`. */
export function parseGivenAnswer<K extends keyof Answers>(key: K, raw: unknown): Answers[K] {
  const spec: OptionSpec<unknown> = optionTable[key];
  return parseOrThrow(spec, raw, optionLabel(key)) as Answers[K];
}

/** Parses one value `.yo-rc.json` holds somewhere other than its top level, refused as `label: "value" …`. */
export function parseStoredAnswer<K extends keyof Answers>(key: K, raw: unknown, label: string): Answers[K] {
  const spec: OptionSpec<unknown> = optionTable[key];
  return parseOrThrow(spec, raw, label) as Answers[K];
}

/**
 * Parses the answers that need no prompt: the command line's, then those stored
 * in `.yo-rc.json` for keys the command line leaves open. Throws on the first
 * value that is not allowed, so a generator can refuse before it runs a task.
 */
export function parseKnownAnswers(given: RawAnswers, stored: RawAnswers): Partial<Answers> {
  const known: Record<string, unknown> = {};
  for (const key of answerKeys) {
    const spec: OptionSpec<unknown> = optionTable[key];
    if (given[key] !== undefined) known[key] = parseOrThrow(spec, given[key], optionLabel(key));
    else if (stored[key] !== undefined) known[key] = storedAnswer(key, parseOrThrow(spec, stored[key], `.yo-rc.json "${key}"`));
  }
  throwIfCrossCheckFails(known, new Set(answerKeys.filter((key) => given[key] !== undefined)));
  return known;
}

/** This run's options, from the command line or their defaults. */
export function parseRunOptions(given: Readonly<Record<string, unknown>>, env: NodeJS.ProcessEnv = process.env): RunOptions {
  const parsed: Record<string, unknown> = {};
  for (const key of runOptionKeys) {
    const spec: OptionSpec<unknown> = optionTable[key];
    parsed[key] = parseOrThrow(spec, given[spec.option] ?? spec.defaultValue({ folderName: '', earlier: {}, env }), `--${spec.option}`);
  }
  return parsed as unknown as RunOptions;
}

interface OpenQuestions {
  /** Answers already settled, from `parseKnownAnswers`. */
  readonly known: Partial<Answers>;
  readonly acceptDefaults: boolean;
  readonly folderName: string;
  /** Defaults from template layers: over the built-in ones, never over an answer given or stored. */
  readonly presets?: Presets;
  /** The answers given as options: a clash with a default is named by the one given. */
  readonly given?: ReadonlySet<keyof Answers>;
  /** Asks for one of the app's answers (the function command asks its trigger itself). */
  ask(question: Question & { readonly key: keyof Answers }): Promise<string>;
}

const isAsked = (key: keyof Answers, earlier: Partial<Answers>) => optionTable[key].asked?.(earlier) ?? true;

/**
 * The options a prompt would ask for, given the answers already known: none on
 * a re-run that changes nothing, or when every question is answered by an option.
 */
export function openQuestions(known: Partial<Answers>): string[] {
  return answerKeys.filter((key) => known[key] === undefined && isAsked(key, known)).map(optionLabel);
}

/** Fills in what `known` leaves open, by default or by asking, in declaration order. */
export async function collectAnswers(open: OpenQuestions): Promise<Answers> {
  const collected: Record<string, unknown> = { ...open.known };
  for (const key of answerKeys) {
    if (collected[key] !== undefined) continue;
    const spec = optionTable[key] as OptionSpec<unknown> & { readonly question: string };
    const earlier = collected as Partial<Answers>;
    const preset = (open.presets as Partial<Record<string, string>> | undefined)?.[key];
    const defaultValue = preset ?? spec.defaultValue({ folderName: open.folderName, earlier, env: process.env, ...(open.presets ? { presets: open.presets } : {}) });
    const asking = !open.acceptDefaults && isAsked(key, earlier);
    const raw = asking
      ? await open.ask({
          key,
          message: spec.question,
          defaultValue,
          ...(spec.choices ? { choices: spec.choices.map((value) => ({ value, name: spec.choiceLabels?.[value] ?? value })) } : {}),
          validate: (text) => {
            const value = spec.parse(text);
            if (value === undefined) {
              const why = spec.explain?.(text);
              return `${why ? `${why}; ` : ''}expected ${spec.allowed}`;
            }
            // A clash with an earlier answer is refused here, not after the last question.
            return crossCheck({ ...earlier, [key]: value }, new Set([key])) ?? true;
          },
        })
      : defaultValue;
    const label = asking ? spec.question : `default of ${optionLabel(key)}`;
    collected[key] = parseOrThrow(spec, raw, label);
  }
  throwIfCrossCheckFails(collected, open.given);
  return collected as unknown as Answers;
}
