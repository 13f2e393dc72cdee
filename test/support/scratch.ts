/**
 * Temporary folders for tests. Each is made under the system's temporary
 * folder and removed when the test process exits, passed or failed, so a run
 * leaves nothing behind; `npm test` checks that it does not (scripts/run-tests.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const made: string[] = [];
// Synchronous, so it runs on every exit, a failed assertion's included.
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A new empty folder named lambda-local-<name>-XXXXXX, gone when the process exits. */
export function scratchDir(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `lambda-local-${name}-`));
  made.push(dir);
  return dir;
}
