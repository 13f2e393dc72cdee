/**
 * Runs the RIE stand-in (test/fixtures/rie-stand-in) as a process of its own,
 * in front of a bootstrap, as the generated image runs the real RIE. Built
 * before the test file's suites start; stopped when it ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { after, before } from 'node:test';
import { probeBinary, rieStandInBinary } from './go-programs.ts';

export interface RunningRie {
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

// Built before any suite starts, outside the suites' time limits: with a cold
// build cache and every test file building at once, the first build is slow.
before(() => {
  rieStandInBinary();
  probeBinary();
}, { timeout: 600_000 });

const running = new Set<ChildProcess>();
after(() => {
  for (const child of running) child.kill('SIGKILL');
});

/** `port`: where RIE listens, as a restarted container's RIE comes back on its old port; any free one by default. */
export async function startRie(bootstrap: readonly string[], options: { timeoutSeconds?: number; env?: NodeJS.ProcessEnv; port?: number } = {}): Promise<RunningRie> {
  const child = spawn(
    rieStandInBinary(),
    ['--runtime-interface-emulator-address', `127.0.0.1:${options.port ?? 0}`, '--runtime-api-address', '127.0.0.1:0', ...bootstrap],
    { env: { ...process.env, ...options.env, AWS_LAMBDA_FUNCTION_TIMEOUT: String(options.timeoutSeconds ?? 3) }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  let log = '';
  let lastOutputAt = Date.now();
  child.stderr.on('data', (chunk: Buffer) => {
    log += chunk.toString();
    lastOutputAt = Date.now();
  });
  let status: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      status = code;
      running.delete(child);
      resolve(code);
    });
  });
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    lines.once('line', (line) => {
      const found = /invoke API on 127\.0\.0\.1:(\d+)/.exec(line);
      if (found) resolve(Number(found[1]));
      else reject(new Error(`unexpected first line from the RIE stand-in: ${line}`));
    });
    child.once('exit', (code) => reject(new Error(`the RIE stand-in exited with ${code} before it listened\n${log}`)));
  });
  lines.on('line', (line) => {
    log += `${line}\n`;
    lastOutputAt = Date.now();
  });
  const quietLog = async () => {
    const until = Date.now() + 5000;
    do await new Promise((resolve) => setTimeout(resolve, 25));
    while (Date.now() - lastOutputAt < 100 && Date.now() < until);
    return log;
  };
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    log: () => log,
    quietLog,
    exitStatus: () => status,
    exited,
    stop: () => child.kill('SIGKILL'),
  };
}

/** RIE in front of the recorded probe function (test/fixtures/rie-probe). */
export const startProbe = (port?: number) => startRie([probeBinary(), 'probe'], port === undefined ? {} : { port });

/** How many invocations reached the probe, from its one log line per event. */
export const probeInvocations = async (rie: RunningRie) => (await rie.quietLog()).match(/^probe: /gm)?.length ?? 0;
