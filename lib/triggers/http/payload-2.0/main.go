// Command bootstrap is an AWS Lambda function behind an API Gateway HTTP API
// (payload format 2.0). It answers with the request's method, path and query
// string, so you can see exactly what API Gateway, or the local emulator, sent.
package main

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

// echo is the JSON body of every response.
type echo struct {
	Method string            `json:"method"`
	Path   string            `json:"path"`
	Query  map[string]string `json:"query"`
}

func handle(_ context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	query := req.QueryStringParameters
	if query == nil {
		// HTTP APIs omit queryStringParameters for a request without a query string.
		query = map[string]string{}
	}
	body, err := json.Marshal(echo{Method: req.RequestContext.HTTP.Method, Path: req.RawPath, Query: query})
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return events.APIGatewayV2HTTPResponse{
		StatusCode: http.StatusOK,
		Headers:    map[string]string{"Content-Type": "application/json"},
		Body:       string(body),
	}, nil
}

func main() {
	lambda.Start(handle)
}
