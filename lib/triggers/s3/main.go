// Command bootstrap is an AWS Lambda function that S3 invokes, asynchronously,
// when objects are created in a bucket. S3 sends object keys URL-encoded, so the
// handler decodes each key before using it.
package main

import (
	"context"
	"fmt"
	"log"
	"net/url"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

// objectKey is the record's object key as it is named in the bucket. S3 sends
// it form-encoded: a space as '+', a '+' as %2B, and other characters as %XX.
func objectKey(record events.S3EventRecord) (string, error) {
	key, err := url.QueryUnescape(record.S3.Object.Key)
	if err != nil {
		return "", fmt.Errorf("object key %q: %w", record.S3.Object.Key, err)
	}
	return key, nil
}

func handle(_ context.Context, event events.S3Event) error {
	for _, record := range event.Records {
		key, err := objectKey(record)
		if err != nil {
			return err
		}
		// Use the decoded key with the S3 API, for example in GetObject's Key.
		log.Printf("%s: s3://%s/%s (%d bytes)", record.EventName, record.S3.Bucket.Name, key, record.S3.Object.Size)
	}
	return nil
}

func main() {
	lambda.Start(handle)
}
