/**
 * The function's own environment: variables with non-secret defaults, and the
 * names of secrets. The options parse them from one comma list each; the
 * templates write the same names to .env.example, compose, the Makefile and
 * the SAM template, so every place reads them from here.
 */

export interface Variable {
  readonly name: string;
  /** Its default, in .env.example, compose and the SAM template alike. */
  readonly value: string;
}

const variableName = /^[A-Z_][A-Z0-9_]*$/;
/** Characters a default may hold: safe unquoted in a .env file, in compose's `${NAME:-default}` and in YAML. */
const defaultValue = /^[A-Za-z0-9_./:@%+=~?&-]*$/;

export const variableNameAllowed = 'names of upper-case letters, digits and "_" not starting with a digit';
export const defaultValueAllowed = 'defaults of letters, digits and _./:@%+=~?&- (edit .env for anything else)';

/**
 * Why Lambda refuses a name for a function's own variable, or undefined when it
 * takes it. Lambda sets AWS_* and LAMBDA_* itself (and refuses several of them
 * as reserved keys), and the runtime reads _HANDLER and _X_AMZN_TRACE_ID.
 */
function reservedBecause(name: string): string | undefined {
  if (name.startsWith('AWS_') || name.startsWith('LAMBDA_')) return `${name} is Lambda's (AWS_* and LAMBDA_* are)`;
  if (name === '_HANDLER' || name === '_X_AMZN_TRACE_ID') return `${name} is reserved by Lambda`;
  return undefined;
}

/** The problem with one name, or undefined. */
function nameProblem(name: string): string | undefined {
  if (!variableName.test(name)) return `${JSON.stringify(name)} is not a variable name`;
  return reservedBecause(name);
}

export type Parsed<T> = { readonly value: T } | { readonly problem: string };

/** Items of a comma list, blanks dropped: an empty answer is no items. */
const items = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

function firstDuplicate(names: readonly string[]): string | undefined {
  return names.find((name, index) => names.indexOf(name) !== index);
}

/** `NAME=default,…`; `NAME` alone has an empty default. */
export function parseVariables(text: string): Parsed<Variable[]> {
  const variables: Variable[] = [];
  for (const item of items(text)) {
    const split = item.indexOf('=');
    const name = split === -1 ? item : item.slice(0, split).trim();
    const value = split === -1 ? '' : item.slice(split + 1).trim();
    const problem = nameProblem(name) ?? (defaultValue.test(value) ? undefined : `the default of ${name}, ${JSON.stringify(value)}, has other characters`);
    if (problem) return { problem };
    variables.push({ name, value });
  }
  const duplicate = firstDuplicate(variables.map((variable) => variable.name));
  return duplicate ? { problem: `${duplicate} is named twice` } : { value: variables };
}

/** A secrets answer with whatever follows an `=` in each item hidden. */
export const redactSecretValues = (text: string) => text.replace(/=[^,]*/g, '=…');

/** `NAME,…`: names only, never a value. */
export function parseSecretNames(text: string): Parsed<string[]> {
  const names = items(text);
  for (const name of names) {
    if (name.includes('=')) return { problem: `${redactSecretValues(name)} holds a value; secrets are given by name only` };
    const problem = nameProblem(name);
    if (problem) return { problem };
  }
  const duplicate = firstDuplicate(names);
  return duplicate ? { problem: `${duplicate} is named twice` } : { value: names };
}

export const formatVariables = (variables: readonly Variable[]) => variables.map(({ name, value }) => `${name}=${value}`).join(',');

/** The parsed value of text the options have already accepted. */
export function accepted<T>(parsed: Parsed<T>): T {
  if ('problem' in parsed) throw new Error(parsed.problem);
  return parsed.value;
}
