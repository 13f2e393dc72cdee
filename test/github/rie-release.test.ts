import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import type { RetryPolicy } from '../../lib/fetch-with-retry.ts';
import { createGitHubClient } from '../../lib/github-client.ts';
import { resolveRieRelease } from '../../lib/rie-release.ts';
import { rieAssetPattern, rieRepository } from '../../lib/shipped-pins.ts';
import { closedPort, loopbackServer } from '../loopback-server.ts';

const policy: RetryPolicy = { attempts: 3, timeoutMs: 1000, backoffMs: 10, maxRetryAfterMs: 3000 };
const settings = { ...rieRepository, assetPattern: rieAssetPattern, range: undefined };
const token = 'ghp_testtokenthatmustnotleak0123456789';

const assetBytes = (name: string) => Buffer.from(`binary of ${name}`);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A release as GitHub's REST API returns it, trimmed to the fields clients read, plus a few more. */
function release(origin: string, tag: string, options: { draft?: boolean; prerelease?: boolean; digests?: boolean } = {}) {
  const asset = (name: string, id: number) => ({
    url: `${origin}/repos/aws/aws-lambda-runtime-interface-emulator/releases/assets/${id}`,
    id,
    name,
    label: '',
    content_type: 'application/octet-stream',
    state: 'uploaded',
    size: assetBytes(`${tag}/${name}`).length,
    digest: options.digests === false ? null : `sha256:${sha256(assetBytes(`${tag}/${name}`))}`,
    created_at: '2026-10-01T00:00:00Z',
    browser_download_url: `${origin}/download/${tag}/${name}`,
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

type Behaviour = (request: IncomingMessage, response: ServerResponse, origin: string) => boolean;

/** A GitHub API on loopback: two pages of releases and their assets; `before` may answer first. */
async function githubApi(options: { before?: Behaviour; digests?: boolean } = {}) {
  const seen = { authorizations: [] as (string | undefined)[], downloads: [] as (string | undefined)[] };
  let origin = '';
  origin = await loopbackServer((request, response) => {
    if (options.before?.(request, response, origin)) return;
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname.startsWith('/download/')) {
      seen.downloads.push(request.headers.authorization);
      response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(assetBytes(url.pathname.slice('/download/'.length)));
      return;
    }
    if (url.pathname === '/repos/aws/aws-lambda-runtime-interface-emulator/releases') {
      seen.authorizations.push(request.headers.authorization);
      const digests = options.digests ?? true;
      const page = url.searchParams.get('page') ?? '1';
      const body =
        page === '1'
          ? [release(origin, 'v1.40', { draft: true, digests }), release(origin, 'v1.36-rc1', { prerelease: true, digests }), release(origin, 'v1.33.2', { digests }), release(origin, 'v1.35', { digests })]
          : [release(origin, 'v1.34', { digests }), release(origin, 'v1.33', { digests }), release(origin, 'v1.9', { digests })];
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-remaining': '59' };
      if (page === '1') headers.link = `<${origin}/repos/aws/aws-lambda-runtime-interface-emulator/releases?per_page=100&page=2>; rel="next"`;
      response.writeHead(200, headers).end(JSON.stringify(body));
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}');
  });
  return { origin, seen };
}

const client = (origin: string, withToken = false) => createGitHubClient({ baseUrl: origin, token: withToken ? token : undefined, policy });

describe('RIE release through Octokit', () => {
  it('picks the highest published release across pages, with GitHub\'s asset digests', async () => {
    const { origin, seen } = await githubApi();
    const pin = await resolveRieRelease(client(origin, true), settings, policy);
    assert.equal(pin.version, 'v1.35');
    assert.deepEqual(pin.assets.x86_64, { url: `${origin}/download/v1.35/aws-lambda-rie-x86_64`, sha256: sha256(assetBytes('v1.35/aws-lambda-rie-x86_64')) });
    assert.deepEqual(pin.assets.arm64, { url: `${origin}/download/v1.35/aws-lambda-rie-arm64`, sha256: sha256(assetBytes('v1.35/aws-lambda-rie-arm64')) });
    assert.deepEqual(seen.authorizations, [`token ${token}`, `token ${token}`], 'both pages, with the token');
    assert.deepEqual(seen.downloads, [], 'digests came from GitHub; nothing downloaded');
  });

  it('restricts the choice to --rie-version, and lists the newest when nothing matches', async () => {
    const { origin } = await githubApi();
    assert.equal((await resolveRieRelease(client(origin), { ...settings, range: '~1.33' }, policy)).version, 'v1.33.2');
    await assert.rejects(
      resolveRieRelease(client(origin), { ...settings, range: '^2' }, policy),
      /^LookupError: GitHub releases of aws\/aws-lambda-runtime-interface-emulator: no release in --rie-version \^2; newest: v1\.35, v1\.34, v1\.33\.2, v1\.33, v1\.9$/,
    );
  });

  it('downloads and hashes an asset GitHub gives no digest for, without sending the token there', async () => {
    const { origin, seen } = await githubApi({ digests: false });
    const pin = await resolveRieRelease(client(origin, true), settings, policy);
    assert.equal(pin.assets.x86_64.sha256, sha256(assetBytes('v1.35/aws-lambda-rie-x86_64')));
    assert.equal(pin.assets.arm64.sha256, sha256(assetBytes('v1.35/aws-lambda-rie-arm64')));
    assert.deepEqual(seen.downloads, [undefined, undefined]);
  });

  it('waits out a primary rate limit that resets soon, then succeeds', async () => {
    let limited = 1;
    const { origin } = await githubApi({
      before: (_request, response) => {
        if (limited-- <= 0) return false;
        const reset = Math.ceil(Date.now() / 1000) + 1;
        response
          .writeHead(403, { 'content-type': 'application/json', 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) })
          .end('{"message":"API rate limit exceeded for 127.0.0.1."}');
        return true;
      },
    });
    assert.equal((await resolveRieRelease(client(origin), settings, policy)).version, 'v1.35');
  });

  it('gives one clear line when the rate limit resets too late, naming the reset and the token', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 3600;
    const { origin } = await githubApi({
      before: (_request, response) => {
        response
          .writeHead(403, { 'content-type': 'application/json', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) })
          .end('{"message":"API rate limit exceeded for 127.0.0.1."}');
        return true;
      },
    });
    await assert.rejects(resolveRieRelease(client(origin, true), settings, policy), (error: Error) => {
      assert.equal(
        error.message,
        `GitHub releases of aws/aws-lambda-runtime-interface-emulator: GitHub API rate limit exhausted until ${new Date(reset * 1000).toISOString()}; set GITHUB_TOKEN for a higher limit`,
      );
      assert.doesNotMatch(`${error.message}${error.stack}`, new RegExp(token));
      return true;
    });
  });

  it('waits out a secondary rate limit, and retries a 5xx', async () => {
    const answers = [
      (response: ServerResponse) =>
        response.writeHead(403, { 'content-type': 'application/json', 'retry-after': '1' }).end('{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}'),
      (response: ServerResponse) => response.writeHead(502, { 'content-type': 'application/json' }).end('{"message":"Server Error"}'),
    ];
    const { origin } = await githubApi({
      before: (_request, response) => {
        const answer = answers.shift();
        answer?.(response);
        return answer !== undefined;
      },
    });
    assert.equal((await resolveRieRelease(client(origin), settings, policy)).version, 'v1.35');
  });

  it('reports a missing repository, malformed JSON, a refused connection and a server that never answers', async () => {
    const { origin } = await githubApi();
    await assert.rejects(resolveRieRelease(client(origin), { ...settings, repo: 'missing' }, policy), /^LookupError: GitHub releases of aws\/missing: HTTP 404 Not Found$/);

    const garbled = await loopbackServer((_request, response) => void response.writeHead(200, { 'content-type': 'application/json' }).end('[{"tag_name": '));
    await assert.rejects(resolveRieRelease(client(garbled), settings, policy), /^LookupError: GitHub releases of aws\/aws-lambda-runtime-interface-emulator: the API answered with malformed JSON$/);

    const port = await closedPort();
    await assert.rejects(resolveRieRelease(client(`http://127.0.0.1:${port}`), settings, policy), /: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);

    const silent = await loopbackServer(() => {});
    const started = performance.now();
    await assert.rejects(resolveRieRelease(client(silent), settings, policy), /no answer in time$/);
    assert.ok(performance.now() - started < 15_000);
  });

  it('refuses an asset digest that is not sha256 and 64 hex digits', async () => {
    const { origin } = await githubApi({
      before: (request, response, base) => {
        if (!request.url?.includes('/releases')) return false;
        const bad = { ...release(base, 'v1.35'), assets: release(base, 'v1.35').assets.map((asset) => ({ ...asset, digest: 'sha256:zz"; RUN evil' })) };
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([bad]));
        return true;
      },
    });
    await assert.rejects(resolveRieRelease(client(origin), settings, policy), /asset aws-lambda-rie-x86_64 has digest .* not "sha256:" and 64 hex digits/);
  });
});
