// The table test of the Kinesis handler: which record it reports as failed, so
// that Lambda retries from there.

package main

import (
	"context"
	"reflect"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func record(sequence, data string) events.KinesisEventRecord {
	return events.KinesisEventRecord{
		EventID: "shardId-000000000000:" + sequence,
		Kinesis: events.KinesisRecord{SequenceNumber: sequence, PartitionKey: "p", Data: []byte(data)},
	}
}

func TestHandleReportsTheFirstFailedRecord(t *testing.T) {
	tests := []struct {
		name    string
		records []events.KinesisEventRecord
		failed  []string
	}{
		{
			name:    "every record processed",
			records: []events.KinesisEventRecord{record("1", `{"sensor":"t-1","value":21.5}`), record("2", `{"sensor":"t-2","value":19}`)},
		},
		{
			name:    "a bad record in the middle stops the batch there",
			records: []events.KinesisEventRecord{record("1", `{"sensor":"t-1","value":21.5}`), record("2", `not json`), record("3", `{}`)},
			failed:  []string{"2"},
		},
		{
			name:    "a record without a sensor",
			records: []events.KinesisEventRecord{record("1", `{"value":3}`)},
			failed:  []string{"1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := handle(context.Background(), events.KinesisEvent{Records: tt.records})
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
