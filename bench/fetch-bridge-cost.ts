// The cost of one request through a Fetch adapter, in one process: examples/hono/app.ts served by
// tsgun's Fetch bridge (src/worker/fetch-bridge.ts) or by @hono/node-server's listener, on an
// in-process node:http server, with a client in the same process sending N keep-alive requests one
// after the other. Run under callgrind and subtract two runs to get instructions per request; on
// a loaded machine these counts repeat where wall-clock figures do not:
//
//   node bench/fetch-bridge-cost.ts --adapter tsgun --requests 2000   (prints ms and CPU µs per request)
//   node bench/fetch-bridge-instructions.ts                            (the callgrind comparison)

import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    adapter: { type: 'string', default: 'tsgun' },
    requests: { type: 'string', default: '2000' },
    path: { type: 'string', default: '/' },
  },
});
const requests = Number(values.requests);
const app = (await import('../examples/hono/app.ts')).default;

type Listener = (req: IncomingMessage, res: ServerResponse) => unknown;
let listener: Listener;
if (values.adapter === 'tsgun') {
  const { fetchListener } = await import('../src/worker/fetch-bridge.ts');
  listener = fetchListener((request, context) => app.fetch(request, context as never));
} else if (values.adapter === 'hono-node') {
  const { getRequestListener } = await import('@hono/node-server');
  listener = getRequestListener(app.fetch) as Listener;
} else {
  throw new Error(`--adapter is tsgun or hono-node, not ${values.adapter}`);
}

// No server timeouts: under callgrind on a loaded machine a GC pause between two requests outlasted
// the 5 s keep-alive timeout and the connection was reset.
const server = http.createServer({ keepAliveTimeout: 0, requestTimeout: 0, headersTimeout: 0 }, (req, res) => void listener(req, res));
server.listen({ host: '127.0.0.1', port: 0 });
await once(server, 'listening');
const { port } = server.address() as AddressInfo;

const socket = net.connect({ host: '127.0.0.1', port });
await once(socket, 'connect');
const request = `GET ${values.path} HTTP/1.1\r\nHost: bench.example\r\nUser-Agent: bench\r\nAccept: */*\r\n\r\n`;
let seen = 0;
let sent = 0;
let last = '';
const cpu = process.cpuUsage();
const started = performance.now();
await new Promise<void>((resolve, reject) => {
  socket.setEncoding('latin1');
  socket.on('error', reject);
  socket.on('data', (chunk: string) => {
    // Each response begins with a status line: one more seen lets the next request go.
    const text = last + chunk;
    let at = 0;
    while ((at = text.indexOf('HTTP/1.1 ', at)) !== -1) {
      if (!text.startsWith('HTTP/1.1 200', at)) reject(new Error(`not a 200: ${text.slice(at, at + 200)}`));
      seen++;
      at += 9;
    }
    last = text.slice(-8);
    if (seen === requests) resolve();
    else if (sent === seen) {
      sent++;
      socket.write(request);
    }
  });
  sent++;
  socket.write(request);
});
const elapsed = performance.now() - started;
const used = process.cpuUsage(cpu);
console.log(`${values.adapter}: ${requests} requests, ${(elapsed / requests).toFixed(4)} ms each, CPU ${((used.user + used.system) / requests).toFixed(2)} µs each`);
socket.destroy();
server.close();
