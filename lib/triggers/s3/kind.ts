/**
 * The `s3` trigger kind: a function invoked when objects are created in an S3
 * bucket the template makes for it.
 */
import type { TriggerKind } from '../trigger-kind.ts';

export const s3: TriggerKind = {
  name: 's3',
  summary: 'runs for each object created in an S3 bucket',
  folder: 'lib/triggers/s3',
  goEventType: 'events.S3Event',
  samples: ['s3.json'],
  sam: ({ logicalId }) => ({
    // SAM's S3 event needs the bucket in the same template: it adds the notification to the bucket resource.
    events: { Upload: { Type: 'S3', Properties: { Bucket: { Ref: `${logicalId}Bucket` }, Events: 's3:ObjectCreated:*' } } },
    resources: { [`${logicalId}Bucket`]: { Type: 'AWS::S3::Bucket' } },
    parameters: {},
  }),
};
