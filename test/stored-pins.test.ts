/**
 * Pins read back from `.yo-rc.json` go into FROM and ADD lines, so a re-run
 * and bump check them as strictly as a live lookup: here, that the RIE asset
 * URL is the RIE repository's release asset of the stored version. Through the
 * package's bin, as a hand edit of `.yo-rc.json` would meet it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { listFiles, repoRoot } from './support/generate.ts';
import { scratchDir } from './support/scratch.ts';

const bin = path.join(repoRoot, 'bin/generator-lambda-local.ts');
const runBin = (cwd: string, args: readonly string[]) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });

/** A repo generated offline, and a way to rewrite the x86_64 RIE asset URL it stores. */
function generatedRepo() {
  const work = scratchDir('stored-pins');
  const generated = runBin(work, ['demo', '--yes', '--offline', '--arch', 'x86_64']);
  assert.equal(generated.status, 0, generated.stderr);
  const repo = path.join(work, 'demo');
  const config = path.join(repo, '.yo-rc.json');
  const storeUrl = (url: string) => {
    const stored = JSON.parse(readFileSync(config, 'utf8'));
    stored['generator-lambda-local'].pins.rie.assets.x86_64.url = url;
    writeFileSync(config, `${JSON.stringify(stored, null, 2)}\n`);
  };
  const snapshot = () => Object.fromEntries(listFiles(repo).map((file) => [file, readFileSync(path.join(repo, file), 'utf8')]));
  return { repo, storeUrl, snapshot };
}

describe('the stored RIE asset URL', () => {
  const release = 'https://github.com/aws/aws-lambda-runtime-interface-emulator/releases/download';

  it("is refused by a re-run and by bump unless it is the RIE repository's asset of the stored version, with one line and nothing written", () => {
    const { repo, storeUrl, snapshot } = generatedRepo();
    const stored = JSON.parse(readFileSync(path.join(repo, '.yo-rc.json'), 'utf8'))['generator-lambda-local'].pins.rie.version as string;
    for (const url of [
      'https://evil.example/aws-lambda-rie-x86_64',
      `${release}/v1.20/aws-lambda-rie-x86_64`,
      `${release}/${stored}/aws-lambda-rie-arm64`,
      `https://github.com/someone/aws-lambda-runtime-interface-emulator/releases/download/${stored}/aws-lambda-rie-x86_64`,
      `${release}/${stored}/aws-lambda-rie-x86_64?token=1`,
    ]) {
      storeUrl(url);
      const before = snapshot();
      for (const args of [['--yes', '--offline'], ['bump', '--offline']]) {
        const result = runBin(repo, args);
        assert.equal(result.status, 1, `${args.join(' ')} with ${url}: ${result.stderr}`);
        const lines = result.stderr.split('\n').filter(Boolean);
        assert.equal(lines.length, 1, result.stderr);
        assert.equal(
          lines[0],
          `generator-lambda-local: .yo-rc.json "pins".rie.assets.x86_64.url: ${JSON.stringify(url)} is not allowed; ` +
            `expected ${release}/${stored}/aws-lambda-rie-x86_64, the release asset of the RIE repository for ${stored} (on github.com, or the same path on a GitHub Enterprise host)`,
        );
        assert.deepEqual(snapshot(), before, 'nothing written');
      }
    }
  });

  it('is taken from a GitHub Enterprise host when its path is the release asset of the stored version', () => {
    const { repo, storeUrl } = generatedRepo();
    const stored = JSON.parse(readFileSync(path.join(repo, '.yo-rc.json'), 'utf8'))['generator-lambda-local'].pins.rie.version as string;
    storeUrl(`https://github.example.com/aws/aws-lambda-runtime-interface-emulator/releases/download/${stored}/aws-lambda-rie-x86_64`);
    const result = runBin(repo, ['--yes', '--offline']);
    assert.equal(result.status, 0, result.stderr);
  });
});
