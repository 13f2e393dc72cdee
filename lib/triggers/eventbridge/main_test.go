// The table test of the EventBridge handler: the detail decoded into its type,
// and the events it refuses.

package main

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func TestHandleDecodesTheDetail(t *testing.T) {
	tests := []struct {
		name       string
		detailType string
		detail     string
		wantErr    bool
	}{
		{name: "an order", detailType: "Order Placed", detail: `{"orderId":"o-1","customerId":"c-7","total":12.5,"currency":"EUR"}`},
		{name: "another detail-type", detailType: "Order Cancelled", detail: `{"orderId":"o-1"}`, wantErr: true},
		{name: "a detail of the wrong shape", detailType: "Order Placed", detail: `{"orderId":42}`, wantErr: true},
		{name: "no order id", detailType: "Order Placed", detail: `{}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			event := events.EventBridgeEvent{ID: "e-1", DetailType: tt.detailType, Source: "com.example.orders", Detail: json.RawMessage(tt.detail)}
			err := handle(context.Background(), event)
			if (err != nil) != tt.wantErr {
				t.Errorf("handle: error %v, want error: %v", err, tt.wantErr)
			}
		})
	}
}
