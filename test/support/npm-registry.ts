/**
 * An npm registry on loopback that serves one package's tarballs, with the
 * packument and integrity npm checks, and passes every other request through
 * to registry.npmjs.org, so npm and npx install its dependencies as usual.
 */
import { createHash } from 'node:crypto';
import { loopbackServer } from './loopback-server.ts';

export interface PackedVersion {
  readonly manifest: { readonly name: string; readonly version: string; readonly [key: string]: unknown };
  readonly tarball: Buffer;
}

const upstream = 'https://registry.npmjs.org';

export async function npmRegistry(packed: readonly PackedVersion[]): Promise<string> {
  const name = packed[0]?.manifest.name ?? '';
  let origin = '';
  origin = await loopbackServer(async (request, response) => {
    const url = request.url ?? '/';
    if (url === `/${name}`) {
      const versions = Object.fromEntries(
        packed.map(({ manifest, tarball }) => [
          manifest.version,
          {
            ...manifest,
            dist: {
              tarball: `${origin}/${name}/-/${name}-${manifest.version}.tgz`,
              shasum: createHash('sha1').update(tarball).digest('hex'),
              integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
            },
          },
        ]),
      );
      const latest = packed.at(-1)?.manifest.version ?? '';
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name, 'dist-tags': { latest }, versions }));
      return;
    }
    const tarball = packed.find(({ manifest }) => url === `/${name}/-/${name}-${manifest.version}.tgz`);
    if (tarball) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tarball.tarball);
      return;
    }
    const answer = await fetch(`${upstream}${url}`, { headers: { accept: request.headers.accept ?? 'application/json' } });
    response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/octet-stream' }).end(Buffer.from(await answer.arrayBuffer()));
  });
  return origin;
}
