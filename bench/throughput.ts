// Throughput of tsgun against a bare shared-socket node:cluster server (bench/cluster-peer.ts),
// same hello app, same worker count, measured with wrk, alternating A B A B so that drift in the
// machine's load hits both alike. Prints requests/s per round and the median ratio tsgun/cluster,
// with keep-alive and with one connection per request (`Connection: close`). `--mode h2` (or `all`):
// HTTP/2 over TLS with h2load against a bare http2.createSecureServer cluster (bench/h2.ts).
// `--metrics` starts tsgun with `metricsBind` (docs/metrics.md): its workers count every request.
//
//   node bench/throughput.ts [--rounds 3] [--duration 5] [--connections 50] [--workers 2] [--mode both|keep-alive|close|h2|all] [--metrics] [--streams 10]

import { parseArgs } from 'node:util';
import { hasH2load, runH2 } from './h2.ts';
import { hasWrk, wrk } from './load.ts';
import { startServer, type ServerKind } from './servers.ts';
import { median } from './stats.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    workers: { type: 'string', default: '2' },
    threads: { type: 'string', default: '1' },
    mode: { type: 'string', default: 'both' },
    // tsgun with metricsBind on (the workers count every request): its cost against the cluster.
    metrics: { type: 'boolean', default: false },
    streams: { type: 'string', default: '10' },
  },
});
const rounds = Number(values.rounds);
/** `--metrics`: tsgun serves metrics on the same loopback address as its listener, on a port of its own. */
const tsgunArgs = (host: string): { args?: string[] } => (values.metrics ? { args: ['--metrics-bind', `${host}:0`] } : {});
const workers = Number(values.workers);

const modes = values.mode === 'keep-alive' ? [true] : values.mode === 'close' ? [false] : values.mode === 'h2' ? [] : [true, false];
const h2 = values.mode === 'h2' || values.mode === 'all';
if (modes.length > 0 && !hasWrk()) {
  console.error('wrk is not installed: apt-get install -y wrk');
  process.exit(2);
}
if (h2 && !hasH2load()) {
  console.error('h2load is not installed: apt-get install -y nghttp2-client');
  process.exit(2);
}

// Each run serves on its own loopback address. With one connection per request a 5 s run leaves
// ~100k sockets in TIME_WAIT, and the next run to the same address would find the ephemeral ports
// taken: whichever server ran second was measured ~20% slower, whatever it was.
let runs = 0;
const nextHost = (): string => `127.0.${Math.floor(runs / 250)}.${2 + (runs++ % 250)}`;

const load = (host: string, port: number, keepAlive: boolean, seconds = Number(values.duration)) =>
  wrk({ host, port, keepAlive, seconds, connections: Number(values.connections), threads: Number(values.threads) });

for (const keepAlive of modes) {
  const mode = keepAlive ? 'keep-alive' : 'connection per request';
  const ratios: number[] = [];
  console.log(`\n${mode}: wrk -c ${values.connections} -d ${values.duration}s, ${workers} workers, ${rounds} rounds`);
  for (let round = 1; round <= rounds; round++) {
    const results: Record<string, number> = {};
    // A B then B A, so that neither always runs first.
    const order: readonly ServerKind[] = round % 2 === 1 ? ['cluster', 'tsgun'] : ['tsgun', 'cluster'];
    for (const name of order) {
      const host = nextHost();
      const server = await startServer(name, { host, workers, ...(name === 'tsgun' ? tsgunArgs(host) : {}) });
      let rps: number;
      let errors: string;
      try {
        await load(server.host, server.port, keepAlive, 1); // warm-up
        ({ rps, errors } = await load(server.host, server.port, keepAlive));
      } finally {
        await server.stop();
      }
      results[name] = rps;
      console.log(`  round ${round} ${name.padEnd(7)} ${rps.toFixed(0).padStart(8)} req/s ${errors}`);
    }
    ratios.push(results.tsgun! / results.cluster!);
  }
  const geomean = Math.exp(ratios.reduce((sum, r) => sum + Math.log(r), 0) / ratios.length);
  console.log(`  ratio tsgun/cluster: median ${median(ratios).toFixed(3)}, geometric mean ${geomean.toFixed(3)} (rounds: ${ratios.map((r) => r.toFixed(3)).join(', ')})`);
}
if (h2) {
  await runH2({ rounds, seconds: Number(values.duration), connections: Number(values.connections), streams: Number(values.streams), workers, nextHost });
}
