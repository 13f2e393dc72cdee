import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizePlatform, platformsMatch } from './platform.ts';

describe('platforms, as containerd normalises them', () => {
  it("drops each architecture's default variant and reads the aliases", () => {
    assert.equal(normalizePlatform('linux/arm64/v8'), 'linux/arm64');
    assert.equal(normalizePlatform('linux/aarch64'), 'linux/arm64');
    assert.equal(normalizePlatform('linux/x86_64'), 'linux/amd64');
    assert.equal(normalizePlatform('linux/amd64/v1'), 'linux/amd64');
    assert.equal(normalizePlatform('linux/arm'), 'linux/arm/v7');
    assert.equal(normalizePlatform('linux/armhf'), 'linux/arm/v7');
    assert.equal(normalizePlatform('linux/armel'), 'linux/arm/v6');
  });

  it('matches arm64 with arm64/v8, and no other architecture or variant', () => {
    assert.ok(platformsMatch('linux/arm64', 'linux/arm64/v8'));
    assert.ok(platformsMatch('linux/amd64', 'linux/amd64'));
    assert.ok(!platformsMatch('linux/arm64', 'linux/amd64'));
    assert.ok(!platformsMatch('linux/arm64', 'linux/arm/v8'));
    assert.ok(!platformsMatch('linux/amd64', 'linux/amd64/v3'));
    assert.ok(!platformsMatch('linux/arm64', 'windows/arm64'));
  });
});
