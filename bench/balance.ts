// Keep-alive balance with a CPU-heavy app (bench/busy-app.ts: 1 ms busy per request), 2 workers:
// tsgun with the shared accept queue (the default), tsgun with balanceConnections, and a bare
// shared-socket node:cluster server (bench/cluster-peer.ts), side by side in one run. Each run is
// a fresh wrk (so its connections are opened anew and accepted anew) that counts the responses and
// connections of each worker by their x-worker-pid and x-worker-conn headers; the split is the top
// worker's share of the requests (a count, robust to the machine's load; requests per second are not).
// The servers take turns in a rotating order, so that drift in the machine's load hits all alike.
//
// Then the setting's cost where it shows most: one connection per request (wrk -H 'Connection:
// close', 50 connections, no busy time), tsgun with and without it, A B B A, a fresh server on a
// fresh loopback address per run (TIME_WAIT, see bench/throughput.ts).
//
//   node bench/balance.ts [--runs 10] [--duration 3] [--connections 4,50] [--workers 2] [--busy-ms 1] [--close-rounds 4]

import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { hasWrk, runWrk } from './load.ts';
import { childPids } from './proc-memory.ts';
import { Server, spawnTracked, tsgunEntry } from './servers.ts';
import { median } from './stats.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    duration: { type: 'string', default: '3' },
    connections: { type: 'string', default: '4,50' },
    workers: { type: 'string', default: '2' },
    'busy-ms': { type: 'string', default: '1' },
    'close-rounds': { type: 'string', default: '4' },
  },
});
const runs = Number(values.runs);
const workers = Number(values.workers);
const busyMs = values['busy-ms'];

if (!hasWrk()) {
  console.error('wrk is not installed: apt-get install -y wrk');
  process.exit(2);
}

// wrk counts the responses of each worker (one thread: its Lua state holds the counts).
const script = join(tmpdir(), `tsgun-balance-${process.pid}.lua`);
writeFileSync(
  script,
  `local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {}; conns = {} end
function response(status, headers, body)
  local pid = headers["x-worker-pid"] or ("status " .. status)
  counts[pid] = (counts[pid] or 0) + 1
  conns[pid .. " " .. (headers["x-worker-conn"] or "")] = true
end
function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    local c = t:get("conns")
    for pid, n in pairs(t:get("counts")) do
      local k = 0
      for key, _ in pairs(c) do if key:sub(1, #pid + 1) == pid .. " " then k = k + 1 end end
      io.write(string.format("worker %s %d %d\\n", pid, n, k))
    end
  end
end
`,
);

type Name = 'cluster' | 'tsgun' | 'tsgun+balance';
const NAMES: readonly Name[] = ['cluster', 'tsgun', 'tsgun+balance'];
const hosts: Record<Name, string> = { cluster: '127.0.0.2', tsgun: '127.0.0.3', 'tsgun+balance': '127.0.0.4' };

function start(name: Name, host = hosts[name], busy = busyMs): Server {
  const env = { BUSY_MS: busy };
  const child =
    name === 'cluster'
      ? spawnTracked(process.execPath, ['bench/cluster-peer.ts'], { ...env, WORKERS: String(workers), HOST: host, PORT: '0' })
      : spawnTracked(
          process.execPath,
          [...tsgunEntry(), '--config', 'bench/balance.config.ts', '-w', String(workers), '-b', `${host}:0`, ...(name === 'tsgun+balance' ? ['--balance-connections'] : [])],
          env,
        );
  return new Server(name === 'cluster' ? 'cluster' : 'tsgun', child, host);
}

interface Run {
  readonly rps: number;
  /** The top worker's share of the requests, 0.5..1 with 2 workers. */
  readonly top: number;
  /** Request shares in %, top first, and each worker's connections in that run. */
  readonly shares: string;
  readonly errors: string;
}

async function measure(server: Server, connections: number, seconds: number): Promise<Run> {
  const args = ['-t', '1', '-c', String(connections), '-d', `${seconds}s`, '-s', script, `http://${server.host}:${server.port}/`];
  const out = await runWrk(args, seconds);
  const rows = [...out.matchAll(/^worker (.+) (\d+) (\d+)$/gm)].map((m) => ({ requests: Number(m[2]), connections: Number(m[3]) }));
  // A worker that served nothing is not in wrk's counts: pad to the worker count.
  while (rows.length < workers) rows.push({ requests: 0, connections: 0 });
  const total = rows.reduce((sum, r) => sum + r.requests, 0);
  const sorted = rows.sort((a, b) => b.requests - a.requests);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
    top: sorted[0]!.requests / total,
    shares: `${sorted.map((r) => Math.round((100 * r.requests) / total)).join('/')} (conns ${sorted.map((r) => r.connections).join('/')})`,
    errors: (out.match(/Socket errors:.*|Non-2xx.*/g) ?? []).join('; '),
  };
}

/** CPU time (user + system, ms) the master's children (the workers) used so far, from /proc: a figure the machine's load does not inflate. */
function workersCpuMs(master: number): number {
  const tick = 10; // ms per clock tick (USER_HZ 100)
  let total = 0;
  for (const pid of childPids(master)) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    total += (Number(fields[11]) + Number(fields[12])) * tick;
  }
  return total;
}

async function closeLoad(server: Server, seconds: number): Promise<{ rps: number; requests: number }> {
  const args = ['-t', '1', '-c', '50', '-d', `${seconds}s`, '-H', 'Connection: close', `http://${server.host}:${server.port}/`];
  const child = spawnTracked('wrk', args);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0 || !/Requests\/sec/.test(out)) throw new Error(`wrk ${args.join(' ')} exited with ${code}:\n${out}`);
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN), requests: Number(/(\d+) requests in /.exec(out)?.[1] ?? NaN) };
}

const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

console.log(`balance: ${workers} workers, ${busyMs} ms busy per request, ${runs} runs of ${values.duration} s per server and connection count`);
console.log(`load average at start: ${load()} (${process.env.HOSTNAME ?? 'this machine'}, shared)`);
const servers = Object.fromEntries(NAMES.map((name) => [name, start(name)])) as Record<Name, Server>;
await Promise.all(NAMES.map((name) => servers[name].ready()));
for (const name of NAMES) await measure(servers[name], 4, 1); // warm-up

const summary: string[] = [];
for (const connections of String(values.connections).split(',').filter(Boolean).map(Number)) {
  console.log(`\n${connections} keep-alive connections`);
  const results: Record<Name, Run[]> = { cluster: [], tsgun: [], 'tsgun+balance': [] };
  for (let run = 0; run < runs; run++) {
    // Rotating order: each server runs first, second and third equally often.
    const order = NAMES.map((_, i) => NAMES[(i + run) % NAMES.length]!);
    const line: string[] = [];
    for (const name of order) {
      const result = await measure(servers[name], connections, Number(values.duration));
      results[name].push(result);
      line.push(`${name} ${result.rps.toFixed(0)} req/s ${result.shares}${result.errors ? ` (${result.errors})` : ''}`);
    }
    console.log(`  run ${String(run + 1).padStart(2)}: ${line.join(' | ')}`);
  }
  for (const name of NAMES) {
    const rs = results[name];
    const ratios = rs.map((r, i) => r.rps / results.cluster[i]!.rps);
    const worst = Math.max(...rs.map((r) => r.top));
    const text =
      `  ${connections} conns ${name.padEnd(14)} worst split ${(100 * worst).toFixed(0)}/${(100 * (1 - worst)).toFixed(0)}, ` +
      `median top ${(100 * median(rs.map((r) => r.top))).toFixed(0)} %, runs at 100/0: ${rs.filter((r) => r.top >= 0.999).length}, ` +
      `median ${median(rs.map((r) => r.rps)).toFixed(0)} req/s, vs cluster: median ${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(2)}..${Math.max(...ratios).toFixed(2)})`;
    summary.push(text);
  }
}
await Promise.all(NAMES.map((name) => servers[name].stop()));

// The cost with one connection per request: a pread and two pwrites per connection.
const closeRounds = Number(values['close-rounds']);
const closeRatios: number[] = [];
const cpuRatios: number[] = [];
if (closeRounds > 0) console.log(`\none connection per request, no busy time, 50 connections, ${closeRounds} rounds of ${values.duration} s`);
for (let round = 0; round < closeRounds; round++) {
  const order: readonly Name[] = round % 2 === 0 ? ['tsgun', 'tsgun+balance'] : ['tsgun+balance', 'tsgun'];
  const rps: Partial<Record<Name, number>> = {};
  const cpu: Partial<Record<Name, number>> = {};
  for (const [i, name] of order.entries()) {
    const server = start(name, `127.0.1.${2 + round * 2 + i}`, '0');
    try {
      await server.ready();
      await closeLoad(server, 1);
      const before = workersCpuMs(server.pid);
      const result = await closeLoad(server, Number(values.duration));
      rps[name] = result.rps;
      cpu[name] = ((workersCpuMs(server.pid) - before) * 1000) / result.requests;
    } finally {
      await server.stop();
    }
  }
  closeRatios.push(rps['tsgun+balance']! / rps.tsgun!);
  cpuRatios.push(cpu['tsgun+balance']! / cpu.tsgun!);
  const line = (name: Name): string => `${name} ${rps[name]!.toFixed(0)} req/s, workers' CPU ${cpu[name]!.toFixed(0)} us/request`;
  console.log(`  round ${round + 1}: ${line('tsgun')} | ${line('tsgun+balance')}`);
}
if (closeRounds > 0) {
  summary.push(`  connection per request: tsgun+balance / tsgun req/s median ${median(closeRatios).toFixed(3)} (${closeRatios.map((r) => r.toFixed(2)).join(', ')})`);
  summary.push(`  connection per request: tsgun+balance / tsgun workers' CPU per request median ${median(cpuRatios).toFixed(3)} (${cpuRatios.map((r) => r.toFixed(2)).join(', ')})`);
}
console.log(`\nsummary (load average at end: ${load()}; throughput ratios are per-run pairs on a shared machine: noisy)`);
for (const text of summary) console.log(text);
