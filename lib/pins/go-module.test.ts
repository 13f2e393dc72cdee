import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fakeGoProxy } from '../../test/support/fake-go-proxy.ts';
import { closedPort, loopbackServer } from '../../test/support/loopback-server.ts';
import type { RetryPolicy } from './fetch-with-retry.ts';
import { resolveGoModuleVersion } from './go-module.ts';

const policy: RetryPolicy = { attempts: 2, timeoutMs: 1000, backoffMs: 10, maxRetryAfterMs: 100 };
const pseudo = 'v0.0.0-20261120101010-abcdef123456';

describe('Go module versions through a module proxy', () => {
  it("takes @latest's version and confirms it with its .info, escaping capitals in the path", async () => {
    const proxy = await fakeGoProxy({ 'github.com/northwood-labs/download-asset': ['v0.0.0-20240101000000-0123456789ab', pseudo], 'github.com/Example/Tool': ['v1.2.3'] });
    assert.equal(await resolveGoModuleVersion(proxy.origin, 'github.com/northwood-labs/download-asset', policy), pseudo);
    assert.deepEqual(proxy.seen, ['/github.com/northwood-labs/download-asset/@latest', `/github.com/northwood-labs/download-asset/@v/${pseudo}.info`]);
    assert.equal(await resolveGoModuleVersion(`${proxy.origin}/`, 'github.com/Example/Tool', policy), 'v1.2.3');
    assert.equal(proxy.seen.at(-2), '/github.com/!example/!tool/@latest');
  });

  it('says what failed, and where, for an unknown module, a refused connection, malformed JSON and a version that is none', async () => {
    const proxy = await fakeGoProxy({});
    await assert.rejects(resolveGoModuleVersion(proxy.origin, 'github.com/x/y', policy), {
      message: `Go module github.com/x/y from ${proxy.origin}: the proxy does not know it (HTTP 404)`,
    });
    const port = await closedPort();
    await assert.rejects(resolveGoModuleVersion(`http://127.0.0.1:${port}`, 'github.com/x/y', policy), /^LookupError: Go module github\.com\/x\/y from http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED.* \(2 attempts\)$/);
    const garbled = await loopbackServer((_request, response) => response.writeHead(200).end('{"Version":'));
    await assert.rejects(resolveGoModuleVersion(garbled, 'github.com/x/y', policy), /the proxy answered with malformed JSON/);
    const lying = await loopbackServer((_request, response) => response.writeHead(200).end(JSON.stringify({ Version: 'latest; rm -rf /' })));
    await assert.rejects(resolveGoModuleVersion(lying, 'github.com/x/y', policy), /"latest; rm -rf \/" is not a Go module version/);
  });

  it('retries a 5xx, then answers', async () => {
    let calls = 0;
    const flaky = await loopbackServer((_request, response) => {
      calls++;
      if (calls === 1) response.writeHead(503).end();
      else response.writeHead(200).end(JSON.stringify({ Version: pseudo }));
    });
    assert.equal(await resolveGoModuleVersion(flaky, 'github.com/x/y', policy), pseudo);
  });
});
