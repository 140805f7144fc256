// The baseline of the live fan-out: a bare node:http server that holds event streams and, on
// `POST /write`, writes one event to each of them, as the hub's streams are written (one
// `res.write` a stream, headers as the hub sends them). Run as its own process by
// live.bench.mjs: `node bench/support/bare-sse.mjs <port>`; prints "listening <port>".

import { createServer } from 'node:http';

const [port] = process.argv.slice(2);
const open = new Set();
let id = 0;

const server = createServer((request, response) => {
  request.resume();
  if (request.method === 'POST' && request.url === '/write') {
    id += 1;
    const event = `id: ${id}\nevent: change\ndata: {"resync":false}\n\n`;
    for (const stream of open) stream.write(event);
    response.end('ok');
    return;
  }
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store, no-transform',
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
  });
  response.flushHeaders();
  response.write('retry: 3000\n\n');
  open.add(response);
  response.on('close', () => open.delete(response));
});
server.listen(Number(port), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
process.on('SIGTERM', () => {
  for (const stream of open) stream.destroy();
  server.close(() => process.exit(0));
});
