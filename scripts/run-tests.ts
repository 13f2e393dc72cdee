/**
 * `npm test`: Node's test runner over the files given, with TMPDIR pointed at
 * a folder of this run's own. A test must clean up after itself, passed or
 * failed, so when the runner is done this fails the run for anything left:
 * a file or folder in that TMPDIR, a process that inherited it, or a Docker
 * container or image the run made. What it finds is listed, then removed.
 *
 * The engine may hold anyone's containers and images, so this one's are told
 * by their marks (test/support/docker-labels.ts): the run's id, which the tests
 * get in LAMBDA_LOCAL_TEST_RUN, as the label lambda-local.test-run, or the
 * run's compose project prefix. Nothing else on the engine is touched.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { composeProjectPrefixOf, newTestRun, testRunLabel, testRunVariable } from '../test/support/docker-labels.ts';

const root = mkdtempSync(path.join(tmpdir(), 'lambda-local-test-run-'));
// Open to every user, as the system's own is: the end-to-end tests run yo as another one.
chmodSync(root, 0o1777);
/** What tools the tests run keep in TMPDIR on purpose: npm's and Node's compile cache, not the tests' debris. */
const caches = new Set(['node-compile-cache']);

const run = newTestRun();
const projectPrefix = composeProjectPrefixOf(run);

/**
 * The containers and images this run's tests made: labelled with the run's id,
 * or, for what Compose made, of a project named with the run's prefix.
 * Undefined when no engine answers (the tests that need one fail by themselves).
 */
function dockerObjectsOfRun(): { kind: 'container' | 'image'; id: string; name: string }[] | undefined {
  const docker = (args: string[]) => spawnSync('docker', args, { encoding: 'utf8' });
  const rows = (text: string) => text.split('\n').filter(Boolean).map((line) => line.split('\t'));
  const containers = docker(['ps', '--all', '--no-trunc', '--format', `{{.ID}}\t{{.Names}}\t{{.Label "${testRunLabel}"}}\t{{.Label "com.docker.compose.project"}}`]);
  if (containers.status !== 0) return undefined;
  const found = rows(containers.stdout)
    .filter(([, , label, project]) => label === run || project?.startsWith(projectPrefix))
    .map(([id = '', name = '']) => ({ kind: 'container' as const, id, name }));
  const labelled = docker(['image', 'ls', '--all', '--no-trunc', '--filter', `label=${testRunLabel}=${run}`, '--format', '{{.ID}}\t{{.Repository}}:{{.Tag}}']);
  const every = docker(['image', 'ls', '--all', '--no-trunc', '--format', '{{.ID}}\t{{.Repository}}:{{.Tag}}']);
  const images = new Map<string, string>();
  for (const [id = '', name = ''] of [...rows(labelled.stdout), ...rows(every.stdout).filter(([, name]) => name?.startsWith(projectPrefix))]) {
    if (!images.has(id)) images.set(id, name);
  }
  return [...found, ...[...images].map(([id, name]) => ({ kind: 'image' as const, id, name }))];
}

/** Processes, this one's aside, whose environment carries this run's TMPDIR: the tests' and their children's. */
function inheritors(): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`TMPDIR=${root}`)) continue;
      found.push({ pid, command: readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ').trim() });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

const runner = spawn(process.execPath, ['--test', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, TMPDIR: root, [testRunVariable]: run } });
const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => runner.on('exit', (...ended) => resolve(ended)));

const leftovers: string[] = [];
// A process on its way out gets a moment.
let processes = inheritors();
for (let waited = 0; processes.length > 0 && waited < 5_000; waited += 250) {
  await sleep(250);
  processes = inheritors();
}
for (const { pid, command } of processes) {
  leftovers.push(`process ${pid}: ${command}`);
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Ended by itself.
  }
}
for (const entry of readdirSync(root)) if (!caches.has(entry)) leftovers.push(path.join(root, entry));
rmSync(root, { recursive: true, force: true });
// Containers first: an image a container uses stays until the container goes.
const made = dockerObjectsOfRun() ?? [];
for (const { kind, id, name } of made) {
  leftovers.push(`docker ${kind} ${id} (${name})`);
  spawnSync('docker', kind === 'container' ? ['rm', '--force', id] : ['image', 'rm', '--force', id]);
}

if (leftovers.length > 0) {
  console.error(`\nnpm test: the tests left ${leftovers.length} thing(s) behind (now removed); each test must remove what it makes:`);
  for (const leftover of leftovers.slice(0, 40)) console.error(`  ${leftover}`);
  if (leftovers.length > 40) console.error(`  … and ${leftovers.length - 40} more`);
  process.exitCode = 1;
} else {
  process.exitCode = code ?? (signal ? 1 : 0);
}
