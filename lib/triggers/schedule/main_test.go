// The table test of the schedule handler: the window a run covers comes from
// the event's scheduled time, and other events are refused.

package main

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

func TestWindowEndsAtTheScheduledMinute(t *testing.T) {
	tests := []struct {
		at, start, end string
	}{
		{at: "2026-12-03T09:15:00Z", start: "2026-12-03T09:10:00Z", end: "2026-12-03T09:15:00Z"},
		// EventBridge may invoke a little late; the seconds do not move the window.
		{at: "2026-12-03T09:15:37Z", start: "2026-12-03T09:10:00Z", end: "2026-12-03T09:15:00Z"},
		{at: "2026-12-04T00:00:00Z", start: "2026-12-03T23:55:00Z", end: "2026-12-04T00:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.at, func(t *testing.T) {
			start, end := window(mustParse(t, tt.at))
			if !start.Equal(mustParse(t, tt.start)) || !end.Equal(mustParse(t, tt.end)) {
				t.Errorf("window(%s) = %s to %s, want %s to %s", tt.at, start, end, tt.start, tt.end)
			}
		})
	}
}

func TestHandleTakesOnlyScheduledEvents(t *testing.T) {
	at := mustParse(t, "2026-12-03T09:15:00Z")
	tests := []struct {
		name    string
		event   events.EventBridgeEvent
		wantErr bool
	}{
		{name: "a scheduled event", event: events.EventBridgeEvent{Source: "aws.events", DetailType: "Scheduled Event", Time: at}},
		{name: "another event", event: events.EventBridgeEvent{Source: "com.example.orders", DetailType: "Order Placed", Time: at}, wantErr: true},
		{name: "no time", event: events.EventBridgeEvent{Source: "aws.events", DetailType: "Scheduled Event"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := handle(context.Background(), tt.event); (err != nil) != tt.wantErr {
				t.Errorf("handle: error %v, want error: %v", err, tt.wantErr)
			}
		})
	}
}

func mustParse(t *testing.T, value string) time.Time {
	t.Helper()
	at, err := time.Parse(time.RFC3339, value)
	if err != nil {
		t.Fatal(err)
	}
	return at
}
