package main

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func request(method, path string, query map[string]string) events.APIGatewayV2HTTPRequest {
	req := events.APIGatewayV2HTTPRequest{RawPath: path, QueryStringParameters: query}
	req.RequestContext.HTTP.Method = method
	req.RequestContext.HTTP.Path = path
	return req
}

func TestHandleEchoesTheRequest(t *testing.T) {
	tests := []struct {
		name string
		req  events.APIGatewayV2HTTPRequest
		want echo
	}{
		{
			name: "GET without a query string",
			req:  request("GET", "/hello", nil),
			want: echo{Method: "GET", Path: "/hello", Query: map[string]string{}},
		},
		{
			name: "POST with a query string",
			req:  request("POST", "/orders/42", map[string]string{"dry-run": "true"}),
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
