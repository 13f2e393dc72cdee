/**
 * The `sqs` trigger kind: a function that drains an SQS queue, reporting the
 * messages it could not process so that only those are delivered again.
 */
import type { TriggerKind } from '../trigger-kind.ts';

export const sqs: TriggerKind = {
  name: 'sqs',
  summary: 'drains an SQS queue, a batch of messages at a time',
  folder: 'lib/triggers/sqs',
  goEventType: 'events.SQSEvent',
  samples: ['sqs.json'],
  sam: ({ logicalId, timeoutSeconds }) => ({
    events: {
      Queue: {
        Type: 'SQS',
        Properties: {
          Queue: { 'Fn::GetAtt': [`${logicalId}Queue`, 'Arn'] },
          BatchSize: 10,
          // Without it a returned batchItemFailures list is ignored and one bad message retries the whole batch.
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        },
      },
    },
    resources: {
      [`${logicalId}Queue`]: {
        Type: 'AWS::SQS::Queue',
        Properties: {
          // Lambda's advice: at least six times the function's time-out, or a message still being processed is delivered again.
          VisibilityTimeout: 6 * timeoutSeconds,
          RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [`${logicalId}DeadLetterQueue`, 'Arn'] }, maxReceiveCount: 5 },
        },
      },
      // Where a message goes after five failed deliveries, kept as long as SQS allows (14 days) for a look and a redrive.
      [`${logicalId}DeadLetterQueue`]: { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 1_209_600 } },
    },
    parameters: {},
  }),
};
