/**
 * What the emulator must agree on with API Gateway, Lambda and the generator
 * that configures it: the payload versions, and the limits and error answers of
 * each API type. Kept in one place so that no number is written twice.
 */

/** Payload format 1.0 is a REST API's Lambda proxy integration; 2.0 an HTTP API's. */
export const payloadVersions = ['1.0', '2.0'] as const;
export type PayloadVersion = (typeof payloadVersions)[number];

export const isPayloadVersion = (value: string): value is PayloadVersion => (payloadVersions as readonly string[]).includes(value);

/**
 * How long API Gateway waits for the function: 29 s for REST APIs, 30 s for
 * HTTP APIs (https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html).
 */
export const integrationTimeoutMs: Readonly<Record<PayloadVersion, number>> = { '1.0': 29_000, '2.0': 30_000 };

/** API Gateway's limit on a request body, both API types: 10 MB. */
export const maxRequestBodyBytes = 10 * 1024 * 1024;

/**
 * Lambda's limit on a synchronous invocation's payload, each way, as the real
 * RIE v1.29 enforces it: 6 MiB + 100 bytes. A longer event reaches the function
 * cut short without a word, so the emulator refuses it first; a longer result
 * fails with Function.ResponseSizeTooLarge.
 */
export const maxInvocationPayloadBytes = 6 * 1024 * 1024 + 100;

export interface GatewayMessage {
  readonly statusCode: number;
  readonly message: string;
}

/**
 * What each API type answers when the function fails (an error, a crash, a
 * malformed or oversized result) and when it takes too long.
 * REST: 502 "Internal server error" and 504 "Endpoint request timed out"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html).
 * HTTP: 500 "Internal Server Error" and 503 "Service Unavailable"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html,
 * https://repost.aws/knowledge-center/api-gateway-5xx-error).
 */
export const gatewayErrors: Readonly<Record<PayloadVersion, { readonly failure: GatewayMessage; readonly timeout: GatewayMessage }>> = {
  '1.0': { failure: { statusCode: 502, message: 'Internal server error' }, timeout: { statusCode: 504, message: 'Endpoint request timed out' } },
  '2.0': { failure: { statusCode: 500, message: 'Internal Server Error' }, timeout: { statusCode: 503, message: 'Service Unavailable' } },
};
