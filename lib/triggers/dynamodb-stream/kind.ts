/**
 * The `dynamodb-stream` trigger kind: a function that reads a DynamoDB table's
 * stream, the table's ARN given to the template as a parameter.
 */
import type { TriggerKind } from '../trigger-kind.ts';

export const dynamodbStream: TriggerKind = {
  name: 'dynamodb-stream',
  summary: 'reads the changes of a DynamoDB table from its stream',
  folder: 'lib/triggers/dynamodb-stream',
  goEventType: 'events.DynamoDBEvent',
  samples: ['dynamodb-stream.json'],
  sam: ({ logicalId }) => ({
    events: {
      Stream: {
        Type: 'DynamoDB',
        Properties: {
          Stream: { Ref: `${logicalId}StreamArn` },
          StartingPosition: 'TRIM_HORIZON',
          BatchSize: 100,
          // Without it a returned batchItemFailures list is ignored and one bad change retries the whole batch.
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          // A change that keeps failing blocks its shard: skip it after 3 retries rather than retry until it expires (add a DestinationConfig OnFailure to keep what is skipped).
          MaximumRetryAttempts: 3,
        },
      },
    },
    resources: {},
    parameters: {
      [`${logicalId}StreamArn`]: {
        Type: 'String',
        Description: "The ARN of the DynamoDB table's stream the function reads (the table's LatestStreamArn)",
        AllowedPattern: '^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]+/stream/.+$',
      },
    },
  }),
};
