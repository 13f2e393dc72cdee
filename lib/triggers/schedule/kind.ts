/**
 * The `schedule` trigger kind: a function an EventBridge rule invokes on a
 * rate() or cron() expression, with the "Scheduled Event" shape.
 */
import type { TriggerKind } from '../trigger-kind.ts';

/** The expression main.go's interval matches. */
export const scheduleExpression = 'rate(5 minutes)';

export const schedule: TriggerKind = {
  name: 'schedule',
  summary: 'runs on a rate() or cron() schedule',
  folder: 'lib/triggers/schedule',
  goEventType: 'events.EventBridgeEvent',
  samples: ['schedule.json'],
  localSchedule: scheduleExpression,
  sam: () => ({
    // SAM's Schedule (an EventBridge rule), not ScheduleV2: a rule sends the "Scheduled Event" main.go takes, EventBridge Scheduler the input set on its target.
    events: { Timer: { Type: 'Schedule', Properties: { Schedule: scheduleExpression, Description: 'Runs the function every 5 minutes' } } },
    resources: {},
    parameters: {},
  }),
};
