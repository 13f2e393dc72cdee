/**
 * The trigger kinds' building blocks (lib/triggers), checked with the real
 * components: every handler skeleton is gofmt-clean, vets, builds and passes its
 * own table test against the real aws-lambda-go (module proxy); every sample
 * event decodes strictly into the type the handler takes, unknown fields
 * refused, even under aws-lambda-go's own UnmarshalJSON methods; every kind's
 * SAM part is valid against the official SAM schema in a minimal template.
 * http has a handler per API type (payload-1.0/, payload-2.0/), each held to
 * the same.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { APIGatewayProxyEventV2, DynamoDBStreamEvent, EventBridgeEvent, KinesisStreamEvent, S3Event, SNSEvent, SQSEvent } from 'aws-lambda';
import { payloadVersions } from '../emulator/src/contract.ts';
import dynamodbSample from '../lib/triggers/dynamodb-stream/events/dynamodb-stream.json' with { type: 'json' };
import eventbridgeSample from '../lib/triggers/eventbridge/events/eventbridge.json' with { type: 'json' };
import httpApiSample from '../lib/triggers/http/events/http-api-v2.json' with { type: 'json' };
import kinesisSample from '../lib/triggers/kinesis/events/kinesis.json' with { type: 'json' };
import s3Sample from '../lib/triggers/s3/events/s3.json' with { type: 'json' };
import scheduleSample from '../lib/triggers/schedule/events/schedule.json' with { type: 'json' };
import snsSample from '../lib/triggers/sns/events/sns.json' with { type: 'json' };
import sqsSample from '../lib/triggers/sqs/events/sqs.json' with { type: 'json' };
import { handlersOf, triggerKinds, type HandlerFiles, type SamPart, type TemplateValue, type TriggerKind } from '../lib/triggers/index.ts';
import { scheduleExpression } from '../lib/triggers/schedule/kind.ts';
import { run, samSchemaErrors } from './support/checks.ts';
import { repoRoot } from './support/generate.ts';
import { goEnvironment, goModWithAwsLambdaGo, goStrictDecoding } from './support/go-programs.ts';
import { scratchDir } from './support/scratch.ts';

/** A type with its string literals widened to string, as a JSON import's types are. */
type Widened<T> = T extends string ? string : T extends readonly (infer Item)[] ? Widened<Item>[] : T extends object ? { [K in keyof T]: Widened<T[K]> } : T;

/**
 * A second reading of AWS's shapes, independent of aws-lambda-go: the samples
 * against @types/aws-lambda's event types. Strict decoding refuses a field
 * aws-lambda-go does not know; this refuses a sample that lacks a field these
 * types require, or holds one of the wrong type. `npm run typecheck` checks it.
 */
const samplesAsTypesAwsLambdaReadsThem: readonly unknown[] = [
  // Not the REST API's: it has no requestContext.authorizer, which these types require.
  httpApiSample satisfies Widened<APIGatewayProxyEventV2>,
  sqsSample satisfies Widened<SQSEvent>,
  snsSample satisfies Widened<SNSEvent>,
  s3Sample satisfies Widened<S3Event>,
  eventbridgeSample satisfies Widened<EventBridgeEvent<string, unknown>>,
  scheduleSample satisfies Widened<EventBridgeEvent<string, unknown>>,
  dynamodbSample satisfies Widened<DynamoDBStreamEvent>,
  kinesisSample satisfies Widened<KinesisStreamEvent>,
];

const kinds: TriggerKind[] = Object.values(triggerKinds);
const folder = (kind: TriggerKind) => path.join(repoRoot, kind.folder);
const samplePath = (kind: TriggerKind, sample: string) => path.join(folder(kind), 'events', sample);
const readSample = (kind: TriggerKind, sample: string): unknown => JSON.parse(readFileSync(samplePath(kind, sample), 'utf8'));

/** Every handler skeleton, of every kind: its Go package in the test module is its folder under lib/triggers (sqs, http/payload-2.0). */
const handlers = kinds.flatMap((kind) => handlersOf(kind).map((handler) => ({ kind, handler, goPackage: path.posix.relative('lib/triggers', handler.folder) })));

/**
 * Fields AWS sends that aws-lambda-go's type for them does not declare, by the
 * type, as emulator/test/strict-events.test.ts lists them:
 * requestContext.identity.principalOrgId is in every REST API proxy event AWS
 * documents ("Input format of a Lambda function for proxy integration", the API
 * Gateway developer guide); APIGatewayRequestIdentity has no such field.
 */
const undeclaredFields: Readonly<Record<string, readonly string[]>> = { 'events.APIGatewayProxyRequest': ['requestContext.identity.principalOrgId'] };

/**
 * Types whose omitempty fields leave out a sample's null, false, 0 or "" when
 * encoded again (APIGatewayProxyRequest's isBase64Encoded and identity fields).
 * Only these may lose such a field on the round trip: for any other type, an
 * empty field that does not come back is one the type does not have.
 */
const omitsEmptyFields: ReadonlySet<string> = new Set(['events.APIGatewayProxyRequest']);

/**
 * A test added to each handler's package: its samples decoded with unknown fields
 * refused into the type `handle` takes. aws-lambda-go decodes some types with
 * an UnmarshalJSON of its own (S3Object, DynamoDBAttributeValue), which the
 * decoder's check does not reach; so every field of a sample must also come
 * back when the decoded event is encoded again (but, for the types of
 * omitsEmptyFields, one that is null, false, 0 or "").
 */
function strictSampleTest(kind: TriggerKind, handler: HandlerFiles): string {
  const samples = handler.samples.map((sample) => samplePath(kind, sample)).join('\n');
  const type = handler.goEventType;
  const undeclared = undeclaredFields[type] ?? [];
  return `package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"sort"
	"strings"
	"testing"
${type.startsWith('events.') ? '\n\t"github.com/aws/aws-lambda-go/events"\n' : ''})

var samples = flag.String("samples", ${JSON.stringify(samples)}, "the sample events to decode, one path a line")

${goStrictDecoding}

// zeros adds the path of every object field whose value is null, false, 0 or "": decoded, it is the
// type's zero value, which an omitempty field leaves out when encoded again; nothing is lost.
func zeros(value interface{}, at string, into map[string]bool) {
	switch v := value.(type) {
	case map[string]interface{}:
		for name, field := range v {
			switch field {
			case nil, false, float64(0), "":
				into[at+"."+name] = true
			}
			zeros(field, at+"."+name, into)
		}
	case []interface{}:
		for _, item := range v {
			zeros(item, at+"[]", into)
		}
	}
}

// undeclared are fields AWS sends that ${type} does not declare, taken out first.
var undeclared = []string{${undeclared.map((field) => JSON.stringify(field)).join(', ')}}

func withoutUndeclared(t *testing.T, path string, raw []byte) []byte {
	if len(undeclared) == 0 {
		return raw
	}
	var event map[string]interface{}
	if err := json.Unmarshal(raw, &event); err != nil {
		t.Fatal(err)
	}
	for _, field := range undeclared {
		parts := strings.Split(field, ".")
		object := event
		for _, part := range parts[:len(parts)-1] {
			object, _ = object[part].(map[string]interface{})
		}
		if _, ok := object[parts[len(parts)-1]]; !ok {
			t.Errorf("%s has no %s: take it off the undeclared fields", path, field)
		}
		delete(object, parts[len(parts)-1])
	}
	trimmed, err := json.Marshal(event)
	if err != nil {
		t.Fatal(err)
	}
	return trimmed
}

func TestSamplesDecodeStrictly(t *testing.T) {
	for _, path := range strings.Split(*samples, "\\n") {
		read, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		raw := withoutUndeclared(t, path, read)
		var sent interface{}
		if err := json.Unmarshal(raw, &sent); err != nil {
			t.Fatal(err)
		}
		zero := map[string]bool{}
		if ${omitsEmptyFields.has(type)} {
			zeros(sent, "", zero)
		}
		var event ${type}
		decodeStrictly(t, path, raw, &event, "${type}", zero)
	}
}
`;
}

/** `go` in `cwd` as the user's machine runs it, its status and output kept for the test to judge. */
function go(args: string[], cwd: string) {
  const result = spawnSync('go', args, { cwd, env: goEnvironment(), encoding: 'utf8' });
  if (result.error) throw new Error(`go could not run (${result.error.message}); the tests need Go 1.24 or newer`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('trigger kinds: the map', () => {
  it('names each kind by its own name, and each kind has its folder: its handler, main.go and main_test.go, and only the samples it lists', () => {
    for (const [name, kind] of Object.entries(triggerKinds)) {
      assert.equal(kind.name, name);
      assert.equal(kind.folder, `lib/triggers/${name}`);
      const handlerFolders = kind.payloads === undefined ? ['main.go', 'main_test.go'] : payloadVersions.map((payload) => `payload-${payload}`);
      assert.deepEqual(readdirSync(folder(kind)).sort(), ['events', 'kind.ts', ...handlerFolders].sort(), name);
      if (kind.payloads !== undefined) for (const handler of handlersOf(kind)) assert.deepEqual(readdirSync(path.join(repoRoot, handler.folder)).sort(), ['main.go', 'main_test.go'], handler.folder);
      const samples = handlersOf(kind).flatMap((handler) => handler.samples);
      assert.deepEqual(readdirSync(path.join(folder(kind), 'events')).sort(), [...samples].sort(), `${name}: events/ holds the samples kind.ts lists`);
      // http's keep the names 0.1 gave them, which its users' repos and Makefiles have.
      if (name !== 'http') for (const sample of samples) assert.match(sample, new RegExp(`^${name}[a-z0-9-]*\\.json$`), `${name}: events/<kind>*.json`);
    }
    assert.deepEqual(Object.keys(triggerKinds).sort(), ['dynamodb-stream', 'eventbridge', 'http', 'kinesis', 'none', 's3', 'schedule', 'sns', 'sqs']);
    assert.deepEqual(handlersOf(triggerKinds.http).map((handler) => handler.folder), ['lib/triggers/http/payload-1.0', 'lib/triggers/http/payload-2.0']);
  });

  it('has every file start with a comment saying why it exists', () => {
    // http's tests, generated as they were before this rule: a comment added would change every new repo's.
    const generatedAsBefore = new Set(payloadVersions.map((payload) => `http/payload-${payload}/main_test.go`));
    const files = readdirSync(path.join(repoRoot, 'lib/triggers'), { recursive: true, encoding: 'utf8' }).filter((file) => /\.(ts|go)$/.test(file));
    assert.ok(files.length >= 3 * kinds.length, `${files.length} files`);
    for (const file of files.filter((name) => !generatedAsBefore.has(name))) assert.match(readFileSync(path.join(repoRoot, 'lib/triggers', file), 'utf8'), /^(\/\*\*|\/\/ )/, file);
  });

  it("has each handler take the kind's event type: aws-lambda-go's for every AWS source", () => {
    for (const { kind, handler } of handlers) {
      const type = handler.goEventType.replace('.', '\\.');
      assert.match(readFileSync(path.join(repoRoot, handler.folder, 'main.go'), 'utf8'), new RegExp(`^func handle\\(\\w+ context\\.Context, \\w+ ${type}\\)`, 'm'), handler.folder);
      if (kind.name !== 'none') assert.match(handler.goEventType, /^events\.[A-Z]\w+(Event|Request)$/, handler.folder);
    }
  });
});

describe('trigger kinds: the Go handlers and samples, with the real aws-lambda-go', { timeout: 300_000 }, () => {
  let module = '';

  before(() => {
    // One module with a package per handler: one build of aws-lambda-go for all of them.
    module = scratchDir('triggers');
    writeFileSync(path.join(module, 'go.mod'), goModWithAwsLambdaGo('triggers'));
    for (const { kind, handler, goPackage } of handlers) {
      const dir = path.join(module, goPackage);
      mkdirSync(dir, { recursive: true });
      for (const file of ['main.go', 'main_test.go']) copyFileSync(path.join(repoRoot, handler.folder, file), path.join(dir, file));
      writeFileSync(path.join(dir, 'sample_strict_test.go'), strictSampleTest(kind, handler));
    }
  });

  it('are gofmt-clean', () => {
    const gofmt = run('gofmt', ['-l', '.'], path.join(repoRoot, 'lib/triggers'));
    assert.equal(gofmt.status, 0, gofmt.stderr);
    assert.equal(gofmt.stdout, '', 'gofmt has nothing to change');
  });

  it('build, vet clean, and pass their table tests; every sample decodes strictly into its type', () => {
    const vet = go(['vet', './...'], module);
    assert.equal(vet.status, 0, vet.output);
    const tests = go(['test', '-count=1', '-v', './...'], module);
    assert.equal(tests.status, 0, tests.output);
    for (const { goPackage } of handlers) assert.match(tests.output, new RegExp(`^ok\\s+triggers/${goPackage.replaceAll('.', '\\.')}\\s`, 'm'), `${goPackage} passes`);
    assert.equal(tests.output.match(/^--- PASS: TestSamplesDecodeStrictly /gm)?.length, handlers.length, 'every handler decoded its samples');
  });

  it("refuses a sample with a field the type does not have, at the top and under aws-lambda-go's own UnmarshalJSON", () => {
    const tampered = scratchDir('tampered-samples');
    const decode = (kind: TriggerKind, event: unknown) => {
      const file = path.join(tampered, `${kind.name}.json`);
      writeFileSync(file, JSON.stringify(event));
      return go(['test', '-count=1', '-run', '^TestSamplesDecodeStrictly$', `./${kind.name}`, '-args', `-samples=${file}`], module);
    };
    const sqs = structuredClone(readSample(triggerKinds.sqs, 'sqs.json')) as { Records: Record<string, unknown>[] };
    assert.ok(sqs.Records[0]);
    sqs.Records[0].madeUp = true;
    const refused = decode(triggerKinds.sqs, sqs);
    assert.notEqual(refused.status, 0);
    assert.match(refused.output, /does not decode strictly into events\.SQSEvent: json: unknown field "madeUp"/);

    // S3Object decodes itself with json.Unmarshal: only the round trip sees this one.
    const s3 = structuredClone(readSample(triggerKinds.s3, 's3.json')) as { Records: { s3: { object: Record<string, unknown> } }[] };
    assert.ok(s3.Records[0]);
    s3.Records[0].s3.object.madeUp = 'x';
    const lost = decode(triggerKinds.s3, s3);
    assert.notEqual(lost.status, 0);
    assert.match(lost.output, /events\.S3Event has no field \.Records\[\]\.s3\.object\.madeUp/);

    // An empty value is no excuse for a type without omitempty fields to drop it.
    delete s3.Records[0].s3.object.madeUp;
    s3.Records[0].s3.object.sequencr = '';
    const empty = decode(triggerKinds.s3, s3);
    assert.notEqual(empty.status, 0);
    assert.match(empty.output, /events\.S3Event has no field \.Records\[\]\.s3\.object\.sequencr/);
  });
});

describe('trigger kinds: samples follow what AWS sends', () => {
  it('SQS: md5OfBody and md5OfMessageAttributes are the digests SQS computes', () => {
    interface Message {
      body: string;
      md5OfBody: string;
      md5OfMessageAttributes: string;
      messageAttributes: Record<string, { dataType: string; stringValue: string }>;
      eventSourceARN: string;
    }
    const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');
    // SQS's digest of message attributes: per attribute, by name, each part length-prefixed (4 bytes, big-endian), transport 1 for String and Number.
    const field = (value: string) => {
      const bytes = Buffer.from(value, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      return Buffer.concat([length, bytes]);
    };
    for (const message of (readSample(triggerKinds.sqs, 'sqs.json') as { Records: Message[] }).Records) {
      assert.equal(message.md5OfBody, md5(Buffer.from(message.body)));
      const attributes = Object.keys(message.messageAttributes)
        .sort()
        .flatMap((name) => {
          const attribute = message.messageAttributes[name];
          assert.ok(attribute && ['String', 'Number'].includes(attribute.dataType));
          return [field(name), field(attribute.dataType), Buffer.from([1]), field(attribute.stringValue)];
        });
      assert.equal(message.md5OfMessageAttributes, md5(Buffer.concat(attributes)));
      assert.match(message.eventSourceARN, /^arn:aws:sqs:[a-z0-9-]+:\d{12}:[\w-]+$/);
    }
  });

  it('Kinesis: each eventID is the shard and the sequence number; the data is base64', () => {
    const { Records } = readSample(triggerKinds.kinesis, 'kinesis.json') as { Records: { eventID: string; eventSourceARN: string; kinesis: { sequenceNumber: string; data: string } }[] };
    for (const record of Records) {
      assert.match(record.eventID, new RegExp(`^shardId-\\d{12}:${record.kinesis.sequenceNumber}$`));
      assert.equal(Buffer.from(record.kinesis.data, 'base64').toString('base64'), record.kinesis.data);
      assert.match(record.eventSourceARN, /^arn:aws:kinesis:[a-z0-9-]+:\d{12}:stream\/[\w.-]+$/);
    }
  });

  it('DynamoDB: the stream ARN is a table stream, the changes are in sequence order, and a TTL removal says so', () => {
    const { Records } = readSample(triggerKinds['dynamodb-stream'], 'dynamodb-stream.json') as {
      Records: { eventName: string; eventSourceARN: string; userIdentity?: unknown; dynamodb: { SequenceNumber: string } }[];
    };
    assert.deepEqual(Records.map((record) => record.eventName), ['INSERT', 'MODIFY', 'REMOVE']);
    const sequence = Records.map((record) => BigInt(record.dynamodb.SequenceNumber));
    assert.deepEqual(sequence, [...sequence].sort((a, b) => (a < b ? -1 : 1)));
    for (const record of Records) assert.match(record.eventSourceARN, /^arn:aws:dynamodb:[a-z0-9-]+:\d{12}:table\/[\w.-]+\/stream\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
    assert.deepEqual(Records[2]?.userIdentity, { type: 'Service', principalId: 'dynamodb.amazonaws.com' });
  });

  it('S3: the sample key is URL-encoded, as S3 sends it', () => {
    const { Records } = readSample(triggerKinds.s3, 's3.json') as { Records: { s3: { object: { key: string }; bucket: { name: string; arn: string } } }[] };
    for (const { s3 } of Records) {
      assert.notEqual(decodeURIComponent(s3.object.key.replaceAll('+', ' ')), s3.object.key, 'a key the handler must decode');
      assert.equal(s3.bucket.arn, `arn:aws:s3:::${s3.bucket.name}`);
    }
  });

  it("DynamoDB and Kinesis: the samples' stream ARNs are ones the template's parameter accepts", () => {
    for (const name of ['dynamodb-stream', 'kinesis'] as const) {
      const kind = triggerKinds[name];
      const pattern = kind.sam({ logicalId: 'Function', timeoutSeconds: 30 }).parameters.FunctionStreamArn?.AllowedPattern ?? assert.fail(`${name}: no AllowedPattern`);
      const { Records } = readSample(kind, `${name}.json`) as { Records: { eventSourceARN: string }[] };
      for (const record of Records) assert.match(record.eventSourceARN, new RegExp(pattern), name);
      assert.doesNotMatch('arn:aws:sqs:us-east-1:123456789012:orders', new RegExp(pattern), `${name}: another service's ARN is refused`);
    }
  });

  it("schedule: the handler's interval is the template's rate", () => {
    const rate = /^rate\((\d+) minutes\)$/.exec(scheduleExpression)?.[1];
    const interval = /^const interval = (\d+) \* time\.Minute$/m.exec(readFileSync(path.join(folder(triggerKinds.schedule), 'main.go'), 'utf8'))?.[1];
    assert.ok(rate !== undefined && interval !== undefined, `${scheduleExpression}; interval ${interval}`);
    assert.equal(interval, rate);
  });

  it("EventBridge and schedule: each sample is an event its kind's rule lets through", () => {
    const pattern = triggerKinds.eventbridge.sam({ logicalId: 'Function', timeoutSeconds: 30 }).events.Orders?.Properties.Pattern as Record<string, string[]>;
    const event = readSample(triggerKinds.eventbridge, 'eventbridge.json') as Record<string, unknown>;
    assert.ok(pattern.source?.includes(event.source as string) && pattern['detail-type']?.includes(event['detail-type'] as string), JSON.stringify(pattern));
    const scheduled = readSample(triggerKinds.schedule, 'schedule.json') as Record<string, unknown>;
    assert.deepEqual([scheduled.source, scheduled['detail-type'], scheduled.detail], ['aws.events', 'Scheduled Event', {}]);
    assert.match((scheduled.resources as string[])[0] ?? '', /^arn:aws:events:[a-z0-9-]+:\d{12}:rule\/[\w.-]+$/);
  });
});

/** A minimal SAM template: one function, with a kind's SAM part. */
function templateWith(part: SamPart) {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Transform: 'AWS::Serverless-2016-10-31',
    ...(Object.keys(part.parameters).length > 0 ? { Parameters: part.parameters } : {}),
    Resources: {
      Function: {
        Type: 'AWS::Serverless::Function',
        Metadata: { BuildMethod: 'makefile' },
        Properties: { CodeUri: '.', Handler: 'bootstrap', Runtime: 'provided.al2023', Architectures: ['x86_64'], Timeout: 30, Events: part.events },
      },
      ...part.resources,
    },
  };
}

/** Every `Ref` and `Fn::GetAtt` target in a value. */
function references(value: TemplateValue | undefined): string[] {
  if (value === undefined || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((item: TemplateValue) => references(item));
  const object = value as { readonly [key: string]: TemplateValue };
  const ref = object.Ref;
  const getAtt = object['Fn::GetAtt'];
  if (typeof ref === 'string') return [ref];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return [getAtt[0]];
  return Object.values(object).flatMap((item) => references(item));
}

describe('trigger kinds: SAM', () => {
  for (const kind of kinds) {
    it(`${kind.name}: its part is valid against the SAM schema in a one-function template, and refers only to what it brings`, () => {
      const part = kind.sam({ logicalId: 'Function', timeoutSeconds: 30 });
      assert.deepEqual(samSchemaErrors(templateWith(part)), []);
      const defined = new Set([...Object.keys(part.parameters), ...Object.keys(part.resources)]);
      const used = [...Object.values(part.events), ...Object.values(part.resources)].flatMap((entry) => references(entry.Properties));
      for (const name of used) assert.ok(defined.has(name), `${kind.name} refers to ${name}, which it does not define`);
      // Two functions of one kind do not collide: every name it adds carries the function's.
      for (const name of defined) assert.match(name, /^Function/);
    });
  }

  it('has what issue 23 asks of each kind: partial batch responses, a queue, a bucket, an expression, a pattern, a topic, stream ARNs as parameters', () => {
    const part = (name: keyof typeof triggerKinds) => triggerKinds[name].sam({ logicalId: 'Worker', timeoutSeconds: 20 });
    const only = (name: keyof typeof triggerKinds) => {
      const events = Object.values(part(name).events);
      assert.equal(events.length, 1, name);
      return events[0] ?? assert.fail(name);
    };
    for (const name of ['sqs', 'dynamodb-stream', 'kinesis'] as const) assert.deepEqual(only(name).Properties.FunctionResponseTypes, ['ReportBatchItemFailures'], name);
    assert.equal(only('sqs').Type, 'SQS');
    assert.deepEqual(only('sqs').Properties.Queue, { 'Fn::GetAtt': ['WorkerQueue', 'Arn'] });
    assert.equal(part('sqs').resources.WorkerQueue?.Type, 'AWS::SQS::Queue');
    assert.equal(part('sqs').resources.WorkerQueue?.Properties?.VisibilityTimeout, 120, "six times the function's time-out");
    assert.equal(only('s3').Type, 'S3');
    assert.equal(part('s3').resources.WorkerBucket?.Type, 'AWS::S3::Bucket');
    assert.equal(only('schedule').Type, 'Schedule');
    assert.match(String(only('schedule').Properties.Schedule), /^(rate|cron)\(.+\)$/);
    assert.equal(only('eventbridge').Type, 'EventBridgeRule');
    assert.equal(only('sns').Type, 'SNS');
    assert.equal(part('sns').resources.WorkerTopic?.Type, 'AWS::SNS::Topic');
    assert.equal(only('dynamodb-stream').Type, 'DynamoDB');
    assert.deepEqual(only('dynamodb-stream').Properties.Stream, { Ref: 'WorkerStreamArn' });
    assert.equal(only('kinesis').Type, 'Kinesis');
    assert.deepEqual(only('kinesis').Properties.Stream, { Ref: 'WorkerStreamArn' });
    assert.deepEqual(part('none').events, {});
  });

  it("the schema catches a wrong event: the check is not blind to the kinds' parts", () => {
    const part = triggerKinds.sqs.sam({ logicalId: 'Function', timeoutSeconds: 30 });
    const queue = part.events.Queue ?? assert.fail('no Queue event');
    // The schema passes most event properties through unchecked, but refuses a name SAM does not know: a typo, here.
    const { FunctionResponseTypes, ...rest } = queue.Properties;
    const broken: SamPart = { ...part, events: { Queue: { Type: 'SQS', Properties: { ...rest, FunctionResponseType: FunctionResponseTypes ?? [] } } } };
    assert.ok(samSchemaErrors(templateWith(broken)).some((error) => error.includes('/Resources/Function/Properties/Events/Queue')), JSON.stringify(samSchemaErrors(templateWith(broken))));
  });
});
