/**
 * Measures what the API Gateway emulator costs: the same load against stand-in
 * RIE upstreams directly and through the emulator, in one run. The upstreams and
 * the emulator (the real `src/server.ts`, configured by environment as in
 * compose) run in processes of their own; autocannon drives them from this one.
 * Usage: node scripts/bench-emulator.ts [seconds per measurement, default 5]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpus } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Agent, request as httpRequest } from 'node:http';
import autocannon from 'autocannon';

const seconds = Number(process.argv[2] ?? 5);
const root = fileURLToPath(new URL('..', import.meta.url));
const children: ChildProcess[] = [];
const invokePath = '/2015-03-31/functions/function/invocations';

/** Starts a node script and resolves with the first `lines` lines it prints. */
async function start(script: string, args: string[], env: NodeJS.ProcessEnv, lines: number): Promise<string[]> {
  const child = spawn(process.execPath, [path.join(root, script), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const output: string[] = [];
  const reader = createInterface({ input: child.stdout! });
  // Keep reading after the first lines: the emulator logs every request, and an unread pipe backs up.
  await new Promise<void>((resolve) => {
    reader.on('line', (line) => {
      if (output.length < lines) output.push(line);
      if (output.length === lines) resolve();
    });
  });
  return output;
}

interface Figures {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
}

/** Request times, one request at a time over one kept-alive connection, on a sub-millisecond clock. */
async function timeSequential(url: string, method: 'GET' | 'POST', body?: string): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const request = httpRequest(url, { method, agent }, (response) => {
        response.resume();
        response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`${url}: ${response.statusCode}`))));
      });
      request.on('error', reject);
      request.end(body);
    });
  const times: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const started = performance.now();
    await once();
    times.push(performance.now() - started);
  }
  agent.destroy();
  return times;
}

/** Sequential clients side by side, one per URL: how RIE may be used directly, one invocation at a time each. */
async function measureSequential(urls: readonly string[], method: 'GET' | 'POST', body?: string): Promise<Figures> {
  const times = (await Promise.all(urls.map((url) => timeSequential(url, method, body)))).flat().sort((a, b) => a - b);
  const at = (fraction: number) => times[Math.min(times.length - 1, Math.floor(times.length * fraction))] ?? 0;
  return { rps: times.length / seconds, p50: at(0.5), p99: at(0.99) };
}

async function measure(url: string, connections: number, method: 'GET' | 'POST', body?: string): Promise<Figures> {
  if (connections === 1) return measureSequential([url], method, body);
  const result = await autocannon({ url, connections, duration: seconds, method, ...(body ? { body } : {}) });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const row = (name: string, figures: Figures) =>
  `  ${name.padEnd(34)} ${figures.rps.toFixed(0).padStart(7)} req/s   p50 ${figures.p50.toFixed(3).padStart(7)} ms   p99 ${figures.p99.toFixed(3).padStart(7)} ms`;

async function startPair(upstreamCount: number, port: number): Promise<string[]> {
  const origins = await start('scripts/bench-upstreams.ts', [String(upstreamCount)], {}, upstreamCount);
  await start(
    'templates/localdev/proxy/src/server.ts',
    [],
    { PORT: String(port), LAMBDA_UPSTREAMS: origins.join(','), PAYLOAD_VERSION: '1.0', ROUTES: 'ANY /{proxy+}' },
    1,
  );
  return origins;
}

const event = JSON.stringify({ httpMethod: 'GET', path: '/hello' });

async function latencyScenario(port: number): Promise<void> {
  const [origin = ''] = await startPair(1, port);
  const direct = await measure(`${origin}${invokePath}`, 1, 'POST', event);
  const emulated = await measure(`http://127.0.0.1:${port}/hello?name=world`, 1, 'GET');
  console.log('concurrency 1, 1 upstream');
  console.log(row('direct', direct));
  console.log(row('through emulator', emulated));
  console.log(`  added by the emulator at p50: ${(emulated.p50 - direct.p50).toFixed(3)} ms`);
}

async function throughputScenario(port: number): Promise<void> {
  const origins = await startPair(4, port);
  const directSerial = await measureSequential(origins.map((origin) => `${origin}${invokePath}`), 'POST', event);
  const directParallel = await measure(`${origins[0]}${invokePath}`, 64, 'POST', event);
  const emulated = await measure(`http://127.0.0.1:${port}/hello`, 64, 'GET');
  console.log('concurrency 64, 4 upstreams');
  console.log(row('direct, one at a time per upstream', directSerial));
  console.log(row('direct, 64 at once on one upstream', directParallel));
  console.log(row('through emulator', emulated));
  console.log(
    `  emulator/direct throughput: ${(emulated.rps / directSerial.rps).toFixed(2)} against RIE's one-at-a-time limit, ` +
      `${(emulated.rps / directParallel.rps).toFixed(2)} against a stand-in that takes 64 at once (RIE cannot)`,
  );
}

try {
  console.log(`node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${seconds} s per measurement`);
  await latencyScenario(3901);
  await throughputScenario(3902);
} finally {
  for (const child of children) child.kill();
  await Promise.all(children.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)));
}
