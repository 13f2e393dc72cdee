/**
 * Stand-in RIE upstreams for the emulator benchmark: each answers every
 * invocation at once with a small proxy response. Prints one origin per line
 * once all listen. Usage: node emulator/bench/bench-upstreams.ts <count>
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { benchArgument } from '../../scripts/bench-argument.ts';

const count = benchArgument('bench-upstreams', 'count', process.argv[2], 1);
const answer = JSON.stringify({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' });

for (let index = 0; index < count; index++) {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
}
