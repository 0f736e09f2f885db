// Errors under reload: wrk keeps N connections busy against a tsgun serving the Express example app
// (bench/reload.config.ts) while the master gets SIGHUP every --interval seconds, each HUP only once
// the previous reload has finished (reload.committed or reload.rolled-back), so reloads never coalesce.
// With keep-alive and with one connection per request (`Connection: close`), each on a fresh server.
// Prints per mode the requests, req/s, wrk's socket errors by kind, non-2xx-or-3xx responses, reloads
// committed and rolled back, and PASS/FAIL against the goal: 0 socket errors and 0 non-2xx over at least
// 9 committed reloads in at least 20 s. Exits 1 if any mode fails.
//
//   node bench/reload.ts [--duration 22] [--interval 2] [--connections 50] [--threads 1] [--mode both|keep-alive|close] [--latency]

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';

const root = new URL('../', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '22' },
    interval: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    threads: { type: 'string', default: '1' },
    mode: { type: 'string', default: 'both' },
    latency: { type: 'boolean', default: false },
  },
});
const duration = Number(values.duration);
const intervalMs = Number(values.interval) * 1000;
const GOAL = { seconds: 20, reloads: 9 };
const STOP_KILL_MS = 15_000;
const READY_TIMEOUT_MS = 60_000;

if (!(duration > 0) || !(intervalMs > 0) || !['both', 'keep-alive', 'close'].includes(values.mode!)) {
  console.error('usage: node bench/reload.ts [--duration 22] [--interval 2] [--connections 50] [--threads 1] [--mode both|keep-alive|close] [--latency]');
  process.exit(2);
}
if (spawnSync('wrk', ['--version']).error !== undefined) {
  console.error('wrk is not installed: apt-get install -y wrk');
  process.exit(2);
}

/** One line of tsgun's JSON log (pino), or `{ raw }` for a line that is not JSON. */
interface LogLine {
  readonly level?: number;
  readonly event?: string;
  readonly msg?: string;
  readonly raw?: string;
  readonly [key: string]: unknown;
}

interface Server {
  readonly child: ChildProcess;
  readonly port: number;
  /** Every log line so far. */
  readonly lines: LogLine[];
  /** Called with every log line from now on; returns a function that unsubscribes. */
  subscribe(listener: (line: LogLine) => void): () => void;
  /** Resolves once the master has exited. */
  readonly exited: Promise<void>;
}

/** Every server started and not yet known to have exited, so that any way out of the script kills them. */
const live = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/** Starts tsgun from source in its own process group and resolves once all workers are ready. */
function start(): Promise<Server> {
  const args = ['--conditions=tsgun-source', 'src/cli/main.ts', '--config', 'bench/reload.config.ts', '-b', '127.0.0.1:0'];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  live.add(child);
  const exited = once(child, 'exit').then(() => {
    live.delete(child);
  });
  const lines: LogLine[] = [];
  const listeners = new Set<(line: LogLine) => void>();
  // stdout carries the JSON log; anything on stderr is kept as a raw line (and reported as notable).
  for (const stream of [child.stdout!, child.stderr!]) {
    let buffer = '';
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\n')) !== -1) {
        const text = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        let line: LogLine;
        try {
          line = stream === child.stdout ? (JSON.parse(text) as LogLine) : { raw: `stderr: ${text}` };
        } catch {
          line = { raw: text };
        }
        lines.push(line);
        for (const listener of listeners) listener(line);
      }
    });
  }
  const subscribe = (listener: (line: LogLine) => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };

  return new Promise((resolve, reject) => {
    let port: number | undefined;
    const fail = (message: string): void => {
      unsubscribe();
      clearTimeout(timer);
      killGroup(child, 'SIGKILL');
      reject(new Error(`${message}; its last log lines:\n${lines.slice(-20).map(show).join('\n')}`));
    };
    const unsubscribe = subscribe((line) => {
      if (line.event === 'listening' && Array.isArray(line['addresses'])) {
        port ??= Number(/127\.0\.0\.1:(\d+)/.exec(String(line['addresses'][0]))?.[1]);
      }
      if (line.event === 'server.ready') {
        unsubscribe();
        clearTimeout(timer);
        if (port === undefined || !(port > 0)) fail('tsgun was ready before it logged a listening address');
        else resolve({ child, port, lines, subscribe, exited });
      }
    });
    const timer = setTimeout(() => fail(`tsgun was not ready within ${READY_TIMEOUT_MS / 1000}s`), READY_TIMEOUT_MS);
    void exited.then(() => fail(`tsgun exited before it was ready (code ${child.exitCode}, signal ${child.signalCode})`));
  });
}

/** SIGTERM to the master, SIGKILL to its whole group if it has not exited within 15 s; returns how it went. */
async function stop(server: Server): Promise<string> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return `had already exited (code ${server.child.exitCode}, signal ${server.child.signalCode})`;
  const started = Date.now();
  const from = server.lines.length;
  let killed = false;
  try {
    process.kill(server.child.pid!, 'SIGTERM');
  } catch {
    // gone between the check and the kill
  }
  const timer = setTimeout(() => {
    killed = true;
    killGroup(server.child, 'SIGKILL');
  }, STOP_KILL_MS);
  await server.exited;
  clearTimeout(timer);
  // Workers left behind by the master would still be in its process group.
  let orphans = false;
  try {
    process.kill(-server.child.pid!, 0);
    orphans = true;
    killGroup(server.child, 'SIGKILL');
  } catch {
    // the group is empty
  }
  const how = killed ? `killed after ${STOP_KILL_MS / 1000}s` : `exited ${Date.now() - started} ms after SIGTERM (code ${server.child.exitCode}, signal ${server.child.signalCode})`;
  let report = orphans ? `${how}; processes left in its group were killed` : how;
  // A slow stop is worth a look: the log from SIGTERM on.
  if (killed || orphans || Date.now() - started > 2_000)
    report += `; its log from SIGTERM on:\n${server.lines
      .slice(from, from + 30)
      .map(show)
      .join('\n')}`;
  return report;
}

interface WrkResult {
  readonly requests: number;
  readonly rps: number;
  readonly errors: { readonly connect: number; readonly read: number; readonly write: number; readonly timeout: number };
  readonly non2xx: number;
  readonly output: string;
}

function parseWrk(out: string): WrkResult {
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    requests: Number(/(\d+) requests in /.exec(out)?.[1] ?? NaN),
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
    errors: {
      connect: Number(socket?.[1] ?? 0),
      read: Number(socket?.[2] ?? 0),
      write: Number(socket?.[3] ?? 0),
      timeout: Number(socket?.[4] ?? 0),
    },
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    output: out,
  };
}

let wrkChild: ChildProcess | undefined;

/** Runs wrk to completion without blocking the event loop (the reload loop runs meanwhile). */
async function wrk(port: number, keepAlive: boolean): Promise<WrkResult> {
  const args = [
    '-t',
    values.threads!,
    '-c',
    values.connections!,
    '-d',
    `${duration}s`,
    ...(values.latency ? ['--latency'] : []),
    ...(keepAlive ? [] : ['-H', 'Connection: close']),
    `http://127.0.0.1:${port}/`,
  ];
  const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  wrkChild = child;
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  wrkChild = undefined;
  if (code !== 0 || !/Requests\/sec/.test(out)) throw new Error(`wrk ${args.join(' ')} exited with ${code}:\n${out}${err}`);
  return parseWrk(out);
}

interface ReloadStats {
  hups: number;
  committed: number;
  rolledBack: number;
  queued: number;
  /** Milliseconds from each SIGHUP to its reload.committed / reload.rolled-back. */
  readonly times: number[];
  /** Milliseconds a reload had been running when wrk finished (not counted), or null if none was. */
  unfinished: number | null;
  /** Index in server.lines of the first line after the last SIGHUP. */
  lastHupLine: number;
}

/** Sends SIGHUP every intervalMs until `done`, each only after the previous reload has finished. */
async function reloads(server: Server, done: Promise<unknown>): Promise<ReloadStats> {
  const stats: ReloadStats = { hups: 0, committed: 0, rolledBack: 0, queued: 0, times: [], unfinished: null, lastHupLine: 0 };
  let finished = false;
  void done.finally(() => (finished = true));
  let pending: ((line: LogLine) => void) | undefined;
  const unsubscribe = server.subscribe((line) => {
    if (finished) return; // counts only what happens while wrk runs
    if (line.event === 'reload.queued') stats.queued++;
    if (line.event === 'reload.committed' || line.event === 'reload.rolled-back') {
      if (line.event === 'reload.committed') stats.committed++;
      else stats.rolledBack++;
      pending?.(line);
    }
  });
  let next = Date.now() + intervalMs;
  try {
    for (;;) {
      await Promise.race([sleep(Math.max(0, next - Date.now())), done]);
      if (finished) return stats;
      const sent = Date.now();
      stats.lastHupLine = server.lines.length;
      const ended = new Promise<LogLine>((resolve) => (pending = resolve));
      process.kill(server.child.pid!, 'SIGHUP');
      stats.hups++;
      const line = await Promise.race([ended, done.then(() => undefined)]);
      pending = undefined;
      if (line === undefined) {
        stats.unfinished = Date.now() - sent;
        return stats;
      }
      stats.times.push(Date.now() - sent);
      next = sent + intervalMs;
    }
  } finally {
    unsubscribe();
  }
}

/** Resolves once the reload in flight (if any) has finished, so that SIGTERM does not land mid-reload. */
async function settle(server: Server, stats: ReloadStats): Promise<void> {
  if (stats.unfinished === null) return;
  const finished = (): boolean => server.lines.slice(stats.lastHupLine).some((l) => l.event === 'reload.committed' || l.event === 'reload.rolled-back');
  for (let waited = 0; waited < 30_000 && !finished(); waited += 100) await sleep(100);
}

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

function show(line: LogLine): string {
  if (line.raw !== undefined) return `    ${line.raw}`;
  const { level, time, pid: _pid, hostname: _hostname, msg, ...rest } = line;
  const clock = typeof time === 'string' ? `${time.slice(11, 23)} ` : '';
  return `    ${clock}[${LEVELS[level ?? 30] ?? level}] ${msg ?? ''} ${JSON.stringify(rest)}`;
}

function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

async function runMode(keepAlive: boolean): Promise<boolean> {
  const mode = keepAlive ? 'keep-alive' : 'connection per request';
  console.log(`\n${mode}: wrk -t ${values.threads} -c ${values.connections} -d ${duration}s${keepAlive ? '' : " -H 'Connection: close'"}, SIGHUP every ${intervalMs / 1000}s`);
  const server = await start();
  try {
    const from = server.lines.length;
    const run = wrk(server.port, keepAlive);
    const [result, stats] = await Promise.all([
      run,
      reloads(
        server,
        run.catch(() => undefined),
      ),
    ]);
    const during = server.lines.slice(from);
    await settle(server, stats);
    const stopped = await stop(server);

    const { errors } = result;
    const socketErrors = errors.connect + errors.read + errors.write + errors.timeout;
    const failures: string[] = [];
    if (socketErrors > 0) failures.push(`${socketErrors} socket errors`);
    if (result.non2xx > 0) failures.push(`${result.non2xx} non-2xx`);
    if (stats.committed < GOAL.reloads) {
      const slow = stats.times.length > 0 && percentile(stats.times, 50) > intervalMs;
      failures.push(`${stats.committed} reloads committed < ${GOAL.reloads}${slow ? `: reloads took longer than the ${intervalMs / 1000}s interval, a longer --duration gives more` : ''}`);
    }
    if (duration < GOAL.seconds) failures.push(`${duration}s < ${GOAL.seconds}s`);

    if (values.latency) console.log(result.output.replace(/^/gm, '  | '));
    console.log(`  requests             ${result.requests} (${result.rps.toFixed(0)} req/s)`);
    console.log(`  socket errors        connect ${errors.connect}, read ${errors.read}, write ${errors.write}, timeout ${errors.timeout}`);
    console.log(`  non-2xx or 3xx       ${result.non2xx}`);
    console.log(`  SIGHUPs sent         ${stats.hups}${stats.unfinished === null ? '' : ` (the last one, sent ${stats.unfinished} ms before wrk finished, had not finished: not counted)`}`);
    console.log(`  reloads committed    ${stats.committed}`);
    console.log(`  reloads rolled back  ${stats.rolledBack}${stats.queued > 0 ? ` (and ${stats.queued} queued: reloads coalesced)` : ''}`);
    if (stats.times.length > 0) {
      console.log(`  reload time          median ${percentile(stats.times, 50)} ms, max ${Math.max(...stats.times)} ms (SIGHUP to commit)`);
    }
    const drained = during.filter((l) => l.event === 'worker.drained').map((l) => Number(l['durationMs']));
    if (drained.length > 0) console.log(`  worker drain time    median ${percentile(drained, 50)} ms, max ${Math.max(...drained)} ms (${drained.length} workers)`);
    if (stats.unfinished !== null && stats.unfinished > 2 * intervalMs) {
      const since = server.lines.slice(stats.lastHupLine);
      console.log(`  a reload had been running for ${stats.unfinished} ms when wrk finished; the log since its SIGHUP${since.length > 30 ? ' (first 30 lines)' : ''}:`);
      for (const line of since.slice(0, 30)) console.log(show(line));
    }
    console.log(`  server stop          ${stopped}`);
    // Anything at warn or above while wrk ran is worth a look, whether or not wrk saw errors.
    const notable = during.filter((l) => l.raw !== undefined || (l.level ?? 30) >= 40);
    if (notable.length > 0) {
      console.log(`  ${notable.length} log lines at warn or above while wrk ran${notable.length > 20 ? ' (first 20)' : ''}:`);
      for (const line of notable.slice(0, 20)) console.log(show(line));
    }
    console.log(`  ${failures.length === 0 ? 'PASS' : `FAIL (${failures.join(', ')})`}`);
    return failures.length === 0;
  } finally {
    // On any error: never leave a server behind.
    if (live.has(server.child)) killGroup(server.child, 'SIGKILL');
  }
}

function cleanup(): void {
  wrkChild?.kill('SIGKILL');
  for (const child of live) killGroup(child, 'SIGKILL');
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping`);
    cleanup();
    process.exit(130);
  });
}

const modes = values.mode === 'keep-alive' ? [true] : values.mode === 'close' ? [false] : [true, false];
let passed = true;
try {
  for (const keepAlive of modes) if (!(await runMode(keepAlive))) passed = false;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
console.log(`\n${passed ? 'PASS' : 'FAIL'}: goal is 0 socket errors and 0 non-2xx over at least ${GOAL.reloads} reloads in at least ${GOAL.seconds}s, in each mode`);
process.exit(passed ? 0 : 1);
