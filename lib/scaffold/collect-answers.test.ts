import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRunOptions } from './collect-answers.ts';

describe('run options', () => {
  it('refuses a proxy or API URL with credentials in it, in one line that does not repeat them', () => {
    for (const [option, key] of [
      ['--go-proxy', 'goProxy'],
      ['--github-api-url', 'githubApiUrl'],
    ] as const) {
      assert.throws(
        () => parseRunOptions({ [option.slice(2)]: 'https://ci-bot:s3cr3tT0ken@proxy.example.com/' }, {}),
        (error: Error) =>
          error.message.startsWith(`${option}: "https://…@proxy.example.com/" is not allowed; expected an http or https URL`) &&
          error.message.includes('without credentials') &&
          !error.message.includes('s3cr3tT0ken') &&
          !error.message.includes('ci-bot'),
      );
      assert.equal(parseRunOptions({ [option.slice(2)]: 'https://proxy.example.com/' }, {})[key], 'https://proxy.example.com');
    }
  });

  it("takes GOPROXY's first URL without credentials for the default, never one with them", () => {
    assert.equal(parseRunOptions({}, { GOPROXY: 'https://bot:tok@corp.example.com/go,https://proxy.golang.org,direct' }).goProxy, 'https://proxy.golang.org');
  });
});
