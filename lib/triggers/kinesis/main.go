// Command bootstrap is an AWS Lambda function that reads a Kinesis data stream.
// Lambda hands it the stream's records in order, a batch per shard; it reports
// the first record it could not process (ReportBatchItemFailures in
// template.yaml), so Lambda retries from there instead of from the batch's start.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

// reading is what a record's data holds. Replace it with your own record.
type reading struct {
	Sensor string  `json:"sensor"`
	Value  float64 `json:"value"`
}

// process does the work for one record. Its data arrives base64-encoded in the
// event; aws-lambda-go has decoded it into bytes already.
func process(_ context.Context, record events.KinesisEventRecord) error {
	var r reading
	if err := json.Unmarshal(record.Kinesis.Data, &r); err != nil {
		return fmt.Errorf("record %s is not a reading: %w", record.Kinesis.SequenceNumber, err)
	}
	if r.Sensor == "" {
		return fmt.Errorf("record %s has no sensor", record.Kinesis.SequenceNumber)
	}
	log.Printf("sensor %s: %g (partition key %s)", r.Sensor, r.Value, record.Kinesis.PartitionKey)
	return nil
}

func handle(ctx context.Context, event events.KinesisEvent) (events.KinesisEventResponse, error) {
	for _, record := range event.Records {
		if err := process(ctx, record); err != nil {
			log.Printf("record %s failed: %v", record.EventID, err)
			// Lambda retries from the lowest sequence number reported; the records after it are retried anyway.
			return events.KinesisEventResponse{BatchItemFailures: []events.KinesisBatchItemFailure{{ItemIdentifier: record.Kinesis.SequenceNumber}}}, nil
		}
	}
	return events.KinesisEventResponse{}, nil
}

func main() {
	lambda.Start(handle)
}
