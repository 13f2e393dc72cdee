/**
 * The events the emulator builds decode into the real aws-lambda-go's types
 * with unknown fields refused. A function behind the real RIE decodes each
 * event it gets strictly (events.APIGatewayProxyRequest for 1.0,
 * APIGatewayV2HTTPRequest for 2.0) and answers with what went wrong, if
 * anything: a field aws-lambda-go does not know, or one of the wrong type.
 * Fields API Gateway sends that aws-lambda-go v1.54.0 does not declare are
 * listed, each with its source, and taken out first.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goProgram } from '../../test/support/go-programs.ts';
import { startRie } from '../../test/support/rie.ts';
import { emulator } from './start-emulator.ts';

/**
 * `requestContext.identity.principalOrgId`: in every REST API proxy event AWS
 * documents ("Input format of a Lambda function for proxy integration", the
 * API Gateway developer guide); aws-lambda-go's APIGatewayRequestIdentity has no such field.
 */
const strictDecoder = `package main

import (
	"bytes"
	"encoding/json"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func strictly(raw []byte, into interface{}) string {
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(into); err != nil {
		return err.Error()
	}
	return "ok"
}

func handle(raw json.RawMessage) (events.APIGatewayProxyResponse, error) {
	var event map[string]interface{}
	if err := json.Unmarshal(raw, &event); err != nil {
		return events.APIGatewayProxyResponse{StatusCode: 200, Body: err.Error()}, nil
	}
	if event["version"] == "2.0" {
		return events.APIGatewayProxyResponse{StatusCode: 200, Body: strictly(raw, &events.APIGatewayV2HTTPRequest{})}, nil
	}
	if context, ok := event["requestContext"].(map[string]interface{}); ok {
		if identity, ok := context["identity"].(map[string]interface{}); ok {
			delete(identity, "principalOrgId")
		}
	}
	trimmed, _ := json.Marshal(event)
	return events.APIGatewayProxyResponse{StatusCode: 200, Body: strictly(trimmed, &events.APIGatewayProxyRequest{})}, nil
}

func main() {
	lambda.Start(handle)
}
`;

describe("the emulator's events, decoded strictly by the real aws-lambda-go", { timeout: 60_000 }, () => {
  for (const payloadVersion of ['1.0', '2.0'] as const) {
    it(`payload ${payloadVersion}: path parameters, repeated query keys, cookies, JSON, binary and empty bodies`, async () => {
      const rie = await startRie([goProgram('strict-decoder', { 'main.go': strictDecoder })]);
      const api = await emulator([rie.origin], { payloadVersion, routes: ['GET /users/{id}', 'ANY /{proxy+}', 'ANY /'], binaryMediaTypes: ['image/png'] });
      const requests: [string, RequestInit][] = [
        ['/users/42?expand=orders&tag=a&tag=b', { headers: { cookie: 'session=abc; theme=dark', 'x-multi': 'one', accept: 'application/json' } }],
        ['/anything/deep/path', { method: 'POST', body: JSON.stringify({ hello: 'world' }), headers: { 'content-type': 'application/json' } }],
        ['/upload', { method: 'PUT', body: new Uint8Array([0, 255, 1, 254]), headers: { 'content-type': 'image/png' } }],
        ['/', { method: 'DELETE' }],
      ];
      for (const [target, init] of requests) {
        const response = await fetch(`${api.base}${target}`, init);
        assert.equal(response.status, 200, target);
        assert.equal(await response.text(), 'ok', `${target}: the event decodes strictly into aws-lambda-go's type`);
      }
    });
  }
});
