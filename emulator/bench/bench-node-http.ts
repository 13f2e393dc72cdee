/**
 * The floor for a proxy built as the emulator is: node:http's server in front
 * of the emulator's own RIE connection (rie-connection.ts), sending one fixed
 * event and writing RIE's body back, with no route matched, no event built and
 * no answer mapped. Between the byte relay and the emulator, it shows how much
 * of what the emulator adds is node:http's, and how much its own work.
 * Prints its origin, then runs until killed.
 * Usage: node emulator/bench/bench-node-http.ts <upstream origin> <event>
 */
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { connectToRie } from '../src/rie-connection.ts';

const rie = connectToRie(process.argv[2] ?? '');
// The event bench-emulator.ts sends direct: the one the emulator builds for the same request.
const event = process.argv[3] ?? '{}';
const server = createServer(async (request, response) => {
  request.resume();
  try {
    const { body } = await rie.invoke(event, 30_000);
    response.writeHead(200, ['Content-Type', 'application/json', 'Content-Length', String(body.length)]);
    response.end(body);
  } catch {
    response.writeHead(502).end();
  }
});
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => process.exit(0));
