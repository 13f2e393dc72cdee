/**
 * Every trigger kind, by name: the one place the kinds are listed. A kind lives
 * in its own folder (lib/triggers/<kind>/: kind.ts, main.go, main_test.go,
 * events/); adding one is a folder and a line here, no other kind changes.
 *
 * `http` is not here yet: today's generator writes the API Gateway function
 * from templates/go/payload-*, and moves here with the multi-function project.
 */
import { dynamodbStream } from './dynamodb-stream/kind.ts';
import { eventbridge } from './eventbridge/kind.ts';
import { kinesis } from './kinesis/kind.ts';
import { none } from './none/kind.ts';
import { s3 } from './s3/kind.ts';
import { schedule } from './schedule/kind.ts';
import { sns } from './sns/kind.ts';
import { sqs } from './sqs/kind.ts';
import type { TriggerKind } from './trigger-kind.ts';

export type { SamContext, SamPart, TemplateValue, TriggerKind } from './trigger-kind.ts';

export const triggerKinds = {
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
