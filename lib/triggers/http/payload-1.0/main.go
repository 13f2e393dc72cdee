// Command bootstrap is an AWS Lambda function behind an API Gateway REST API
// (payload format 1.0). It answers with the request's method, path and query
// string, so you can see exactly what API Gateway, or the local emulator, sent.
package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

// allowOrigin is the origin browsers may call the API from, or "" for none. A
// REST API's Lambda proxy integration leaves CORS headers to the function: with
// --cors on, the generated configuration sets CORS_ALLOW_ORIGIN, locally and in AWS.
var allowOrigin = os.Getenv("CORS_ALLOW_ORIGIN")

// echo is the JSON body of every response.
type echo struct {
	Method string            `json:"method"`
	Path   string            `json:"path"`
	Query  map[string]string `json:"query"`
}

func handle(_ context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	query := req.QueryStringParameters
	if query == nil {
		// API Gateway sends null for a request without a query string.
		query = map[string]string{}
	}
	body, err := json.Marshal(echo{Method: req.HTTPMethod, Path: req.Path, Query: query})
	if err != nil {
		return events.APIGatewayProxyResponse{}, err
	}
	headers := map[string]string{"Content-Type": "application/json"}
	if allowOrigin != "" {
		headers["Access-Control-Allow-Origin"] = allowOrigin
	}
	return events.APIGatewayProxyResponse{
		StatusCode: http.StatusOK,
		Headers:    headers,
		Body:       string(body),
	}, nil
}

func main() {
	lambda.Start(handle)
}
