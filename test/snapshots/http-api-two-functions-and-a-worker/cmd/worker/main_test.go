// The table test of the SQS handler: which messages it reports as failed, so
// that SQS delivers only those again.

package main

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func TestHandleReportsOnlyTheFailedMessages(t *testing.T) {
	message := func(id, body string) events.SQSMessage {
		return events.SQSMessage{MessageId: id, Body: body}
	}
	tests := []struct {
		name     string
		messages []events.SQSMessage
		failed   []string
	}{
		{
			name:     "every message processed",
			messages: []events.SQSMessage{message("a", `{"id":1}`), message("b", `{"id":2}`)},
		},
		{
			name:     "one bad message of three",
			messages: []events.SQSMessage{message("a", `{"id":1}`), message("b", `not json`), message("c", `{"id":3}`)},
			failed:   []string{"b"},
		},
		{
			name:     "a message without an id and one that is not an object",
			messages: []events.SQSMessage{message("a", `{}`), message("b", `[1]`)},
			failed:   []string{"a", "b"},
		},
		{
			name: "an empty batch",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := handle(context.Background(), events.SQSEvent{Records: tt.messages})
			if err != nil {
				t.Fatalf("handle: %v", err)
			}
			var failed []string
			for _, item := range res.BatchItemFailures {
				failed = append(failed, item.ItemIdentifier)
			}
			if !reflect.DeepEqual(failed, tt.failed) {
				t.Errorf("failed = %q, want %q", failed, tt.failed)
			}
		})
	}
}
