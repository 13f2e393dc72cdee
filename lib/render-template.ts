/**
 * Renders templates from a stack of template layers: our `templates/` first,
 * then any layers a platform team adds; the last layer holding a file wins.
 * Files ending in `.hbs` are Handlebars (no HTML escaping, since it corrupts
 * Dockerfiles and YAML; strict, so a missing value fails instead of rendering
 * empty); every other file is copied byte for byte.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';

const handlebars = Handlebars.create();

export interface RenderedFile {
  readonly contents: string;
  /** The layer file it came from, for error messages. */
  readonly from: string;
}

/** Finds `relativePath` in the highest layer that has it. */
export function resolveTemplatePath(layers: readonly string[], relativePath: string): string {
  for (const layer of [...layers].reverse()) {
    const candidate = path.join(layer, relativePath);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`template ${relativePath} is in no template layer (${layers.join(', ')})`);
}

export function renderTemplateLayer(layers: readonly string[], relativePath: string, context: object): RenderedFile {
  const from = resolveTemplatePath(layers, relativePath);
  const source = readFileSync(from, 'utf8');
  if (!from.endsWith('.hbs')) return { contents: source, from };
  try {
    const template = handlebars.compile(source, { noEscape: true, strict: true });
    return { contents: template(context), from };
  } catch (error) {
    throw new Error(`template ${from}: ${(error as Error).message}`, { cause: error });
  }
}
