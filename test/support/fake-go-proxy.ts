/**
 * A Go module proxy on loopback, speaking the GOPROXY protocol as
 * proxy.golang.org does: `<module>/@latest` and `<module>/@v/<version>.info`
 * answer `{"Version":…,"Time":…}` as JSON, and an unknown module or version is
 * 404 with a plain-text reason. Module paths arrive escaped (`!` before a
 * lower-cased capital).
 */
import { loopbackServer } from './loopback-server.ts';

export interface FakeGoProxy {
  readonly origin: string;
  /** Every path asked for, in order. */
  readonly seen: string[];
  /** Makes `version` the module's newest, as a new commit does. */
  publish(module: string, version: string): void;
}

export async function fakeGoProxy(modules: Readonly<Record<string, readonly string[]>>): Promise<FakeGoProxy> {
  const versions = new Map(Object.entries(modules).map(([module, list]) => [module.replace(/[A-Z]/g, (letter) => `!${letter.toLowerCase()}`), [...list]]));
  const seen: string[] = [];
  const origin = await loopbackServer((request, response) => {
    const url = request.url ?? '/';
    seen.push(url);
    const match = /^\/(.+)\/@(latest|v\/(.+)\.info)$/.exec(url);
    const known = match?.[1] ? versions.get(match[1]) : undefined;
    const version = match?.[2] === 'latest' ? known?.at(-1) : known?.find((candidate) => candidate === match?.[3]);
    if (!version) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=UTF-8' }).end(`not found: ${url}\n`);
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Version: version, Time: '2026-11-20T10:10:10Z' }));
  });
  return {
    origin,
    seen,
    publish: (module, version) => versions.get(module)?.push(version),
  };
}
