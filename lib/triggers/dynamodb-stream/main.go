// Command bootstrap is an AWS Lambda function that reads a DynamoDB table's
// stream. Lambda hands it the table's changes in order, a batch per shard; it
// reports the first change it could not process (ReportBatchItemFailures in
// template.yaml), so Lambda retries from there instead of from the batch's start.
package main

import (
	"context"
	"fmt"
	"log"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

// process does the work for one change to the table. An error stops the batch:
// this change and the ones after it are delivered again, in order.
func process(_ context.Context, record events.DynamoDBEventRecord) error {
	switch events.DynamoDBOperationType(record.EventName) {
	case events.DynamoDBOperationTypeInsert, events.DynamoDBOperationTypeModify:
		id, ok := record.Change.NewImage["orderId"]
		if !ok || id.DataType() != events.DataTypeString {
			return fmt.Errorf("change %s: the new image has no string orderId", record.EventID)
		}
		log.Printf("%s order %s: status %s", record.EventName, id.String(), stringAttribute(record.Change.NewImage, "status"))
	case events.DynamoDBOperationTypeRemove:
		// A time-to-live deletion is made by DynamoDB itself, and says so in its user identity.
		byTTL := record.UserIdentity != nil && record.UserIdentity.PrincipalID == "dynamodb.amazonaws.com"
		log.Printf("REMOVE order %s (expired: %t)", stringAttribute(record.Change.Keys, "orderId"), byTTL)
	default:
		return fmt.Errorf("change %s: unknown event name %q", record.EventID, record.EventName)
	}
	return nil
}

// stringAttribute is the named string attribute of an image, or "" when it has none.
func stringAttribute(image map[string]events.DynamoDBAttributeValue, name string) string {
	value, ok := image[name]
	if !ok || value.DataType() != events.DataTypeString {
		return ""
	}
	return value.String()
}

func handle(ctx context.Context, event events.DynamoDBEvent) (events.DynamoDBEventResponse, error) {
	for _, record := range event.Records {
		if err := process(ctx, record); err != nil {
			log.Printf("change %s failed: %v", record.EventID, err)
			// Lambda retries from the lowest sequence number reported; the records after it are retried anyway.
			return events.DynamoDBEventResponse{BatchItemFailures: []events.DynamoDBBatchItemFailure{{ItemIdentifier: record.Change.SequenceNumber}}}, nil
		}
	}
	return events.DynamoDBEventResponse{}, nil
}

func main() {
	lambda.Start(handle)
}
