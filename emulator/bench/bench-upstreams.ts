/**
 * RIE upstreams for the emulator benchmark, printed one origin per line once
 * all listen, then kept until killed. `real` (the default): the real RIE, built
 * from the module proxy as the tests build it, in front of an aws-lambda-go
 * function that answers at once, as a user's stack runs; `stand-in`: a Node
 * server answering every invocation at once, which shows the emulator's cost
 * alone, and takes concurrent invocations (RIE cannot).
 * Usage: node emulator/bench/bench-upstreams.ts <count> [real|stand-in]
 */
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { benchArgument } from '../../scripts/bench-argument.ts';
import { goProgram, realRieBinary } from '../../test/support/go-programs.ts';
import { closedPort } from '../../test/support/loopback-server.ts';

const count = benchArgument('bench-upstreams', 'count', process.argv[2], 1);
const kind = process.argv[3] ?? 'real';
if (kind !== 'real' && kind !== 'stand-in') {
  console.error(`bench-upstreams: "${kind}" is not allowed; expected real or stand-in`);
  process.exit(2);
}
const answer = JSON.stringify({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' });

const handler = `package main

import (
	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func main() {
	lambda.Start(func(events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		return events.APIGatewayProxyResponse{StatusCode: 200, Headers: map[string]string{"content-type": "application/json"}, Body: \`{"ok":true}\`}, nil
	})
}
`;

/** The real RIE on a port of its own, its Runtime API on another (it cannot take port 0: it hands the runtime that 0). */
async function realRie(bootstrap: string): Promise<string> {
  const port = await closedPort();
  const child = spawn(realRieBinary(), ['--runtime-interface-emulator-address', `127.0.0.1:${port}`, '--runtime-api-address', `127.0.0.1:${await closedPort()}`, bootstrap], {
    env: { ...process.env, AWS_LAMBDA_FUNCTION_TIMEOUT: '30', LOG_LEVEL: 'error' },
    stdio: 'ignore',
  });
  // RIE exits on its own only when something is wrong (a second invocation at once): say so.
  child.on('exit', (code, signal) => {
    if (signal !== 'SIGTERM') console.error(`bench-upstreams: the real RIE on 127.0.0.1:${port} exited (${code ?? signal})`);
  });
  process.on('exit', () => child.kill());
  const origin = `http://127.0.0.1:${port}`;
  // Listening, then warm: the first invocation starts the function.
  for (let tries = 0; ; tries++) {
    const response = await fetch(`${origin}/2015-03-31/functions/function/invocations`, { method: 'POST', body: '{}' }).catch(() => undefined);
    if (response?.ok) return origin;
    if (tries > 200) throw new Error(`the real RIE on ${origin} did not answer`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function standIn(): Promise<string> {
  const server = createHttpServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const bootstrap = kind === 'real' ? goProgram('bench-handler', { 'main.go': handler }) : '';
for (let index = 0; index < count; index++) console.log(kind === 'real' ? await realRie(bootstrap) : await standIn());
process.on('SIGTERM', () => process.exit(0));
