// What metricsBind adds to a whole request: a node:http server in this process, with and without
// RequestCounter.track in its handler, answering N keep-alive requests of an in-process client
// (8 at a time). Run under callgrind by bench/request-stats-instructions.ts --server, N and 3N
// requests, so that the start of Node, the server and the client cancel out.
//
//   node bench/request-stats-server.ts --only with|without --requests 2000

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { RequestCounter } from '../src/worker/request-stats.ts';
import { countedLoad } from './load.ts';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '2000' }, only: { type: 'string', default: 'without' } } });
const n = Number(values.requests);
const counter = values.only === 'with' ? new RequestCounter() : null;
const server = http.createServer((req, res) => {
  counter?.track(res);
  res.end('hello');
});
server.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const { port } = server.address() as AddressInfo;
await countedLoad(port, n, { connections: 8 });
server.close();
if (counter !== null && counter.snapshot().byClass[1] !== n) throw new Error(`counted ${counter.snapshot().byClass[1]} of ${n}`);
