// Command bootstrap is an AWS Lambda function that an EventBridge rule invokes
// with the events matching its pattern (template.yaml). The envelope is the same
// for every event; its detail is the producer's own, decoded here into a type.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

// orderPlaced is the detail of an "Order Placed" event. Replace it with your
// producer's detail; the rule's pattern in template.yaml names the source and
// detail-type it matches.
type orderPlaced struct {
	OrderID  string  `json:"orderId"`
	Customer string  `json:"customerId"`
	Total    float64 `json:"total"`
	Currency string  `json:"currency"`
}

func handle(_ context.Context, event events.EventBridgeEvent) error {
	if event.DetailType != "Order Placed" {
		// The rule should not let it through: a changed pattern or a producer's new detail-type.
		return fmt.Errorf("event %s: detail-type %q, want \"Order Placed\"", event.ID, event.DetailType)
	}
	var order orderPlaced
	if err := json.Unmarshal(event.Detail, &order); err != nil {
		return fmt.Errorf("event %s: detail is not an order: %w", event.ID, err)
	}
	if order.OrderID == "" {
		return fmt.Errorf("event %s: detail has no orderId", event.ID)
	}
	log.Printf("order %s placed by %s: %.2f %s", order.OrderID, order.Customer, order.Total, order.Currency)
	return nil
}

func main() {
	lambda.Start(handle)
}
