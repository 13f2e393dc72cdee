/**
 * Measures what the API Gateway emulator costs: the same load against RIE
 * upstreams directly and through the emulator, in one run. The upstreams (the
 * real RIE in front of an aws-lambda-go function by default, or Node stand-ins
 * answering at once: see bench-upstreams.ts) and the emulator (the real
 * `src/server.ts`, configured by environment as in compose) run in processes of
 * their own; autocannon drives concurrency 64 from this one. At concurrency 1
 * this process sends one request at a time, the targets taking short turns; beside
 * direct and the emulator, a byte relay (bench-relay.ts) shows the floor any
 * proxy process adds: the hop; and node:http sending one fixed event
 * (bench-node-http.ts), the floor of a proxy built on node:http as the
 * emulator is.
 * A peer, brefphp/local-api-gateway, runs in the same rounds when
 * BENCH_BREF_DIR names a built checkout of it (its dist/index.js). It is not
 * on npm and its code is not ours to ship, so the bench does not fetch it.
 * Usage: node emulator/bench/bench-emulator.ts [seconds per measurement, default 5] [rounds, default 3] [real|stand-in, default real]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Agent, request as httpRequest } from 'node:http';
import autocannon from 'autocannon';
import { benchArgument } from '../../scripts/bench-argument.ts';
import { readConfig } from '../src/config.ts';
import { buildRestApiEvent, newRequestId } from '../src/events.ts';
import { compileRoutes, matchRoute } from '../src/routes.ts';

const seconds = benchArgument('bench-emulator', 'seconds per measurement', process.argv[2], 5);
const rounds = benchArgument('bench-emulator', 'rounds', process.argv[3], 3);
const upstreamKind = process.argv[4] ?? 'real';
if (upstreamKind !== 'real' && upstreamKind !== 'stand-in') {
  console.error(`bench-emulator: upstreams: "${upstreamKind}" is not allowed; expected real or stand-in`);
  process.exit(2);
}
const root = fileURLToPath(new URL('../..', import.meta.url));
const children: ChildProcess[] = [];
const outputDirectory = mkdtempSync(path.join(tmpdir(), 'bench-emulator-'));
const invokePath = '/2015-03-31/functions/function/invocations';
const brefDirectory = process.env.BENCH_BREF_DIR;
const brefScript = brefDirectory && path.resolve(brefDirectory, 'dist/index.js');

/**
 * Starts a node script and resolves with the first `lines` lines it prints.
 * Its output goes to a file, not a pipe: reading the emulator's log line by
 * line here would take CPU from the load generator in this same process.
 */
async function start(script: string, args: string[], env: NodeJS.ProcessEnv, lines: number): Promise<string[]> {
  const outputFile = path.join(outputDirectory, `${children.length}.log`);
  const output = openSync(outputFile, 'w');
  const child = spawn(process.execPath, [path.resolve(root, script), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', output, 'inherit'] });
  closeSync(output);
  children.push(child);
  for (;;) {
    const printed = readFileSync(outputFile, 'utf8').split('\n');
    if (printed.length > lines) return printed.slice(0, lines);
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    await setTimeout(20);
  }
}

interface Figures {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
}

/** One request at a time to `url` over one kept-alive connection; each call resolves once the answer has been read, and rejects on any status but 200. */
function requester(url: string, method: 'GET' | 'POST', body?: string): { send(): Promise<void>; close(): void } {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const send = () =>
    new Promise<void>((resolve, reject) => {
      const request = httpRequest(url, { method, agent }, (response) => {
        response.resume();
        response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`${url}: ${response.statusCode}`))));
      });
      request.on('error', reject);
      request.end(body);
    });
  return { send, close: () => agent.destroy() };
}

/** Request times, one request at a time over one kept-alive connection, on a sub-millisecond clock. */
async function timeSequential(url: string, method: 'GET' | 'POST', body?: string): Promise<number[]> {
  const client = requester(url, method, body);
  const times: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const started = performance.now();
    await client.send();
    times.push(performance.now() - started);
  }
  client.close();
  return times;
}

/** Sequential clients side by side, one per URL: how RIE may be used directly, one invocation at a time each. */
async function measureSequential(urls: readonly string[], method: 'GET' | 'POST', body?: string): Promise<Figures> {
  const times = (await Promise.all(urls.map((url) => timeSequential(url, method, body)))).flat().sort((a, b) => a - b);
  const at = (fraction: number) => times[Math.min(times.length - 1, Math.floor(times.length * fraction))] ?? 0;
  return { rps: times.length / seconds, p50: at(0.5), p99: at(0.99) };
}

/** autocannon's figures for `connections` clients at once. */
async function measure(url: string, connections: number, method: 'GET' | 'POST', body?: string): Promise<Figures> {
  const result = await autocannon({ url, connections, duration: seconds, method, ...(body ? { body } : {}) });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const row = (name: string, figures: Figures) =>
  `  ${name.padEnd(34)} ${figures.rps.toFixed(0).padStart(7)} req/s   p50 ${figures.p50.toFixed(3).padStart(7)} ms   p99 ${figures.p99.toFixed(3).padStart(7)} ms`;

async function startPair(upstreamCount: number, port: number): Promise<string[]> {
  const origins = await start('emulator/bench/bench-upstreams.ts', [String(upstreamCount), upstreamKind], {}, upstreamCount);
  await start(
    'emulator/src/server.ts',
    [],
    { ...emulatorSettings, PORT: String(port), LAMBDA_UPSTREAMS: origins.join(',') },
    1,
  );
  return origins;
}

const emulatorSettings = { LAMBDA_UPSTREAMS: 'http://127.0.0.1:1', PAYLOAD_VERSION: '1.0', ROUTES: 'ANY /{proxy+}' };

/**
 * The event the emulator sends RIE for the bench's `GET /hello?name=world`, as
 * its own code builds it: direct, the relay and node:http send this one too, so
 * RIE and the function do the same work in every row (decoding a whole REST
 * API event takes them longer than a two-field one), and the rows differ by
 * the proxy alone.
 */
function emulatedEvent(): string {
  const config = readConfig(emulatorSettings);
  const match = matchRoute(compileRoutes(config.functions.flatMap((fn) => fn.routes)), 'GET', '/hello') ?? unexpected('ANY /{proxy+} matches /hello');
  const request = {
    method: 'GET',
    target: '/hello?name=world',
    rawHeaders: ['Host', '127.0.0.1', 'Connection', 'keep-alive'],
    body: Buffer.alloc(0),
    sourceIp: '127.0.0.1',
    httpVersion: '1.1',
    receivedAt: new Date(),
    requestId: newRequestId('1.0'),
  };
  return JSON.stringify(buildRestApiEvent(request, match, config));
}

/** Stops the bench when its own settings do not give what it relies on. */
function unexpected(what: string): never {
  throw new Error(`bench-emulator: expected ${what}`);
}

const event = emulatedEvent();

/** The middle value: of alternating rounds, the one a passing neighbour on this VM disturbs least. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const medianFigures = (all: readonly Figures[]): Figures => ({
  rps: median(all.map((figures) => figures.rps)),
  p50: median(all.map((figures) => figures.p50)),
  p99: median(all.map((figures) => figures.p99)),
});

/** Runs each measurement once per round, in turn, so that slow spells of the machine fall on all of them alike. */
async function alternate<Name extends string>(measurements: Record<Name, () => Promise<Figures>>): Promise<Record<Name, Figures[]>> {
  const names = Object.keys(measurements) as Name[];
  const results = Object.fromEntries(names.map((name) => [name, [] as Figures[]])) as Record<Name, Figures[]>;
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      results[name].push(await measurements[name]());
      // autocannon stops with requests still queued at the emulator, which sends
      // them on: a direct client must not reach a real RIE before they end.
      await setTimeout(1000);
    }
  }
  return results;
}

const range = (values: readonly number[], digits: number) =>
  `${Math.min(...values).toFixed(digits)} to ${Math.max(...values).toFixed(digits)}`;

/** brefphp/local-api-gateway in front of `origin`, listening on `port`; its queue takes as many as the load sends. */
async function startBref(origin: string, port: number): Promise<void> {
  if (!brefScript) return;
  const target = new URL(origin).host;
  // Its AWS SDK client wants credentials, which RIE ignores; bref's own image sets the same placeholders.
  const placeholders = { AWS_ACCESS_KEY_ID: 'fake', AWS_SECRET_ACCESS_KEY: 'fake' };
  await start(brefScript, [], { ...placeholders, NODE_NO_WARNINGS: '1', TARGET: target, LISTEN_PORT: String(port), LISTEN_ADDRESS: '127.0.0.1', DEV_MAX_REQUESTS_IN_PARALLEL: '64' }, 1);
  // bref answers 200 with the SDK's error when the invocation fails: only the function's own body shows it got through.
  const body = await (await fetch(`http://127.0.0.1:${port}/hello`)).text();
  if (body !== '{"ok":true}') throw new Error(`bref local-api-gateway did not reach the function: ${body.slice(0, 200)}`);
}

interface Target {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly body?: string;
}

/** `items` in a random order, every order as likely (Fisher and Yates). */
function shuffled<T>(items: readonly T[]): T[] {
  const result = [...items];
  for (let index = result.length - 1; index > 0; index--) {
    const other = Math.floor(Math.random() * (index + 1));
    [result[index], result[other]] = [result[other] as T, result[index] as T];
  }
  return result;
}

/** Requests a target gets in a row on its turn; the first of them is not timed. */
const turnLength = 11;

/**
 * Request times of each target, per round. Within a round the targets take
 * short turns (a few milliseconds each), in a new random order each time, so
 * that the machine's slow spells, which on this kind of VM last from
 * milliseconds to seconds, fall on every target alike. The first request of a
 * turn wakes a process that slept through the others' turns, so it is not
 * timed: the rest are, one after another, as in a steady stream. One request
 * at a time in all: each ends before the next starts, so RIE never sees two.
 */
async function timeInTurns<Name extends string>(targets: Record<Name, Target>): Promise<Record<Name, number[][]>> {
  const names = Object.keys(targets) as Name[];
  const clients = names.map((name) => requester(targets[name].url, targets[name].method, targets[name].body));
  const results = Object.fromEntries(names.map((name) => [name, [] as number[][]])) as Record<Name, number[][]>;
  for (let round = 0; round < rounds; round++) {
    const times = names.map(() => [] as number[]);
    const until = performance.now() + seconds * 1000 * names.length;
    while (performance.now() < until) {
      const order = shuffled(names.map((_, index) => index));
      for (const index of order) {
        const client = clients[index];
        if (!client) continue;
        await client.send();
        for (let count = 1; count < turnLength; count++) {
          const started = performance.now();
          await client.send();
          times[index]?.push(performance.now() - started);
        }
      }
    }
    for (const [index, name] of names.entries()) results[name].push(times[index] ?? []);
  }
  for (const client of clients) client.close();
  return results;
}

/** The value below which `fraction` of the times fall. */
function percentile(times: readonly number[], fraction: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

async function latencyScenario(port: number): Promise<void> {
  const [origin = ''] = await startPair(1, port);
  const [relay = ''] = await start('emulator/bench/bench-relay.ts', [origin], {}, 1);
  const [nodeHttp = ''] = await start('emulator/bench/bench-node-http.ts', [origin, event], {}, 1);
  await startBref(origin, port + 10);
  const targets: Record<string, Target> = {
    direct: { url: `${origin}${invokePath}`, method: 'POST', body: event },
    relay: { url: `${relay}${invokePath}`, method: 'POST', body: event },
    nodeHttp: { url: `${nodeHttp}/hello`, method: 'GET' },
    emulated: { url: `http://127.0.0.1:${port}/hello?name=world`, method: 'GET' },
  };
  if (brefScript) targets.bref = { url: `http://127.0.0.1:${port + 10}/hello?name=world`, method: 'GET' };
  const results = await timeInTurns(targets);
  const timesOf = (name: string) => results[name] ?? [];
  const all = (name: string) => timesOf(name).flat();
  const latency = (name: string, label: string) =>
    `  ${label.padEnd(34)} ${String(all(name).length).padStart(6)} requests   p50 ${percentile(all(name), 0.5).toFixed(3).padStart(7)} ms   p99 ${percentile(all(name), 0.99).toFixed(3).padStart(7)} ms`;
  const addedPerRound = (name: string) => timesOf(name).map((times, round) => percentile(times, 0.5) - percentile(timesOf('direct')[round] ?? [], 0.5));
  const added = (name: string) => `${(percentile(all(name), 0.5) - percentile(all('direct'), 0.5)).toFixed(3)} ms (rounds: ${range(addedPerRound(name), 3)} ms)`;
  console.log(`concurrency 1, 1 upstream (${rounds} rounds, the targets taking turns of ${turnLength} requests)`);
  console.log(latency('direct', 'direct'));
  console.log(latency('relay', 'byte relay (the hop alone)'));
  console.log(latency('nodeHttp', 'node:http, one fixed event'));
  console.log(latency('emulated', 'through emulator'));
  if (brefScript) console.log(latency('bref', 'through bref local-api-gateway'));
  console.log(`  added at p50 by the hop alone: ${added('relay')}`);
  console.log(`  added at p50 by node:http:    ${added('nodeHttp')}`);
  console.log(`  added at p50 by the emulator:  ${added('emulated')}`);
  if (brefScript) console.log(`  added at p50 by bref:          ${added('bref')}`);
}

/** One upstream, the only shape bref serves: both queue 64 clients in front of one RIE. */
async function peerScenario(port: number): Promise<void> {
  if (!brefScript) return;
  const [origin = ''] = await startPair(1, port);
  await startBref(origin, port + 10);
  const results = await alternate({
    directSerial: () => measureSequential([`${origin}${invokePath}`], 'POST', event),
    emulated: () => measure(`http://127.0.0.1:${port}/hello`, 64, 'GET'),
    bref: () => measure(`http://127.0.0.1:${port + 10}/hello`, 64, 'GET'),
  });
  const ratio = (name: 'emulated' | 'bref') => {
    const perRound = results[name].map((figures, round) => figures.rps / (results.directSerial[round]?.rps ?? Infinity));
    return `${(medianFigures(results[name]).rps / medianFigures(results.directSerial).rps).toFixed(2)} (rounds: ${range(perRound, 2)})`;
  };
  console.log(`concurrency 64, 1 upstream (medians of ${rounds} rounds)`);
  console.log(row('direct, one at a time', medianFigures(results.directSerial)));
  console.log(row('through emulator', medianFigures(results.emulated)));
  console.log(row('through bref local-api-gateway', medianFigures(results.bref)));
  console.log(`  throughput against direct: emulator ${ratio('emulated')}, bref ${ratio('bref')}`);
}

async function throughputScenario(port: number): Promise<void> {
  const origins = await startPair(4, port);
  // 64 at once on one upstream only where it can take them: the real RIE would crash.
  const measurements: Record<string, () => Promise<Figures>> = {
    directSerial: () => measureSequential(origins.map((origin) => `${origin}${invokePath}`), 'POST', event),
    emulated: () => measure(`http://127.0.0.1:${port}/hello`, 64, 'GET'),
  };
  if (upstreamKind === 'stand-in') measurements.directParallel = () => measure(`${origins[0]}${invokePath}`, 64, 'POST', event);
  const results = await alternate(measurements);
  const [directSerial, emulated] = [medianFigures(results.directSerial ?? []), medianFigures(results.emulated ?? [])];
  const ratios = (results.emulated ?? []).map((figures, round) => figures.rps / (results.directSerial?.[round]?.rps ?? Infinity));
  console.log(`concurrency 64, 4 upstreams (medians of ${rounds} rounds)`);
  console.log(row('direct, one at a time per upstream', directSerial));
  const parallel = results.directParallel ? medianFigures(results.directParallel) : undefined;
  if (parallel) console.log(row('direct, 64 at once on one upstream', parallel));
  console.log(row('through emulator', emulated));
  console.log(
    `  emulator/direct throughput: ${(emulated.rps / directSerial.rps).toFixed(2)} against RIE's one-at-a-time limit (rounds: ${range(ratios, 2)})` +
      (parallel ? `, ${(emulated.rps / parallel.rps).toFixed(2)} against a stand-in that takes 64 at once (RIE cannot)` : ''),
  );
}

try {
  console.log(`node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, ${seconds} s per measurement, ${rounds} rounds, ${upstreamKind === 'real' ? 'the real RIE with an aws-lambda-go function' : 'Node stand-in'} upstreams`);
  if (!brefScript) console.log('bref local-api-gateway: not compared (set BENCH_BREF_DIR to a built checkout of it)');
  await latencyScenario(3901);
  await throughputScenario(3902);
  await peerScenario(3903);
} finally {
  for (const child of children) child.kill();
  await Promise.all(children.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)));
  rmSync(outputDirectory, { recursive: true, force: true });
}
