// The baseline: a bare node:http server that answers every request with one recorded response
// (status, headers and body exactly as Plenum sent them). Run as its own process by
// http.bench.mjs: `node bench/support/bare-server.mjs <response.json> <port>`; it prints
// "listening <port>" once it accepts connections.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [file, port] = process.argv.slice(2);
const recorded = JSON.parse(readFileSync(file, 'utf8'));
const body = Buffer.from(recorded.body, 'base64');
const headers = recorded.headers;

const server = createServer((request, response) => {
  // Drain whatever a client sends, as any server must before the next request on the socket.
  request.resume();
  response.writeHead(recorded.status, headers);
  response.end(body);
});
server.keepAliveTimeout = 72_000;
server.listen(Number(port), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
