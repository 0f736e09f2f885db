// A CPU-heavy app for bench/balance.ts: every request keeps its worker busy for BUSY_MS (1 by
// default) and answers with the worker's pid, so that a client can count each worker's share.

import type { IncomingMessage, ServerResponse } from 'node:http';

const busyNs = BigInt(Math.round(Number(process.env.BUSY_MS ?? 1) * 1e6));
const body = `worker ${process.pid}\n`;

export default function busy(_req: IncomingMessage, res: ServerResponse): void {
  const until = process.hrtime.bigint() + busyNs;
  while (process.hrtime.bigint() < until);
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.setHeader('x-worker-pid', String(process.pid));
  res.end(body);
}
