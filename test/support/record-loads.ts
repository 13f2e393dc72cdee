/**
 * Preloaded with `node --import`: records every module the process loads, by
 * import or by require alike, and writes their URLs to LAMBDA_LOCAL_LOADS_FILE
 * as it exits. Tests use it to hold a run to the libraries it needs.
 */
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const loaded: string[] = [];
registerHooks({
  load(url, context, next) {
    loaded.push(url);
    return next(url, context);
  },
});
process.on('exit', () => {
  const file = process.env.LAMBDA_LOCAL_LOADS_FILE;
  if (file) writeFileSync(file, `${loaded.join('\n')}\n`);
});
