/**
 * Shows lookups as they run. On a terminal: a spinner line naming what is in
 * flight, and a line of its own for each result. Elsewhere (CI, pipes, logs):
 * plain lines only, one when a lookup starts and one when it ends.
 */

export interface LookupProgress {
  start(what: string): void;
  done(what: string, result: string): void;
  /** Clears the spinner; call once when the lookups are over, whatever their outcome. */
  stop(): void;
}

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function plainProgress(write: (line: string) => void): LookupProgress {
  return {
    start: (what) => write(`resolving ${what}`),
    done: (what, result) => write(`pinned ${what}: ${result}`),
    stop: () => {},
  };
}

export function terminalProgress(stream: Pick<NodeJS.WriteStream, 'write' | 'columns'>): LookupProgress {
  const inFlight = new Set<string>();
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  const clear = () => stream.write('\r\x1b[2K');
  const draw = () => {
    clear();
    if (inFlight.size > 0) stream.write(`${frames[frame++ % frames.length]} resolving ${[...inFlight].join(', ')}`.slice(0, (stream.columns || 80) - 1));
  };
  return {
    start(what) {
      inFlight.add(what);
      timer ??= setInterval(draw, 80).unref();
      draw();
    },
    done(what, result) {
      inFlight.delete(what);
      clear();
      stream.write(`✔ ${what}: ${result}\n`);
      draw();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
      inFlight.clear();
      clear();
    },
  };
}

/** The progress display that suits `stream`. */
export function lookupProgressFor(stream: NodeJS.WriteStream, write: (line: string) => void): LookupProgress {
  return stream.isTTY ? terminalProgress(stream) : plainProgress(write);
}
