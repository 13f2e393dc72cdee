import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { shippedPins } from '../../lib/pins/index.ts';
import { runApp, runBump } from '../../test/support/generate.ts';
import { scratchDir } from '../../test/support/scratch.ts';

const stale = (fill: string) => `sha256:${fill.repeat(64)}`;

describe('bump generator', () => {
  it('re-pins the files the generator owns and leaves the owners\' files alone', async () => {
    const dir = scratchDir('bump');
    await runApp(dir).withOptions({ yes: true, offline: true, payload: '2.0', 'api-port': '3300' });
    // Age the repo: older digests and an older RIE release, as a repo generated months ago has.
    const rcPath = path.join(dir, '.yo-rc.json');
    const rc = JSON.parse(readFileSync(rcPath, 'utf8'));
    const pins = rc['generator-lambda-local'].pins;
    for (const [key, digest] of [['node:24-alpine', stale('1')], ['ghcr.io/northwood-labs/lambda-provided-al2023:latest', stale('2')]] as const) pins.images[key].digest = digest;
    // The files that hold pins are written anew with those by the re-run below, their hashes recorded so, as such a repo's are.
    for (const file of ['localdev/Dockerfile', 'localdev/docker-compose.yml']) rmSync(path.join(dir, file));
    pins.rie.version = 'v1.20';
    // Its assets are that release's, as the stored URL must be (lib/pins/check-pins.ts).
    for (const asset of Object.values(pins.rie.assets) as { url: string; sha256: string }[]) {
      asset.url = asset.url.replace(`/download/${shippedPins.rie.version}/`, '/download/v1.20/');
      asset.sha256 = '3'.repeat(64);
    }
    writeFileSync(rcPath, JSON.stringify(rc));
    await runApp(dir).withOptions({ offline: true, force: true });
    const compose = path.join(dir, 'localdev/docker-compose.yml');
    assert.match(readFileSync(compose, 'utf8'), new RegExp(stale('1')), 'the regenerated repo uses the stored pins');
    writeFileSync(path.join(dir, 'main.go'), 'package main // edited\n');

    const result = await runBump(dir).withOptions({ offline: true });

    assert.deepEqual(result.askedQuestions, []);
    const dockerfile = readFileSync(path.join(dir, 'localdev/Dockerfile'), 'utf8');
    const base = shippedPins.images['ghcr.io/northwood-labs/lambda-provided-al2023:latest'];
    assert.ok(dockerfile.includes(`@${base?.digest}`));
    assert.ok(!dockerfile.includes(stale('2')));
    assert.ok(dockerfile.includes(shippedPins.rie.assets.x86_64.sha256));
    const composeText = readFileSync(compose, 'utf8');
    assert.ok(composeText.includes(shippedPins.images['node:24-alpine']?.digest ?? 'missing'));
    assert.match(composeText, /127\.0\.0\.1:3300:3000/, 'answers are kept');
    assert.equal(readFileSync(path.join(dir, 'main.go'), 'utf8'), 'package main // edited\n');
    const stored = JSON.parse(readFileSync(rcPath, 'utf8'))['generator-lambda-local'].pins;
    assert.equal(stored.rie.version, shippedPins.rie.version);
  });

  it('refuses a folder that was never generated', async () => {
    const dir = scratchDir('bump-empty');
    const error = await runBump(dir)
      .withOptions({ offline: true })
      .then(() => undefined, (reason: unknown) => reason);
    assert.ok(error instanceof Error);
    assert.match(error.message, /^no \.yo-rc\.json with generator-lambda-local answers in .* or above; run npx generator-lambda-local \(or yo lambda-local\) there first$/);
  });
});
