/**
 * The emulator's log: one line per request. Lines go out together at most
 * every `everyMs`, so requests cost no write to standard output each: at one
 * request at a time that write was one system call in seven, on the path
 * every request waits for. A person reading `make logs` does not see 50 ms.
 */
interface RequestLog {
  (line: string): void;
  /** Writes what is waiting now: before the process exits. */
  flush(): void;
}

/** More than this waiting goes out at once: a burst is not held in memory. */
const maxWaitingChars = 64 * 1024;

export function createRequestLog(write: (text: string) => void, everyMs = 50): RequestLog {
  let waiting = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (waiting === '') return;
    const text = waiting;
    waiting = '';
    write(text);
  };
  const log = (line: string) => {
    waiting += `${line}\n`;
    if (waiting.length >= maxWaitingChars) flush();
    // Not a reason to stay alive: whoever ends the process flushes first.
    else timer ??= setTimeout(flush, everyMs).unref();
  };
  return Object.assign(log, { flush });
}
