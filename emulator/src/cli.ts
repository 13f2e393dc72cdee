/**
 * What the emulator's command-line scripts (sample-events.ts, deliver.ts)
 * share, so that `make event` and `make send` read their arguments alike and
 * refuse bad input alike: one line naming the argument, its value and what is
 * allowed, and exit status 2, with nothing half-written on stdout.
 */
import { pathToFileURL } from 'node:url';
import { notAllowed } from './contract.ts';

/** Input the user can fix: its message is the one line they see. */
export class BadInput extends Error {}

/** A value as a refusal quotes it: a long one cut short, so that the line stays a line a person reads. */
const quoted = (value: string) => (value.length > 80 ? `${value.slice(0, 80)}…` : value);

export const refuse = (name: string, value: string, allowed: string, why?: string): BadInput => new BadInput(notAllowed(name, quoted(value), allowed, why));

export const missing = (name: string, expected: string): BadInput => new BadInput(`${name}: missing; expected ${expected}`);

/** `a`, `a or b`, `a, b or c`. */
export const oneOf = (items: readonly string[]): string => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`);

export interface OptionSpec {
  /** What the option takes, for the line that refuses it. */
  readonly expected: string;
  /** Given more than once, each value counts; otherwise a second one is refused. */
  readonly repeatable?: boolean;
}

/**
 * `--name value` and `--name=value`, for the options `spec` names, the value
 * taken as it is even when it starts with a hyphen (`--body -1`); the other
 * arguments, in order, as positionals.
 */
export function parseOptions(args: readonly string[], spec: Readonly<Record<string, OptionSpec>>): { readonly options: ReadonlyMap<string, readonly string[]>; readonly positionals: readonly string[] } {
  const options = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (!arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg : arg.slice(0, equals);
    const option = spec[name];
    if (!option) throw refuse('option', name, oneOf(Object.keys(spec)));
    let value: string;
    if (equals !== -1) value = arg.slice(equals + 1);
    else if (index + 1 < args.length) value = args[++index] ?? '';
    else throw new BadInput(`${name}: no value; expected ${option.expected}`);
    const values = options.get(name) ?? [];
    if (values.length > 0 && !option.repeatable) throw refuse(name, value, `one ${name}`, 'given twice');
    values.push(value);
    options.set(name, values);
  }
  return { options, positionals };
}

/** A whole number from `min` to `max`, as the user typed it. */
export function wholeNumber(name: string, text: string, min: number, max: number): number {
  const value = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) throw refuse(name, text, `a whole number from ${min} to ${max}`);
  return value;
}

/** Whether the module at `url` is the script node was asked to run. */
export const isMain = (url: string): boolean => url === pathToFileURL(process.argv[1] ?? '').href;

/**
 * Runs a script: its exit status is what `main` returns; bad input is its one
 * line on stderr and status 2. Anything else is a bug, and keeps its stack.
 */
export async function runScript(main: () => Promise<number> | number): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (error) {
    if (!(error instanceof BadInput)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  }
}
