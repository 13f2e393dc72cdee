/**
 * Schedules without RIE: the times EventBridge's expressions give (AWS's own
 * examples, their times worked out from AWS's description, not from the
 * code), the refusal of expressions EventBridge refuses, and the firing
 * against a fake clock and a pool whose answers the test gives by hand.
 * schedules-rie.test.ts runs them against the real RIE.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSchedule, startSchedules, type Schedule, type ScheduleTarget } from '../src/schedules.ts';
import type { Invocation } from '../src/upstream-pool.ts';
import { FakeClock } from './fake-clock.ts';

const at = (iso: string) => new Date(iso).getTime();
const iso = (time: number | undefined) => (time === undefined ? undefined : new Date(time).toISOString());

/** The next `count` times of `schedule` after `from`, for a rule created at `from`. */
function times(schedule: Schedule, from: string, count: number): string[] {
  const found: string[] = [];
  let after = at(from);
  for (let index = 0; index < count; index++) {
    const next = schedule.next(after, at(from));
    if (next === undefined) break;
    found.push(new Date(next).toISOString());
    after = next;
  }
  return found;
}

/** A pool that holds each invocation until the test answers it. */
function handPool() {
  const calls: { readonly event: Record<string, unknown>; readonly answer: (invocation: Invocation) => void }[] = [];
  return {
    calls,
    invoke: (event: string) => new Promise<Invocation>((resolve) => calls.push({ event: JSON.parse(event) as Record<string, unknown>, answer: resolve })),
  };
}

const ran: Invocation = { kind: 'answered', upstream: 'http://127.0.0.1:1', ranMs: 12.5, result: { status: 200, body: Buffer.from('null') } };
const failed: Invocation = { kind: 'answered', upstream: 'http://127.0.0.1:1', ranMs: 3, result: { status: 200, body: Buffer.from('{"errorMessage":"boom","errorType":"errorString"}') } };

/** Lets the pool's answers reach the schedules' log. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('schedule expressions', () => {
  it('reads rate(): every n minutes, hours or days from when the rule is created', () => {
    assert.deepEqual(times(parseSchedule('TICK_SCHEDULE', 'rate(1 minute)'), '2027-01-01T10:00:30.000Z', 2), ['2027-01-01T10:01:30.000Z', '2027-01-01T10:02:30.000Z']);
    assert.deepEqual(times(parseSchedule('TICK_SCHEDULE', 'rate(5 minutes)'), '2027-01-01T10:00:00.000Z', 2), ['2027-01-01T10:05:00.000Z', '2027-01-01T10:10:00.000Z']);
    assert.deepEqual(times(parseSchedule('TICK_SCHEDULE', 'rate(1 hour)'), '2027-01-01T10:00:00.000Z', 1), ['2027-01-01T11:00:00.000Z']);
    assert.deepEqual(times(parseSchedule('TICK_SCHEDULE', ' rate(2 days) '), '2027-01-01T10:00:00.000Z', 1), ['2027-01-03T10:00:00.000Z']);
    // From a time between two fires, the next is the rule's, not a new count.
    assert.equal(iso(parseSchedule('TICK_SCHEDULE', 'rate(5 minutes)').next(at('2027-01-01T10:07:00Z'), at('2027-01-01T10:00:00Z'))), '2027-01-01T10:10:00.000Z');
  });

  it("reads cron() as EventBridge does: AWS's examples, in UTC, days of the week from 1 = SUN", () => {
    const cron = (expression: string, from: string, count: number) => times(parseSchedule('TICK_SCHEDULE', expression), from, count);
    // 2027-01-01 is a Friday.
    assert.deepEqual(cron('cron(0 10 * * ? *)', '2027-01-01T10:00:00Z', 2), ['2027-01-02T10:00:00.000Z', '2027-01-03T10:00:00.000Z']);
    assert.deepEqual(cron('cron(0 18 ? * MON-FRI *)', '2027-01-01T19:00:00Z', 2), ['2027-01-04T18:00:00.000Z', '2027-01-05T18:00:00.000Z']);
    assert.deepEqual(cron('cron(0 18 ? * 2-6 *)', '2027-01-01T19:00:00Z', 1), ['2027-01-04T18:00:00.000Z'], '2-6 is MON-FRI');
    assert.deepEqual(cron('cron(0 8 1 * ? *)', '2027-01-01T09:00:00Z', 2), ['2027-02-01T08:00:00.000Z', '2027-03-01T08:00:00.000Z']);
    assert.deepEqual(cron('cron(0/15 * * * ? *)', '2027-01-01T10:01:00Z', 2), ['2027-01-01T10:15:00.000Z', '2027-01-01T10:30:00.000Z']);
    assert.deepEqual(cron('cron(1/10 * * * ? *)', '2027-01-01T10:00:00Z', 2), ['2027-01-01T10:01:00.000Z', '2027-01-01T10:11:00.000Z']);
    assert.deepEqual(cron('cron(0/5 8-17 ? * MON-FRI *)', '2027-01-01T17:52:00Z', 2), ['2027-01-01T17:55:00.000Z', '2027-01-04T08:00:00.000Z']);
    assert.deepEqual(cron('cron(0 9 ? * 2#1 *)', '2027-01-01T00:00:00Z', 2), ['2027-01-04T09:00:00.000Z', '2027-02-01T09:00:00.000Z'], 'the first Monday');
    assert.deepEqual(cron('cron(0 12 L * ? *)', '2027-01-01T00:00:00Z', 2), ['2027-01-31T12:00:00.000Z', '2027-02-28T12:00:00.000Z'], 'the last day of the month');
    assert.deepEqual(cron('cron(15 10 ? * 6L 2002-2005)', '2001-12-31T00:00:00Z', 2), ['2002-01-25T10:15:00.000Z', '2002-02-22T10:15:00.000Z'], 'the last Friday, 2002 to 2005');
    assert.deepEqual(cron('cron(0 9 15W * ? *)', '2027-05-01T00:00:00Z', 1), ['2027-05-14T09:00:00.000Z'], 'the 15th is a Saturday: the Friday before');
    assert.deepEqual(cron('cron(0 0 29 2 ? *)', '2027-01-01T00:00:00Z', 1), ['2028-02-29T00:00:00.000Z'], 'no 29 February in 2027');
    assert.deepEqual(cron('cron(0 10 ? * mon *)', '2027-01-01T00:00:00Z', 1), ['2027-01-04T10:00:00.000Z'], 'names in lower case');
    assert.deepEqual(cron('cron(0 0 1 1 ? 2020)', '2027-01-01T00:00:00Z', 1), [], 'a year gone by gives no time');
  });

  it('refuses what EventBridge refuses, in one line naming the setting, the value and what is allowed', () => {
    const expected = 'expected rate(<n> minute|minutes|hour|hours|day|days), singular for 1 only, or cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>) as EventBridge takes it';
    const refusals: [string, string][] = [
      ['rate(1 minutes)', '1 takes minute'],
      ['rate(5 minute)', '5 takes minutes'],
      ['rate(0 minutes)', 'rate() takes a whole number from 1 and a unit'],
      ['rate(30 seconds)', 'seconds is not one of its units'],
      ['rate(1.5 hours)', 'rate() takes a whole number from 1 and a unit'],
      ['cron(0 12 * * ?)', '5 field(s); cron() takes 6: minutes, hours, day-of-month, month, day-of-week, year'],
      ['cron(0 12 * * * *)', 'one of day-of-month and day-of-week must be "?", the other not'],
      ['cron(0 12 ? * ? *)', 'one of day-of-month and day-of-week must be "?", the other not'],
      ['cron(? 12 * * ? *)', '"?" stands alone, in day-of-month or day-of-week'],
      ['cron(0 12 ? * 0 *)', 'day-of-week 0: the days are 1 (SUN) to 7 (SAT)'],
      ['cron(0 12 ? * 8 *)', 'day-of-week 8: the days are 1 (SUN) to 7 (SAT)'],
      ['cron(0 12 1 1 ? 2200)', 'year 2200: the years are 1970 to 2199'],
      ['cron(61 12 * * ? *)', 'Invalid value for minute: 61'],
      ['every 5 minutes', 'neither rate(...) nor cron(...)'],
    ];
    for (const [value, why] of refusals) {
      assert.throws(() => parseSchedule('TICK_SCHEDULE', value), (error: Error) => {
        assert.equal(error.message, `TICK_SCHEDULE: ${JSON.stringify(value)} is not allowed (${why}); ${expected}`);
        assert.doesNotMatch(error.message, /\n/);
        return true;
      });
    }
  });
});

describe('schedules firing', () => {
  const target = (schedule: string, pool: ScheduleTarget['pool']): ScheduleTarget => ({ fn: { name: 'tick', schedule: parseSchedule('TICK_SCHEDULE', schedule) }, pool });
  /** `tick` on `expression` from `start`, its invocations held by hand and its log lines kept. */
  const started = (expression: string, start: string, region = 'us-east-1') => {
    const clock = new FakeClock(new Date(start));
    const pool = handPool();
    const lines: string[] = [];
    const schedules = startSchedules([target(expression, pool)], { clock, region, log: (line) => lines.push(line) });
    return { clock, pool, lines, schedules };
  };

  it('fires rate(1 minute) on the minute from start, with the scheduled event, and logs each fire', async () => {
    const { clock, pool, lines, schedules } = started('rate(1 minute)', '2027-01-01T10:00:00.250Z', 'eu-west-1');
    assert.deepEqual(lines, ['Schedule fn=tick expression="rate(1 minute)" fires first at 2027-01-01T10:01:00Z']);
    clock.advance(59_999);
    assert.equal(pool.calls.length, 0, 'not before its minute');
    clock.advance(1);
    assert.equal(pool.calls.length, 1, 'on its minute');
    const [first] = pool.calls;
    const event = first?.event ?? assert.fail('no event');
    assert.match(String(event.id), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual({ ...event, id: 'uuid' }, {
      version: '0',
      id: 'uuid',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '123456789012',
      time: '2027-01-01T10:01:00Z',
      region: 'eu-west-1',
      resources: ['arn:aws:events:eu-west-1:123456789012:rule/tick-schedule'],
      detail: {},
    });
    first?.answer(ran);
    await settle();
    assert.equal(lines[1], `Schedule fn=tick expression="rate(1 minute)" scheduled=2027-01-01T10:01:00Z id=${String(event.id)} ran 12.5ms`);
    clock.advance(60_000);
    assert.equal(pool.calls.length, 2);
    assert.equal(pool.calls[1]?.event.time, '2027-01-01T10:02:00Z');
    assert.notEqual(pool.calls[1]?.event.id, event.id, 'each fire has an id of its own');
    pool.calls[1]?.answer(failed);
    await settle();
    assert.match(lines[2] ?? '', /scheduled=2027-01-01T10:02:00Z id=\S+ ran 3\.0ms error="\{\\"errorMessage\\":\\"boom\\",\\"errorType\\":\\"errorString\\"\}"$/);
    schedules.stop();
    clock.advance(10 * 60_000);
    assert.equal(pool.calls.length, 2, 'nothing fires once stopped');
  });

  it("skips a fire while the last one still waits or runs, logs the skip, and fires again once it ended", async () => {
    const { clock, pool, lines } = started('cron(0/5 * * * ? *)', '2027-01-01T10:00:00Z');
    clock.advance(5 * 60_000);
    assert.equal(pool.calls.length, 1);
    // The 10:05 fire is still unanswered at 10:10 and 10:15.
    clock.advance(10 * 60_000);
    assert.equal(pool.calls.length, 1, 'no second invocation waits behind the first');
    assert.deepEqual(lines.slice(1), [
      'Schedule fn=tick expression="cron(0/5 * * * ? *)" scheduled=2027-01-01T10:10:00Z skipped: the fire scheduled for 2027-01-01T10:05:00Z still waits or runs, and RIE runs one invocation at a time',
      'Schedule fn=tick expression="cron(0/5 * * * ? *)" scheduled=2027-01-01T10:15:00Z skipped: the fire scheduled for 2027-01-01T10:05:00Z still waits or runs, and RIE runs one invocation at a time',
    ]);
    pool.calls[0]?.answer(ran);
    await settle();
    clock.advance(5 * 60_000);
    assert.equal(pool.calls.length, 2);
    assert.equal(pool.calls[1]?.event.time, '2027-01-01T10:20:00Z');
  });

  it('logs a fire that could not run with the reason, and fires the next one', async () => {
    const { clock, pool, lines } = started('rate(1 minute)', '2027-01-01T10:00:00Z');
    clock.advance(60_000);
    pool.calls[0]?.answer({ kind: 'unreachable', reason: 'the emulator is stopping' });
    await settle();
    assert.match(lines[1] ?? '', /scheduled=2027-01-01T10:01:00Z id=\S+ not run: the emulator is stopping$/);
    clock.advance(60_000);
    assert.equal(pool.calls.length, 2);
  });

  it('fires once after the machine slept past several times, then goes on from now', async () => {
    const { clock, pool, lines } = started('rate(1 minute)', '2027-01-01T10:00:00Z');
    clock.jump(10 * 60_000);
    assert.equal(pool.calls.length, 1);
    assert.equal(pool.calls[0]?.event.time, '2027-01-01T10:01:00Z', 'the first time slept past');
    pool.calls[0]?.answer(ran);
    await settle();
    assert.deepEqual(lines.slice(1).map((line) => /scheduled=(\S+)/.exec(line)?.[1]), ['2027-01-01T10:01:00Z'], 'one fire, no skips for the times slept past');
    clock.advance(60_000);
    assert.equal(pool.calls.length, 2);
    assert.equal(pool.calls[1]?.event.time, '2027-01-01T10:11:00Z', 'the next time after waking at 10:10');
  });

  it('waits for a time past setTimeout\'s longest wait in steps, and fires on it', () => {
    const clock = new FakeClock(new Date('2027-01-01T00:00:00Z'));
    const pool = handPool();
    startSchedules([target('cron(0 0 1 1 ? *)', pool)], { clock, region: 'us-east-1', log: () => {} });
    clock.advanceTo(new Date('2027-12-31T23:59:59.999Z'));
    assert.equal(pool.calls.length, 0);
    assert.ok(Math.max(...clock.waits) <= 2 ** 31 - 1, `every wait fits setTimeout: ${clock.waits.join(', ')}`);
    clock.advance(1);
    assert.equal(pool.calls.length, 1);
    assert.equal(pool.calls[0]?.event.time, '2028-01-01T00:00:00Z');
  });

  it('says so at the start when an expression has no time to come, and fires nothing', () => {
    const { clock, pool, lines } = started('cron(0 0 1 1 ? 2020)', '2027-01-01T00:00:00Z');
    assert.deepEqual(lines, ['Schedule fn=tick expression="cron(0 0 1 1 ? 2020)" has no time after 2027-01-01T00:00:00Z: it fires no more']);
    assert.equal(clock.pending, 0);
  });
});
