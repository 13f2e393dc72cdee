import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isGatewayFailure, mapInvocationResult, type HttpResponse } from '../src/responses.ts';
import { repoRoot } from '../../test/support/generate.ts';

function mapped(version: '1.0' | '2.0', result: unknown, status = 200): HttpResponse {
  const answer = mapInvocationResult(version, status, Buffer.from(typeof result === 'string' ? result : JSON.stringify(result)));
  assert.ok(!isGatewayFailure(answer), isGatewayFailure(answer) ? answer.reason : '');
  return answer;
}

/** What each API type answers when the function failed: REST 502, HTTP 500, each in its own words. */
const failed = { '1.0': [502, 'Internal server error'], '2.0': [500, 'Internal Server Error'] } as const;

function failure(version: '1.0' | '2.0', body: string, status = 200): string {
  const answer = mapInvocationResult(version, status, Buffer.from(body));
  assert.ok(isGatewayFailure(answer), 'a gateway failure');
  assert.equal(answer.response.statusCode, failed[version][0]);
  assert.deepEqual(JSON.parse(answer.response.body.toString()), { message: failed[version][1] });
  return answer.reason;
}

describe('payload 1.0 responses', () => {
  it('maps the real sample response', () => {
    const sample = JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/apigw/apigw-response.json'), 'utf8'));
    const answer = mapped('1.0', sample);
    assert.equal(answer.statusCode, sample.statusCode);
    assert.equal(answer.body.toString(), sample.body);
    for (const [name, value] of Object.entries(sample.headers as Record<string, string>)) {
      assert.ok(answer.headers.some(([key, text]) => key === name && text === value), `header ${name}`);
    }
  });

  it('lets multiValueHeaders win over headers of the same name, keeping repeated Set-Cookie', () => {
    const answer = mapped('1.0', {
      statusCode: 201,
      headers: { 'Content-Type': 'text/plain', 'set-cookie': 'lost=1', 'X-Count': 3 },
      multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
      body: 'made',
    });
    assert.equal(answer.statusCode, 201);
    assert.deepEqual(answer.headers, [['Content-Type', 'text/plain'], ['X-Count', '3'], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']]);
  });

  it('decodes a base64 body to bytes', () => {
    const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);
    assert.deepEqual(mapped('1.0', { statusCode: 200, body: bytes.toString('base64'), isBase64Encoded: true }).body, bytes);
  });

  it('turns a function error, a time-out, a crash and malformed results into 502', () => {
    assert.match(failure('1.0', '{"errorMessage":"boom","errorType":"errorString"}'), /^function error: errorString: boom$/);
    assert.match(failure('1.0', '{"errorMessage":"2026-11-22T14:00:30.000Z 5f0e Task timed out after 30.00 seconds"}'), /Task timed out after 30\.00 seconds/);
    assert.match(failure('1.0', '', 502), /^RIE answered 502: \(empty body\)$/);
    assert.match(failure('1.0', 'not json'), /^the result is not JSON/);
    assert.match(failure('1.0', '{"body":"no status"}'), /statusCode undefined is not an HTTP status/);
    assert.match(failure('1.0', '{"statusCode":"200"}'), /statusCode "200" is not an HTTP status/);
    assert.match(failure('1.0', '{"statusCode":200,"body":{"nested":true}}'), /body is object, not a string/);
    assert.match(failure('1.0', '{"statusCode":200,"headers":{"X":{}}}'), /header X is not a string, number or boolean/);
    assert.match(failure('1.0', '{"statusCode":200,"multiValueHeaders":{"X":"one"}}'), /multiValueHeaders\.X is not a list/);
  });
});

describe('payload 2.0 responses', () => {
  it('sends each cookie as a Set-Cookie header', () => {
    const answer = mapped('2.0', { statusCode: 200, headers: { 'content-type': 'text/html' }, cookies: ['a=1; Path=/', 'b=2; HttpOnly'], body: '<p>ok</p>' });
    assert.deepEqual(answer.headers, [['content-type', 'text/html'], ['Set-Cookie', 'a=1; Path=/'], ['Set-Cookie', 'b=2; HttpOnly']]);
  });

  it('reads a result without statusCode as the body of a 200 application/json response', () => {
    const object = mapped('2.0', { hello: 'world' });
    assert.equal(object.statusCode, 200);
    assert.deepEqual(object.headers, [['Content-Type', 'application/json']]);
    assert.deepEqual(JSON.parse(object.body.toString()), { hello: 'world' });
    assert.equal(mapped('2.0', '"just text"').body.toString(), 'just text');
    assert.equal(mapped('2.0', '[1,2]').body.toString(), '[1,2]');
  });

  it('turns a function error and a bad cookie list into 500', () => {
    assert.match(failure('2.0', '{"errorMessage":"boom"}'), /^function error: boom$/);
    assert.match(failure('2.0', '{"statusCode":200,"cookies":"a=1"}'), /cookies is not a list of strings/);
  });
});
