/**
 * Renders template files. Files ending in `.hbs` are Handlebars (no HTML
 * escaping, since it corrupts Dockerfiles and YAML; strict, so a missing value,
 * partial or helper fails instead of rendering empty); every other file is
 * copied byte for byte. Templates are composed from named partials
 * (templates/partials/NAME.hbs), which a template layer may replace or add to,
 * and may call helpers a layer registers.
 *
 * Compiling the templates is most of what a first run spends, so `npm run build`
 * compiles them ahead (precompiledTemplates, into dist/templates.precompiled.json,
 * each with the sha256 of its text); a template whose text differs from what was
 * compiled ahead, a layer's, or one in a checkout never built, is compiled here.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageRoot } from './package-root.ts';

type Handlebars = typeof import('handlebars');
type Spec = ReturnType<Handlebars['precompile']>;
type Runtime = Pick<Handlebars, 'template' | 'registerPartial' | 'registerHelper'>;

/** A helper a layer registers: a function of the values a template passes. */
export type Helper = (...args: unknown[]) => unknown;

// Handlebars is CommonJS: required, it loads when asked for. A template compiled
// ahead needs only the runtime; the compiler (and source-map) would double a
// first run's time, so it loads only for a template that was not.
const load = createRequire(import.meta.url);
const runtimeModule = load('handlebars/runtime') as { create(): Runtime };
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

/** The spec of `file` (whose text is `source`): compiled ahead when it was and still is that text. */
function specOf(file: string, source: string): Spec {
  precompiled ??= existsSync(precompiledFile) ? (JSON.parse(readFileSync(precompiledFile, 'utf8')) as Record<string, Precompiled>) : {};
  const ahead = precompiled[path.relative(packageRoot, file)];
  // How Handlebars loads what it precompiled: the spec is an object literal.
  return new Function(`return ${ahead?.sha256 === sha256(source) ? ahead.spec : String(compilerOf().precompile(source, compileOptions))}`)() as Spec;
}

/** Renders files by absolute path, with `partials` (name to file) and `helpers` registered. */
export type Renderer = (file: string, context: object) => string;

export function createRenderer(options: { readonly partials: ReadonlyMap<string, string>; readonly helpers: Readonly<Record<string, Helper>> }): Renderer {
  const runtime = runtimeModule.create();
  const templates = new Map<string, ReturnType<Runtime['template']>>();
  const templateOf = (file: string, source: string) => {
    let template = templates.get(file);
    if (!template) templates.set(file, (template = runtime.template(specOf(file, source))));
    return template;
  };
  for (const [name, file] of options.partials) {
    try {
      runtime.registerPartial(name, templateOf(file, readFileSync(file, 'utf8')));
    } catch (error) {
      throw new Error(`partial ${name} (${file}): ${(error as Error).message}`, { cause: error });
    }
  }
  for (const [name, helper] of Object.entries(options.helpers)) runtime.registerHelper(name, helper);
  return (file, context) => {
    const source = readFileSync(file, 'utf8');
    if (!file.endsWith('.hbs')) return source;
    try {
      return templateOf(file, source)(context);
    } catch (error) {
      throw new Error(`template ${file}: ${(error as Error).message}`, { cause: error });
    }
  };
}

/** Every `.hbs` file among `files` (paths in this package), compiled ahead, for precompiledFile. */
export function precompiledTemplates(files: readonly string[]): Record<string, Precompiled> {
  return Object.fromEntries(
    files
      .filter((file) => file.endsWith('.hbs'))
      .map((file) => {
        const source = readFileSync(path.join(packageRoot, file), 'utf8');
        return [file, { sha256: sha256(source), spec: String(compilerOf().precompile(source, compileOptions)) }];
      }),
  );
}
