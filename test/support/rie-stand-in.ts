/**
 * Runs the RIE stand-in (test/fixtures/rie-stand-in) as a process of its own,
 * in front of a bootstrap, as the generated image runs the real RIE. Stopped
 * when the test file ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { after } from 'node:test';
import { rieStandInBinary } from './go-programs.ts';

export interface RunningRie {
  readonly origin: string;
  readonly port: number;
  /** Everything RIE and the function wrote, so far. */
  log(): string;
  /** The exit status once RIE has exited (2 after an overlap), undefined while it runs. */
  exitStatus(): number | null | undefined;
  /** Resolves when RIE exits, with its exit status. */
  readonly exited: Promise<number | null>;
  stop(): void;
}

const running = new Set<ChildProcess>();
after(() => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startRie(bootstrap: readonly string[], options: { timeoutSeconds?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunningRie> {
  const child = spawn(
    rieStandInBinary(),
    ['--runtime-interface-emulator-address', '127.0.0.1:0', '--runtime-api-address', '127.0.0.1:0', ...bootstrap],
    { env: { ...process.env, ...options.env, AWS_LAMBDA_FUNCTION_TIMEOUT: String(options.timeoutSeconds ?? 3) }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => {
    log += chunk.toString();
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
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    log: () => log,
    exitStatus: () => status,
    exited,
    stop: () => child.kill('SIGKILL'),
  };
}
