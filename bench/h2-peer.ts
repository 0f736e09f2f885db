// The HTTP/2 peer tsgun is measured against (bench/throughput.ts --mode h2): a bare node:cluster
// whose workers share one listening socket and serve the hello app with http2.createSecureServer
// (allowHTTP1, as tsgun's h2 listeners). Prints `listening <port>` once every worker listens.

import { readFileSync } from 'node:fs';
import http2 from 'node:http2';
import hello from '../examples/hello/app.ts';
import { clusterPeer } from './cluster-scaffold.ts';

const address = clusterPeer();
if (address !== null) {
  const { host, port } = address;
  const options = { cert: readFileSync(process.env.TLS_CERT!), key: readFileSync(process.env.TLS_KEY!), allowHTTP1: true, settings: { maxConcurrentStreams: 100 } };
  http2.createSecureServer(options, hello as unknown as Parameters<typeof http2.createSecureServer>[1]).listen({ host, port });
}
