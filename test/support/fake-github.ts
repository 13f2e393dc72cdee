/**
 * A GitHub REST API on loopback for the RIE release lookups: two pages of
 * releases (drafts, prereleases and published ones, linked by `Link` headers)
 * with their assets, each downloadable. `before` may answer a request first.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loopbackServer } from './loopback-server.ts';

/** Where GitHub serves the RIE repository's release assets, before `tag/name`. */
const downloadPath = '/aws/aws-lambda-runtime-interface-emulator/releases/download/';

export const assetBytes = (name: string) => Buffer.from(`binary of ${name}`);
export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Contents of the asset at `tag/name`. */
type AssetContents = (path: string) => Buffer;

/** A release as GitHub's REST API returns it, trimmed to the fields clients read, plus a few more. */
export function release(
  origin: string,
  tag: string,
  options: { draft?: boolean; prerelease?: boolean; digests?: boolean; contents?: AssetContents } = {},
) {
  const contents = options.contents ?? assetBytes;
  const asset = (name: string, id: number) => ({
    url: `${origin}/repos/aws/aws-lambda-runtime-interface-emulator/releases/assets/${id}`,
    id,
    name,
    label: '',
    content_type: 'application/octet-stream',
    state: 'uploaded',
    size: contents(`${tag}/${name}`).length,
    digest: options.digests === false ? null : `sha256:${sha256(contents(`${tag}/${name}`))}`,
    created_at: '2026-10-01T00:00:00Z',
    // GitHub's path for a release asset, which stored pins are checked against.
    browser_download_url: `${origin}${downloadPath}${tag}/${name}`,
  });
  return {
    url: `${origin}/repos/aws/aws-lambda-runtime-interface-emulator/releases/1`,
    tag_name: tag,
    name: `Release ${tag}`,
    draft: options.draft ?? false,
    prerelease: options.prerelease ?? false,
    created_at: '2026-10-01T00:00:00Z',
    assets: [asset('aws-lambda-rie', 1), asset('aws-lambda-rie-arm64', 2), asset('aws-lambda-rie-x86_64', 3)],
  };
}

/** Versions of a container package as the Packages API lists them, or undefined for 404. */
type PackageVersions = (kind: 'orgs' | 'users', owner: string, name: string) => object[] | undefined;

/** A package version as GitHub lists it: named by its manifest digest, with its tags. */
export function packageVersion(id: number, digest: string, tags: string[]) {
  return {
    id,
    name: digest,
    url: `https://api.github.com/orgs/x/packages/container/y/versions/${id}`,
    package_html_url: 'https://github.com/orgs/x/packages/container/package/y',
    created_at: '2026-11-01T00:00:00Z',
    updated_at: '2026-11-01T00:00:00Z',
    metadata: { package_type: 'container', container: { tags } },
  };
}

type Behaviour = (request: IncomingMessage, response: ServerResponse, origin: string) => boolean;

/** A GitHub API on loopback: two pages of releases and their assets; `before` may answer first. */
export async function githubApi(options: { before?: Behaviour; digests?: boolean; packages?: PackageVersions; contents?: AssetContents } = {}) {
  const contents = options.contents ?? assetBytes;
  const seen = { authorizations: [] as (string | undefined)[], downloads: [] as (string | undefined)[], packageAuthorizations: [] as (string | undefined)[] };
  let origin = '';
  origin = await loopbackServer((request, response) => {
    if (options.before?.(request, response, origin)) return;
    const url = new URL(request.url ?? '/', origin);
    const packagePath = /^\/(orgs|users)\/([^/]+)\/packages\/container\/([^/]+)\/versions$/.exec(url.pathname);
    if (packagePath && options.packages) {
      seen.packageAuthorizations.push(request.headers.authorization);
      const [, kind = '', owner = '', name = ''] = packagePath;
      const versions = options.packages(kind as 'orgs' | 'users', owner, decodeURIComponent(name));
      if (versions) response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(versions));
      else response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Package not found."}');
      return;
    }
    if (url.pathname.startsWith(downloadPath)) {
      seen.downloads.push(request.headers.authorization);
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(contents(url.pathname.slice(downloadPath.length)));
      return;
    }
    if (url.pathname === '/repos/aws/aws-lambda-runtime-interface-emulator/releases') {
      seen.authorizations.push(request.headers.authorization);
      const digests = options.digests ?? true;
      const made = (tag: string, flags: { draft?: boolean; prerelease?: boolean } = {}) => release(origin, tag, { ...flags, digests, contents });
      const page = url.searchParams.get('page') ?? '1';
      const body =
        page === '1'
          ? [made('v1.40', { draft: true }), made('v1.36-rc1', { prerelease: true }), made('v1.33.2'), made('v1.35')]
          : [made('v1.34'), made('v1.33'), made('v1.9')];
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-remaining': '59' };
      if (page === '1') headers.link = `<${origin}/repos/aws/aws-lambda-runtime-interface-emulator/releases?per_page=100&page=2>; rel="next"`;
      response.writeHead(200, headers).end(JSON.stringify(body));
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}');
  });
  return { origin, seen };
}

