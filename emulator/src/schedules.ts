/**
 * Schedules: a function with a schedule setting (ORDERS_SCHEDULE, an
 * EventBridge rate() or cron() expression) is invoked at the expression's
 * times with the "Scheduled Event" an EventBridge rule sends, so that it runs
 * under `make up` as it will in AWS, without anyone calling it. Each fire goes
 * through the function's pool, as an Event invocation does, and is logged.
 *
 * Expressions are those of EventBridge's scheduled rules
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html).
 * rate() is a number and a unit, read here. cron() is read by croner (npm,
 * vendored in ../vendor/croner/), set to AWS's dialect: six fields from
 * minutes to year, days of the week 1 (SUN) to 7 (SAT), `?`, L, W and #, in
 * UTC. What croner would take and EventBridge refuses (`?` outside the day
 * fields, in both or in neither, days of the week past 7, years outside
 * 1970-2199) is refused here first.
 */
import { createRequire } from 'node:module';
import type { Cron } from 'croner';
import type { FunctionConfig } from './config.ts';
import { notAllowed } from './contract.ts';
import { backgroundOutcome, untilItsTurnMs } from './invoke-api.ts';
import { isoSeconds as isoSecondsOf, scheduledEvent as sampleScheduledEvent } from './sample-events.ts';
import type { UpstreamPool } from './upstream-pool.ts';

/** A function's schedule: its expression, and the times it gives. */
export interface Schedule {
  /** As the setting gives it, e.g. `rate(5 minutes)`. */
  readonly expression: string;
  /**
   * The first time after `after` (ms since the epoch), for a rule created at
   * `createdAt`: a rate counts from the rule's creation, as EventBridge's
   * does; undefined when no time comes.
   */
  next(after: number, createdAt: number): number | undefined;
}

const expected =
  'rate(<n> minute|minutes|hour|hours|day|days), singular for 1 only, or cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>) as EventBridge takes it';

/** The last time a Date holds. */
const lastTime = 8.64e15;

const rateUnitsMs: Readonly<Record<string, number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** rate(value unit)'s times, or why the expression is wrong. */
function rateTimes(inner: string): Schedule['next'] | string {
  const parsed = /^([1-9]\d*) +([a-z]+)$/.exec(inner.trim());
  if (!parsed) return 'rate() takes a whole number from 1 and a unit';
  const [, digits = '', unit = ''] = parsed;
  const value = Number(digits);
  const singular = unit.replace(/s$/, '');
  const unitMs = rateUnitsMs[singular];
  if (unitMs === undefined) return `${unit} is not one of its units`;
  // EventBridge's own rule: rate(1 hours) and rate(5 hour) are refused.
  if ((value === 1) !== (unit === singular)) return value === 1 ? `1 takes ${singular}` : `${value} takes ${singular}s`;
  const intervalMs = value * unitMs;
  if (!Number.isSafeInteger(intervalMs)) return `${value} ${unit} is longer than a date can hold`;
  return (after, createdAt) => {
    const at = createdAt + (Math.floor((after - createdAt) / intervalMs) + 1) * intervalMs;
    return at <= lastTime ? at : undefined;
  };
}

type Croner = { readonly Cron: typeof Cron };
let croner: Croner | undefined;

/**
 * croner, from its copy beside the sources (the api service installs nothing),
 * loaded when the first cron() expression is read rather than with this file:
 * an emulator without one never reads it.
 */
function loadCroner(setting: string, text: string): Croner {
  try {
    croner ??= createRequire(import.meta.url)('../vendor/croner/croner.cjs') as Croner;
    return croner;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    // Only a copy deleted by hand, or left out by a layer, gets here: one line, not a require stack.
    throw new Error(`${setting}: ${JSON.stringify(text)} cannot be read: vendor/croner/croner.cjs, the copy of croner beside the emulator's src/ that reads cron() expressions, is missing`);
  }
}

/** cron(fields)'s times, or why the expression is wrong. */
function cronTimes(setting: string, text: string, inner: string): Schedule['next'] | string {
  const fields = inner.trim().split(/\s+/);
  if (fields.length !== 6) return `${fields.length} field(s); cron() takes 6: minutes, hours, day-of-month, month, day-of-week, year`;
  const [, , dayOfMonth = '', , dayOfWeek = '', year = ''] = fields;
  // croner reads `?` as `*` in any field; EventBridge takes it alone, in one day field.
  if (fields.some((field, index) => field.includes('?') && (field !== '?' || (index !== 2 && index !== 4)))) return '"?" stands alone, in day-of-month or day-of-week';
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) return 'one of day-of-month and day-of-week must be "?", the other not';
  // Numbers after # are the week of the month, after / a step: neither is a day or a year.
  const weekday = dayOfWeek.replace(/[#/]\d+/g, '').match(/\d+/g)?.find((day) => Number(day) < 1 || Number(day) > 7);
  if (weekday !== undefined) return `day-of-week ${weekday}: the days are 1 (SUN) to 7 (SAT)`;
  const outOfRange = year.replace(/\/\d+/g, '').match(/\d+/g)?.find((value) => Number(value) < 1970 || Number(value) > 2199);
  if (outOfRange !== undefined) return `year ${outOfRange}: the years are 1970 to 2199`;
  const { Cron } = loadCroner(setting, text);
  let job: Cron;
  try {
    // Seconds first, always 0: EventBridge's finest step is a minute. `0/5` is
    // AWS's "from 0, every 5" (croner's sloppy ranges); names in either case.
    job = new Cron(`0 ${fields.join(' ').toUpperCase()}`, { mode: '7-part', alternativeWeekdays: true, sloppyRanges: true, timezone: 'UTC', paused: true });
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).replace(/^CronPattern: /, '');
  }
  return (after) => job.nextRun(new Date(after))?.getTime();
}

/** A schedule setting's expression; throws the one line that refuses it. */
export function parseSchedule(setting: string, text: string): Schedule {
  const expression = text.trim();
  const rate = /^rate\((.*)\)$/.exec(expression);
  const cron = /^cron\((.*)\)$/.exec(expression);
  const next = rate ? rateTimes(rate[1] ?? '') : cron ? cronTimes(setting, text, cron[1] ?? '') : 'neither rate(...) nor cron(...)';
  if (typeof next === 'string') throw new Error(notAllowed(setting, text, expected, next));
  return { expression, next };
}

/** The event an EventBridge rule sends for a time of its schedule (sample-events.ts builds it, as `make event KIND=schedule` does). */
export const scheduledEvent = (fnName: string, scheduledAt: number, region: string) => sampleScheduledEvent({ functionName: fnName, now: new Date(scheduledAt), region });

const isoSeconds = (time: number) => isoSecondsOf(new Date(time));

/** Time as the schedules see it: the system's, or a test's fake one. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` once `ms` have passed; the function returned cancels it. */
  after(ms: number, callback: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, callback) {
    // The servers keep the emulator running; a schedule alone must not keep a process alive.
    const timer = setTimeout(callback, ms).unref();
    return () => clearTimeout(timer);
  },
};

/** setTimeout's longest wait: a later time is waited for in steps, each reading the clock again. */
const longestWaitMs = 2 ** 31 - 1;

export interface ScheduleTarget {
  readonly fn: Pick<FunctionConfig, 'name' | 'schedule'>;
  readonly pool: Pick<UpstreamPool, 'invoke'>;
}

export interface Schedules {
  /** No fire after this; one already sent goes on, as the pool's other invocations do. */
  stop(): void;
}

interface ScheduleOptions {
  readonly clock: Clock;
  /** The region the events and their rule ARNs name. */
  readonly region: string;
  readonly log: (line: string) => void;
}

/** Fires each target's schedule from now on, creating its rules now as a deploy would. */
export function startSchedules(targets: readonly ScheduleTarget[], { clock, region, log }: ScheduleOptions): Schedules {
  const createdAt = clock.now();
  const cancels = new Set<() => void>();
  let stopped = false;

  function run({ fn, pool }: ScheduleTarget, schedule: Schedule): void {
    const about = `Schedule fn=${fn.name} expression=${JSON.stringify(schedule.expression)}`;
    /** The time the fire that still waits or runs was scheduled for. */
    let busyWith: number | undefined;

    function fire(scheduledAt: number): void {
      const line = `${about} scheduled=${isoSeconds(scheduledAt)}`;
      // EventBridge would invoke again while the last invocation runs, and
      // Lambda would run both side by side. One RIE runs one invocation at a
      // time: queued, this fire would only run late, and a function slower
      // than its schedule would pile up fires without end. So it is skipped.
      if (busyWith !== undefined) {
        log(`${line} skipped: the fire scheduled for ${isoSeconds(busyWith)} still waits or runs, and RIE runs one invocation at a time`);
        return;
      }
      const event = scheduledEvent(fn.name, scheduledAt, region);
      busyWith = scheduledAt;
      void pool.invoke(JSON.stringify(event), untilItsTurnMs).then((invocation) => {
        busyWith = undefined;
        log(`${line} id=${event.id} ${backgroundOutcome(invocation)}`);
      });
    }

    /** Waits for the first time after `after`, fires, and waits for the next. */
    function arm(after: number, first: boolean): void {
      const due = schedule.next(after, createdAt);
      if (due === undefined) {
        log(`${about} has no time after ${isoSeconds(after)}: it fires no more`);
        return;
      }
      if (first) log(`${about} fires first at ${isoSeconds(due)}`);
      const wake = () => {
        cancels.delete(cancel);
        if (stopped) return;
        const now = clock.now();
        if (now < due) {
          cancel = clock.after(Math.min(due - now, longestWaitMs), wake);
          cancels.add(cancel);
          return;
        }
        fire(due);
        // A machine that slept past several times fires once for the first, then goes on from now.
        arm(Math.max(due, now), false);
      };
      let cancel = clock.after(Math.min(Math.max(due - clock.now(), 0), longestWaitMs), wake);
      cancels.add(cancel);
    }

    arm(createdAt, true);
  }

  for (const target of targets) {
    if (target.fn.schedule) run(target, target.fn.schedule);
  }
  return {
    stop() {
      stopped = true;
      for (const cancel of cancels) cancel();
      cancels.clear();
    },
  };
}
