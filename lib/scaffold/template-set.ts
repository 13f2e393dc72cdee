/**
 * The templates a run renders: the built-in ones, with any template layers on
 * top (lib/layers/load-layers.ts), bottom to top. Everything that lists or
 * renders the generated files goes through one, so a layer's files are merged
 * on re-runs, hashed for bump and checked for links as the built-in ones are.
 */
import path from 'node:path';
import { InvalidInputError } from '../errors.ts';
import { isExecutableFile, loadLayers, type LayerSource, type LoadedLayer } from '../layers/load-layers.ts';
import { appFiles, builtInPartials, everyGeneratedPath, everyTemplate, partialsFolder, type FileLayout, type GeneratedFile } from './files.ts';
import type { Presets } from './options.ts';
import { packageRoot } from './package-root.ts';
import { createRenderer, type Helper, type Renderer } from './render-template.ts';

export interface TemplateSet {
  /** The files a run writes for this layout (the API type, the functions), in the order it writes them. */
  files(layout: FileLayout): GeneratedFile[];
  /** Every path a run may write with these templates, whatever its answers, `.yo-rc.json` included. */
  everyPath(): string[];
  render(file: GeneratedFile, context: object): string;
  /** Default answers from the layers' presets; where two give one, the upper layer's. */
  readonly presets: Presets;
  /** The layers, bottom first, by name and folder: a run names them. */
  readonly layers: readonly { readonly name: string; readonly dir: string }[];
}

/**
 * Where 0.2 kept the http handler and its samples, before http became a
 * trigger kind: a layer written for it replaces the same files now.
 */
const movedHttpTemplates: readonly (readonly [RegExp, string])[] = [
  [/^go\/(payload-(?:1\.0|2\.0)\/main(?:_test)?\.go)$/, 'lib/triggers/http/$1'],
  [/^events\/(api-gateway-v1\.json|http-api-v2\.json)$/, 'lib/triggers/http/events/$1'],
];

/**
 * The built-in template a layer's file mirrors: templates/X this package's
 * templates/X, templates/triggers/<kind>/… a trigger kind's lib/triggers/<kind>/….
 * Under triggers/ only a kind's own files may be replaced: anything else would
 * land in the repo as a stray triggers/ folder.
 */
function mirroredTemplate(layer: string, file: string, builtIn: ReadonlySet<string>): string {
  const moved = movedHttpTemplates.find(([pattern]) => pattern.test(file));
  if (moved) return file.replace(moved[0], moved[1]);
  if (!file.startsWith('triggers/')) return `templates/${file}`;
  const mirrored = `lib/${file}`;
  if (builtIn.has(mirrored)) return mirrored;
  throw new InvalidInputError(
    `template layer ${layer}: file ${JSON.stringify(`templates/${file}`)} is not allowed: it replaces none of a trigger kind's files; expected a file of lib/triggers/<kind>/ in this package (a handler's main.go or main_test.go, or a sample under events/), e.g. templates/triggers/http/payload-2.0/main.go; nothing was written`,
  );
}

export function templateSet(layers: readonly LoadedLayer[]): TemplateSet {
  const builtIn = new Set(everyTemplate());
  /** Built-in template (path in this package) to the layer file that replaces it. */
  const replaced = new Map<string, string>();
  /** Files only layers have, by generated path. */
  const added = new Map<string, GeneratedFile>();
  const partials = builtInPartials();
  const omitted = new Set<string>();
  const helpers: Record<string, Helper> = {};
  let presets: Presets = {};
  for (const layer of layers) {
    for (const file of layer.templates) {
      const absolute = path.join(layer.dir, 'templates', file);
      const mirrored = mirroredTemplate(layer.name, file, builtIn);
      if (mirrored.startsWith(`${partialsFolder}/`) && file.endsWith('.hbs')) {
        partials.set(path.basename(file, '.hbs'), absolute);
      } else if (builtIn.has(mirrored)) {
        replaced.set(mirrored, absolute);
      } else {
        const to = file.replace(/\.hbs$/, '');
        added.set(to, { from: absolute, to, owner: 'tool', ...(isExecutableFile(absolute) ? { executable: true } : {}) });
      }
    }
    for (const file of layer.omit) omitted.add(file);
    Object.assign(helpers, layer.helpers);
    presets = { ...presets, ...layer.presets };
  }
  const files = (layout: FileLayout): GeneratedFile[] =>
    [...appFiles(layout).filter((file) => !added.has(file.to)).map((file) => ({ ...file, from: replaced.get(file.from) ?? file.from })), ...added.values()].filter(
      (file) => !omitted.has(file.to),
    );
  let renderer: Renderer | undefined;
  return {
    files,
    everyPath: () => [...new Set([...everyGeneratedPath(), ...added.keys()])].filter((file) => !omitted.has(file)),
    render: (file, context) => (renderer ??= createRenderer({ partials, helpers }))(path.resolve(packageRoot, file.from), context),
    presets,
    layers: layers.map(({ name, dir }) => ({ name, dir })),
  };
}

/** The line a run that uses layers prints, so its output says where its files came from; none without layers. */
export function layersLine(templates: TemplateSet): string[] {
  if (templates.layers.length === 0) return [];
  return [`template layers (bottom first): ${templates.layers.map(({ name, dir }) => `${name} (${dir})`).join(', ')}`];
}

/** The built-in templates alone. */
export const builtInTemplates = templateSet([]);

/** The templates of a run with these `--templates` specs (a comma list), for the project at `root`; `source` says where the specs came from. */
export async function loadTemplateSet(specs: string, root: string, source?: LayerSource): Promise<TemplateSet> {
  return specs === '' ? builtInTemplates : templateSet(await loadLayers(specs, root, source));
}
