import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readConfig } from '../src/config.ts';

describe('the emulator settings', () => {
  it("defaults the integration time-out to the API type's: 29 s for REST, 30 s for HTTP", () => {
    assert.equal(readConfig({}).gatewayTimeoutMs, 29_000);
    assert.equal(readConfig({ PAYLOAD_VERSION: '2.0' }).gatewayTimeoutMs, 30_000);
    assert.equal(readConfig({ PAYLOAD_VERSION: '2.0', GATEWAY_TIMEOUT_MS: '500' }).gatewayTimeoutMs, 500);
  });

  it('reads routes with the generator\'s grammar, and names the one that is wrong', () => {
    assert.deepEqual(readConfig({ ROUTES: 'get /users/{id}, ANY /{proxy+}' }).routes, [
      { method: 'GET', path: '/users/{id}' },
      { method: 'ANY', path: '/{proxy+}' },
    ]);
    assert.throws(() => readConfig({ ROUTES: 'GET /a,FETCH /b' }), {
      message: 'ROUTES: "GET /a,FETCH /b" is not allowed; expected route "FETCH /b" is not "METHOD /path/{param}" with METHOD one of ANY, GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, {name+} only as the last segment',
    });
    assert.throws(() => readConfig({ ROUTES: 'GET /a,get /a' }), { message: /route "get \/a" is listed twice/ });
  });

  it('takes only http://host:port upstreams', () => {
    assert.deepEqual(readConfig({ LAMBDA_UPSTREAMS: 'http://lambda:8080, http://[::1]:9000' }).upstreams.map(String), ['http://lambda:8080/', 'http://[::1]:9000/']);
    for (const wrong of ['lambda:8080', 'https://lambda:8080', 'http://lambda:8080/path', 'http://user@lambda:8080']) {
      assert.throws(() => readConfig({ LAMBDA_UPSTREAMS: wrong }), { message: `LAMBDA_UPSTREAMS: ${JSON.stringify(wrong)} is not allowed; expected http://host:port, comma-separated` });
    }
  });
});
