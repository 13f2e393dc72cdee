// A stand-in for Acme's payments API on the local stack: every charge is
// approved, and each request is logged with its caller, as the real API does.
import { createServer } from 'node:http';

const caller = process.env.CALLER ?? 'unknown';

createServer((request, response) => {
  console.log(`${caller} ${request.method} ${request.url}`);
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ status: 'approved' }));
}).listen(8080);
