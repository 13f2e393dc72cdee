/**
 * main.go and main_test.go are the user's: a re-run with the other payload
 * format, or one that turns on what the generated handler does, cannot rewrite
 * them, so it says what to change by hand. The Go names below are those of the
 * handlers this generator writes for each payload.
 */
import type { PayloadVersion } from '../../emulator/src/contract.ts';

const apiType: Record<PayloadVersion, string> = { '1.0': 'REST API (payload format 1.0)', '2.0': 'HTTP API (payload format 2.0)' };

/** What names the handler uses for each payload format, in aws-lambda-go's events package. */
export const handlerNames: Record<PayloadVersion, readonly string[]> = {
  '1.0': ['events.APIGatewayProxyRequest', 'events.APIGatewayProxyResponse', 'req.HTTPMethod', 'req.Path'],
  '2.0': ['events.APIGatewayV2HTTPRequest', 'events.APIGatewayV2HTTPResponse', 'req.RequestContext.HTTP.Method', 'req.RawPath'],
};

/** The notice a re-run prints when the payload format changes from `before` to `after`, naming the handlers it leaves (`cmd/orders/main.go and cmd/orders/main_test.go`). */
export function payloadSwitchNotice(before: PayloadVersion, after: PayloadVersion, handlers: string): string[] {
  const from = handlerNames[before];
  const width = Math.max(...from.map((name) => name.length));
  return [
    `payload ${before} → ${after}: ${handlers} are yours, so they still take the ${apiType[before]}; to move them, change`,
    ...from.map((name, index) => `  ${name.padEnd(width)} → ${handlerNames[after][index] ?? ''}`),
    `README.md is yours too, and still describes a ${apiType[before]}.`,
  ];
}

/**
 * The notice a run prints when compose and template.yaml now give a REST API's
 * function its CORS origin (`corsOrigin`) and the owners' main.go does not read
 * it: written before the generated handler did, it adds no header, and a
 * browser would refuse every answer.
 */
export function corsHandlerNotice(corsOrigin: string, mainFile: string, mainGo: string | undefined, variable: string): string[] {
  if (corsOrigin === '' || mainGo === undefined || mainGo.includes(variable)) return [];
  return [
    `--cors on with a REST API: the function must add Access-Control-Allow-Origin itself, and ${mainFile} is yours, so it was left as it is; it does not read ${variable}, which compose and template.yaml now set (the generated handler's allowOrigin shows how)`,
  ];
}
