// Issue 9's "bare fork-and-listen": the least a node:cluster server does before its first 200. Plain
// JavaScript (nothing to strip), no framework, no import beyond Node's own: the primary forks
// WORKERS workers (default 2) and each listens on HOST:PORT with the hello handler of
// examples/hello/app.ts written inline. bench/footprint.ts times spawn to first 200 against it.
// SIGTERM to the primary stops its workers, then it exits.
//
//   WORKERS=2 HOST=127.0.0.1 PORT=8000 node bench/bare-fork-listen.mjs

import cluster from 'node:cluster';

if (cluster.isPrimary) {
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  for (let i = 0; i < Number(process.env.WORKERS ?? 2); i++) cluster.fork();
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    cluster.disconnect(() => process.exit(0));
  });
} else {
  const http = process.getBuiltinModule('node:http');
  http
    .createServer((_req, res) => {
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end(`hello from worker ${process.pid}\n`);
    })
    .listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 8000) });
}
