/**
 * The `kinesis` trigger kind: a function that reads a Kinesis data stream, the
 * stream's ARN given to the template as a parameter.
 */
import type { TriggerKind } from '../trigger-kind.ts';

export const kinesis: TriggerKind = {
  name: 'kinesis',
  summary: 'reads the records of a Kinesis data stream',
  folder: 'lib/triggers/kinesis',
  goEventType: 'events.KinesisEvent',
  samples: ['kinesis.json'],
  sam: ({ logicalId }) => ({
    events: {
      Stream: {
        Type: 'Kinesis',
        Properties: {
          Stream: { Ref: `${logicalId}StreamArn` },
          StartingPosition: 'TRIM_HORIZON',
          BatchSize: 100,
          // Without it a returned batchItemFailures list is ignored and one bad record retries the whole batch.
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          // A record that keeps failing blocks its shard: skip it after 3 retries rather than retry until it expires (add a DestinationConfig OnFailure to keep what is skipped).
          MaximumRetryAttempts: 3,
        },
      },
    },
    resources: {},
    parameters: {
      [`${logicalId}StreamArn`]: {
        Type: 'String',
        Description: 'The ARN of the Kinesis data stream the function reads',
        AllowedPattern: '^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:[0-9]{12}:stream/[A-Za-z0-9_.-]+$',
      },
    },
  }),
};
