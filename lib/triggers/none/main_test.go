// The table test of the directly invoked handler: its answer, and the error a
// caller gets for a payload without a name.

package main

import (
	"context"
	"testing"
)

func TestHandleGreets(t *testing.T) {
	tests := []struct {
		name    string
		req     request
		want    string
		wantErr bool
	}{
		{name: "a name", req: request{Name: "Ada"}, want: "Hello, Ada!"},
		{name: "no name", req: request{}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := handle(context.Background(), tt.req)
			if (err != nil) != tt.wantErr {
				t.Fatalf("handle: error %v, want error: %v", err, tt.wantErr)
			}
			if res.Message != tt.want {
				t.Errorf("message = %q, want %q", res.Message, tt.want)
			}
		})
	}
}
