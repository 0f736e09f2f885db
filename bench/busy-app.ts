// A CPU-heavy app for bench/balance.ts: every request keeps its worker busy for BUSY_MS (1 by
// default) and answers with the worker's pid and the number of its connection (in the order that
// worker accepted them), so that a client can count each worker's requests and connections.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

const busyNs = BigInt(Math.round(Number(process.env.BUSY_MS ?? 1) * 1e6));
const body = `worker ${process.pid}\n`;
const pid = String(process.pid);
const numbers = new WeakMap<Socket, string>();
let accepted = 0;

export default function busy(req: IncomingMessage, res: ServerResponse): void {
  const until = process.hrtime.bigint() + busyNs;
  while (process.hrtime.bigint() < until);
  let n = numbers.get(req.socket);
  if (n === undefined) numbers.set(req.socket, (n = String(++accepted)));
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.setHeader('x-worker-pid', pid);
  res.setHeader('x-worker-conn', n);
  res.end(body);
}
