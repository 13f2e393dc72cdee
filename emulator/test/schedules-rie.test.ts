/**
 * Schedules through the emulator to the real RIE running a function on the
 * real aws-lambda-go: the fired event decodes strictly (unknown fields
 * refused) into events.EventBridgeEvent and has the shape of the schedule
 * kind's sample event; a fire never overlaps the function's own invocation nor
 * piles up behind it; SCHEDULES=off fires nothing. Time is a fake clock moved
 * by the test; the function's run takes real time.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { goProgram } from '../../test/support/go-programs.ts';
import { repoRoot } from '../../test/support/generate.ts';
import { startRie, type RunningRie } from '../../test/support/rie.ts';
import { FakeClock } from './fake-clock.ts';
import { emulatorOf } from './start-emulator.ts';

/**
 * Takes a scheduled event (strictly decoded) or an API Gateway request, each
 * holding RIE for 1.5 s and logging its start and end; any other event, or a
 * field aws-lambda-go does not know, is the function's error.
 */
const scheduledFunction = `package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handle(raw json.RawMessage) (interface{}, error) {
	var kind struct {
		DetailType *string \`json:"detail-type"\`
	}
	if err := json.Unmarshal(raw, &kind); err != nil {
		return nil, err
	}
	if kind.DetailType == nil {
		fmt.Println("http: start")
		time.Sleep(1500 * time.Millisecond)
		fmt.Println("http: end")
		return events.APIGatewayProxyResponse{StatusCode: 200, Body: "slow"}, nil
	}
	var event events.EventBridgeEvent
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&event); err != nil {
		return nil, fmt.Errorf("strict decode: %w", err)
	}
	if event.DetailType != "Scheduled Event" || event.Source != "aws.events" || event.Time.IsZero() || len(event.Resources) != 1 || string(event.Detail) != "{}" {
		return nil, fmt.Errorf("not a scheduled event: %s", raw)
	}
	fmt.Printf("scheduled: start time=%s event=%s\\n", event.Time.UTC().Format(time.RFC3339), raw)
	time.Sleep(1500 * time.Millisecond)
	fmt.Printf("scheduled: end time=%s\\n", event.Time.UTC().Format(time.RFC3339))
	return nil, nil
}

func main() {
	lambda.Start(handle)
}
`;

/** Resolves once `found` is true of the log lines (5 s at most), else fails with them. */
async function until(lines: () => readonly string[], found: (lines: readonly string[]) => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 5000; Date.now() < deadline; await sleep(25)) {
    if (found(lines())) return;
  }
  assert.fail(`${what} did not come within 5 s:\n${lines().join('\n')}`);
}

const rieLines = (rie: RunningRie) => () => rie.log().split('\n');
const count = (lines: readonly string[], pattern: RegExp) => lines.filter((line) => pattern.test(line)).length;

async function scheduled(options: { readonly schedules?: boolean } = {}) {
  const rie = await startRie([goProgram('scheduled-function', { 'main.go': scheduledFunction })]);
  const clock = new FakeClock(new Date('2027-01-01T10:00:00Z'));
  const lines: string[] = [];
  const api = await emulatorOf(
    [{ name: 'tick', routes: ['ANY /{proxy+}'], upstreams: [rie.origin], schedule: 'rate(1 minute)' }],
    { clock, region: 'eu-central-1', ...(options.schedules === undefined ? {} : { schedules: options.schedules }) },
    (line) => lines.push(line),
  );
  return { rie, clock, lines, api };
}

describe('schedules, against the real RIE and aws-lambda-go', { timeout: 60_000 }, () => {
  it("fires an event that decodes strictly into events.EventBridgeEvent, shaped as the schedule kind's sample", async () => {
    const { rie, clock, lines } = await scheduled();
    clock.advance(60_000);
    await until(() => lines, (seen) => seen.some((line) => / scheduled=2027-01-01T10:01:00Z id=\S+ (ran|not run)/.test(line)), 'the fire\'s outcome');
    assert.match(lines.at(-1) ?? '', /^Schedule fn=tick expression="rate\(1 minute\)" scheduled=2027-01-01T10:01:00Z id=[0-9a-f-]{36} ran [\d.]+ms$/, 'ran without a function error');
    const started = rieLines(rie)().find((line) => line.startsWith('scheduled: start')) ?? assert.fail(rie.log());
    assert.match(started, /^scheduled: start time=2027-01-01T10:01:00Z /);
    const event = JSON.parse(started.slice(started.indexOf('event=') + 'event='.length)) as Record<string, unknown>;
    const sample = JSON.parse(readFileSync(path.join(repoRoot, 'lib/triggers/schedule/events/schedule.json'), 'utf8')) as Record<string, unknown>;
    const shape = (value: Record<string, unknown>) => Object.entries(value).map(([key, field]) => [key, Array.isArray(field) ? 'array' : typeof field]);
    assert.deepEqual(shape(event), shape(sample));
    assert.deepEqual(event.resources, ['arn:aws:events:eu-central-1:123456789012:rule/tick-schedule']);
    assert.equal(event.region, 'eu-central-1');
  });

  it('never overlaps its own invocation: a fire while it runs is skipped and logged, the next one runs', async () => {
    const { rie, clock, lines } = await scheduled();
    clock.advance(60_000);
    await until(rieLines(rie), (seen) => seen.some((line) => line.startsWith('scheduled: start time=2027-01-01T10:01:00Z')), 'the first fire');
    // 10:02 comes while the 10:01 fire runs (1.5 s of real time).
    clock.advance(60_000);
    assert.ok(
      lines.includes('Schedule fn=tick expression="rate(1 minute)" scheduled=2027-01-01T10:02:00Z skipped: the fire scheduled for 2027-01-01T10:01:00Z still waits or runs, and RIE runs one invocation at a time'),
      lines.join('\n'),
    );
    await until(() => lines, (seen) => seen.some((line) => / scheduled=2027-01-01T10:01:00Z id=\S+ ran /.test(line)), 'the first fire\'s end');
    clock.advance(60_000);
    await until(() => lines, (seen) => seen.some((line) => / scheduled=2027-01-01T10:03:00Z id=\S+ ran /.test(line)), 'the third fire');
    const log = await rie.quietLog();
    assert.equal(count(log.split('\n'), /^scheduled: start/), 2, 'the skipped fire never ran, not even late');
    assert.doesNotMatch(log, /time=2027-01-01T10:02:00Z/);
    assert.equal(rie.exitStatus(), undefined, 'RIE never saw two invocations at once');
  });

  it('waits for its turn behind an HTTP request to the same function, and skips the fire that comes meanwhile', async () => {
    const { rie, clock, lines, api } = await scheduled();
    const request = fetch(`${api.base}/slow`);
    await until(rieLines(rie), (seen) => seen.includes('http: start'), 'the HTTP request');
    clock.advance(60_000);
    clock.advance(60_000);
    assert.ok(lines.some((line) => / scheduled=2027-01-01T10:02:00Z skipped: the fire scheduled for 2027-01-01T10:01:00Z still waits/.test(line)), lines.join('\n'));
    assert.equal((await request).status, 200);
    await until(() => lines, (seen) => seen.some((line) => / scheduled=2027-01-01T10:01:00Z id=\S+ ran /.test(line)), 'the fire that waited');
    const log = (await rie.quietLog()).split('\n');
    // One after the other: the fire started only once the request had ended.
    assert.deepEqual(log.filter((line) => /^(http|scheduled): (start|end)/.test(line)).map((line) => line.split(' time=')[0]), ['http: start', 'http: end', 'scheduled: start', 'scheduled: end']);
    assert.equal(rie.exitStatus(), undefined);
  });

  it('fires nothing with SCHEDULES=off, and says so at the start', async () => {
    const { rie, clock, lines } = await scheduled({ schedules: false });
    clock.advance(10 * 60_000);
    await sleep(300);
    assert.deepEqual(lines.filter((line) => line.startsWith('Schedule') || line.startsWith('schedules')), ['schedules: off (SCHEDULES=off): tick rate(1 minute) will not fire']);
    assert.doesNotMatch(await rie.quietLog(), /scheduled: start/);
  });
});
