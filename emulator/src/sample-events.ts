/**
 * A fresh event for each trigger kind, as its AWS source sends it: new ids, the
 * current time in the source's own format, and the body where the source puts
 * it. `make event` prints one, as `sam local generate-event` does, and
 * `make send` (deliver.ts) wraps messages in a batch with it. The shapes are
 * those of lib/triggers/<kind>/events/*.json in the generator;
 * emulator/test/sample-events.test.ts decodes what this writes strictly into
 * aws-lambda-go's types.
 *
 * Usage: node src/sample-events.ts <kind> [--body JSON]... [--count N] [--function NAME]
 *
 * --body is JSON; a JSON string stands for its text ('"hello"' sends hello).
 * Each source puts it where it carries a payload:
 *   sqs              each message's body (md5OfBody is its digest)
 *   sns              the message
 *   s3               the object's key, a JSON string, URL-encoded as S3 sends keys
 *   eventbridge      the detail, a JSON object
 *   schedule         nowhere: a scheduled event's detail is always {}
 *   dynamodb-stream  the new image of an INSERT: a JSON object, each value the
 *                    attribute value the AWS SDKs' marshall() makes of it (a
 *                    string S, a number N, true/false BOOL, null NULL, a list L,
 *                    an object M); its first attribute, a string or a number, is the key
 *   kinesis          each record's data, base64-encoded
 *   none             the event itself
 * Without --body, each AWS source's event holds what its kind's handler
 * skeleton processes, and none is {}, what Lambda passes when an invocation
 * has no payload. --count N makes N records of the body (sqs, kinesis and
 * dynamodb-stream, the sources that send batches); --body given more than
 * once is one record each.
 * --function names the queue, topic, bucket, rule, table or stream after the function.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { AttributeValue, DynamoDBRecord, EventBridgeEvent, KinesisStreamRecord, S3EventRecord, SNSEventRecord, SQSRecord } from 'aws-lambda';
import { isMain, missing, parseOptions, refuse, runScript, wholeNumber } from './cli.ts';
import { functionNamePattern, functionNameRule, singleFunctionName } from './contract.ts';
import { accountId } from './events.ts';
import { isRecord, parseJson } from './responses.ts';

/** lib/triggers/index.ts's kinds, which the copied emulator cannot import; emulator/test/sample-events.test.ts checks they agree. */
export const eventKinds = ['sqs', 'sns', 's3', 'eventbridge', 'schedule', 'dynamodb-stream', 'kinesis', 'none'] as const;
export type EventKind = (typeof eventKinds)[number];
const isEventKind = (value: string): value is EventKind => (eventKinds as readonly string[]).includes(value);

/** The sources Lambda polls, whose events carry a batch of records. */
export const batchKinds = ['sqs', 'kinesis', 'dynamodb-stream'] as const;
export type BatchKind = (typeof batchKinds)[number];
export const isBatchKind = (value: string): value is BatchKind => (batchKinds as readonly string[]).includes(value);

/** The most records an event holds here: Lambda's largest batch size for these sources. */
const maxRecords = 10_000;

/** Why each of the other kinds' events hold one record. */
const oneRecordOnly: Readonly<Record<Exclude<EventKind, BatchKind>, string>> = {
  sns: 'SNS sends one record per invocation',
  s3: 'S3 sends one record per notification',
  eventbridge: 'EventBridge sends one event per invocation, not a batch',
  schedule: 'EventBridge sends one event per invocation, not a batch',
  none: 'a direct invocation takes one event',
};

// The region the samples name; deployed, each source names its own.
const region = 'us-east-1';

/** A --body: its text as given, and the JSON value it is. */
export interface Body {
  readonly text: string;
  readonly value: unknown;
}

const bodyRule = `JSON, e.g. '{"id":1}', or a JSON string for plain text ('"hello"')`;

function parseBody(text: string): Body {
  const parsed = parseJson(text);
  if (!parsed) throw refuse('--body', text, bodyRule, 'not JSON');
  return { text, value: parsed.value };
}

/** The text a source carries for a body: a JSON string's own text, any other JSON as given. */
const textOf = (body: Body): string => (typeof body.value === 'string' ? body.value : body.text);

export interface SampleOptions {
  /** One record each; none for the kind's own. */
  readonly bodies?: readonly Body[];
  /** How many records of the one body (or the kind's own); 1 unless set. */
  readonly count?: number;
  /** Names the queue, topic, bucket, rule, table or stream; `lambda` (the one function of a repo) unless set. */
  readonly functionName?: string;
  readonly now?: Date;
  /** The region a scheduled event and its rule's ARN name (the other kinds name us-east-1); us-east-1 unless set. */
  readonly region?: string;
}

/** What every record of one event shares: the function it is for and the time it was made. */
interface Made {
  readonly fn: string;
  readonly now: Date;
}

const made = (options: SampleOptions): Made => ({ fn: options.functionName ?? singleFunctionName, now: options.now ?? new Date() });

/** The body of each record to make (undefined: the kind's own for that record), after the count and body rules. */
function recordBodies(kind: EventKind, options: SampleOptions): readonly (Body | undefined)[] {
  const bodies = options.bodies ?? [];
  const single = isBatchKind(kind) ? undefined : oneRecordOnly[kind];
  if (bodies.length > 1) {
    if (single) throw refuse('--body', bodies[1]?.text ?? '', `one --body for ${kind}`, single);
    if (options.count !== undefined) throw refuse('--count', String(options.count), 'no --count with several --body', 'each --body is one record');
    return bodies;
  }
  const count = options.count ?? 1;
  if (single && count !== 1) throw refuse('--count', String(count), `1 for ${kind}`, single);
  return Array.from({ length: count }, () => bodies[0]);
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
const randomDigits = (length: number) => Array.from(randomBytes(length), (byte) => String(byte % 10)).join('');
/** A time as EventBridge writes it: ISO 8601, to the second. */
export const isoSeconds = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

/**
 * Increasing sequence numbers of `digits` digits, as a shard or a stream gives
 * its records: `prefix`, a 0 (so that no count of records can carry into one
 * more digit), random digits to start from, and a step between records.
 */
function sequenceNumbers(prefix: string, digits: number, count: number): string[] {
  const start = BigInt(`${prefix}0${randomDigits(digits - prefix.length - 1)}`);
  const step = 10n ** BigInt(digits - prefix.length - 6);
  return Array.from({ length: count }, (_, index) => String(start + BigInt(index) * step));
}

/** SQS's receipt handles are opaque, and new at each receive. */
const receiptHandle = () => `AQEB${randomBytes(120).toString('base64')}`;

function sqsMessage(body: string, at: Made): SQSRecord {
  const sent = String(at.now.getTime());
  return {
    messageId: randomUUID(),
    receiptHandle: receiptHandle(),
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: sent,
      // The unique id of an IAM user who sent it; not a real one.
      SenderId: 'AIDAEXAMPLELOCAL7SEND',
      ApproximateFirstReceiveTimestamp: sent,
    },
    // A message sent without attributes: SQS then gives no md5OfMessageAttributes.
    messageAttributes: {},
    md5OfBody: md5(body),
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${region}:${accountId}:${at.fn}-queue`,
    awsRegion: region,
  };
}

/** SQS messages, without --body the jobs the sqs handler skeleton takes: {"id":1}, {"id":2}… */
export function sqsMessages(options: SampleOptions = {}): SQSRecord[] {
  const at = made(options);
  return recordBodies('sqs', options).map((body, index) => sqsMessage(body ? textOf(body) : JSON.stringify({ id: index + 1 }), at));
}

/** The message as SQS delivers it again: the same message, a new receipt handle, received once more. */
export function redelivered(message: SQSRecord): SQSRecord {
  const receives = Number(message.attributes.ApproximateReceiveCount) + 1;
  return { ...message, receiptHandle: receiptHandle(), attributes: { ...message.attributes, ApproximateReceiveCount: String(receives) } };
}

function snsRecord(body: Body | undefined, at: Made): SNSEventRecord {
  const topicArn = `arn:aws:sns:${region}:${accountId}:${at.fn}-topic`;
  const subscriptionArn = `${topicArn}:${randomUUID()}`;
  return {
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: subscriptionArn,
    Sns: {
      Type: 'Notification',
      MessageId: randomUUID(),
      TopicArn: topicArn,
      Message: body ? textOf(body) : JSON.stringify({ orderId: 'o-1001', status: 'shipped' }),
      Timestamp: at.now.toISOString(),
      SignatureVersion: '1',
      // Nothing signs a local message: random bytes as long as SNS's RSA signature, and its certificate's address.
      Signature: randomBytes(256).toString('base64'),
      SigningCertUrl: `https://sns.${region}.amazonaws.com/SimpleNotificationService-b04863943c466bffc4832b6d462560b0.pem`,
      UnsubscribeUrl: `https://sns.${region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
      MessageAttributes: {},
    },
  };
}

/** S3 sends keys form-URL-encoded (a space as +, a + as %2B), the slashes as they are. */
const encodeKey = (key: string) => key.split('/').map((part) => new URLSearchParams({ k: part }).toString().slice('k='.length)).join('/');

const objectKeyRule = `a JSON string, the object's key, e.g. '"uploads/report 1.csv"' (at most 1024 bytes)`;

function s3Record(body: Body | undefined, at: Made): S3EventRecord {
  const key = body === undefined ? 'invoices/March 2026 (2).pdf' : body.value;
  if (typeof key !== 'string' || key === '' || Buffer.byteLength(key) > 1024) throw refuse('--body', body?.text ?? '', objectKeyRule);
  const bucket = `${at.fn}-bucket`;
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: region,
    eventTime: at.now.toISOString(),
    eventName: 'ObjectCreated:Put',
    // Who uploaded it, and the bucket's owner: not real ones.
    userIdentity: { principalId: 'AWS:AIDAEXAMPLELOCAL7UPLD' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(), 'x-amz-id-2': randomBytes(48).toString('base64') },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: `${at.fn}-object-created`,
      bucket: { name: bucket, ownerIdentity: { principalId: 'A1EXAMPLELOCAL7OWNR' }, arn: `arn:aws:s3:::${bucket}` },
      object: {
        key: encodeKey(key),
        // The event names an object that is not there: a size and an entity tag for it.
        size: 1024,
        eTag: randomBytes(16).toString('hex'),
        // S3 orders the events of one key by this: hex of the time, growing with it.
        sequencer: (BigInt(at.now.getTime()) * 1_000_000n).toString(16).toUpperCase().padStart(18, '0'),
      },
    },
  };
}

/** The source and detail-type of the eventbridge kind's rule pattern and handler skeleton. */
const orderPlaced = { source: 'com.example.orders', detailType: 'Order Placed' } as const;

function eventBridgeEvent(body: Body | undefined, at: Made): EventBridgeEvent<string, unknown> {
  const detail = body === undefined ? { orderId: 'o-1001', customerId: 'c-2417', total: 59.9, currency: 'EUR' } : body.value;
  if (!isRecord(detail)) throw refuse('--body', body?.text ?? '', "a JSON object, the event's detail");
  return { version: '0', id: randomUUID(), 'detail-type': orderPlaced.detailType, source: orderPlaced.source, account: accountId, time: isoSeconds(at.now), region, resources: [], detail };
}

/** The event an EventBridge schedule sends: its rule's ARN, and always an empty detail. */
export function scheduledEvent(options: SampleOptions = {}): EventBridgeEvent<'Scheduled Event', Record<string, never>> {
  const at = made(options);
  const body = options.bodies?.[0];
  if (body) throw refuse('--body', body.text, 'no --body for schedule', "a scheduled event's detail is always {}");
  recordBodies('schedule', options);
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: accountId,
    time: isoSeconds(at.now),
    region: options.region ?? region,
    resources: [`arn:aws:events:${options.region ?? region}:${accountId}:rule/${at.fn}-schedule`],
    detail: {},
  };
}

/** A JSON value as the AWS SDKs' marshall() writes it for DynamoDB. */
function attributeValue(value: unknown): AttributeValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(attributeValue) };
  if (isRecord(value)) return { M: Object.fromEntries(Object.entries(value).map(([name, item]) => [name, attributeValue(item)])) };
  return { NULL: true };
}

const itemRule = 'a JSON object with at least one attribute, the new item, its first attribute (a string or a number) the key';

/** INSERTs into the function's table, without --body the orders the dynamodb-stream handler skeleton takes. */
export function dynamodbRecords(options: SampleOptions = {}): DynamoDBRecord[] {
  const at = made(options);
  const bodies = recordBodies('dynamodb-stream', options);
  const sequence = sequenceNumbers('1', 22, bodies.length);
  // A stream's label is the time it was made; here, the time of the event.
  const streamArn = `arn:aws:dynamodb:${region}:${accountId}:table/${at.fn}-table/stream/${at.now.toISOString().slice(0, -1)}`;
  return bodies.map((body, index) => {
    const item = body === undefined ? { orderId: `o-${1001 + index}`, status: 'placed' } : body.value;
    const [key] = isRecord(item) ? Object.entries(item) : [];
    if (!isRecord(item) || !key || (typeof key[1] !== 'string' && typeof key[1] !== 'number')) throw refuse('--body', body?.text ?? '', itemRule);
    const NewImage = Object.fromEntries(Object.entries(item).map(([name, value]) => [name, attributeValue(value)]));
    const Keys = { [key[0]]: attributeValue(key[1]) };
    return {
      eventID: randomBytes(16).toString('hex'),
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: region,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(at.now.getTime() / 1000),
        Keys,
        NewImage,
        SequenceNumber: sequence[index] ?? '',
        // The record's size, near enough: its keys and image as JSON.
        SizeBytes: Buffer.byteLength(JSON.stringify({ Keys, NewImage })),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: streamArn,
    };
  });
}

/** Records of one shard of the function's stream, without --body the readings the kinesis handler skeleton takes. */
export function kinesisRecords(options: SampleOptions = {}): KinesisStreamRecord[] {
  const at = made(options);
  const bodies = recordBodies('kinesis', options);
  const sequence = sequenceNumbers('49', 56, bodies.length);
  return bodies.map((body, index) => {
    const sequenceNumber = sequence[index] ?? '';
    const data = body ? textOf(body) : JSON.stringify({ sensor: `t-${index + 1}`, value: 21.5 });
    return {
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: randomUUID(),
        sequenceNumber,
        data: Buffer.from(data, 'utf8').toString('base64'),
        // Epoch seconds, to the millisecond.
        approximateArrivalTimestamp: at.now.getTime() / 1000,
      },
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `shardId-000000000000:${sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: `arn:aws:iam::${accountId}:role/${at.fn}-role`,
      awsRegion: region,
      eventSourceARN: `arn:aws:kinesis:${region}:${accountId}:stream/${at.fn}-stream`,
    };
  });
}

/** A fresh event of `kind`. */
function sampleEvent(kind: EventKind, options: SampleOptions = {}): unknown {
  switch (kind) {
    case 'sqs':
      return { Records: sqsMessages(options) };
    case 'kinesis':
      return { Records: kinesisRecords(options) };
    case 'dynamodb-stream':
      return { Records: dynamodbRecords(options) };
    case 'schedule':
      return scheduledEvent(options);
    default: {
      const [body] = recordBodies(kind, options);
      const at = made(options);
      if (kind === 'sns') return { Records: [snsRecord(body, at)] };
      if (kind === 's3') return { Records: [s3Record(body, at)] };
      if (kind === 'eventbridge') return eventBridgeEvent(body, at);
      return body === undefined ? {} : body.value;
    }
  }
}

const countRule = `a whole number from 1 to ${maxRecords}`;

export function readFunctionName(text: string): string {
  if (!functionNamePattern.test(text)) throw refuse('--function', text, functionNameRule);
  return text;
}

/** The options of a sample: --body (each), --count and --function, read and checked. */
export function sampleOptions(options: ReadonlyMap<string, readonly string[]>): SampleOptions {
  const count = options.get('--count')?.[0];
  const functionName = options.get('--function')?.[0];
  return {
    bodies: (options.get('--body') ?? []).map(parseBody),
    ...(count === undefined ? {} : { count: wholeNumber('--count', count, 1, maxRecords) }),
    ...(functionName === undefined ? {} : { functionName: readFunctionName(functionName) }),
  };
}

export const sampleOptionSpec = {
  '--body': { expected: bodyRule, repeatable: true },
  '--count': { expected: countRule },
  '--function': { expected: functionNameRule },
} as const;

if (isMain(import.meta.url)) {
  await runScript(() => {
    const { options, positionals } = parseOptions(process.argv.slice(2), sampleOptionSpec);
    const kinds = `one of ${eventKinds.join(', ')}`;
    const [kind, extra] = positionals;
    if (kind === undefined) throw missing('kind', kinds);
    if (!isEventKind(kind)) throw refuse('kind', kind, kinds);
    if (extra !== undefined) throw refuse('argument', extra, 'one kind, then options');
    const event = sampleEvent(kind, sampleOptions(options));
    process.stdout.write(`${JSON.stringify(event, null, 2)}\n`);
    return 0;
  });
}
