/**
 * Renders one template file. Files ending in `.hbs` are Handlebars (no HTML escaping, since it corrupts
 * Dockerfiles and YAML; strict, so a missing value fails instead of rendering
 * empty); every other file is copied byte for byte.
 */
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';

const handlebars = Handlebars.create();

/** The contents of `from`: rendered with `context` when it is Handlebars, as it is otherwise. */
export function renderTemplate(from: string, context: object): string {
  const source = readFileSync(from, 'utf8');
  if (!from.endsWith('.hbs')) return source;
  try {
    return handlebars.compile(source, { noEscape: true, strict: true })(context);
  } catch (error) {
    throw new Error(`template ${from}: ${(error as Error).message}`, { cause: error });
  }
}
