// Command bootstrap is an AWS Lambda function subscribed to an SNS topic. SNS
// invokes it asynchronously with one notification per event; when it returns an
// error, Lambda retries the event twice before giving up on it.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

// notice is what a notification's message holds. Replace it with your own message.
type notice struct {
	OrderID string `json:"orderId"`
	Status  string `json:"status"`
}

func handle(_ context.Context, event events.SNSEvent) error {
	for _, record := range event.Records {
		var n notice
		// The message is the string the publisher sent: here, a JSON object.
		if err := json.Unmarshal([]byte(record.SNS.Message), &n); err != nil {
			return fmt.Errorf("message %s is not a notice: %w", record.SNS.MessageID, err)
		}
		if n.OrderID == "" {
			return fmt.Errorf("message %s has no orderId", record.SNS.MessageID)
		}
		log.Printf("order %s is %s (%q from %s)", n.OrderID, n.Status, record.SNS.Subject, record.SNS.TopicArn)
	}
	return nil
}

func main() {
	lambda.Start(handle)
}
