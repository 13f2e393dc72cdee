import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generate } from '../../test/support/generate.ts';
import { shippedPins, type Pins } from '../pins/index.ts';
import { pinChanges, repin } from './pin-sites.ts';

const digest = (digit: string): `sha256:${string}` => `sha256:${digit.repeat(64)}`;

/** Shipped pins moved on: every image digest, the RIE release, its URLs and checksums. */
function newerPins(before: Pins): Pins {
  const images = Object.fromEntries(Object.entries(before.images).map(([key, pin], index) => [key, { ...pin, digest: digest(String(index + 1)) }]));
  const asset = (arch: string, hex: string) => ({ url: `https://github.com/aws/aws-lambda-runtime-interface-emulator/releases/download/v1.36/aws-lambda-rie-${arch}`, sha256: hex.repeat(64) });
  const goModules = { 'github.com/northwood-labs/download-asset': 'v0.0.0-20261120101010-abcdef123456' };
  return { source: 'test', images, rie: { version: 'v1.36', assets: { x86_64: asset('x86_64', 'c'), arm64: asset('arm64', 'd') } }, goModules };
}

/** `text` with each change's new value put back to its old one: what must equal the file before bump. */
const unpinned = (text: string, changes: readonly ReturnType<typeof pinChanges>[number][]) => changes.reduce((result, change) => result.replaceAll(change.to, change.from), text);

describe('pin sites', () => {
  for (const rieSource of ['pinned', 'download-asset'] as const) {
    it(`re-pins a ${rieSource} Dockerfile in place and leaves every other byte, the owner's edits included`, async () => {
      const repo = await generate({ 'rie-source': rieSource, arch: 'x86_64' });
      const base = `${shippedPins.images['ghcr.io/northwood-labs/lambda-provided-al2023:latest']?.name}:latest`;
      const edited = repo
        .read('localdev/Dockerfile')
        // The owner's own stage, package and comments, one naming a pinned image it must not touch.
        .replace(/\nFROM (\S+)\nCOPY --from=rie/, `\nFROM busybox:1.36 AS tools\nRUN echo "tools for ${base}"\n\n# our base, as pinned by the generator: $1\nFROM $1\nRUN microdnf install -y jq\nCOPY --from=rie`);
      const after = newerPins(shippedPins);
      const changes = pinChanges(shippedPins, after);
      const { text, applied } = repin('localdev/Dockerfile', edited, changes);
      const pinnedNow = (key: string) => `${after.images[key]?.name}:${after.images[key]?.tag}@${after.images[key]?.digest}`;
      assert.ok(text.includes(`# syntax=${pinnedNow('docker/dockerfile:1')}\n`));
      assert.ok(text.includes(`\nFROM ${pinnedNow('ghcr.io/northwood-labs/lambda-provided-al2023:latest')}\nRUN microdnf install -y jq\n`));
      if (rieSource === 'download-asset') assert.ok(text.includes(`\nFROM ${pinnedNow('golang:1-alpine')} AS rie\n`));
      assert.match(text, /# RIE v1\.36/);
      assert.ok(text.includes('c'.repeat(64)) && text.includes('d'.repeat(64)));
      if (rieSource === 'pinned') assert.ok(text.includes('/releases/download/v1.36/aws-lambda-rie-arm64'));
      else assert.match(text, /--tag v1\.36 /);
      if (rieSource === 'download-asset') assert.match(text, /^RUN go install github\.com\/northwood-labs\/download-asset@v0\.0\.0-20261120101010-abcdef123456$/m);
      const oldBase = shippedPins.images['ghcr.io/northwood-labs/lambda-provided-al2023:latest'];
      assert.ok(text.includes(`# our base, as pinned by the generator: ${oldBase?.name}:latest@${oldBase?.digest}`), 'a comment is no image pin site');
      assert.equal(unpinned(text, applied), edited, 'every byte but the pins is as it was');
    });
  }

  it("re-pins compose's image: and leaves comments, key order, the owner's services and keys", async () => {
    const repo = await generate({ arch: 'x86_64' });
    const edited = `${repo.read('localdev/docker-compose.yml').replace('  api:\n', '  # the API Gateway emulator\n  api:\n    labels: [team=payments]\n')}
  db:
    image: postgres:16   # ours
    environment: { POSTGRES_PASSWORD: local }
`.replace('networks:\n  lambda-local:', 'networks:\n  lambda-local:');
    const after = newerPins(shippedPins);
    const { text, applied } = repin('localdev/docker-compose.yml', edited, pinChanges(shippedPins, after));
    assert.deepEqual(applied.map((change) => change.what), ['node:24-alpine']);
    assert.ok(text.includes(`image: node:24-alpine@${after.images['node:24-alpine']?.digest}\n`));
    assert.match(text, /image: postgres:16 {3}# ours/);
    assert.equal(unpinned(text, applied), edited);
  });

  it('reports nothing applied for a site the owner changed beyond recognition', async () => {
    const repo = await generate({ arch: 'x86_64' });
    const edited = repo.read('localdev/docker-compose.yml').replace(/image: node:24-alpine@\S+/, 'image: node:22');
    const { text, applied } = repin('localdev/docker-compose.yml', edited, pinChanges(shippedPins, newerPins(shippedPins)));
    assert.deepEqual(applied, []);
    assert.equal(text, edited);
  });
});
