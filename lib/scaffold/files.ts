/**
 * What `yo lambda-local` writes. `tool` files belong to the generator: it
 * rewrites them on every run and `bump` re-pins them. `user` files are written
 * once and then belong to the repo's owners; no later run touches them.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from './package-root.ts';
import { payloadVersions, type PayloadVersion } from '../../emulator/src/contract.ts';

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

/** The sample event for `make invoke`: API Gateway's event of the payload's API type. */
export const eventFileOf = (payload: PayloadVersion) => (payload === '1.0' ? 'events/api-gateway-v1.json' : 'events/http-api-v2.json');

export function appFiles(payload: PayloadVersion): GeneratedFile[] {
  const handler = `go/payload-${payload}`;
  const eventFile = eventFileOf(payload);
  return [
    { from: `templates/${handler}/main.go`, to: 'main.go', owner: 'user' },
    { from: `templates/${handler}/main_test.go`, to: 'main_test.go', owner: 'user' },
    { from: 'templates/go/go.mod.hbs', to: 'go.mod', owner: 'user' },
    { from: `templates/${eventFile}`, to: eventFile, owner: 'user' },
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
    { from: 'templates/localdev/docker-compose.scale.yml', to: 'localdev/docker-compose.scale.yml', owner: 'tool' },
    { from: 'templates/localdev/var-runtime/gitkeep', to: 'localdev/var-runtime/.gitkeep', owner: 'tool' },
    { from: 'emulator/package.json', to: 'localdev/proxy/package.json', owner: 'tool' },
    { from: 'emulator/tsconfig.json', to: 'localdev/proxy/tsconfig.json', owner: 'tool' },
    ...emulatorSources.map((file): GeneratedFile => ({ from: `emulator/src/${file}`, to: `localdev/proxy/src/${file}`, owner: 'tool' })),
  ];
}

/** Every path a run may write, whatever its answers: `.yo-rc.json` and the files of either payload. */
export const everyGeneratedPath = (): string[] => ['.yo-rc.json', ...new Set(payloadVersions.flatMap((payload) => appFiles(payload).map((file) => file.to)))];

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
  ...new Set(payloadVersions.flatMap((payload) => appFiles(payload).map((file) => file.from))),
  ...[...builtInPartials().values()].map((file) => path.relative(packageRoot, file)),
];
