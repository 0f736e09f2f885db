// What metricsBind adds to a worker's request: RequestCounter.track on a real ServerResponse and
// the counting at its close, in CPU time per request, next to the same loop without it. CPU time
// of one process in a tight loop, so the machine's load changes it little (wall-clock req/s on a
// loaded 2-core machine moves by more than the whole cost). Compare with a request's whole CPU
// cost, which bench/throughput.ts prints (CPU µs/request).
//
//   node bench/request-stats-cost.ts [--requests 500000] [--rounds 5]

import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { RequestCounter } from '../src/worker/request-stats.ts';
import { median } from './stats.ts';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '500000' }, rounds: { type: 'string', default: '5' }, only: { type: 'string' } },
});
const n = Number(values.requests);
const socket = new Socket();

/** CPU µs per request of creating a response, writing its head, and closing it; `counter` tracks each. */
function run(counter: RequestCounter | null): number {
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const req = new IncomingMessage(socket);
    const res = new ServerResponse(req);
    counter?.track(res);
    res.statusCode = 200;
    // What writeHead leaves behind: headersSent is true from here on.
    (res as unknown as { _header: string })._header = 'HTTP/1.1 200 OK\r\n\r\n';
    res.emit('close');
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / n;
}

// `--only with|without`: one loop of `--requests`, nothing printed, for an instruction count under
// callgrind (bench/request-stats-instructions.ts).
if (values.only !== undefined) {
  run(values.only === 'with' ? new RequestCounter() : null);
  process.exit(0);
}

const without: number[] = [];
const withStats: number[] = [];
run(null);
run(new RequestCounter());
for (let round = 0; round < Number(values.rounds); round++) {
  without.push(run(null));
  const counter = new RequestCounter();
  withStats.push(run(counter));
  if (counter.snapshot().byClass[1] !== n) throw new Error('not every request was counted');
}
const a = median(without);
const b = median(withStats);
console.log(`${n} requests × ${values.rounds} rounds, CPU µs/request (median): without ${a.toFixed(3)}, with track ${b.toFixed(3)}, added ${(b - a).toFixed(3)} µs`);
