/**
 * A clock a test moves by hand, so that a schedule of a minute or a year is
 * checked in no time: schedules.ts takes it in place of the system's.
 */
import type { Clock } from '../src/schedules.ts';

interface Timer {
  readonly at: number;
  readonly callback: () => void;
}

export class FakeClock implements Clock {
  #now: number;
  #timers: Timer[] = [];
  /** Every wait asked for, in ms, in order. */
  readonly waits: number[] = [];

  constructor(start: Date) {
    this.#now = start.getTime();
  }

  now(): number {
    return this.#now;
  }

  after(ms: number, callback: () => void): () => void {
    this.waits.push(ms);
    const timer: Timer = { at: this.#now + ms, callback };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((other) => other !== timer);
    };
  }

  /** Moves time on by `ms`, running each timer that comes due, in order, at its own time. */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      const due = this.#timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((timer) => timer !== due);
      this.#now = due.at;
      due.callback();
    }
    this.#now = until;
  }

  /**
   * Moves time on by `ms` at once, as a machine waking from sleep: no timer
   * runs on the way, then each timer that came due runs late, at the new time.
   */
  jump(ms: number): void {
    this.#now += ms;
    for (;;) {
      const due = this.#timers.filter((timer) => timer.at <= this.#now).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((timer) => timer !== due);
      due.callback();
    }
  }

  /** Moves time to `date`. */
  advanceTo(date: Date): void {
    this.advance(date.getTime() - this.#now);
  }

  /** Timers not yet run. */
  get pending(): number {
    return this.#timers.length;
  }
}
