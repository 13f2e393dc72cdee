// Command bootstrap is an AWS Lambda function that nothing in AWS triggers: it
// is invoked directly, with the Lambda Invoke API (the AWS CLI's `aws lambda
// invoke`, an SDK, Step Functions), and answers with a JSON document of its own.
package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-lambda-go/lambda"
)

// request is the JSON payload the function is invoked with. Replace it with your own.
type request struct {
	Name string `json:"name"`
}

// response is the JSON document the caller gets back.
type response struct {
	Message string `json:"message"`
}

func handle(_ context.Context, req request) (response, error) {
	if req.Name == "" {
		// The caller sees this as a function error: {"errorMessage": "...", "errorType": "errorString"}.
		return response{}, errors.New("name is required")
	}
	return response{Message: fmt.Sprintf("Hello, %s!", req.Name)}, nil
}

func main() {
	lambda.Start(handle)
}
