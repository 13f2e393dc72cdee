/**
 * The `dynamodb-stream` trigger kind: a function that reads a DynamoDB table's
 * stream, the table's ARN given to the template as a parameter.
 */
import { streamSam, type TriggerKind } from '../trigger-kind.ts';

export const dynamodbStream: TriggerKind = {
  name: 'dynamodb-stream',
  summary: 'reads the changes of a DynamoDB table from its stream',
  folder: 'lib/triggers/dynamodb-stream',
  goEventType: 'events.DynamoDBEvent',
  samples: ['dynamodb-stream.json'],
  sam: ({ logicalId }) => streamSam('DynamoDB', logicalId, { description: "The ARN of the DynamoDB table's stream the function reads (the table's LatestStreamArn)", allowedPattern: '^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]+/stream/.+$' }),
};
