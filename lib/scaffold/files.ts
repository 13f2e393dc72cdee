/**
 * What `yo lambda-local` writes. `tool` files belong to the generator: it
 * rewrites them on every run and `bump` re-pins them. `user` files are written
 * once and then belong to the repo's owners; no later run touches them. Each
 * function has files of its own (its handler and test); the rest are the repo's.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from './package-root.ts';
import { payloadVersions, type PayloadVersion } from '../../emulator/src/contract.ts';
import { handlerOf, triggerKinds } from '../triggers/index.ts';
import { triggerNames, type FunctionModel } from './project-model.ts';

export type FileOwner = 'tool' | 'user';

export interface GeneratedFile {
  /** Path in this package, or an absolute one in a template layer; `.hbs` files are rendered, others copied. */
  readonly from: string;
  /** Path in the generated repo. */
  readonly to: string;
  readonly owner: FileOwner;
  readonly executable?: boolean;
}

/** The emulator's sources, copied whole: what Node runs in the generated repo is exactly `emulator/src/`. */
const emulatorSources = readdirSync(path.join(packageRoot, 'emulator/src')).filter((file) => file.endsWith('.ts')).sort();

/**
 * The libraries vendored beside them (croner, for cron() schedules, with its
 * licence and where it came from), which the api service runs with nothing
 * installed. Every repo gets them: an owner may turn a rate() into a cron() in compose.
 */
const vendorFolder = path.join(packageRoot, 'emulator/vendor');
const emulatorVendored = readdirSync(vendorFolder, { recursive: true, encoding: 'utf8' })
  .filter((file) => statSync(path.join(vendorFolder, file)).isFile())
  .map((file) => file.split(path.sep).join('/'))
  .sort();

/** What decides which files a run writes: the API type, and each function's folder and trigger. */
export interface FileLayout {
  readonly payload: PayloadVersion;
  readonly functions: readonly Pick<FunctionModel, 'name' | 'folder' | 'trigger'>[];
}

/** A path in the repo: `folder/file`, or `file` for the root. */
const inFolder = (folder: string, file: string) => (folder === '.' ? file : `${folder}/${file}`);

/**
 * A function's own files, its owners' from the first run: the handler and its
 * test in its folder, and its trigger's sample events, which functions of one
 * trigger share.
 */
function functionFiles(payload: PayloadVersion, fn: FileLayout['functions'][number]): GeneratedFile[] {
  const kind = triggerKinds[fn.trigger];
  const handler = handlerOf(kind, payload);
  return [
    { from: `${handler.folder}/main.go`, to: inFolder(fn.folder, 'main.go'), owner: 'user' },
    { from: `${handler.folder}/main_test.go`, to: inFolder(fn.folder, 'main_test.go'), owner: 'user' },
    ...handler.samples.map((sample): GeneratedFile => ({ from: `${kind.folder}/events/${sample}`, to: `events/${sample}`, owner: 'user' })),
  ];
}

export function appFiles(layout: FileLayout): GeneratedFile[] {
  const own = layout.functions.flatMap((fn) => functionFiles(layout.payload, fn));
  // One copy of a sample two functions of a kind share.
  const perFunction = [...new Map(own.map((file) => [file.to, file])).values()];
  return [
    ...perFunction,
    { from: 'templates/go/go.mod.hbs', to: 'go.mod', owner: 'user' },
    { from: 'templates/README.md.hbs', to: 'README.md', owner: 'user' },
    { from: 'templates/gitignore.hbs', to: '.gitignore', owner: 'user' },
    { from: 'templates/Makefile.hbs', to: 'Makefile', owner: 'tool' },
    { from: 'templates/env.example.hbs', to: '.env.example', owner: 'tool' },
    { from: 'templates/template.yaml.hbs', to: 'template.yaml', owner: 'tool' },
    { from: 'templates/localdev/dockerignore', to: 'localdev/.dockerignore', owner: 'tool' },
    { from: 'templates/localdev/Dockerfile.hbs', to: 'localdev/Dockerfile', owner: 'tool' },
    { from: 'templates/localdev/entrypoint.sh', to: 'localdev/entrypoint.sh', owner: 'tool', executable: true },
    { from: 'templates/localdev/reload.sh.hbs', to: 'localdev/reload.sh', owner: 'tool', executable: true },
    { from: 'templates/localdev/generator.sh', to: 'localdev/generator.sh', owner: 'tool', executable: true },
    { from: 'templates/localdev/docker-compose.yml.hbs', to: 'localdev/docker-compose.yml', owner: 'tool' },
    { from: 'templates/localdev/var-runtime/gitkeep', to: 'localdev/var-runtime/.gitkeep', owner: 'tool' },
    { from: 'emulator/package.json', to: 'localdev/proxy/package.json', owner: 'tool' },
    // The type-checking tools, locked: npm ci there installs them. The emulator itself runs without.
    { from: 'emulator/package-lock.json', to: 'localdev/proxy/package-lock.json', owner: 'tool' },
    { from: 'emulator/tsconfig.json', to: 'localdev/proxy/tsconfig.json', owner: 'tool' },
    ...emulatorSources.map((file): GeneratedFile => ({ from: `emulator/src/${file}`, to: `localdev/proxy/src/${file}`, owner: 'tool' })),
    ...emulatorVendored.map((file): GeneratedFile => ({ from: `emulator/vendor/${file}`, to: `localdev/proxy/vendor/${file}`, owner: 'tool' })),
  ];
}

/**
 * A function of every trigger at the root (where 0.1 and 0.2 wrote theirs), with
 * either payload: their files are every template a run may use, and every path
 * it may write but those in a function's own `cmd/<name>/`, which a run checks
 * with its own layout (pipeline.ts).
 */
const everyLayout = (): FileLayout[] => payloadVersions.map((payload) => ({ payload, functions: triggerNames.map((trigger) => ({ name: trigger, folder: '.', trigger })) }));

/** Every path a run may write, whatever its answers: `.yo-rc.json` and the repo's files of either payload. */
export const everyGeneratedPath = (): string[] => ['.yo-rc.json', ...new Set(everyLayout().flatMap((layout) => appFiles(layout).map((file) => file.to)))];

/** The partials templates are composed from, by name: templates/partials/NAME.hbs. */
export const partialsFolder = 'templates/partials';
export const builtInPartials = (): Map<string, string> =>
  new Map(
    readdirSync(path.join(packageRoot, partialsFolder))
      .filter((file) => file.endsWith('.hbs'))
      .sort()
      .map((file) => [file.slice(0, -'.hbs'.length), path.join(packageRoot, partialsFolder, file)]),
  );

/** Every file in this package a run may render or copy, whatever its answers, partials included. */
export const everyTemplate = (): string[] => [
  // Each function's own files before appFiles keeps one per path: every kind's handler, not only the last one's.
  ...new Set(everyLayout().flatMap((layout) => [...layout.functions.flatMap((fn) => functionFiles(layout.payload, fn)), ...appFiles(layout)].map((file) => file.from))),
  ...[...builtInPartials().values()].map((file) => path.relative(packageRoot, file)),
];
