/**
 * A re-run with a changed answer on a repo whose owners edited the generator's
 * files: edits that do not overlap the generator's change are merged in, and
 * overlapping ones are written with conflict markers, listed, and the run
 * exits 1; nothing either side wrote is lost, and nothing is asked. A file its
 * owner left alone is simply replaced. Through the package's bin.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { githubApi } from './support/fake-github.ts';
import { fakeRegistry } from './support/fake-registry.ts';
import { runInBackground } from './support/run-in-background.ts';
import { scratchDir } from './support/scratch.ts';
import { runBin as run, bin, readRepoFile as read, editRepoFile as edit } from './support/bin.ts';


function generated(): string {
  const work = scratchDir('merge');
  assert.equal(run(work, ['demo', '--yes', '--offline', '--arch', 'x86_64']).status, 0);
  return path.join(work, 'demo');
}


describe('re-running on edited files', () => {
  it("merges the owners' edits that do not overlap the generator's change, and replaces files they left alone", () => {
    const demo = generated();
    edit(demo, 'localdev/docker-compose.yml', (text) => text.replace(/\nnetworks:\n/, '\n  db:\n    image: postgres:16\n    networks: [lambda-local]\n\nnetworks:\n'));
    edit(demo, 'Makefile', (text) => text.replace('-include local.mk', 'seed:\n\t./scripts/seed.sh\n\n-include local.mk'));
    const makefile = read(demo, 'Makefile');
    const result = run(demo, ['--yes', '--offline', '--memory', '512']);
    assert.equal(result.status, 0, result.stderr);
    const compose = read(demo, 'localdev/docker-compose.yml');
    assert.match(compose, /mem_limit: 512m/, "the generator's change");
    assert.match(compose, /AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "512"/);
    assert.match(compose, /\n {2}db:\n {4}image: postgres:16\n {4}networks: \[lambda-local\]\n/, "the owners' service");
    assert.doesNotMatch(compose, /<<<<<<<|>>>>>>>/);
    assert.equal(read(demo, 'Makefile'), makefile, 'the memory is not in the Makefile: the edited file stays as it was');
    assert.match(result.stdout + result.stderr, /merged localdev\/docker-compose\.yml: your edits and the generator's, both kept/);
    assert.doesNotMatch(result.stdout + result.stderr, /\? Overwrite|conflict /, 'nothing asked file by file');
  });

  it("updates template.yaml with new answers and keeps the resources and policies its owners added", () => {
    const demo = generated();
    edit(demo, 'template.yaml', (text) =>
      text
        .replace('      Handler: bootstrap\n', '      Handler: bootstrap\n      Policies:\n        - DynamoDBReadPolicy:\n            TableName: !Ref Orders\n')
        .replace('\nOutputs:\n', '\n  Orders:\n    Type: AWS::Serverless::SimpleTable\n\nOutputs:\n'),
    );
    const result = run(demo, ['--yes', '--offline', '--memory', '512', '--variables', 'TABLE_NAME=orders', '--secrets', 'DB_PASSWORD']);
    assert.equal(result.status, 0, result.stderr);
    const template = read(demo, 'template.yaml');
    assert.match(template, /\n {6}MemorySize: 512\n/, "the generator's change");
    assert.match(template, /\n {10}TABLE_NAME: "orders"\n/);
    assert.match(template, /\n {10}DB_PASSWORD: !Sub "\{\{resolve:secretsmanager:\$\{SecretName\}:SecretString:DB_PASSWORD\}\}"\n/);
    assert.match(template, /\n {6}Policies:\n {8}- DynamoDBReadPolicy:\n {12}TableName: !Ref Orders\n/, "the owners' policy");
    assert.match(template, /\n {2}Orders:\n {4}Type: AWS::Serverless::SimpleTable\n/, "the owners' resource");
    assert.doesNotMatch(template, /<<<<<<<|>>>>>>>/);
    assert.match(result.stdout + result.stderr, /merged template\.yaml: your edits and the generator's, both kept/);
  });

  it('writes overlapping edits with conflict markers, lists them, exits 1, and loses neither side', () => {
    const demo = generated();
    edit(demo, 'localdev/docker-compose.yml', (text) => text.replace('mem_limit: 128m', 'mem_limit: 300m # we need more'));
    const result = run(demo, ['--yes', '--offline', '--memory', '512']);
    assert.equal(result.status, 1);
    const compose = read(demo, 'localdev/docker-compose.yml');
    assert.match(
      compose,
      /<<<<<<< yours \(localdev\/docker-compose\.yml\)\n {4}mem_limit: 300m # we need more\n {4}memswap_limit: 128m\n\|\|\|\|\|\|\| generator-lambda-local \S+, as written last time\n {4}mem_limit: 128m\n {4}memswap_limit: 128m\n=======\n {4}mem_limit: 512m\n {4}memswap_limit: 512m\n>>>>>>> generator-lambda-local \S+\n/,
    );
    assert.match(result.stdout, /conflict localdev\/docker-compose\.yml: your edits and the generator's overlap/);
    assert.match(result.stderr, /1 file\(s\) with merge conflicts: localdev\/docker-compose\.yml; resolve the marked lines, then run again\n/);
  });

  it('refuses a re-run, bump and upgrade while a generator-owned file still holds conflict markers, in one line naming the files', () => {
    const demo = generated();
    edit(demo, 'localdev/docker-compose.yml', (text) => text.replace('mem_limit: 128m', 'mem_limit: 300m # we need more'));
    assert.equal(run(demo, ['--yes', '--offline', '--memory', '512']).status, 1);
    const marked = read(demo, 'localdev/docker-compose.yml');
    assert.match(marked, /^<<<<<<< /m);
    const config = read(demo, '.yo-rc.json');
    const refusal = /^generator-lambda-local: unresolved merge conflicts in localdev\/docker-compose\.yml: resolve the lines between <<<<<<< and >>>>>>> \(keep what should stay, delete the markers\), then run again; nothing was written\n$/;
    // A re-run as it was, one with another answer (upgrade runs `--yes` the same way), and bump in each of its modes.
    for (const args of [['--yes', '--offline', '--memory', '512'], ['--yes', '--offline', '--memory', '256'], ['bump', '--offline'], ['bump', '--offline', '--check'], ['bump', '--offline', '--dry-run']]) {
      const result = run(path.join(demo, 'localdev'), args);
      assert.equal(result.status, 1, args.join(' '));
      assert.match(result.stderr, refusal, args.join(' '));
      assert.doesNotMatch(result.stdout + result.stderr, /merged|both kept/, args.join(' '));
      assert.equal(read(demo, 'localdev/docker-compose.yml'), marked, args.join(' '));
      assert.equal(read(demo, '.yo-rc.json'), config, args.join(' '));
    }
    // Resolved (the owner's line kept), the next run goes ahead.
    writeFileSync(path.join(demo, 'localdev/docker-compose.yml'), marked.replace(/<<<<<<< [^\n]*\n([\s\S]*?)\|\|\|\|\|\|\|[\s\S]*?>>>>>>> [^\n]*\n/, '$1'));
    assert.doesNotMatch(read(demo, 'localdev/docker-compose.yml'), /<<<<<<<|>>>>>>>|=======/);
    const resolved = run(demo, ['--yes', '--offline', '--memory', '512']);
    assert.equal(resolved.status, 0, resolved.stderr);
    assert.match(read(demo, 'localdev/docker-compose.yml'), /mem_limit: 300m # we need more/);
  });

  it('merges against the digests the files hold: a node image Renovate moved, then moved again upstream, takes the new pin without a conflict', async () => {
    const registry = await fakeRegistry();
    const github = await githubApi();
    const node = `${registry.host}/library/node:24-alpine`;
    const online = ['--github-api-url', github.origin];
    const images = ['--base-image', `${registry.host}/lambda/base:latest`, '--node-image', node, '--dockerfile-syntax', `${registry.host}/docker/dockerfile:1`];
    const background = (cwd: string, args: readonly string[]) => runInBackground(process.execPath, [bin, ...args], { cwd, env: { GITHUB_TOKEN: '', GH_TOKEN: '' } });
    const work = scratchDir('merge');
    const made = await background(work, ['demo', '--yes', '--arch', 'x86_64', ...images, ...online]);
    assert.equal(made.status, 0, made.stderr);
    const demo = path.join(work, 'demo');
    const d0 = registry.imageOf('library/node').index.digest;
    // Renovate moves compose's node image to the build published since (no bump), and the owners add a service.
    registry.publishNewBuild();
    const d1 = registry.imageOf('library/node').index.digest;
    edit(demo, 'localdev/docker-compose.yml', (text) => text.replace(`${node}@${d0}`, `${node}@${d1}`).replace(/\nnetworks:\n/, '\n  db:\n    image: postgres:16\n    networks: [lambda-local]\n\nnetworks:\n'));
    assert.match(read(demo, 'localdev/docker-compose.yml'), new RegExp(`${d1}`));
    // Upstream moves again; make upgrade re-runs online.
    registry.publishNewBuild();
    const d2 = registry.imageOf('library/node').index.digest;
    const rerun = await background(demo, ['--yes', ...online]);
    assert.equal(rerun.status, 0, rerun.stdout + rerun.stderr);
    const compose = read(demo, 'localdev/docker-compose.yml');
    assert.doesNotMatch(compose, /<<<<<<<|>>>>>>>/);
    assert.ok(compose.includes(`image: ${node}@${d2}`), 'the new pin');
    assert.ok(!compose.includes(d1) && !compose.includes(d0));
    assert.match(compose, /\n {2}db:\n {4}image: postgres:16\n/, "the owners' service");
  });

  it('offline, keeps the digest Renovate moved an image to: the files hold it, so it is the pin', () => {
    const demo = generated();
    const moved = `sha256:${'c'.repeat(64)}`;
    edit(demo, 'localdev/docker-compose.yml', (text) => text.replace(/node:24-alpine@sha256:[0-9a-f]{64}/, `node:24-alpine@${moved}`));
    const renovated = read(demo, 'localdev/docker-compose.yml');
    const rerun = run(demo, ['--yes', '--offline']);
    assert.equal(rerun.status, 0, rerun.stdout + rerun.stderr);
    assert.equal(read(demo, 'localdev/docker-compose.yml'), renovated);
    assert.equal(JSON.parse(read(demo, '.yo-rc.json'))['generator-lambda-local'].pins.images['node:24-alpine'].digest, moved);
  });

  it('replaces an untouched file with what the generator writes now', () => {
    const demo = generated();
    assert.equal(run(demo, ['--yes', '--offline', '--memory', '512']).status, 0);
    assert.match(read(demo, 'localdev/docker-compose.yml'), /mem_limit: 512m/);
    assert.doesNotMatch(read(demo, 'localdev/docker-compose.yml'), /<<<<<<<|db:/);
  });
});
