/**
 * Yeoman's terminal, as far as this generator shapes it: whether a prompt can
 * reach anyone at all. (What a run writes is announced by yeoman-commit.ts.)
 */

/**
 * False when prompts would read a standard input that is no terminal (a pipe,
 * CI, a script): there they can only hang or fail half-way. A test adapter,
 * which answers prompts itself, has no standard input and can always ask.
 */
export function promptsReachSomeone(adapter: unknown): boolean {
  const stdin = (adapter as { actualAdapter?: { stdin?: { isTTY?: boolean } } }).actualAdapter?.stdin;
  return stdin === undefined || stdin.isTTY === true;
}
