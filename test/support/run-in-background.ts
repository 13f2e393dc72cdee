/**
 * Runs a command without blocking this process, for tests whose own process
 * serves the stand-ins (registry, GitHub API) that the command talks to.
 */
import { execFile } from 'node:child_process';

export interface Ran {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Status 127 and the reason in `stderr` when the command could not start at all. */
export function runInBackground(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : 127) : 0;
      resolve({ status, stdout, stderr: stderr || (error && status === 127 ? error.message : '') });
    });
  });
}
