// The peer tsgun is measured against: a bare node:cluster server with a shared listening socket
// (SCHED_NONE: every worker accepts on the one socket, as tsgun's workers do), serving the same
// hello app (with BUSY_MS set: bench/busy-app.ts, CPU-heavy), or with BENCH_APP=hono|express|fastify|koa
// examples/<app>/app.ts as its own framework serves it (Hono with @hono/node-server, the others with
// their listen()). Prints `listening <port>` once every worker listens.

import hello from '../examples/hello/app.ts';
import busy from './busy-app.ts';
import { clusterPeer } from './cluster-scaffold.ts';

// Taken as tsgun's workers take it (src/worker/worker-server.ts): an ES import of node:http would also
// load undici (~12 MiB RSS, ~45 ms per process), a cost tsgun does not pay and that is not the peer's.
const http = process.getBuiltinModule('node:http');

const address = clusterPeer();
if (address !== null) {
  const { host, port } = address;
  // bench/slowloris.ts may give the peer tsgun's headersTimeout, checked as often as tsgun has Node check it.
  const headersTimeout = Number(process.env.HEADERS_TIMEOUT_MS ?? 0);
  const timeouts = headersTimeout > 0 ? { headersTimeout, connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(headersTimeout / 4))) } : {};
  const framework = process.env.BENCH_APP ?? 'hello';
  if (framework === 'hello') {
    const app = process.env.BUSY_MS === undefined ? hello : busy;
    http.createServer({ keepAliveTimeout: 2_000, ...timeouts }, app).listen({ host, port });
  } else {
    const { default: app } = await import(`../examples/${framework}/app.ts`);
    if (framework === 'hono') (await import('@hono/node-server')).serve({ fetch: app.fetch, port, hostname: host });
    else if (framework === 'fastify') await app.listen({ host, port });
    else if (framework === 'express' || framework === 'koa') app.listen(port, host);
    else throw new Error(`BENCH_APP is hello, hono, express, fastify or koa, not ${framework}`);
  }
}
