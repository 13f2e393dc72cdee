// Command bootstrap is an AWS Lambda function that drains an SQS queue. Lambda
// hands it up to a batch of messages at a time; it reports only the messages it
// could not process (ReportBatchItemFailures in template.yaml), so SQS deletes
// the others and delivers just the failed ones again.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

// job is what a message's body holds. Replace it with your own message.
type job struct {
	ID int `json:"id"`
}

// process does the work for one message. An error makes SQS deliver that
// message again after the queue's visibility time-out, until the queue's
// redrive policy (maxReceiveCount) moves it to the dead-letter queue.
func process(_ context.Context, message events.SQSMessage) error {
	var j job
	if err := json.Unmarshal([]byte(message.Body), &j); err != nil {
		return fmt.Errorf("body is not a job: %w", err)
	}
	if j.ID <= 0 {
		return errors.New("body has no id")
	}
	log.Printf("job %d from message %s", j.ID, message.MessageId)
	return nil
}

// handle processes every message and names the ones that failed. Returning an
// error instead would make SQS deliver the whole batch again, the messages
// already processed included. On a FIFO queue, stop at the first failure and
// report it and every message after it, so that their order is kept.
func handle(ctx context.Context, event events.SQSEvent) (events.SQSEventResponse, error) {
	var response events.SQSEventResponse
	for _, message := range event.Records {
		if err := process(ctx, message); err != nil {
			log.Printf("message %s failed: %v", message.MessageId, err)
			response.BatchItemFailures = append(response.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: message.MessageId})
		}
	}
	return response, nil
}

func main() {
	lambda.Start(handle)
}
