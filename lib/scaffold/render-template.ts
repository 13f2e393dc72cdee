/**
 * Renders one template file. Files ending in `.hbs` are Handlebars (no HTML escaping, since it corrupts
 * Dockerfiles and YAML; strict, so a missing value fails instead of rendering
 * empty); every other file is copied byte for byte.
 *
 * Compiling the templates is most of what a first run spends, so `npm run build`
 * compiles them ahead (precompiledTemplates, into dist/templates.precompiled.json,
 * each with the sha256 of its text); a template whose text differs from what was
 * compiled ahead, or a checkout never built, is compiled here instead.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageRoot } from './package-root.ts';

type Handlebars = typeof import('handlebars');
type Template = ReturnType<Handlebars['compile']>;
type Spec = ReturnType<Handlebars['precompile']>;

// Handlebars is CommonJS: required, it loads when asked for. A template compiled
// ahead needs only the runtime; the compiler (and source-map) would double a
// first run's time, so it loads only for a template that was not.
const load = createRequire(import.meta.url);
const runtime = (load('handlebars/runtime') as { create(): Pick<Handlebars, 'template'> }).create();
let compiler: Handlebars | undefined;
const compilerOf = () => (compiler ??= (load('handlebars') as Handlebars).create());
const compileOptions = { noEscape: true, strict: true } as const;

export const precompiledFile = path.join(packageRoot, 'dist/templates.precompiled.json');

interface Precompiled {
  readonly sha256: string;
  /** Handlebars' precompiled template: the source of a JavaScript object. */
  readonly spec: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let precompiled: Readonly<Record<string, Precompiled>> | undefined;

/** The template of `from` (whose text is `source`), compiled ahead when it was. */
function templateOf(from: string, source: string): Template {
  precompiled ??= existsSync(precompiledFile) ? (JSON.parse(readFileSync(precompiledFile, 'utf8')) as Record<string, Precompiled>) : {};
  const ahead = precompiled[path.relative(packageRoot, from)];
  if (ahead?.sha256 !== sha256(source)) return compilerOf().compile(source, compileOptions);
  // How Handlebars loads what it precompiled: the spec is an object literal.
  return runtime.template((new Function(`return ${ahead.spec}`) as () => Spec)());
}

/** The contents of `from`: rendered with `context` when it is Handlebars, as it is otherwise. */
export function renderTemplate(from: string, context: object): string {
  const source = readFileSync(from, 'utf8');
  if (!from.endsWith('.hbs')) return source;
  try {
    return templateOf(from, source)(context);
  } catch (error) {
    throw new Error(`template ${from}: ${(error as Error).message}`, { cause: error });
  }
}

/** Every `.hbs` file among `files` (paths in this package), compiled ahead, for precompiledFile. */
export function precompiledTemplates(files: readonly string[]): Record<string, Precompiled> {
  return Object.fromEntries(
    files
      .filter((file) => file.endsWith('.hbs'))
      .map((file) => {
        const source = readFileSync(path.join(packageRoot, file), 'utf8');
        return [file, { sha256: sha256(source), spec: compilerOf().precompile(source, compileOptions) as string }];
      }),
  );
}
