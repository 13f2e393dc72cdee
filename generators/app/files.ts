/**
 * What `yo lambda-local` writes. `tool` files belong to the generator: it
 * rewrites them on every run and `bump` re-pins them. `user` files are written
 * once and then belong to the repo's owners; no later run touches them.
 */
import type { TemplateContext } from '../../lib/template-context.ts';

export type FileOwner = 'tool' | 'user';

export interface GeneratedFile {
  /** Path under a template layer; `.hbs` files are rendered, others copied. */
  readonly template: string;
  /** Path in the generated repo. */
  readonly to: string;
  readonly owner: FileOwner;
  readonly executable?: boolean;
}

const proxySources = ['config.ts', 'contract.ts', 'events.ts', 'responses.ts', 'request-log.ts', 'rie-connection.ts', 'routes.ts', 'upstream-pool.ts', 'server.ts'];

export function appFiles(context: TemplateContext): GeneratedFile[] {
  const handler = `go/payload-${context.payload}`;
  return [
    { template: `${handler}/main.go`, to: 'main.go', owner: 'user' },
    { template: `${handler}/main_test.go`, to: 'main_test.go', owner: 'user' },
    { template: 'go/go.mod.hbs', to: 'go.mod', owner: 'user' },
    { template: context.eventFile, to: context.eventFile, owner: 'user' },
    { template: 'README.md.hbs', to: 'README.md', owner: 'user' },
    { template: 'gitignore', to: '.gitignore', owner: 'user' },
    { template: 'Makefile.hbs', to: 'Makefile', owner: 'tool' },
    { template: 'env.example.hbs', to: '.env.example', owner: 'tool' },
    { template: 'localdev/dockerignore', to: 'localdev/.dockerignore', owner: 'tool' },
    { template: 'localdev/Dockerfile.hbs', to: 'localdev/Dockerfile', owner: 'tool' },
    { template: 'localdev/entrypoint.sh', to: 'localdev/entrypoint.sh', owner: 'tool', executable: true },
    { template: 'localdev/docker-compose.yml.hbs', to: 'localdev/docker-compose.yml', owner: 'tool' },
    { template: 'localdev/docker-compose.scale.yml', to: 'localdev/docker-compose.scale.yml', owner: 'tool' },
    { template: 'localdev/var-runtime/gitkeep', to: 'localdev/var-runtime/.gitkeep', owner: 'tool' },
    { template: 'localdev/proxy/package.json', to: 'localdev/proxy/package.json', owner: 'tool' },
    { template: 'localdev/proxy/tsconfig.json', to: 'localdev/proxy/tsconfig.json', owner: 'tool' },
    ...proxySources.map((file): GeneratedFile => ({
      template: `localdev/proxy/src/${file}`,
      to: `localdev/proxy/src/${file}`,
      owner: 'tool',
    })),
  ];
}
