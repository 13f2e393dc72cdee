// The table test of the DynamoDB stream handler: which change it reports as
// failed, so that Lambda retries from there.

package main

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func change(sequence, name string, image map[string]events.DynamoDBAttributeValue) events.DynamoDBEventRecord {
	return events.DynamoDBEventRecord{
		EventID:   "e-" + sequence,
		EventName: name,
		Change:    events.DynamoDBStreamRecord{SequenceNumber: sequence, Keys: image, NewImage: image},
	}
}

func TestHandleReportsTheFirstFailedChange(t *testing.T) {
	order := map[string]events.DynamoDBAttributeValue{"orderId": events.NewStringAttribute("o-1"), "status": events.NewStringAttribute("placed")}
	numeric := map[string]events.DynamoDBAttributeValue{"orderId": events.NewNumberAttribute("1")}
	tests := []struct {
		name    string
		records []events.DynamoDBEventRecord
		failed  []string
	}{
		{
			name:    "insert, modify and remove",
			records: []events.DynamoDBEventRecord{change("100", "INSERT", order), change("200", "MODIFY", order), change("300", "REMOVE", order)},
		},
		{
			name:    "a bad change in the middle stops the batch there",
			records: []events.DynamoDBEventRecord{change("100", "INSERT", order), change("200", "INSERT", numeric), change("300", "INSERT", nil)},
			failed:  []string{"200"},
		},
		{
			name:    "an unknown event name",
			records: []events.DynamoDBEventRecord{change("100", "UPSERT", order)},
			failed:  []string{"100"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := handle(context.Background(), events.DynamoDBEvent{Records: tt.records})
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
