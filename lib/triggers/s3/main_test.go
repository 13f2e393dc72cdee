// The table test of the S3 handler: object keys decoded as S3 encodes them.

package main

import (
	"context"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func record(key string) events.S3EventRecord {
	return events.S3EventRecord{
		EventName: "ObjectCreated:Put",
		S3:        events.S3Entity{Bucket: events.S3Bucket{Name: "uploads"}, Object: events.S3Object{Key: key}},
	}
}

func TestObjectKeyIsDecoded(t *testing.T) {
	tests := []struct {
		name    string
		key     string
		want    string
		wantErr bool
	}{
		{name: "a plain key", key: "reports/2026/q4.csv", want: "reports/2026/q4.csv"},
		{name: "spaces arrive as '+'", key: "invoices/March+2026.pdf", want: "invoices/March 2026.pdf"},
		{name: "a '+' arrives as %2B", key: "c%2B%2B/notes.txt", want: "c++/notes.txt"},
		{name: "other characters arrive as %XX", key: "photos/caf%C3%A9+%282%29.jpg", want: "photos/café (2).jpg"},
		{name: "a broken escape", key: "bad%zz.txt", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := objectKey(record(tt.key))
			if (err != nil) != tt.wantErr {
				t.Fatalf("objectKey(%q): error %v, want error: %v", tt.key, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("objectKey(%q) = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
}

func TestHandleFailsOnAKeyItCannotDecode(t *testing.T) {
	if err := handle(context.Background(), events.S3Event{Records: []events.S3EventRecord{record("ok.txt")}}); err != nil {
		t.Errorf("handle: %v", err)
	}
	if err := handle(context.Background(), events.S3Event{Records: []events.S3EventRecord{record("ok.txt"), record("bad%zz")}}); err == nil {
		t.Error("handle: no error for an undecodable key")
	}
}
