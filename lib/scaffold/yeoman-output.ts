/**
 * Yeoman's terminal, as far as this generator shapes it: whether a prompt can
 * reach anyone at all, and the status Yeoman prints for `.yo-rc.json` (it
 * forces its own config files, so a new or unchanged one is announced as
 * "force", as if something had been overwritten).
 */
type Logger = Record<string, unknown>;
type LogLine = (...args: unknown[]) => unknown;

const isLogLine = (value: unknown): value is LogLine => typeof value === 'function';

/**
 * False when prompts would read a standard input that is no terminal (a pipe,
 * CI, a script): there they can only hang or fail half-way. A test adapter,
 * which answers prompts itself, has no standard input and can always ask.
 */
export function promptsReachSomeone(adapter: unknown): boolean {
  const stdin = (adapter as { actualAdapter?: { stdin?: { isTTY?: boolean } } }).actualAdapter?.stdin;
  return stdin === undefined || stdin.isTTY === true;
}

/**
 * Announces `.yo-rc.json` as what this run did to it: created when there was
 * none (`before` undefined), nothing when it is rewritten byte for byte
 * (`after` reads what is about to be written), forced only when it changes.
 */
export function announceConfig(adapter: unknown, before: string | undefined, after: () => string): void {
  const log = (adapter as { log?: Logger }).log;
  const { force, create } = log ?? {};
  if (!log || !isLogLine(force) || !isLogLine(create)) return;
  // Yeoman's log methods use `this`.
  log.force = (file: unknown, ...rest: unknown[]) => {
    if (!String(file).endsWith('.yo-rc.json')) return Reflect.apply(force, log, [file, ...rest]);
    if (before === undefined) return Reflect.apply(create, log, [file, ...rest]);
    return after() === before ? log : Reflect.apply(force, log, [file, ...rest]);
  };
}
