// The table test of the SNS handler: which notifications it takes, and which
// it fails on so that Lambda retries them.

package main

import (
	"context"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func TestHandleReadsTheNotice(t *testing.T) {
	tests := []struct {
		name    string
		message string
		wantErr bool
	}{
		{name: "a notice", message: `{"orderId":"o-1","status":"shipped"}`},
		{name: "not JSON", message: `shipped`, wantErr: true},
		{name: "no order id", message: `{"status":"shipped"}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			event := events.SNSEvent{Records: []events.SNSEventRecord{{SNS: events.SNSEntity{MessageID: "m-1", Message: tt.message}}}}
			err := handle(context.Background(), event)
			if (err != nil) != tt.wantErr {
				t.Errorf("handle: error %v, want error: %v", err, tt.wantErr)
			}
		})
	}
}
