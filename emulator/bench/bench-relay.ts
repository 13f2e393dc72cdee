/**
 * The floor for any proxy process: a byte relay between the client and one
 * upstream, which reads and writes each request and response once and parses
 * nothing. What the emulator adds above it is its own work; what the relay
 * adds above direct is the extra hop, which no emulator in a process of its
 * own avoids. Prints its origin, then runs until killed.
 * Usage: node emulator/bench/bench-relay.ts <upstream origin>
 */
import { connect, createServer, type AddressInfo } from 'node:net';

const upstream = new URL(process.argv[2] ?? '');
const server = createServer({ noDelay: true }, (client) => {
  const origin = connect({ host: upstream.hostname, port: Number(upstream.port), noDelay: true });
  client.pipe(origin).pipe(client);
  const end = () => {
    client.destroy();
    origin.destroy();
  };
  client.on('error', end).on('close', end);
  origin.on('error', end).on('close', end);
});
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => process.exit(0));
