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

export interface AnswerSources {
  /** Values from the command line, by answer key. */
  readonly given: Partial<Record<keyof Answers, unknown>>;
  /** Values stored in `.yo-rc.json` by an earlier run. */
  readonly stored: Partial<Record<keyof Answers, unknown>>;
  readonly acceptDefaults: boolean;
  readonly folderName: string;
  ask(question: Question): Promise<string>;
}

function sourceLabel(key: keyof Answers, from: 'given' | 'stored' | 'prompt'): string {
  const option = answerSpecs[key].option;
  if (from === 'stored') return `.yo-rc.json "${key}"`;
  if (from === 'prompt') return answerSpecs[key].message;
  return key === 'name' ? 'name' : `--${option}`;
}

function parseOrThrow<T>(spec: AnswerSpec<T>, raw: unknown, label: string): T {
  const value = typeof raw === 'string' || typeof raw === 'number' ? spec.parse(String(raw)) : undefined;
  if (value === undefined) throw new InvalidAnswerError(refusal(label, raw, spec.allowed));
  return value;
}

/**
 * Refuses bad values that need no prompt (command line, `.yo-rc.json`) up
 * front, so a generator can fail while it is being created, before any task.
 */
export function checkKnownAnswers(sources: Pick<AnswerSources, 'given' | 'stored'>): void {
  const known: Partial<Record<keyof Answers, unknown>> = {};
  for (const key of answerKeys) {
    const spec: AnswerSpec<unknown> = answerSpecs[key];
    const given = sources.given[key];
    const stored = sources.stored[key];
    if (given !== undefined) known[key] = parseOrThrow(spec, given, sourceLabel(key, 'given'));
    else if (stored !== undefined) known[key] = parseOrThrow(spec, stored, sourceLabel(key, 'stored'));
  }
  if (known.lambdaPort !== undefined && known.lambdaPort === known.apiPort) {
    const problem = crossCheck(known as Answers);
    if (problem) throw new InvalidAnswerError(problem);
  }
}

export async function collectAnswers(sources: AnswerSources): Promise<Answers> {
  const collected: Record<string, unknown> = {};
  for (const key of answerKeys) {
    const spec: AnswerSpec<unknown> = answerSpecs[key];
    const given = sources.given[key];
    const stored = sources.stored[key];
    if (given !== undefined) {
      collected[key] = parseOrThrow(spec, given, sourceLabel(key, 'given'));
    } else if (stored !== undefined) {
      collected[key] = parseOrThrow(spec, stored, sourceLabel(key, 'stored'));
    } else {
      const defaultValue = spec.defaultValue({ folderName: sources.folderName, earlier: collected as Partial<Answers> });
      const raw = sources.acceptDefaults
        ? defaultValue
        : await sources.ask({
            key,
            message: spec.message,
            defaultValue,
            ...(spec.choices ? { choices: spec.choices } : {}),
            validate: (text) => (spec.parse(text) === undefined ? `expected ${spec.allowed}` : true),
          });
      collected[key] = parseOrThrow(spec, raw, sourceLabel(key, sources.acceptDefaults ? 'given' : 'prompt'));
    }
  }
  const answers = collected as unknown as Answers;
  const problem = crossCheck(answers);
  if (problem) throw new InvalidAnswerError(problem);
  return answers;
}
