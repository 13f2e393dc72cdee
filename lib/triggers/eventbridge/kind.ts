/**
 * The `eventbridge` trigger kind: a function an EventBridge rule on the default
 * event bus invokes with the events its pattern matches.
 */
import type { TriggerKind } from '../trigger-kind.ts';

export const eventbridge: TriggerKind = {
  name: 'eventbridge',
  summary: "receives the EventBridge events a rule's pattern matches",
  folder: 'lib/triggers/eventbridge',
  goEventType: 'events.EventBridgeEvent',
  samples: ['eventbridge.json'],
  sam: () => ({
    // The source and detail-type main.go decodes; events/eventbridge.json matches this pattern.
    events: { Orders: { Type: 'EventBridgeRule', Properties: { Pattern: { source: ['com.example.orders'], 'detail-type': ['Order Placed'] } } } },
    resources: {},
    parameters: {},
  }),
};
