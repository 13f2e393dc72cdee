/**
 * Runs an RIE as a process of its own in front of a bootstrap, as the generated
 * image runs it: the real RIE (`go install`ed from the module proxy, see
 * go-programs.ts) unless a test asks for the stand-in, which is kept for the
 * faults the real one cannot produce on demand. Built before the test file's
 * suites start; stopped when it ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { probeBinary, realRieBinary, rieStandInBinary } from './go-programs.ts';
import { closedPort } from './loopback-server.ts';
import { whenAnswering } from '../../emulator/src/rie-connection.ts';

export type RieKind = 'real' | 'stand-in';

export interface RunningRie {
  readonly kind: RieKind;
  readonly origin: string;
  readonly port: number;
  /** Everything RIE and the function wrote, so far. */
  log(): string;
  /**
   * The log once nothing new has come for 100 ms (5 s at most). The function
   * writes its line before it answers, but the pipe carrying it may be read
   * after RIE's answer is: a check made straight after a response reads this.
   */
  quietLog(): Promise<string>;
  /** The exit status once RIE has exited (2 after an overlap), undefined while it runs. */
  exitStatus(): number | null | undefined;
  /** Resolves when RIE exits, with its exit status. */
  readonly exited: Promise<number | null>;
  stop(): void;
}

export interface RieOptions {
  /** Which RIE: the real one by default. */
  readonly rie?: RieKind;
  readonly timeoutSeconds?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Where RIE listens, as a restarted container's RIE comes back on its old port; a free one by default. */
  readonly port?: number;
}

// Built before any suite starts, outside the suites' time limits: with a cold
// build cache and every test file building at once, the first build is slow.
before(() => {
  realRieBinary();
  rieStandInBinary();
  probeBinary();
}, { timeout: 600_000 });

const running = new Set<ChildProcess>();
after(() => {
  for (const child of running) child.kill('SIGKILL');
});

function spawnRie(kind: RieKind, port: number, runtimePort: number, bootstrap: readonly string[], options: RieOptions): ChildProcess {
  const binary = kind === 'real' ? realRieBinary() : rieStandInBinary();
  return spawn(binary, ['--runtime-interface-emulator-address', `127.0.0.1:${port}`, '--runtime-api-address', `127.0.0.1:${runtimePort}`, ...bootstrap], {
    env: { ...process.env, ...options.env, AWS_LAMBDA_FUNCTION_TIMEOUT: String(options.timeoutSeconds ?? 3) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export async function startRie(bootstrap: readonly string[], options: RieOptions = {}): Promise<RunningRie> {
  const kind = options.rie ?? 'real';
  // Two ports picked free may be taken before RIE binds them: then RIE exits, and another pair is tried.
  for (let attempt = 1; ; attempt += 1) {
    // The real RIE cannot be given port 0: it hands the runtime that 0.
    const port = options.port ?? (await closedPort());
    const child = spawnRie(kind, port, await closedPort(), bootstrap, options);
    running.add(child);
    let log = '';
    let lastOutputAt = Date.now();
    const append = (chunk: Buffer) => {
      log += chunk.toString();
      lastOutputAt = Date.now();
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    let status: number | null | undefined;
    const exited = new Promise<number | null>((resolve) => {
      child.on('exit', (code) => {
        status = code;
        running.delete(child);
        resolve(code);
      });
    });
    const until = Date.now() + 10_000;
    const origin = `http://127.0.0.1:${port}`;
    while (status === undefined && Date.now() < until && !(await whenAnswering(origin, 0))) await sleep(10);
    if (status !== undefined) {
      if (attempt < 5 && options.port === undefined) continue;
      throw new Error(`the ${kind} RIE exited with ${status} before it listened\n${log}`);
    }
    if (!(await whenAnswering(origin, 0))) {
      child.kill('SIGKILL');
      throw new Error(`the ${kind} RIE did not listen on 127.0.0.1:${port} within 10 s\n${log}`);
    }
    const quietLog = async () => {
      const quietUntil = Date.now() + 5000;
      do await sleep(25);
      while (Date.now() - lastOutputAt < 100 && Date.now() < quietUntil);
      return log;
    };
    return {
      kind,
      origin,
      port,
      log: () => log,
      quietLog,
      exitStatus: () => status,
      exited,
      stop: () => child.kill('SIGKILL'),
    };
  }
}

/** RIE in front of the recorded probe function (test/fixtures/rie-probe). */
export const startProbe = (options: RieOptions = {}) => startRie([probeBinary(), 'probe'], options);

/** How many invocations reached the probe, from its one log line per event. */
export const probeInvocations = async (rie: RunningRie) => (await rie.quietLog()).match(/^probe: /gm)?.length ?? 0;
