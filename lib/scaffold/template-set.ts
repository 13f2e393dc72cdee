/**
 * The templates a run renders: the built-in ones, with any template layers on
 * top (lib/layers/load-layers.ts), bottom to top. Everything that lists or
 * renders the generated files goes through one, so a layer's files are merged
 * on re-runs, hashed for bump and checked for links as the built-in ones are.
 */
import path from 'node:path';
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
      // templates/X mirrors this package's templates/X; templates/triggers/<kind>/… a trigger kind's lib/triggers/<kind>/….
      const mirrored = file.startsWith('triggers/') ? `lib/${file}` : `templates/${file}`;
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
