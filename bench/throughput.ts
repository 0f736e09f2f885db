// Throughput of tsgun against a bare shared-socket node:cluster server (bench/cluster-peer.ts),
// same hello app, same worker count, measured with wrk, alternating A B A B so that drift in the
// machine's load hits both alike. Prints requests/s per round and the median ratio tsgun/cluster,
// with keep-alive and with one connection per request (`Connection: close`). `--mode h2` (or `all`):
// HTTP/2 over TLS with h2load against a bare http2.createSecureServer cluster (bench/h2.ts).
// Each HTTP/1 run also prints the CPU its processes used per request and the master's wake-ups per
// second (bench/proc-cpu.ts), steadier than requests/s on a loaded machine. `--baseline DIR` runs a
// third server in the same rounds: tsgun from another checkout (a "before" tree with node_modules),
// so that a change is measured against its parent in one run. `--idle S` first counts each server's
// wake-ups and CPU while it serves nothing.
// `--metrics` starts tsgun with `metricsBind` (docs/metrics.md): its workers count every request
// (the `--baseline` tree's too, so that the two are compared like for like).
//
// Each HTTP/1 run also prints the workers' context switches per request (voluntary and involuntary,
// main threads): with more workers than cores, every one hands a core over.
//
//   node bench/throughput.ts [--rounds 3] [--duration 5] [--connections 50] [--workers 2] [--mode both|keep-alive|close|h2|all|idle] [--metrics] [--streams 10] [--baseline DIR] [--idle 0]

import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { hasH2load, runH2 } from './h2.ts';
import { hasWrk, wrk } from './load.ts';
import { TreeMeter, type TreeUsage } from './proc-cpu.ts';
import { readyOrKilled, Server, spawnTracked, startServer } from './servers.ts';
import { median, medianWithInterval } from './stats.ts';

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
    baseline: { type: 'string' },
    idle: { type: 'string', default: '0' },
  },
});
const rounds = Number(values.rounds);
/** `--metrics`: tsgun serves metrics on the same loopback address as its listener, on a port of its own. */
const tsgunArgs = (host: string): { args?: string[] } => (values.metrics ? { args: ['--metrics-bind', `${host}:0`] } : {});
const workers = Number(values.workers);

// `--mode idle` runs no load at all: only the `--idle S` counts.
const modes = values.mode === 'keep-alive' ? [true] : values.mode === 'close' ? [false] : values.mode === 'h2' || values.mode === 'idle' ? [] : [true, false];
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

/** What is measured: the cluster peer, tsgun from this checkout, and tsgun from `--baseline`. */
type Contender = 'cluster' | 'tsgun' | 'before';
const baseline = values.baseline === undefined ? null : resolve(values.baseline);
const contenders: readonly Contender[] = baseline === null ? ['cluster', 'tsgun'] : ['cluster', 'tsgun', 'before'];

/** tsgun of another checkout: its own src/ and hello config (whose app path and `tsgun` import resolve in that tree). */
async function startBefore(tree: string, host: string): Promise<Server> {
  const args = ['--conditions=tsgun-source', join(tree, 'src/cli/main.ts'), '--config', join(tree, 'bench/hello.config.ts'), '-w', String(workers), '-b', `${host}:0`, ...(tsgunArgs(host).args ?? [])];
  return readyOrKilled(new Server('tsgun', spawnTracked(process.execPath, args), host));
}

const start = (who: Contender, host: string): Promise<Server> => (who === 'before' ? startBefore(baseline!, host) : startServer(who, { host, workers, ...(who === 'tsgun' ? tsgunArgs(host) : {}) }));

const idleSeconds = Number(values.idle);
const IDLE_SETTLE_MS = 3_000;
const load1 = (): string => loadavg()[0]!.toFixed(1);
const perSecond = (n: number, seconds: number): string => (n / seconds).toFixed(1);
const spread = (xs: readonly number[]): string => `${Math.min(...xs).toFixed(3)}..${Math.max(...xs).toFixed(3)}`;
const geomean = (xs: readonly number[]): number => Math.exp(xs.reduce((sum, r) => sum + Math.log(r), 0) / xs.length);

if (baseline !== null) console.log(`before: tsgun from ${baseline}`);
if (modes.length > 0)
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at the start`,
  );

if (idleSeconds > 0) {
  // Nothing served: every wake-up is a timer or a heartbeat. The cluster primary sleeps.
  console.log(`\nidle ${idleSeconds} s, ${workers} workers: wake-ups/s (voluntary context switches) and CPU ms/s`);
  for (const who of contenders) {
    const server = await start(who, nextHost());
    try {
      // Past the boot and the first heartbeat (2 s with the default timeout): what an idle server keeps doing.
      await new Promise((done) => setTimeout(done, IDLE_SETTLE_MS));
      const meter = new TreeMeter(server.pid);
      await new Promise((done) => setTimeout(done, idleSeconds * 1000));
      const { master, workers: all, workerCount } = meter.usage();
      console.log(
        `  ${who.padEnd(7)} master ${perSecond(master.wakeups, idleSeconds).padStart(6)} wake-ups/s ${perSecond(master.cpuMs, idleSeconds).padStart(5)} CPU ms/s;` +
          ` each worker ${perSecond(all.wakeups / workerCount, idleSeconds).padStart(6)} wake-ups/s ${perSecond(all.cpuMs / workerCount, idleSeconds).padStart(5)} CPU ms/s`,
      );
    } finally {
      await server.stop();
    }
  }
}

for (const keepAlive of modes) {
  const mode = keepAlive ? 'keep-alive' : 'connection per request';
  const ratios = new Map<Contender, number[]>(contenders.map((c) => [c, []]));
  const cpu = new Map<Contender, { master: number[]; workers: number[]; switches: number[] }>(contenders.map((c) => [c, { master: [], workers: [], switches: [] }]));
  console.log(`\n${mode}: wrk -c ${values.connections} -d ${values.duration}s, ${workers} workers, ${rounds} rounds (load average ${load1()})`);
  for (let round = 1; round <= rounds; round++) {
    const results: Partial<Record<Contender, number>> = {};
    // Rotated each round, and reversed every other one (A B C, C B A, B C A, …): none always runs first.
    const rotated = contenders.map((_, i) => contenders[(i + Math.floor((round - 1) / 2)) % contenders.length]!);
    const order = round % 2 === 1 ? rotated : rotated.reverse();
    for (const name of order) {
      const server = await start(name, nextHost());
      let rps: number;
      let requests: number;
      let errors: string;
      let used: TreeUsage;
      try {
        await load(server.host, server.port, keepAlive, 1); // warm-up
        const meter = new TreeMeter(server.pid);
        ({ rps, requests, errors } = await load(server.host, server.port, keepAlive));
        used = meter.usage();
      } finally {
        await server.stop();
      }
      results[name] = rps;
      const masterUs = (used.master.cpuMs * 1000) / requests;
      const workersUs = (used.workers.cpuMs * 1000) / requests;
      // Every context switch of the workers' main threads, per request: a sleep that ended (voluntary)
      // or a core taken away (involuntary); with more workers than cores, each is a core handed over.
      const switches = (used.workers.wakeups + used.workers.preempted) / requests;
      cpu.get(name)!.master.push(masterUs);
      cpu.get(name)!.workers.push(workersUs);
      cpu.get(name)!.switches.push(switches);
      console.log(
        `  round ${round} ${name.padEnd(7)} ${rps.toFixed(0).padStart(8)} req/s  CPU µs/request: master ${masterUs.toFixed(2).padStart(5)} workers ${workersUs.toFixed(1).padStart(6)};` +
          ` worker switches/request ${switches.toFixed(3)}; master wake-ups/s ${perSecond(used.master.wakeups, Number(values.duration)).padStart(6)}  (load ${load1()}) ${errors}`,
      );
    }
    for (const name of contenders) if (name !== 'cluster') ratios.get(name)!.push(results[name]! / results.cluster!);
  }
  for (const name of contenders) {
    const { master, workers: w, switches } = cpu.get(name)!;
    console.log(
      `  ${name.padEnd(7)} CPU µs/request, median: master ${median(master).toFixed(2)}, workers ${median(w).toFixed(1)}, all ${median(master.map((m, i) => m + w[i]!)).toFixed(1)};` +
        ` worker context switches/request ${median(switches).toFixed(3)}`,
    );
  }
  for (const name of contenders) {
    if (name === 'cluster') continue;
    const rs = ratios.get(name)!;
    console.log(`  ratio ${name}/cluster: median ${medianWithInterval(rs)}, geometric mean ${geomean(rs).toFixed(3)}, spread ${spread(rs)} (rounds: ${rs.map((r) => r.toFixed(3)).join(', ')})`);
  }
}
if (h2) {
  await runH2({ rounds, seconds: Number(values.duration), connections: Number(values.connections), streams: Number(values.streams), workers, nextHost });
}
