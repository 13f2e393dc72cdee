package main

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func TestHandleEchoesTheRequest(t *testing.T) {
	tests := []struct {
		name string
		req  events.APIGatewayProxyRequest
		want echo
	}{
		{
			name: "GET without a query string",
			req:  events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: "/hello"},
			want: echo{Method: "GET", Path: "/hello", Query: map[string]string{}},
		},
		{
			name: "POST with a query string",
			req: events.APIGatewayProxyRequest{
				HTTPMethod:            "POST",
				Path:                  "/orders/42",
				QueryStringParameters: map[string]string{"dry-run": "true"},
			},
			want: echo{Method: "POST", Path: "/orders/42", Query: map[string]string{"dry-run": "true"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := handle(context.Background(), tt.req)
			if err != nil {
				t.Fatalf("handle: %v", err)
			}
			if res.StatusCode != 200 {
				t.Errorf("status = %d, want 200", res.StatusCode)
			}
			if got := res.Headers["Content-Type"]; got != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", got)
			}
			var got echo
			if err := json.Unmarshal([]byte(res.Body), &got); err != nil {
				t.Fatalf("body %q is not JSON: %v", res.Body, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("body = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestHandleAddsTheCORSOrigin(t *testing.T) {
	for _, origin := range []string{"", "*"} {
		t.Run("CORS_ALLOW_ORIGIN="+origin, func(t *testing.T) {
			defer func(was string) { allowOrigin = was }(allowOrigin)
			allowOrigin = origin
			res, err := handle(context.Background(), events.APIGatewayProxyRequest{HTTPMethod: "GET", Path: "/hello"})
			if err != nil {
				t.Fatalf("handle: %v", err)
			}
			got, ok := res.Headers["Access-Control-Allow-Origin"]
			if origin == "" && ok {
				t.Errorf("Access-Control-Allow-Origin = %q, want none", got)
			}
			if origin != "" && got != origin {
				t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, origin)
			}
		})
	}
}
