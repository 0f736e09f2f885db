// Each framework through tsgun against the same app on a bare node:cluster server with the
// framework's usual adapter (bench/cluster-peer.ts with BENCH_APP: Hono with @hono/node-server,
// Express, Fastify and Koa with their listen()), same worker count, wrk with keep-alive and with one
// connection per request, A B then B A per round so that drift in the machine's load hits both
// alike. Prints per app and mode the ratio of requests/s tsgun/cluster (median, and the spread of
// the rounds) and the CPU each side used per request (every thread of every process of the
// server, from /proc's schedstat, before and after the run): on a loaded machine the CPU per request moves far
// less than requests/s.
//
//   node bench/frameworks.ts [--apps hono,express,fastify,koa] [--rounds 4] [--duration 5] [--connections 50] [--workers 2] [--mode both|keep-alive|close] [--from source|dist]

import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { hasWrk, wrk } from './load.ts';
import { procTimes } from './proc-cpu.ts';
import { processTree } from './proc-memory.ts';
import { startServer, type ServerKind } from './servers.ts';
import { median, medianWithInterval } from './stats.ts';

const { values } = parseArgs({
  options: {
    apps: { type: 'string', default: 'hono,express,fastify,koa' },
    rounds: { type: 'string', default: '4' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    workers: { type: 'string', default: '2' },
    threads: { type: 'string', default: '1' },
    mode: { type: 'string', default: 'both' },
    // tsgun from src/ (type stripping) or from dist/ as installed (npm run build first): servers.ts.
    from: { type: 'string', default: 'source' },
  },
});
const rounds = Number(values.rounds);
const workers = Number(values.workers);
const apps = values.apps.split(',');

if (!hasWrk()) {
  console.error('wrk is not installed: apt-get install -y wrk');
  process.exit(2);
}

/**
 * CPU ms used so far by `pid` and every process below it (a process that exited meanwhile counts no
 * more), from the scheduler's own count (proc-cpu.ts): /proc/<pid>/stat's utime and stime, used here
 * before, are sampled at each 10 ms tick and misjudge processes that run in short bursts.
 */
function treeCpuMs(pid: number): number {
  let total = 0;
  for (const each of processTree(pid)) {
    try {
      total += procTimes(each).cpuMs;
    } catch {
      // exited while we looked
    }
  }
  return total;
}

// Each run serves on its own loopback address: with one connection per request a run leaves ~100k
// sockets in TIME_WAIT, which slowed whichever server ran next on the same address (bench/throughput.ts).
let runs = 0;
const nextHost = (): string => `127.1.${Math.floor(runs / 250)}.${2 + (runs++ % 250)}`;

interface Run {
  readonly rps: number;
  /** CPU µs per request, all processes of the server. */
  readonly cpuUs: number;
}

async function measure(kind: ServerKind, app: string, keepAlive: boolean): Promise<Run> {
  process.env.BENCH_APP = app; // read by bench/frameworks.config.ts (tsgun's master) and bench/cluster-peer.ts
  const server = await startServer(kind, { host: nextHost(), workers, config: 'bench/frameworks.config.ts', from: values.from === 'dist' ? 'dist' : 'source' });
  try {
    const load = { host: server.host, port: server.port, keepAlive, connections: Number(values.connections), threads: Number(values.threads) };
    await wrk({ ...load, seconds: 1 }); // warm-up: the JIT, the connections
    const before = treeCpuMs(server.pid);
    const result = await wrk({ ...load, seconds: Number(values.duration) });
    const cpuMs = treeCpuMs(server.pid) - before;
    if (result.errors !== '') console.log(`    ${kind} ${app}: ${result.errors}`);
    return { rps: result.rps, cpuUs: (cpuMs * 1000) / result.requests };
  } finally {
    await server.stop();
  }
}

const modes = values.mode === 'keep-alive' ? [true] : values.mode === 'close' ? [false] : [true, false];
const rows: string[] = [];
console.log(`wrk -c ${values.connections} -d ${values.duration}s, ${workers} workers, ${rounds} rounds per row, load average ${loadavg()[0]!.toFixed(1)}`);
for (const app of apps) {
  for (const keepAlive of modes) {
    const mode = keepAlive ? 'keep-alive' : 'per-request';
    const ratios: number[] = [];
    const cpu: Record<ServerKind, number[]> = { tsgun: [], cluster: [] };
    for (let round = 1; round <= rounds; round++) {
      const order: readonly ServerKind[] = round % 2 === 1 ? ['cluster', 'tsgun'] : ['tsgun', 'cluster'];
      const got: Partial<Record<ServerKind, Run>> = {};
      for (const kind of order) got[kind] = await measure(kind, app, keepAlive);
      ratios.push(got.tsgun!.rps / got.cluster!.rps);
      cpu.tsgun.push(got.tsgun!.cpuUs);
      cpu.cluster.push(got.cluster!.cpuUs);
      console.log(
        `  ${app} ${mode} round ${round}: tsgun ${got.tsgun!.rps.toFixed(0)} req/s ${got.tsgun!.cpuUs.toFixed(0)} µs CPU/req, cluster ${got.cluster!.rps.toFixed(0)} req/s ${got.cluster!.cpuUs.toFixed(0)} µs CPU/req`,
      );
    }
    const cpuTsgun = median(cpu.tsgun);
    const cpuCluster = median(cpu.cluster);
    rows.push(
      `| ${app} | ${mode} | ${medianWithInterval(ratios, 2)}, rounds ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} | ${cpuTsgun.toFixed(0)} | ${cpuCluster.toFixed(0)} | ${(cpuTsgun / cpuCluster).toFixed(2)} |`,
    );
  }
}
console.log(`\nload average ${loadavg()[0]!.toFixed(1)} at the end\n`);
console.log('| app | connections | req/s tsgun/cluster: median (95 % interval of the median), min–max | CPU µs/req tsgun | CPU µs/req cluster | CPU ratio |');
console.log('|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
