// Keep-alive balance with a CPU-heavy app (bench/busy-app.ts: 1 ms busy per request), 2 workers:
// tsgun with the shared accept queue (the default), tsgun with balanceConnections, and a bare
// shared-socket node:cluster server (bench/cluster-peer.ts), side by side in one run. Each run is
// a fresh wrk (so its connections are opened anew and accepted anew) that counts the responses of
// each worker by their x-worker-pid header; the split is the top worker's share of the requests.
// The servers take turns in a rotating order, so that drift in the machine's load hits all alike.
//
//   node bench/balance.ts [--runs 10] [--duration 3] [--connections 4,50] [--workers 2] [--busy-ms 1]

import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { hasWrk } from './load.ts';
import { killGroup, Server, spawnTracked, tsgunEntry } from './servers.ts';
import { median } from './stats.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    duration: { type: 'string', default: '3' },
    connections: { type: 'string', default: '4,50' },
    workers: { type: 'string', default: '2' },
    'busy-ms': { type: 'string', default: '1' },
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
function init(args) counts = {} end
function response(status, headers, body)
  local pid = headers["x-worker-pid"] or ("status " .. status)
  counts[pid] = (counts[pid] or 0) + 1
end
function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    for pid, n in pairs(t:get("counts")) do io.write(string.format("worker %s %d\\n", pid, n)) end
  end
end
`,
);

type Name = 'cluster' | 'tsgun' | 'tsgun+balance';
const NAMES: readonly Name[] = ['cluster', 'tsgun', 'tsgun+balance'];
const hosts: Record<Name, string> = { cluster: '127.0.0.2', tsgun: '127.0.0.3', 'tsgun+balance': '127.0.0.4' };

function start(name: Name): Server {
  const host = hosts[name];
  const env = { BUSY_MS: busyMs };
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
  readonly shares: string;
  readonly errors: string;
}

async function measure(server: Server, connections: number, seconds: number): Promise<Run> {
  const args = ['-t', '1', '-c', String(connections), '-d', `${seconds}s`, '-s', script, `http://${server.host}:${server.port}/`];
  const child = spawnTracked('wrk', args);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), (seconds + 30) * 1000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  if (code !== 0 || !/Requests\/sec/.test(out)) throw new Error(`wrk ${args.join(' ')} exited with ${code}:\n${out}`);
  const counts = [...out.matchAll(/^worker (.+) (\d+)$/gm)].map((m) => Number(m[2]));
  // A worker that served nothing is not in wrk's counts: pad to the worker count.
  while (counts.length < workers) counts.push(0);
  const total = counts.reduce((a, b) => a + b, 0);
  const sorted = counts.sort((a, b) => b - a);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
    top: sorted[0]! / total,
    shares: sorted.map((n) => Math.round((100 * n) / total)).join('/'),
    errors: (out.match(/Socket errors:.*|Non-2xx.*/g) ?? []).join('; '),
  };
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
for (const connections of String(values.connections).split(',').map(Number)) {
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
console.log(`\nsummary (load average at end: ${load()}; throughput ratios are per-run pairs on a shared machine: noisy)`);
for (const text of summary) console.log(text);
