/**
 * Settles every answer from, in order: the command line, `.yo-rc.json`, the
 * default (with `--yes`), or a prompt. Each value passes its spec's parser
 * whichever way it came, and a refusal names where it came from.
 */
import { answerKeys, answerSpecs, crossCheck, refusal, type Answers, type AnswerSpec } from './answers.ts';

export class InvalidAnswerError extends Error {
  override name = 'InvalidAnswerError';
}

export interface Question {
  readonly key: keyof Answers;
  readonly message: string;
  readonly defaultValue: string;
  readonly choices?: readonly string[];
  /** True, or the message to show for a value that is not allowed. */
  validate(raw: string): true | string;
}

type RawAnswers = Partial<Record<keyof Answers, unknown>>;

function optionLabel(key: keyof Answers): string {
  return key === 'name' ? 'name' : `--${answerSpecs[key].option}`;
}

function parseOrThrow<T>(spec: AnswerSpec<T>, raw: unknown, label: string): T {
  const value = typeof raw === 'string' || typeof raw === 'number' ? spec.parse(String(raw)) : undefined;
  if (value === undefined) throw new InvalidAnswerError(refusal(label, raw, spec.allowed));
  return value;
}

function throwIfCrossCheckFails(answers: Partial<Answers>): void {
  const problem = crossCheck(answers);
  if (problem) throw new InvalidAnswerError(problem);
}

/** Parses one command-line value, refusing it as `--option: "value" …`. */
export function parseGivenAnswer<K extends keyof Answers>(key: K, raw: unknown): Answers[K] {
  return parseOrThrow<Answers[K]>(answerSpecs[key], raw, optionLabel(key));
}

/**
 * Parses the answers that need no prompt: the command line's, then those stored
 * in `.yo-rc.json` for keys the command line leaves open. Throws on the first
 * value that is not allowed, so a generator can refuse before it runs a task.
 */
export function parseKnownAnswers(given: RawAnswers, stored: RawAnswers): Partial<Answers> {
  const known: Record<string, unknown> = {};
  for (const key of answerKeys) {
    const spec: AnswerSpec<unknown> = answerSpecs[key];
    if (given[key] !== undefined) known[key] = parseOrThrow(spec, given[key], optionLabel(key));
    else if (stored[key] !== undefined) known[key] = parseOrThrow(spec, stored[key], `.yo-rc.json "${key}"`);
  }
  throwIfCrossCheckFails(known);
  return known;
}

export interface OpenQuestions {
  /** Answers already settled, from `parseKnownAnswers`. */
  readonly known: Partial<Answers>;
  readonly acceptDefaults: boolean;
  readonly folderName: string;
  ask(question: Question): Promise<string>;
}

/** Fills in what `known` leaves open, by default or by asking, in declaration order. */
export async function collectAnswers(open: OpenQuestions): Promise<Answers> {
  const collected: Record<string, unknown> = { ...open.known };
  for (const key of answerKeys) {
    if (collected[key] !== undefined) continue;
    const spec: AnswerSpec<unknown> = answerSpecs[key];
    const defaultValue = spec.defaultValue({ folderName: open.folderName, earlier: collected as Partial<Answers> });
    const raw = open.acceptDefaults
      ? defaultValue
      : await open.ask({
          key,
          message: spec.message,
          defaultValue,
          ...(spec.choices ? { choices: spec.choices } : {}),
          validate: (text) => (spec.parse(text) === undefined ? `expected ${spec.allowed}` : true),
        });
    const label = open.acceptDefaults ? `default of ${optionLabel(key)}` : spec.message;
    collected[key] = parseOrThrow(spec, raw, label);
  }
  throwIfCrossCheckFails(collected);
  return collected as unknown as Answers;
}
