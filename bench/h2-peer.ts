// The HTTP/2 peer tsgun is measured against (bench/throughput.ts --mode h2): a bare node:cluster
// whose workers share one listening socket and serve the hello app with http2.createSecureServer
// (allowHTTP1, as tsgun's h2 listeners). Prints `listening <port>` once every worker listens.

import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import http2 from 'node:http2';
import hello from '../examples/hello/app.ts';

const workers = Number(process.env.WORKERS ?? 2);
const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';

if (cluster.isPrimary) {
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  let listening = 0;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('listening', (_worker, address) => {
    if (++listening === workers) process.stdout.write(`listening ${address.port}\n`);
  });
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill();
    process.exit(0);
  });
} else {
  const options = { cert: readFileSync(process.env.TLS_CERT!), key: readFileSync(process.env.TLS_KEY!), allowHTTP1: true, settings: { maxConcurrentStreams: 100 } };
  http2.createSecureServer(options, hello as unknown as Parameters<typeof http2.createSecureServer>[1]).listen({ host, port });
}
