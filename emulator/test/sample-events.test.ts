/**
 * Fresh sample events (emulator/src/sample-events.ts), as `make event` prints
 * them, checked with the real aws-lambda-go (module proxy): every kind's event
 * decodes strictly into the type its handler takes (unknown fields refused, and
 * nothing lost under aws-lambda-go's own UnmarshalJSON methods), and each
 * kind's handler skeleton (lib/triggers/<kind>/main.go) processes the event
 * made without --body, no record failed. Then what each source does to ids,
 * times, digests and encodings, and the one line bad input gets.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { DynamoDBStreamEvent, EventBridgeEvent, KinesisStreamEvent, S3Event, SNSEvent, SQSEvent } from 'aws-lambda';
import { handlersOf, triggerKinds, type TriggerKindName } from '../../lib/triggers/index.ts';
import { run } from '../../test/support/checks.ts';
import { repoRoot } from '../../test/support/generate.ts';
import { goEnvironment, goModWithAwsLambdaGo, goStrictDecoding } from '../../test/support/go-programs.ts';
import { scratchDir } from '../../test/support/scratch.ts';
import { eventKinds, type EventKind } from '../src/sample-events.ts';

const cli = path.join(repoRoot, 'emulator/src/sample-events.ts');

/** `node src/sample-events.ts …` as the generated Makefile runs it. */
function sampleEvents(args: readonly string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The event the CLI prints, with the times it was made between. */
function fresh<T>(args: readonly string[]): { event: T; text: string; from: number; to: number } {
  const from = Date.now();
  const result = sampleEvents(args);
  const to = Date.now();
  assert.equal(result.status, 0, `${args.join(' ')}: ${result.stderr}`);
  assert.equal(result.stderr, '');
  return { event: JSON.parse(result.stdout) as T, text: result.stdout, from, to };
}

/** Asserts `ms` lies between `from` and `to`, to the precision a format keeps (1000 ms: whole seconds). */
function within(ms: number, from: number, to: number, precisionMs = 1) {
  assert.ok(Number.isFinite(ms), `${ms} is a time`);
  assert.ok(ms >= Math.floor(from / precisionMs) * precisionMs && ms <= to, `${new Date(ms).toISOString()} is not between ${new Date(from).toISOString()} and ${new Date(to).toISOString()}`);
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const isoWithoutMs = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const isoWithMs = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * A test in each kind's package: every event under -fresh decodes strictly
 * into the type `handle` takes, and keeps every field when encoded again; the
 * encoded event is written beside it (`.decoded`) for the checks below. An
 * event whose file name starts with `default` must also go through `handle`
 * with no error and no failed record.
 */
function freshEventTest(goType: string): string {
  return `package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
${goType.startsWith('events.') ? '\n\t"github.com/aws/aws-lambda-go/events"\n' : ''})

var fresh = flag.String("fresh", "fresh", "the folder of fresh events to decode")

${goStrictDecoding}

// failure is what went wrong in handle's results: its error, or the records it reported as failed.
func failure(results ...interface{}) string {
	if err, ok := results[len(results)-1].(error); ok && err != nil {
		return err.Error()
	}
	if len(results) == 2 {
		encoded, _ := json.Marshal(results[0])
		var response struct {
			BatchItemFailures []interface{} \`json:"batchItemFailures"\`
		}
		if json.Unmarshal(encoded, &response) == nil && len(response.BatchItemFailures) > 0 {
			return "failed records: " + string(encoded)
		}
	}
	return ""
}

func TestFreshEventsDecodeStrictly(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(*fresh, "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no events in %s (%v)", *fresh, err)
	}
	for _, path := range paths {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var event ${goType}
		encoded := decodeStrictly(t, path, raw, &event, "${goType}", nil)
		if encoded == nil {
			continue
		}
		if err := os.WriteFile(path+".decoded", encoded, 0o644); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(filepath.Base(path), "default") {
			if reason := failure(handle(context.Background(), event)); reason != "" {
				t.Errorf("%s: handle failed: %s", path, reason)
			}
		}
	}
}
`;
}

/** What each kind's events are made with: the default (no --body) and a body each, the tricky parts of each source in it. */
const cases: Readonly<Record<EventKind, readonly (readonly string[])[]>> = {
  sqs: [['--count', '1'], ['--count', '3'], ['--body', '{"id": 7, "note": "naïve ☃"}', '--count', '3'], ['--body', '"plain text"'], ['--body', '{"id":1}', '--body', '{"id":2}']],
  sns: [[], ['--body', '{"orderId":"o-7","status":"shipped"}', '--function', 'notify']],
  s3: [[], ['--body', '"reports/Q1 2026/naïve+plan (v2)~#?.pdf"']],
  eventbridge: [[], ['--body', '{"orderId":"o-7","nested":{"list":[1,2]}}']],
  schedule: [[], ['--function', 'nightly']],
  'dynamodb-stream': [['--count', '1'], ['--count', '3'], ['--body', '{"pk":"a-1","n":1.5,"ok":true,"none":null,"list":[1,"x"],"map":{"deep":{"s":"y"}}}', '--count', '3']],
  kinesis: [['--count', '1'], ['--count', '3'], ['--body', '{"sensor":"naïve","value":-1e-3}', '--count', '3'], ['--body', '"plain text"']],
  none: [['--body', '{"name":"Ada"}']],
};

const fileName = (args: readonly string[], index: number) => `${args.includes('--body') ? 'body' : 'default'}-${index}.json`;

describe('fresh sample events: every kind decodes strictly into its aws-lambda-go type, and its handler skeleton takes the default one', { timeout: 300_000 }, () => {
  let module = '';

  before(() => {
    module = scratchDir('fresh-events');
    writeFileSync(path.join(module, 'go.mod'), goModWithAwsLambdaGo('fresh'));
    for (const name of eventKinds) {
      // One handler each: none of these kinds is behind the API, whose type decides http's.
      const [handler, ...others] = handlersOf(triggerKinds[name]);
      assert.ok(handler && others.length === 0, name);
      const dir = path.join(module, name);
      mkdirSync(path.join(dir, 'fresh'), { recursive: true });
      copyFileSync(path.join(repoRoot, handler.folder, 'main.go'), path.join(dir, 'main.go'));
      writeFileSync(path.join(dir, 'fresh_test.go'), freshEventTest(handler.goEventType));
      for (const [index, args] of cases[name].entries()) {
        writeFileSync(path.join(dir, 'fresh', fileName(args, index)), fresh([name, ...args]).text);
      }
    }
  });

  it('names the kinds lib/triggers names, no more and no fewer, but those on the API\'s routes, whose events are requests (curl)', () => {
    const kinds = (Object.keys(triggerKinds) as TriggerKindName[]).filter((name) => !triggerKinds[name].routes);
    assert.deepEqual([...eventKinds].sort(), kinds.sort());
  });

  it("decode strictly, keep every field, and pass through each handler skeleton's handle", () => {
    const tests = run('go', ['test', '-count=1', '-v', './...'], module, goEnvironment());
    assert.equal(tests.status, 0, `${tests.stdout}${tests.stderr}`);
    assert.equal(tests.stdout.match(/^--- PASS: TestFreshEventsDecodeStrictly /gm)?.length, eventKinds.length, tests.stdout);
    for (const name of eventKinds) {
      for (const [index, args] of cases[name].entries()) {
        assert.ok(readFileSync(path.join(module, name, 'fresh', `${fileName(args, index)}.decoded`), 'utf8').length > 0, `${name} ${args.join(' ')} was decoded`);
      }
    }
  });

  it('is not blind: a field aws-lambda-go lacks fails it, at the top and under its own UnmarshalJSON (S3Object)', () => {
    const tampered = scratchDir('tampered-fresh');
    const sqs = fresh<{ Records: Record<string, unknown>[] }>(['sqs']).event;
    (sqs.Records[0] ?? assert.fail('no record')).madeUp = true;
    writeFileSync(path.join(tampered, 'body-sqs.json'), JSON.stringify(sqs));
    const refused = run('go', ['test', '-count=1', './sqs', '-args', `-fresh=${tampered}`], module, goEnvironment());
    assert.notEqual(refused.status, 0);
    assert.match(refused.stdout, /does not decode strictly into events\.SQSEvent: json: unknown field "madeUp"/);
    const s3 = fresh<{ Records: { s3: { object: Record<string, unknown> } }[] }>(['s3']).event;
    (s3.Records[0] ?? assert.fail('no record')).s3.object.madeUp = 'x';
    const s3Dir = scratchDir('tampered-fresh-s3');
    writeFileSync(path.join(s3Dir, 'body-s3.json'), JSON.stringify(s3));
    const lost = run('go', ['test', '-count=1', './s3', '-args', `-fresh=${s3Dir}`], module, goEnvironment());
    assert.notEqual(lost.status, 0);
    assert.match(lost.stdout, /events\.S3Event has no field \.Records\[\]\.s3\.object\.madeUp/);
  });

  it("S3: the key is URL-encoded as S3 does, and aws-lambda-go's decoding gives the key back", () => {
    const key = 'reports/Q1 2026/naïve+plan (v2)~#?.pdf';
    const given = JSON.parse(readFileSync(path.join(module, 's3', 'fresh', 'body-1.json'), 'utf8')) as S3Event;
    const decoded = JSON.parse(readFileSync(path.join(module, 's3', 'fresh', 'body-1.json.decoded'), 'utf8')) as { Records: { s3: { object: { urlDecodedKey: string } } }[] };
    const sent = given.Records[0]?.s3.object.key ?? assert.fail('no key');
    // Form-encoded, as S3's notifications are: a space is +, a + is %2B, the slashes are kept.
    assert.equal(sent, 'reports/Q1+2026/na%C3%AFve%2Bplan+%28v2%29%7E%23%3F.pdf');
    assert.equal(decoded.Records[0]?.s3.object.urlDecodedKey, key);
  });

  it('Kinesis: the data is the body, as aws-lambda-go reads it; a JSON string is sent as its text', () => {
    const kinesis = JSON.parse(readFileSync(path.join(module, 'kinesis', 'fresh', 'body-2.json.decoded'), 'utf8')) as { Records: { kinesis: { data: string } }[] };
    assert.equal(kinesis.Records.length, 3);
    for (const record of kinesis.Records) assert.equal(Buffer.from(record.kinesis.data, 'base64').toString('utf8'), '{"sensor":"naïve","value":-1e-3}');
    const plain = JSON.parse(readFileSync(path.join(module, 'kinesis', 'fresh', 'body-3.json.decoded'), 'utf8')) as { Records: { kinesis: { data: string } }[] };
    assert.equal(Buffer.from(plain.Records[0]?.kinesis.data ?? '', 'base64').toString('utf8'), 'plain text', 'a JSON string is sent as its text');
  });

  it("keeps each source's times as aws-lambda-go reads them: the instant the event was made", () => {
    // Go re-encodes time.Time as RFC 3339 and SecondsEpochTime as seconds: both are the instant the CLI wrote.
    const decoded = (kind: string, file: string) => JSON.parse(readFileSync(path.join(module, kind, 'fresh', `${file}.decoded`), 'utf8')) as Record<string, unknown>;
    const given = (kind: string, file: string) => JSON.parse(readFileSync(path.join(module, kind, 'fresh', file), 'utf8')) as Record<string, unknown>;
    const s3 = decoded('s3', 'default-0.json') as unknown as { Records: { eventTime: string }[] };
    assert.equal(Date.parse(s3.Records[0]?.eventTime ?? ''), Date.parse((given('s3', 'default-0.json') as unknown as S3Event).Records[0]?.eventTime ?? 'x'));
    const kinesis = decoded('kinesis', 'default-1.json') as unknown as { Records: { kinesis: { approximateArrivalTimestamp: number } }[] };
    const kinesisGiven = given('kinesis', 'default-1.json') as unknown as KinesisStreamEvent;
    for (const [index, record] of kinesis.Records.entries()) {
      assert.ok(Math.abs(record.kinesis.approximateArrivalTimestamp - (kinesisGiven.Records[index]?.kinesis.approximateArrivalTimestamp ?? 0)) < 0.001);
    }
    const dynamodb = decoded('dynamodb-stream', 'default-1.json') as unknown as { Records: { dynamodb: { ApproximateCreationDateTime: number } }[] };
    const dynamodbGiven = given('dynamodb-stream', 'default-1.json') as unknown as DynamoDBStreamEvent;
    assert.equal(dynamodb.Records[0]?.dynamodb.ApproximateCreationDateTime, dynamodbGiven.Records[0]?.dynamodb?.ApproximateCreationDateTime);
    const schedule = decoded('schedule', 'default-0.json') as { time: string };
    assert.equal(Date.parse(schedule.time), Date.parse((given('schedule', 'default-0.json') as { time: string }).time));
  });
});

describe('fresh sample events: what each source sends', () => {
  it('SQS: new message ids and receipt handles, md5OfBody of the body, epoch-millisecond times, received once', () => {
    const { event, from, to } = fresh<SQSEvent>(['sqs', '--count', '3', '--body', '{"id": 7, "note": "naïve ☃"}', '--function', 'worker']);
    const again = fresh<SQSEvent>(['sqs', '--count', '3']).event;
    assert.equal(event.Records.length, 3);
    const ids = [...event.Records, ...again.Records].map((record) => record.messageId);
    assert.equal(new Set(ids).size, 6, 'every message id is new');
    for (const id of ids) assert.match(id, uuid);
    assert.equal(new Set([...event.Records, ...again.Records].map((record) => record.receiptHandle)).size, 6);
    for (const record of event.Records) {
      assert.equal(record.body, '{"id": 7, "note": "naïve ☃"}', 'the body as given');
      assert.equal(record.md5OfBody, md5(record.body));
      assert.equal(record.attributes.ApproximateReceiveCount, '1');
      assert.match(record.attributes.SentTimestamp, /^\d{13}$/);
      within(Number(record.attributes.SentTimestamp), from, to);
      within(Number(record.attributes.ApproximateFirstReceiveTimestamp), from, to);
      assert.equal(record.eventSource, 'aws:sqs');
      assert.match(record.eventSourceARN, /^arn:aws:sqs:[a-z0-9-]+:\d{12}:worker[\w-]*$/);
      assert.match(record.receiptHandle, /^[A-Za-z0-9+/=]{40,}$/);
    }
    assert.deepEqual(again.Records.map((record) => record.body), ['{"id":1}', '{"id":2}', '{"id":3}'], 'without --body, the jobs the sqs handler skeleton takes');
    assert.deepEqual(fresh<SQSEvent>(['sqs', '--body', '"plain text"']).event.Records.map((record) => [record.body, record.md5OfBody]), [['plain text', md5('plain text')]]);
    assert.deepEqual(fresh<SQSEvent>(['sqs', '--body', '{"id":1}', '--body', '[2]']).event.Records.map((record) => record.body), ['{"id":1}', '[2]'], 'one message per --body');
  });

  it('SNS: one record, a new message id, an ISO time with milliseconds, the body as the message', () => {
    const { event, from, to } = fresh<SNSEvent>(['sns', '--body', '{"orderId":"o-7"}', '--function', 'notify']);
    assert.equal(event.Records.length, 1);
    const sns = event.Records[0]?.Sns ?? assert.fail('no record');
    assert.equal(sns.Message, '{"orderId":"o-7"}');
    assert.match(sns.MessageId, uuid);
    assert.notEqual(sns.MessageId, fresh<SNSEvent>(['sns']).event.Records[0]?.Sns.MessageId);
    assert.match(sns.Timestamp, isoWithMs);
    within(Date.parse(sns.Timestamp), from, to);
    assert.match(sns.TopicArn, /^arn:aws:sns:[a-z0-9-]+:\d{12}:notify[\w-]*$/);
    assert.ok(event.Records[0]?.EventSubscriptionArn.startsWith(`${sns.TopicArn}:`));
    assert.equal(event.Records[0]?.EventSource, 'aws:sns');
  });

  it('S3: one record, an ISO event time with milliseconds, the bucket ARN of its name', () => {
    const { event, from, to } = fresh<S3Event>(['s3', '--function', 'uploads']);
    const record = event.Records[0] ?? assert.fail('no record');
    assert.equal(event.Records.length, 1);
    assert.match(record.eventTime, isoWithMs);
    within(Date.parse(record.eventTime), from, to);
    assert.equal(record.s3.bucket.arn, `arn:aws:s3:::${record.s3.bucket.name}`);
    assert.match(record.s3.bucket.name, /^uploads/);
    assert.notEqual(decodeURIComponent(record.s3.object.key.replaceAll('+', ' ')), record.s3.object.key, 'the default key has something to decode');
    assert.notEqual(record.responseElements['x-amz-request-id'], fresh<S3Event>(['s3']).event.Records[0]?.responseElements['x-amz-request-id']);
  });

  it("EventBridge: a new id, the time in whole seconds as AWS writes it, the body as the detail, an event the kind's rule matches", () => {
    const { event, from, to } = fresh<EventBridgeEvent<string, unknown>>(['eventbridge', '--body', '{"orderId":"o-7","total":1}']);
    assert.deepEqual(event.detail, { orderId: 'o-7', total: 1 });
    assert.match(event.id, uuid);
    assert.notEqual(event.id, fresh<EventBridgeEvent<string, unknown>>(['eventbridge']).event.id);
    assert.match(event.time, isoWithoutMs);
    within(Date.parse(event.time), from, to, 1000);
    const pattern = triggerKinds.eventbridge.sam({ logicalId: 'Function', timeoutSeconds: 30 }).events.Orders?.Properties.Pattern as Record<string, string[]>;
    assert.ok(pattern.source?.includes(event.source) && pattern['detail-type']?.includes(event['detail-type']), JSON.stringify(pattern));
  });

  it('schedule: a Scheduled Event from aws.events naming its rule, the time in whole seconds, an empty detail', () => {
    const { event, from, to } = fresh<EventBridgeEvent<string, unknown>>(['schedule', '--function', 'nightly']);
    assert.deepEqual([event.source, event['detail-type'], event.detail], ['aws.events', 'Scheduled Event', {}]);
    assert.match(event.resources[0] ?? '', /^arn:aws:events:[a-z0-9-]+:\d{12}:rule\/nightly[\w.-]*$/);
    assert.match(event.time, isoWithoutMs);
    within(Date.parse(event.time), from, to, 1000);
  });

  it('DynamoDB: INSERTs whose new image is the body as attribute values, keyed by its first attribute, in sequence order', () => {
    const body = '{"pk":"a-1","n":1.5,"ok":true,"none":null,"list":[1,"x"],"map":{"deep":{"s":"y"}}}';
    const { event, from, to } = fresh<DynamoDBStreamEvent>(['dynamodb-stream', '--count', '3', '--body', body, '--function', 'orders']);
    assert.equal(event.Records.length, 3);
    const streamPattern = new RegExp(triggerKinds['dynamodb-stream'].sam({ logicalId: 'F', timeoutSeconds: 30 }).parameters.FStreamArn?.AllowedPattern ?? assert.fail('no pattern'));
    for (const record of event.Records) {
      assert.equal(record.eventName, 'INSERT');
      assert.match(record.eventID ?? '', /^[0-9a-f]{32}$/);
      assert.match(record.eventSourceARN ?? '', streamPattern);
      assert.match(record.eventSourceARN ?? '', /:table\/orders/);
      assert.deepEqual(record.dynamodb?.NewImage, {
        pk: { S: 'a-1' },
        n: { N: '1.5' },
        ok: { BOOL: true },
        none: { NULL: true },
        list: { L: [{ N: '1' }, { S: 'x' }] },
        map: { M: { deep: { M: { s: { S: 'y' } } } } },
      });
      assert.deepEqual(record.dynamodb?.Keys, { pk: { S: 'a-1' } });
      assert.equal(record.dynamodb?.OldImage, undefined);
      const created = record.dynamodb?.ApproximateCreationDateTime ?? assert.fail('no creation time');
      assert.ok(Number.isInteger(created), `${created} is whole seconds`);
      within(created * 1000, from, to, 1000);
    }
    const sequence = event.Records.map((record) => BigInt(record.dynamodb?.SequenceNumber ?? assert.fail('no sequence number')));
    assert.deepEqual(sequence, [...new Set(sequence)].sort((a, b) => (a < b ? -1 : 1)), 'unique and increasing');
    assert.equal(new Set([...event.Records, ...fresh<DynamoDBStreamEvent>(['dynamodb-stream', '--count', '3']).event.Records].map((record) => record.eventID)).size, 6);
  });

  it('Kinesis: the body base64-encoded as data, arrival times in epoch seconds with milliseconds, ids of shard and sequence number', () => {
    const { event, from, to } = fresh<KinesisStreamEvent>(['kinesis', '--count', '3', '--body', '{"sensor":"naïve"}', '--function', 'readings']);
    assert.equal(event.Records.length, 3);
    const streamPattern = new RegExp(triggerKinds.kinesis.sam({ logicalId: 'F', timeoutSeconds: 30 }).parameters.FStreamArn?.AllowedPattern ?? assert.fail('no pattern'));
    for (const record of event.Records) {
      assert.equal(record.kinesis.data, Buffer.from('{"sensor":"naïve"}').toString('base64'));
      assert.match(record.eventID, new RegExp(`^shardId-\\d{12}:${record.kinesis.sequenceNumber}$`));
      assert.match(record.kinesis.sequenceNumber, /^\d{56}$/);
      assert.match(record.eventSourceARN, streamPattern);
      assert.match(record.eventSourceARN, /:stream\/readings/);
      assert.match(String(record.kinesis.approximateArrivalTimestamp), /^\d{10}(\.\d{1,3})?$/);
      within(Math.round(record.kinesis.approximateArrivalTimestamp * 1000), from, to);
    }
    const sequence = event.Records.map((record) => BigInt(record.kinesis.sequenceNumber));
    assert.deepEqual(sequence, [...new Set(sequence)].sort((a, b) => (a < b ? -1 : 1)), 'unique and increasing');
  });

  it('none: an empty object, or the body as given', () => {
    assert.deepEqual(fresh<unknown>(['none']).event, {});
    assert.deepEqual(fresh<unknown>(['none', '--body', '{"name":"Ada","n":[1,2]}']).event, { name: 'Ada', n: [1, 2] });
    assert.deepEqual(fresh<unknown>(['none', '--body', '"text"']).event, 'text');
  });
});

describe('fresh sample events: bad input', () => {
  const refusals: readonly (readonly [readonly string[], RegExp])[] = [
    [[], /^kind: missing; expected one of sqs, sns, s3, eventbridge, schedule, dynamodb-stream, kinesis, none$/],
    [['sqz'], /^kind: "sqz" is not allowed; expected one of sqs, sns, /],
    [['sqs', '--count', '0'], /^--count: "0" is not allowed; expected a whole number from 1 to 10000$/],
    [['sqs', '--count', 'many'], /^--count: "many" is not allowed; expected a whole number from 1 to 10000$/],
    [['kinesis', '--count', '10001'], /^--count: "10001" is not allowed; expected a whole number from 1 to 10000$/],
    [['s3', '--count', '3'], /^--count: "3" is not allowed \(.*one record.*\); expected 1 for s3$/],
    [['sns', '--body', '1', '--body', '2'], /^--body: "2" is not allowed \(.*one record.*\); expected one --body for sns$/],
    [['sqs', '--body', '{id:1}'], /^--body: "\{id:1\}" is not allowed \(.+\); expected JSON/],
    [['sqs', '--body'], /^--body: no value; expected JSON/],
    [['schedule', '--body', '{}'], /^--body: "\{\}" is not allowed \(.+\); expected no --body for schedule$/],
    [['eventbridge', '--body', '[1]'], /^--body: "\[1\]" is not allowed; expected a JSON object, the event's detail$/],
    [['dynamodb-stream', '--body', '{}'], /^--body: "\{\}" is not allowed; expected a JSON object with at least one attribute/],
    [['s3', '--body', '{"key":"a"}'], /^--body: "\{\\"key\\":\\"a\\"\}" is not allowed; expected a JSON string, the object's key/],
    [['sqs', '--function', 'Bad_Name'], /^--function: "Bad_Name" is not allowed; expected lower-case letters, digits and inner hyphens/],
    [['sqs', '--bodies', '{}'], /^option: "--bodies" is not allowed; expected --body, --count or --function$/],
    [['sqs', '--body', '{"id":1}', '--body', '{"id":2}', '--count', '3'], /^--count: "3" is not allowed \(each --body is one record\); expected no --count with several --body$/],
    [['sqs', 'extra'], /^argument: "extra" is not allowed; expected one kind, then options$/],
  ];
  for (const [args, line] of refusals) {
    it(`refuses ${JSON.stringify(args.join(' '))} with one line, exit 2, nothing on stdout`, () => {
      const result = sampleEvents(args);
      assert.equal(result.status, 2, result.stderr);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr.split('\n').length, 2, `one line: ${result.stderr}`);
      assert.match(result.stderr.trimEnd(), line);
    });
  }

  it('cuts a long value short in its line', () => {
    const result = sampleEvents(['sqs', '--body', `{${'x'.repeat(5000)}`]);
    assert.equal(result.status, 2);
    assert.ok(result.stderr.length < 400, result.stderr);
  });
});
