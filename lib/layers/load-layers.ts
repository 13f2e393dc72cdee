/**
 * Template layers: a platform team's variant of the built-in templates, kept in
 * a folder or an npm package of its own instead of a fork. A layer holds
 * `lambda-local.templates.json` (its manifest) and a `templates/` tree that
 * mirrors this package's: a file there replaces the built-in one of the same
 * path, `templates/partials/NAME.hbs` replaces or adds a partial, and any other
 * file is written too, at its path without `.hbs`. The manifest names the
 * template context versions the layer is written for, built-in files to leave
 * out, a helpers module, and presets (default answers).
 *
 * Everything about a layer is checked when it loads, before any question is
 * asked or file written; each refusal is one line naming the layer. A layer
 * stays in its folder: no file or helpers module of it may resolve outside
 * (`..`, a link), and it may not write `.yo-rc.json` or under `.git/`.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import satisfies from 'semver/functions/satisfies.js';
import validRange from 'semver/ranges/valid.js';
import { InvalidInputError } from '../errors.ts';
import { isJsonObject } from '../pins/json-object.ts';
import { everyGeneratedPath } from '../scaffold/files.ts';
import { optionTable, presetKeys, type Presets } from '../scaffold/options.ts';
import { isInside } from '../scaffold/project-paths.ts';
import type { Helper } from '../scaffold/render-template.ts';
import { templateContextVersion } from '../scaffold/template-context.ts';

export const manifestFile = 'lambda-local.templates.json';

export interface LoadedLayer {
  /** The manifest's name, for messages. */
  readonly name: string;
  readonly dir: string;
  /** Files under the layer's templates/, relative to it, `/`-separated. */
  readonly templates: readonly string[];
  /** Generated paths the layer leaves out. */
  readonly omit: readonly string[];
  readonly helpers: Readonly<Record<string, Helper>>;
  readonly presets: Presets;
}

/** A spec names a folder when it starts with `.` or `/`, as npm tells a path from a package name. */
export const isFolderSpec = (spec: string) => spec.startsWith('.') || path.isAbsolute(spec);

/**
 * The specs of `--templates` as `.yo-rc.json` keeps them: a relative folder
 * relative to the project (so a re-run from anywhere, or a clone, finds it), an
 * absolute one and a package name as they are.
 */
export function layerSpecsForStorage(specs: string, cwd: string, root: string): string {
  return specs
    .split(',')
    .filter((spec) => spec !== '')
    .map((spec) => {
      if (!isFolderSpec(spec) || path.isAbsolute(spec)) return spec;
      const relative = path.relative(root, path.resolve(cwd, spec)).split(path.sep).join('/');
      return relative.startsWith('.') ? relative : `./${relative}`;
    })
    .join(',');
}

/** npm's global node_modules: under npm_config_prefix when npm runs us, else next to this Node. */
function globalModules(): string {
  const prefix = process.env.npm_config_prefix ?? path.resolve(path.dirname(process.execPath), '..');
  return process.platform === 'win32' ? path.join(prefix, 'node_modules') : path.join(prefix, 'lib', 'node_modules');
}

/** What a refusal of a layer spec says, and how to re-point one that `.yo-rc.json` holds. */
export interface LayerSource {
  /** The spec as the user gave it: `--templates`, or `.yo-rc.json "templates"`. */
  readonly label: string;
  readonly stored: boolean;
}

export const givenLayers: LayerSource = { label: '--templates', stored: false };
export const storedLayers: LayerSource = { label: '.yo-rc.json "templates"', stored: true };

/** The layer's folder: a folder spec against the project, a package name as Node finds packages from the project, then globally. */
export function resolveLayer(spec: string, root: string, source: LayerSource = givenLayers): string {
  // A stored path stops every re-run and bump once its layer moves: say where it came from and how to move it on.
  const repoint = source.stored ? ': if the layer moved, re-point it with --templates <new path> (a re-run or bump takes it)' : '';
  if (isFolderSpec(spec)) {
    const dir = path.resolve(root, spec);
    if (existsSync(path.join(dir, manifestFile))) return dir;
    throw new InvalidInputError(`${source.label}: "${spec}" is not allowed; expected a template layer, a folder with ${manifestFile} (${dir} has none)${repoint}`);
  }
  for (let dir = root; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', spec);
    if (existsSync(path.join(candidate, manifestFile))) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  const global = path.join(globalModules(), spec);
  if (existsSync(path.join(global, manifestFile))) return global;
  throw new InvalidInputError(
    `${source.label}: "${spec}" is not allowed; expected an installed npm package with ${manifestFile}, and none is found from ${root} or globally ` +
      `(install it: npm i -D ${spec} in the project, or npm i -g ${spec})${repoint}`,
  );
}

/** Generated paths no layer may write: the generator's memory, and git's. */
const forbiddenTarget = (to: string) => {
  const lower = to.toLowerCase();
  // Lower-cased: on a case-insensitive file system .GIT is .git.
  return lower === '.yo-rc.json' || lower === '.git' || lower.startsWith('.git/');
};

/**
 * Every file under the layer's `templates/`, relative, `/`-separated, sorted.
 * A link is followed when it resolves inside the layer's folder (`real`), and
 * refused otherwise; a folder reached twice through links is read once.
 */
function layerFiles(name: string, real: string, templates: string): string[] {
  const seen = new Set<string>();
  const refuse = (relative: string, resolved: string) =>
    new InvalidInputError(
      `template layer ${name}: file ${JSON.stringify(`templates/${relative}`)} is not allowed (it resolves to ${resolved}, outside the layer's folder); expected files inside the layer's folder; nothing was written`,
    );
  const walk = (prefix: string): string[] => {
    const resolvedDir = realpathSync(path.join(templates, prefix));
    if (seen.has(resolvedDir)) return [];
    seen.add(resolvedDir);
    return readdirSync(path.join(templates, prefix), { withFileTypes: true }).flatMap((entry) => {
      const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      const resolved = realpathSync(path.join(templates, relative));
      if (!isInside(real, resolved)) throw refuse(relative, resolved);
      return statSync(resolved).isDirectory() ? walk(relative) : [relative];
    });
  };
  return existsSync(templates) ? walk('').sort() : [];
}

async function loadLayer(spec: string, root: string, source: LayerSource): Promise<LoadedLayer> {
  const dir = resolveLayer(spec, root, source);
  const where = path.join(dir, manifestFile);
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(where, 'utf8'));
  } catch (error) {
    throw new InvalidInputError(`${where}: not JSON (${(error as Error).message}); nothing was written`);
  }
  const refuse = (what: string, value: unknown, allowed: string) =>
    new InvalidInputError(`${where}: ${what} ${JSON.stringify(value)} is not allowed; expected ${allowed}; nothing was written`);
  if (!isJsonObject(manifest)) throw refuse('the manifest', manifest, 'an object');
  const { name, context, omit = [], helpers, presets = {} } = manifest;
  if (typeof name !== 'string' || name === '') throw refuse('"name"', name, "the layer's name");
  if (typeof context !== 'string' || validRange(context) === null) throw refuse('"context"', context, 'the semver range of template context versions the layer is written for, such as ^1.0.0');
  if (!satisfies(templateContextVersion, context)) {
    throw new InvalidInputError(
      `template layer ${name} (${dir}) is written for template context ${context}, and this generator's is ${templateContextVersion}; nothing was written`,
    );
  }
  const generated = new Set(everyGeneratedPath());
  if (!Array.isArray(omit) || !omit.every((file): file is string => typeof file === 'string' && generated.has(file))) {
    throw refuse('"omit"', omit, `a list of files the generator writes (${[...generated].filter((file) => file !== '.yo-rc.json').join(', ')})`);
  }
  if (!isJsonObject(presets)) throw refuse('"presets"', presets, 'an object of default answers');
  const checked: Record<string, string> = {};
  for (const [key, value] of Object.entries(presets)) {
    const text = String(value);
    if (key === 'modulePrefix') {
      if (optionTable.module.parse(`${text}/x`) === undefined) throw refuse('preset "modulePrefix"', value, 'the start of a Go module path, such as github.com/acme');
    } else if (!(presetKeys as readonly string[]).includes(key)) {
      throw refuse('preset', key, `one of ${[...presetKeys, 'modulePrefix'].join(', ')}`);
    } else if (optionTable[key as (typeof presetKeys)[number]].parse(text) === undefined) {
      throw refuse(`preset "${key}"`, value, optionTable[key as (typeof presetKeys)[number]].allowed);
    }
    checked[key] = text;
  }
  const real = realpathSync(dir);
  const templates = layerFiles(name, real, path.join(dir, 'templates'));
  for (const file of templates) {
    const to = file.replace(/\.hbs$/, '');
    const partial = file.startsWith('partials/') && file.endsWith('.hbs');
    if (!partial && forbiddenTarget(to)) {
      throw new InvalidInputError(
        `template layer ${name}: file ${JSON.stringify(`templates/${file}`)} is not allowed; expected files that write neither .yo-rc.json (the answers, pins and hashes) nor anything under .git/; nothing was written`,
      );
    }
  }
  let loaded: Record<string, Helper> = {};
  if (helpers !== undefined) {
    const module = 'the path of a JavaScript module in the layer';
    if (typeof helpers !== 'string') throw refuse('"helpers"', helpers, module);
    const file = path.resolve(dir, helpers);
    // Checked before it is imported: code outside the layer never runs.
    const resolved = existsSync(file) ? realpathSync(file) : file;
    if (!isInside(real, resolved)) {
      throw new InvalidInputError(`${where}: "helpers" ${JSON.stringify(helpers)} is not allowed (it resolves to ${resolved}, outside the layer's folder); expected ${module}; nothing was written`);
    }
    let exported: Record<string, unknown>;
    try {
      exported = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      throw new InvalidInputError(`template layer ${name}: its helpers module ${file} fails to load (${(error as Error).message}); nothing was written`);
    }
    const all = isJsonObject(exported.default) ? exported.default : exported;
    loaded = Object.fromEntries(Object.entries(all).filter((entry): entry is [string, Helper] => typeof entry[1] === 'function'));
  }
  return { name, dir, templates, omit, helpers: loaded, presets: checked };
}

/** The layers `specs` (a comma list, bottom first) name, loaded and checked. */
export async function loadLayers(specs: string, root: string, source: LayerSource = givenLayers): Promise<LoadedLayer[]> {
  const layers: LoadedLayer[] = [];
  for (const spec of specs.split(',').filter((item) => item !== '')) layers.push(await loadLayer(spec, root, source));
  return layers;
}

/** Whether a layer's file is executable, to be written so. */
export const isExecutableFile = (file: string) => (statSync(file).mode & 0o111) !== 0;
