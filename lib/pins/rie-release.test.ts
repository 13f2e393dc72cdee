import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import type { RetryPolicy } from './fetch-with-retry.ts';
import { createGitHubClient } from './github-client.ts';
import { resolveRieRelease } from './rie-release.ts';
import { rieAssetPattern, rieRepository } from './shipped-pins.ts';
import { closedPort, loopbackServer } from '../../test/support/loopback-server.ts';
import { assetBytes, githubApi, release, sha256 } from '../../test/support/fake-github.ts';

const policy: RetryPolicy = { attempts: 3, timeoutMs: 1000, backoffMs: 10, maxRetryAfterMs: 3000 };
const settings = { ...rieRepository, assetPattern: rieAssetPattern, range: undefined };
const token = 'ghp_testtokenthatmustnotleak0123456789';

const client = (origin: string, withToken = false) => createGitHubClient({ baseUrl: origin, token: withToken ? token : undefined, policy });

describe('RIE release through Octokit', () => {
  it('picks the highest published release across pages, with GitHub\'s asset digests', async () => {
    const { origin, seen } = await githubApi();
    const pin = await resolveRieRelease(client(origin, true), settings, policy);
    assert.equal(pin.version, 'v1.35');
    assert.deepEqual(pin.assets.x86_64, { url: `${origin}/aws/aws-lambda-runtime-interface-emulator/releases/download/v1.35/aws-lambda-rie-x86_64`, sha256: sha256(assetBytes('v1.35/aws-lambda-rie-x86_64')) });
    assert.deepEqual(pin.assets.arm64, { url: `${origin}/aws/aws-lambda-runtime-interface-emulator/releases/download/v1.35/aws-lambda-rie-arm64`, sha256: sha256(assetBytes('v1.35/aws-lambda-rie-arm64')) });
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
