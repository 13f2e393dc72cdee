// Command bootstrap is an AWS Lambda function that an EventBridge schedule
// invokes on the rate() or cron() expression in template.yaml, with a
// "Scheduled Event". The event's time is the time the run was scheduled for:
// work from it, not from the clock, so a late or retried run does its own slot.
package main

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

// interval is the schedule's rate in template.yaml: each run covers the interval
// that ends at its scheduled time.
const interval = 5 * time.Minute

// window is the interval a run scheduled at `at` is for.
func window(at time.Time) (start, end time.Time) {
	end = at.Truncate(time.Minute)
	return end.Add(-interval), end
}

func handle(_ context.Context, event events.EventBridgeEvent) error {
	if event.Source != "aws.events" || event.DetailType != "Scheduled Event" {
		return fmt.Errorf("event %s is a %q from %q, not a scheduled event", event.ID, event.DetailType, event.Source)
	}
	if event.Time.IsZero() {
		return fmt.Errorf("event %s has no time", event.ID)
	}
	start, end := window(event.Time)
	log.Printf("run for %s to %s", start.Format(time.RFC3339), end.Format(time.RFC3339))
	return nil
}

func main() {
	lambda.Start(handle)
}
