/**
 * The `none` trigger kind: a function invoked directly through the Lambda
 * Invoke API, with a payload of its own shape; template.yaml gives it no event.
 */
import type { TriggerKind } from '../trigger-kind.ts';

export const none: TriggerKind = {
  name: 'none',
  summary: 'invoked directly (aws lambda invoke, an SDK, Step Functions), no trigger',
  folder: 'lib/triggers/none',
  // Its own type in main.go: no AWS service shapes the payload.
  goEventType: 'request',
  samples: ['none.json'],
  sam: () => ({ events: {}, resources: {}, parameters: {} }),
};
