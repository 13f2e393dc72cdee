/**
 * npm test's clean-up of the Docker engine (scripts/run-tests.ts), run for real
 * on a throw-away test file: what that run's test made, labelled with the run's
 * id or named for one of its compose projects, is reported and removed, and a
 * container someone else made on the same engine meanwhile is left alone.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { importLabelArgs, testRun } from '../test/support/docker-labels.ts';
import { scratchDir } from '../test/support/scratch.ts';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

function docker(args: readonly string[]): string {
  const result = spawnSync('docker', args, { encoding: 'utf8' });
  assert.equal(result.status, 0, `docker ${args.join(' ')}: ${result.error?.message ?? result.stderr}`);
  return result.stdout.trim();
}
const exists = (kind: 'container' | 'image', id: string) => spawnSync('docker', [kind, 'inspect', id], { stdio: 'ignore' }).status === 0;

interface Made {
  readonly labelled: string;
  readonly composed: string;
  readonly composeImage: string;
  readonly composeImageName: string;
}

/**
 * The throw-away test: a container with the run's label, one labelled as
 * Compose labels a project of the run, and an image named as Compose names
 * what it builds; it says what it made, then waits for the outer test's turn.
 */
const throwAwayTest = (image: string, rootfs: string, signals: string) => `
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { composeProjectPrefix, dockerLabelArgs } from ${JSON.stringify(pathToFileURL(path.join(repoRoot, 'test/support/docker-labels.ts')).href)};

const docker = (args) => {
  const result = spawnSync('docker', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(\`docker \${args.join(' ')}: \${result.stderr}\`);
  return result.stdout.trim();
};

test('leaves what it made on the engine', async () => {
  const labelled = docker(['create', ...dockerLabelArgs, ${JSON.stringify(image)}, '/bin/busybox', 'true']);
  const composed = docker(['create', '--label', \`com.docker.compose.project=\${composeProjectPrefix}demo\`, ${JSON.stringify(image)}, '/bin/busybox', 'true']);
  const composeImageName = \`\${composeProjectPrefix}demo-lambda:latest\`;
  docker(['import', ${JSON.stringify(rootfs)}, composeImageName]);
  const composeImage = docker(['image', 'inspect', '--format', '{{.Id}}', composeImageName]);
  writeFileSync(${JSON.stringify(path.join(signals, 'made.json'))}, JSON.stringify({ labelled, composed, composeImage, composeImageName }));
  for (let waited = 0; !existsSync(${JSON.stringify(path.join(signals, 'go'))}); waited += 100) {
    if (waited > 60_000) throw new Error('the outer test never made its container');
    await sleep(100);
  }
});
`;

describe('npm test on a shared Docker engine', () => {
  it('reports and removes the Docker objects its run made, and leaves one someone else made meanwhile', { timeout: 180_000 }, async () => {
    const dir = scratchDir('run-tests');
    const signals = path.join(dir, 'signals');
    mkdirSync(path.join(dir, 'rootfs/bin'), { recursive: true });
    mkdirSync(signals);
    // A tiny image to make containers from, labelled as this test's own.
    copyFileSync('/bin/busybox', path.join(dir, 'rootfs/bin/busybox'));
    const rootfs = path.join(dir, 'rootfs.tar');
    const tar = spawnSync('tar', ['--create', '--file', rootfs, '--directory', path.join(dir, 'rootfs'), '--owner=0', '--group=0', 'bin'], { encoding: 'utf8' });
    assert.equal(tar.status, 0, tar.stderr);
    const imageName = `lambda-local-run-tests-busybox:${testRun}`;
    docker(['import', ...importLabelArgs, rootfs, imageName]);
    const image = docker(['image', 'inspect', '--format', '{{.Id}}', imageName]);
    const testFile = path.join(dir, 'leaves-docker-objects.test.mjs');
    writeFileSync(testFile, throwAwayTest(image, rootfs, signals));

    let foreign: string | undefined;
    let made: Made | undefined;
    try {
      // Without this runner's own mark, which would make the inner one skip its files.
      const { NODE_TEST_CONTEXT: _runner, ...env } = process.env;
      const runTests = spawn(process.execPath, [path.join(repoRoot, 'scripts/run-tests.ts'), testFile], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      runTests.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      runTests.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => runTests.on('exit', (code) => resolve(code)));
      const madeFile = path.join(signals, 'made.json');
      for (let waited = 0; !existsSync(madeFile); waited += 100) {
        assert.ok(waited < 60_000 && runTests.exitCode === null, `the throw-away test made nothing:\n${output}`);
        await sleep(100);
      }
      made = JSON.parse(readFileSync(madeFile, 'utf8')) as Made;
      // Someone else's container, made while that run goes on.
      foreign = docker(['create', image, '/bin/busybox', 'true']);
      writeFileSync(path.join(signals, 'go'), '');
      assert.equal(await exited, 1, `a run that leaves something fails:\n${output}`);

      assert.equal(exists('container', foreign), true, `someone else's container is left:\n${output}`);
      assert.equal(exists('image', image), true, "someone else's image is left");
      const reported = output.split('\n').filter((line) => line.startsWith('  docker '));
      for (const id of [made.labelled, made.composed]) assert.ok(reported.some((line) => line.startsWith(`  docker container ${id} (`)), `container ${id} is reported:\n${output}`);
      assert.ok(reported.includes(`  docker image ${made.composeImage} (${made.composeImageName})`), `the image is reported:\n${output}`);
      assert.equal(reported.length, 3, `nothing else is reported:\n${output}`);
      assert.equal(exists('container', made.labelled), false, 'the labelled container is removed');
      assert.equal(exists('container', made.composed), false, "the compose project's container is removed");
      assert.equal(exists('image', made.composeImage), false, "the compose project's image is removed");
    } finally {
      // What this test made, and what the throw-away test made should the run not have removed it.
      for (const id of [foreign, made?.labelled, made?.composed]) if (id && exists('container', id)) docker(['rm', '--force', id]);
      for (const id of [made?.composeImage, image]) if (id && exists('image', id)) docker(['image', 'rm', '--force', id]);
    }
  });
});
