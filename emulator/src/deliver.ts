/**
 * `make send`: delivers records to a function as Lambda's pollers do, so that
 * a developer sees what a partial batch response does before AWS does it. The
 * records go in one batch event of the function's kind (sample-events.ts),
 * through the emulator's Lambda Invoke API (invoke-api.ts, which runs one
 * invocation at a time per RIE), and the answer is judged as Lambda judges it
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting,
 * https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html,
 * https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html):
 *
 * - No result, an empty one, or no batchItemFailures: every record succeeded.
 * - A function error, or a result that is no batch response (not JSON, not an
 *   object, an itemIdentifier missing, empty or not of the batch): every record failed.
 * - sqs: the messages named in batchItemFailures are delivered again, alone:
 *   the same message with a new receipt handle, received once more, until they
 *   succeed or have been received --max-receive-count times; SQS then moves
 *   them to the queue's dead-letter queue. Default 5, the maxReceiveCount of the
 *   queue the generator writes for an sqs function in AWS.
 * - kinesis, dynamodb-stream: a shard is read in order, so the batch is retried
 *   from the lowest sequence number reported, the records after it included,
 *   at most --maximum-retry-attempts times (each retry counts, wherever it
 *   starts); Lambda then skips them. Default 3, the template's MaximumRetryAttempts.
 *
 * Records are delivered again at once: SQS would wait for the queue's
 * visibility time-out, and Lambda backs off between a stream's retries.
 *
 * Usage: node src/deliver.ts --function NAME [--kind sqs|kinesis|dynamodb-stream]
 *          [--body JSON]... [--count N] [--max-receive-count N | --maximum-retry-attempts N]
 *          [--invoke-url http://127.0.0.1:PORT]
 * The Invoke API is at http://127.0.0.1:$INVOKE_PORT unless --invoke-url says
 * where. --body and --count make the records as `make event` does.
 * Exit status: 0 when every record was delivered; 1 when some were received
 * or retried as often as allowed and still failed; 2 for bad input, or when
 * the Invoke API refused or could not be reached (its one line on stderr).
 */
import { request } from 'node:http';
import type { DynamoDBRecord, KinesisStreamRecord, SQSRecord } from 'aws-lambda';
import { isMain, missing, oneOf, parseOptions, refuse, runScript, wholeNumber } from './cli.ts';
import { httpOrigin } from './config.ts';
import { invokePathPrefix, invokePathSuffix, maxInvocationPayloadBytes, settingNames } from './contract.ts';
import { describeError, isRecord, parseJson } from './responses.ts';
import {
  batchKinds,
  dynamodbRecords,
  isBatchKind,
  kinesisRecords,
  readFunctionName,
  redelivered,
  sampleOptionSpec,
  sampleOptions,
  sqsMessages,
  type BatchKind,
  type SampleOptions,
} from './sample-events.ts';

/** SQS's redrive policy takes a maxReceiveCount from 1 to 1000. */
const maxReceiveCountRange = [1, 1000] as const;
/** A stream's MaximumRetryAttempts, past -1 (for ever, which would never end here): 0 to 10000. */
const maxRetryAttemptsRange = [0, 10_000] as const;
/** The defaults: the values the generator gives each kind's event source in AWS (lib/triggers/<kind>/kind.ts); emulator/test/deliver.test.ts checks they agree. */
const defaultMaxReceiveCount = 5;
const defaultMaxRetryAttempts = 3;

/** What one invocation came to. */
export type Answer =
  /** The Invoke API answered 200: the function's result (undefined when longer than any Lambda result), and whether it is a function error. */
  | { readonly kind: 'answered'; readonly functionError: boolean; readonly result: string | undefined }
  /** The Invoke API refused, or could not be reached: nothing was judged. */
  | { readonly kind: 'refused'; readonly reason: string };

export type Invoke = (payload: string) => Promise<Answer>;

/** The most a result can be: RIE's limit on a synchronous result. A longer answer is no Lambda's. */
const maxResultBytes = maxInvocationPayloadBytes;

/** Lambda's Invoke action, RequestResponse, through the emulator's Invoke API at `base`. */
export function invokeApi(base: URL, functionName: string): Invoke {
  const target = new URL(`${invokePathPrefix}${encodeURIComponent(functionName)}${invokePathSuffix}`, base);
  return (payload) =>
    new Promise((resolve) => {
      let settled = false;
      const settle = (answer: Answer) => {
        if (!settled) resolve(answer);
        settled = true;
      };
      const unreachable = (error: NodeJS.ErrnoException) => settle({ kind: 'refused', reason: `cannot reach the Invoke API at ${base.origin}: ${error.code ?? error.message}` });
      const sent = request(target, { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } }, (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        // Past the limit the rest is read and dropped: the answer is judged by its size alone.
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= maxResultBytes) chunks.push(chunk);
        });
        response.on('error', unreachable);
        response.on('end', () => {
          const text = size <= maxResultBytes ? Buffer.concat(chunks).toString('utf8') : undefined;
          if (response.statusCode === 200) {
            settle({ kind: 'answered', functionError: response.headers['x-amz-function-error'] !== undefined, result: text });
            return;
          }
          // Lambda's error shape: the exception's name in x-amzn-ErrorType, {Type, message or Message} in the body.
          const parsed = text === undefined ? undefined : parseJson(text);
          const body = parsed && isRecord(parsed.value) ? parsed.value : {};
          const message = body.message ?? body.Message ?? (text ?? '').slice(0, 300);
          const name = response.headers['x-amzn-errortype'];
          settle({ kind: 'refused', reason: `the Invoke API answered ${response.statusCode}${typeof name === 'string' ? ` ${name}` : ''}: ${oneLine(String(message))}` });
        });
      });
      sent.on('error', unreachable);
      sent.end(payload);
    });
}

/** Text from the function or the Invoke API on one log line: white space runs as one space, cut short. */
const oneLine = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
};

/** What Lambda makes of an answer for its batch. */
type Verdict =
  | { readonly failed: 'none' }
  | { readonly failed: 'all'; readonly why: string }
  | { readonly failed: 'some'; readonly ids: readonly string[] };

/** Lambda's success and failure conditions for a partial batch response; `ids` are the batch's item identifiers. */
export function judge(answer: Extract<Answer, { kind: 'answered' }>, ids: readonly string[], idName: string): Verdict {
  const all = (why: string): Verdict => ({ failed: 'all', why });
  const notBatch = (why: string) => all(`not a batch response: ${why}`);
  if (answer.result === undefined) return notBatch(`over ${maxResultBytes} bytes, more than Lambda returns`);
  const parsed = parseJson(answer.result);
  if (answer.functionError) return all(`function error: ${oneLine((parsed && describeError(parsed.value)) ?? answer.result)}`);
  if (!parsed) return notBatch(`not JSON: ${JSON.stringify(answer.result.slice(0, 100))}`);
  const { value } = parsed;
  if (value === null) return { failed: 'none' };
  if (!isRecord(value)) return notBatch(`a JSON ${Array.isArray(value) ? 'array' : typeof value}, not an object with batchItemFailures`);
  const failures = value.batchItemFailures;
  if (failures === undefined || failures === null) return { failed: 'none' };
  if (!Array.isArray(failures)) return notBatch('batchItemFailures is not a list');
  const known = new Set(ids);
  const failed = new Set<string>();
  for (const [index, failure] of failures.entries()) {
    const at = `batchItemFailures[${index}]`;
    if (!isRecord(failure) || !('itemIdentifier' in failure)) return notBatch(`${at} has no itemIdentifier`);
    const id = failure.itemIdentifier;
    if (id === null || id === '') return notBatch(`${at}.itemIdentifier is empty`);
    if (typeof id !== 'string') return notBatch(`${at}.itemIdentifier is not a string`);
    if (!known.has(id)) return notBatch(`${at}.itemIdentifier ${JSON.stringify(id.slice(0, 80))} is no ${idName} of this batch`);
    failed.add(id);
  }
  return failed.size === 0 ? { failed: 'none' } : { failed: 'some', ids: [...failed] };
}

const plural = (count: number, singular: string, many = `${singular}s`) => `${count} ${count === 1 ? singular : many}`;

function ordinal(count: number): string {
  const tens = count % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][count % 10] ?? 'th');
  return `${count}${suffix}`;
}

/** The Invoke API refused: the one line for stderr, saying what was not delivered. */
export interface Stopped {
  readonly stopped: string;
}

const stopped = (reason: string, undelivered: number, noun: string): Stopped => ({ stopped: `stopped: ${reason}; ${plural(undelivered, noun)} not delivered` });

/** SQS: the failed messages, redelivered alone, until they succeed or have been received `maxReceives` times. */
async function sendMessages(fn: string, messages: readonly SQSRecord[], maxReceives: number, invoke: Invoke, out: (line: string) => void): Promise<number | Stopped> {
  out(`send: ${plural(messages.length, 'sqs message')} to ${fn}, each received at most ${plural(maxReceives, 'time')} (--max-receive-count)`);
  let batch = messages;
  const deadLettered: string[] = [];
  // Each message of a batch has been received as often as the others: they failed together until now.
  for (let receive = 1; batch.length > 0; receive++) {
    const answer = await invoke(JSON.stringify({ Records: batch }));
    if (answer.kind === 'refused') return stopped(answer.reason, batch.length, 'message');
    const verdict = judge(answer, batch.map((message) => message.messageId), 'message id');
    const failedIds = new Set(verdict.failed === 'all' ? batch.map((message) => message.messageId) : verdict.failed === 'some' ? verdict.ids : []);
    let outcome = 'all delivered';
    if (verdict.failed === 'all') outcome = `all failed (${verdict.why})`;
    if (verdict.failed === 'some') {
      const delivered = batch.length - failedIds.size;
      outcome = `${delivered > 0 ? `${delivered} delivered, ` : ''}${failedIds.size} failed (batchItemFailures): ${[...failedIds].join(', ')}`;
    }
    out(`${receive > 1 ? 'retry, ' : ''}receive ${receive} of ${maxReceives}: ${plural(batch.length, 'message')} → ${outcome}`);
    const failed = batch.filter((message) => failedIds.has(message.messageId));
    if (receive < maxReceives) {
      batch = failed.map(redelivered);
      continue;
    }
    for (const message of failed) {
      out(`dead-letter: ${message.messageId} failed its ${ordinal(receive)} receive; SQS moves it to the queue's dead-letter queue (maxReceiveCount ${maxReceives})`);
      deadLettered.push(message.messageId);
    }
    batch = [];
  }
  const total = plural(messages.length, 'message');
  if (deadLettered.length === 0) {
    out(`done: all ${total} delivered`);
    return 0;
  }
  out(`done: ${messages.length - deadLettered.length} of ${total} delivered; ${deadLettered.length} moved to the dead-letter queue`);
  return 1;
}

/** `record 2` or `records 2-3`, by position in the first batch (from 0 here, from 1 as shown). */
const span = (from: number, to: number) => (from === to ? `record ${from + 1}` : `records ${from + 1}-${to + 1}`);

/** A stream: the batch retried from its lowest failed sequence number, at most `maxRetries` times. */
async function sendRecords(
  fn: string,
  kind: BatchKind,
  records: readonly (KinesisStreamRecord | DynamoDBRecord)[],
  sequenceNumbers: readonly string[],
  maxRetries: number,
  invoke: Invoke,
  out: (line: string) => void,
): Promise<number | Stopped> {
  out(`send: ${plural(records.length, `${kind} record`)} to ${fn}; a failed batch is retried at most ${plural(maxRetries, 'time')} (--maximum-retry-attempts), from its first failed record`);
  const last = records.length - 1;
  let from = 0;
  let processed = records.length;
  for (let retry = 0; ; retry++) {
    const answer = await invoke(JSON.stringify({ Records: records.slice(from) }));
    if (answer.kind === 'refused') return stopped(answer.reason, records.length - from, 'record');
    const verdict = judge(answer, sequenceNumbers.slice(from), 'sequence number');
    const label = retry === 0 ? 'attempt 1' : `retry ${retry} of ${maxRetries}`;
    if (verdict.failed === 'none') {
      out(`${label}: ${span(from, last)} → all processed`);
      break;
    }
    let failedFrom = from;
    let outcome: string;
    if (verdict.failed === 'all') outcome = `all failed (${verdict.why})`;
    else {
      // Known sequence numbers of the batch (judge checked), so digits only.
      const lowest = verdict.ids.reduce((low, id) => (BigInt(id) < BigInt(low) ? id : low));
      failedFrom = sequenceNumbers.indexOf(lowest);
      outcome = `failed from record ${failedFrom + 1} (batchItemFailures: ${verdict.ids.join(', ')})`;
    }
    const retried = span(failedFrom, last);
    if (retry < maxRetries) {
      out(`${label}: ${span(from, last)} → ${outcome}; ${retried} ${failedFrom === last ? 'is' : 'are'} retried`);
      from = failedFrom;
      continue;
    }
    out(`${label}: ${span(from, last)} → ${outcome}`);
    const them = failedFrom === last ? 'it' : 'them';
    out(`skipped: ${retried}, from sequence number ${sequenceNumbers[failedFrom]}, still failed after ${plural(maxRetries, 'retry', 'retries')}; Lambda skips ${them} (MaximumRetryAttempts ${maxRetries}) and sends ${them} to the OnFailure destination if one is set`);
    processed = failedFrom;
    break;
  }
  const total = plural(records.length, 'record');
  if (processed === records.length) {
    out(`done: all ${total} processed`);
    return 0;
  }
  out(`done: ${processed} of ${total} processed; ${records.length - processed} skipped`);
  return 1;
}

/** The records of a delivery, made as `make event` makes them, and how each source identifies them in batchItemFailures. */
type Batch =
  | { readonly kind: 'sqs'; readonly messages: readonly SQSRecord[] }
  | { readonly kind: Exclude<BatchKind, 'sqs'>; readonly records: readonly (KinesisStreamRecord | DynamoDBRecord)[]; readonly sequenceNumbers: readonly string[] };

function batchOf(kind: BatchKind, options: SampleOptions): Batch {
  if (kind === 'sqs') return { kind, messages: sqsMessages(options) };
  if (kind === 'kinesis') {
    const records = kinesisRecords(options);
    return { kind, records, sequenceNumbers: records.map((record) => record.kinesis.sequenceNumber) };
  }
  const records = dynamodbRecords(options);
  return { kind, records, sequenceNumbers: records.map((record) => record.dynamodb?.SequenceNumber ?? '') };
}

interface Delivery {
  readonly functionName: string;
  readonly batch: Batch;
  /** SQS: how often a message is received at most. */
  readonly maxReceiveCount: number;
  /** The streams: how often a failed batch is retried at most. */
  readonly maxRetryAttempts: number;
}

/** Delivers, logging each invocation as one line to `out`; the exit status, or why it stopped. */
export function deliver(delivery: Delivery, invoke: Invoke, out: (line: string) => void): Promise<number | Stopped> {
  const { functionName: fn, batch } = delivery;
  if (batch.kind === 'sqs') return sendMessages(fn, batch.messages, delivery.maxReceiveCount, invoke, out);
  return sendRecords(fn, batch.kind, batch.records, batch.sequenceNumbers, delivery.maxRetryAttempts, invoke, out);
}

const invokeUrlRule = 'http://host:port';

/** Where the Invoke API is: --invoke-url, or 127.0.0.1 on INVOKE_PORT, as in the api container. */
function invokeBase(given: string | undefined, env: NodeJS.ProcessEnv): URL {
  if (given !== undefined) {
    return httpOrigin('--invoke-url', given, invokeUrlRule);
  }
  const name = settingNames.invokePort;
  const port = env[name];
  if (port === undefined || port === '') throw missing(name, "the port of the emulator's Lambda Invoke API, or --invoke-url http://127.0.0.1:PORT");
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) throw refuse(name, port, 'a port from 1 to 65535');
  return new URL(`http://127.0.0.1:${port}`);
}

const optionSpec = {
  ...sampleOptionSpec,
  '--function': { expected: 'the name of the function to send to' },
  '--kind': { expected: oneOf(batchKinds) },
  '--max-receive-count': { expected: `a whole number from ${maxReceiveCountRange[0]} to ${maxReceiveCountRange[1]}` },
  '--maximum-retry-attempts': { expected: `a whole number from ${maxRetryAttemptsRange[0]} to ${maxRetryAttemptsRange[1]}` },
  '--invoke-url': { expected: invokeUrlRule },
} as const;

/** The delivery the arguments ask for, its records made: every argument is checked before anything is sent. */
function readDelivery(args: readonly string[], env: NodeJS.ProcessEnv): { readonly delivery: Delivery; readonly invoke: Invoke } {
  const { options, positionals } = parseOptions(args, optionSpec);
  const one = (name: keyof typeof optionSpec) => options.get(name)?.[0];
  if (positionals[0] !== undefined) throw refuse('argument', positionals[0], 'options only');
  const fn = one('--function');
  if (fn === undefined) throw missing('--function', optionSpec['--function'].expected);
  const kind = one('--kind') ?? 'sqs';
  if (!isBatchKind(kind)) throw refuse('--kind', kind, `${oneOf(batchKinds)}, the sources Lambda polls in batches (make invoke sends one event of any kind)`);
  const receives = one('--max-receive-count');
  const retries = one('--maximum-retry-attempts');
  if (receives !== undefined && kind !== 'sqs') throw refuse('--max-receive-count', receives, `--maximum-retry-attempts for ${kind}`, "SQS's redrive setting; a stream retries a batch instead");
  if (retries !== undefined && kind === 'sqs') throw refuse('--maximum-retry-attempts', retries, '--max-receive-count for sqs', 'a stream setting; SQS counts each message\'s receives instead');
  const delivery: Delivery = {
    functionName: readFunctionName(fn),
    batch: batchOf(kind, sampleOptions(options)),
    maxReceiveCount: receives === undefined ? defaultMaxReceiveCount : wholeNumber('--max-receive-count', receives, ...maxReceiveCountRange),
    maxRetryAttempts: retries === undefined ? defaultMaxRetryAttempts : wholeNumber('--maximum-retry-attempts', retries, ...maxRetryAttemptsRange),
  };
  return { delivery, invoke: invokeApi(invokeBase(one('--invoke-url'), env), delivery.functionName) };
}

if (isMain(import.meta.url)) {
  await runScript(async () => {
    const { delivery, invoke } = readDelivery(process.argv.slice(2), process.env);
    const outcome = await deliver(delivery, invoke, (line) => process.stdout.write(`${line}\n`));
    if (typeof outcome === 'number') return outcome;
    process.stderr.write(`${outcome.stopped}\n`);
    return 2;
  });
}
