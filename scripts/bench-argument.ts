/** A benchmark's numeric argument: a whole number above 0, or the script stops with one line saying why. */
export function benchArgument(script: string, name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^[1-9]\d*$/.test(text)) {
    console.error(`${script}: ${name} ${JSON.stringify(text)} is not allowed; expected a whole number above 0`);
    process.exit(2);
  }
  return Number(text);
}
