/**
 * The base images a user chooses between: AWS's own and the fork the
 * generator started with each work offline from a shipped digest, and the
 * generated README says who publishes each. Through the package's bin.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from './support/generate.ts';
import { scratchDir } from './support/scratch.ts';

const bin = path.join(repoRoot, 'bin/generator-lambda-local.ts');
const runBin = (cwd: string, args: readonly string[]) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });

// Published by AWS for public.ecr.aws/lambda/provided:al2023 (aws/aws-lambda-base-images issue #437).
const awsDigest = 'sha256:a2c2e2ea773fd480ecc196fa6130d99b3b085bfbdd9b55b054387afd6c67cbf1';

describe('base images offline', () => {
  it("AWS's public.ecr.aws/lambda/provided:al2023 is pinned from its shipped digest", () => {
    const work = scratchDir('base-images');
    const result = runBin(work, ['demo', '--yes', '--offline', '--base-image', 'public.ecr.aws/lambda/provided:al2023']);
    assert.equal(result.status, 0, result.stderr);
    const dockerfile = readFileSync(path.join(work, 'demo/localdev/Dockerfile'), 'utf8');
    assert.match(dockerfile, new RegExp(`^FROM public\\.ecr\\.aws/lambda/provided:al2023@${awsDigest}`, 'm'));
    assert.doesNotMatch(dockerfile, /northwood-labs/);
    const readme = readFileSync(path.join(work, 'demo/README.md'), 'utf8');
    assert.match(readme, /The runtime image here is `public\.ecr\.aws\/lambda\/provided:al2023`\./);
  });

  it('the README says who publishes each image, whichever is chosen', () => {
    const work = scratchDir('base-images');
    const result = runBin(work, ['demo', '--yes', '--offline']);
    assert.equal(result.status, 0, result.stderr);
    const readme = readFileSync(path.join(work, 'demo/README.md'), 'utf8').replace(/\n/g, ' ');
    assert.match(readme, /The runtime image here is `ghcr\.io\/northwood-labs\/lambda-provided-al2023:latest`\./);
    assert.match(readme, /`public\.ecr\.aws\/lambda\/provided:al2023`, published by AWS itself/);
    assert.match(readme, /`ghcr\.io\/northwood-labs\/lambda-provided-al2023`, a copy of it that Northwood Labs, a third party, rebuilds weekly/);
  });
});

describe('an image given with its digest', () => {
  it('is pinned as given offline; the answer is stored as name:tag, the digest as its pin', () => {
    const work = scratchDir('base-images');
    const digest = `sha256:${'b'.repeat(64)}`;
    const result = runBin(work, ['demo', '--yes', '--offline', '--base-image', `public.ecr.aws/lambda/provided:al2023@${digest}`]);
    assert.equal(result.status, 0, result.stderr);
    const dockerfile = readFileSync(path.join(work, 'demo/localdev/Dockerfile'), 'utf8');
    assert.match(dockerfile, new RegExp(`^FROM public\\.ecr\\.aws/lambda/provided:al2023@${digest}`, 'm'));
    const stored = JSON.parse(readFileSync(path.join(work, 'demo/.yo-rc.json'), 'utf8'))['generator-lambda-local'];
    assert.equal(stored.baseImage, 'public.ecr.aws/lambda/provided:al2023');
    assert.equal(stored.pins.images['public.ecr.aws/lambda/provided:al2023'].digest, digest);
  });

  it('is the first pin only: bump accepts the digest Renovate moved it to, and moves on from there', () => {
    const work = scratchDir('base-images');
    const given = `sha256:${'b'.repeat(64)}`;
    assert.equal(runBin(work, ['demo', '--yes', '--offline', '--base-image', `public.ecr.aws/lambda/provided:al2023@${given}`]).status, 0);
    const demo = path.join(work, 'demo');
    const dockerfile = path.join(demo, 'localdev/Dockerfile');
    // Renovate moves every FROM of the image to the digest its tag has now (here, the one this version ships).
    const renovated = readFileSync(dockerfile, 'utf8').replaceAll(`provided:al2023@${given}`, `provided:al2023@${awsDigest}`);
    writeFileSync(dockerfile, renovated);
    // A .yo-rc.json that kept the answer with its digest, as this version once did, is read as name:tag.
    const config = path.join(demo, '.yo-rc.json');
    writeFileSync(config, readFileSync(config, 'utf8').replace('"baseImage": "public.ecr.aws/lambda/provided:al2023"', `"baseImage": "public.ecr.aws/lambda/provided:al2023@${given}"`));
    assert.match(readFileSync(config, 'utf8'), new RegExp(`"baseImage": "public\\.ecr\\.aws/lambda/provided:al2023@${given}"`));
    const check = runBin(demo, ['bump', '--check', '--offline']);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.equal(check.stdout, '');
    const bump = runBin(demo, ['bump', '--offline']);
    assert.equal(bump.status, 0, bump.stdout + bump.stderr);
    assert.equal(readFileSync(dockerfile, 'utf8'), renovated, 'bump keeps what Renovate moved');
    const stored = JSON.parse(readFileSync(path.join(demo, '.yo-rc.json'), 'utf8'))['generator-lambda-local'];
    assert.equal(stored.pins.images['public.ecr.aws/lambda/provided:al2023'].digest, awsDigest);
  });

  it('is refused without a tag, or with a digest that is not sha256 and 64 hex digits', () => {
    for (const image of [`public.ecr.aws/lambda/provided@sha256:${'b'.repeat(64)}`, 'public.ecr.aws/lambda/provided:al2023@sha256:abc', `public.ecr.aws/lambda/provided:al2023@md5:${'b'.repeat(32)}`]) {
      const work = scratchDir('base-images');
      const result = runBin(work, ['demo', '--yes', '--offline', '--base-image', image]);
      assert.equal(result.status, 1, image);
      assert.equal(result.stderr.split('\n').filter(Boolean).length, 1, result.stderr);
      assert.match(result.stderr, new RegExp(`^generator-lambda-local: --base-image: "${image.replaceAll('.', '\\.')}" is not allowed; expected an image reference`));
    }
  });
});

