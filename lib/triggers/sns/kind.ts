/**
 * The `sns` trigger kind: a function subscribed to an SNS topic, invoked
 * asynchronously with each notification published to it.
 */
import type { TriggerKind } from '../trigger-kind.ts';

export const sns: TriggerKind = {
  name: 'sns',
  summary: 'receives each notification published to an SNS topic',
  folder: 'lib/triggers/sns',
  goEventType: 'events.SNSEvent',
  samples: ['sns.json'],
  sam: ({ logicalId }) => ({
    events: { Topic: { Type: 'SNS', Properties: { Topic: { Ref: `${logicalId}Topic` } } } },
    resources: { [`${logicalId}Topic`]: { Type: 'AWS::SNS::Topic' } },
    parameters: {},
  }),
};
