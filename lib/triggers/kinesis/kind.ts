/**
 * The `kinesis` trigger kind: a function that reads a Kinesis data stream, the
 * stream's ARN given to the template as a parameter.
 */
import { streamSam, type TriggerKind } from '../trigger-kind.ts';

export const kinesis: TriggerKind = {
  name: 'kinesis',
  summary: 'reads the records of a Kinesis data stream',
  folder: 'lib/triggers/kinesis',
  goEventType: 'events.KinesisEvent',
  samples: ['kinesis.json'],
  sam: ({ logicalId }) => streamSam('Kinesis', logicalId, { description: 'The ARN of the Kinesis data stream the function reads', allowedPattern: '^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:[0-9]{12}:stream/[A-Za-z0-9_.-]+$' }),
};
