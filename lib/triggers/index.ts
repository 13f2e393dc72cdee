/**
 * Every trigger kind, by name: the one place the kinds are listed. A kind lives
 * in its own folder (lib/triggers/<kind>/: kind.ts, main.go, main_test.go,
 * events/; http has a handler per API type, in payload-<version>/); adding one
 * is a folder and a line here, no other kind changes.
 * Their order is the order the generator offers them in; `http` comes first, as
 * it is the default (defaultTriggerKind) and the kind of a 0.1 or 0.2 repo's function.
 */
import { dynamodbStream } from './dynamodb-stream/kind.ts';
import { eventbridge } from './eventbridge/kind.ts';
import { http } from './http/kind.ts';
import { kinesis } from './kinesis/kind.ts';
import { none } from './none/kind.ts';
import { s3 } from './s3/kind.ts';
import { schedule } from './schedule/kind.ts';
import { sns } from './sns/kind.ts';
import { sqs } from './sqs/kind.ts';
import type { TriggerKind } from './trigger-kind.ts';

export { handlerOf, handlersOf } from './trigger-kind.ts';
export type { Handler, HandlerFiles, SamContext, SamPart, TemplateValue, TriggerKind } from './trigger-kind.ts';

export const triggerKinds = {
  http,
  sqs,
  sns,
  s3,
  eventbridge,
  schedule,
  'dynamodb-stream': dynamodbStream,
  kinesis,
  none,
} as const satisfies Record<string, TriggerKind>;

export type TriggerKindName = keyof typeof triggerKinds;

/** The kind of a function nothing says the kind of: one added with --yes and no --trigger, and the app's own. */
export const defaultTriggerKind: TriggerKindName = 'http';
