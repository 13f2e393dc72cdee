/**
 * The emulator's log: one line per request. Lines go out once per turn of the
 * event loop, so a burst of requests costs one write to standard output
 * rather than one each.
 */
interface RequestLog {
  (line: string): void;
  /** Writes what is waiting now: before the process exits. */
  flush(): void;
}

export function createRequestLog(write: (text: string) => void): RequestLog {
  let waiting = '';
  const flush = () => {
    if (waiting === '') return;
    const text = waiting;
    waiting = '';
    write(text);
  };
  const log = (line: string) => {
    if (waiting === '') setImmediate(flush);
    waiting += `${line}\n`;
  };
  return Object.assign(log, { flush });
}
