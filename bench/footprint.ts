// What tsgun costs next to a bare node:cluster server with the same handler on the same Node (issue 9,
// "Must show"): RSS and PSS of master and workers idle and after a bounded load, spawn to first 200
// with 2 workers, `tsgun --version` against `node -e 0`, and SIGHUP to `reload.committed` for the
// hello app. Prints one table with the issue's targets and whether each is met.
//
// tsgun runs from dist/ (bin/tsgun.js, built first when dist/ is missing or older than src/), as
// installed; `--from source` runs src/ through type stripping instead (see TsgunFrom in servers.ts).
//
//   node bench/footprint.ts [--runs 5] [--duration 5] [--connections 50] [--workers 2] [--reloads 10] [--settle 2] [--from dist|source] [--check]

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { hasWrk, load, type LoadResult } from './load.ts';
import { childPids, memoryOf, mib, type Memory } from './proc-memory.ts';
import { freePort, root, Server, spawnServer, spawnTracked, startServer, type ServerKind, type TsgunFrom } from './servers.ts';
import { median } from './stats.ts';

const USAGE = 'usage: node bench/footprint.ts [--runs 5] [--duration 5] [--connections 50] [--workers 2] [--reloads 10] [--settle 2] [--from dist|source] [--check]';
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    workers: { type: 'string', default: '2' },
    reloads: { type: 'string', default: '10' },
    settle: { type: 'string', default: '2' },
    from: { type: 'string', default: 'dist' },
    check: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const duration = Number(values.duration);
const connections = Number(values.connections);
const workers = Number(values.workers);
const reloadCount = Number(values.reloads);
const settleMs = Number(values.settle) * 1000;
const positiveInt = (n: number): boolean => Number.isInteger(n) && n > 0;
const tsgunFrom = values.from as TsgunFrom;
if (![runs, connections, workers, reloadCount].every(positiveInt) || !(duration > 0) || !(settleMs >= 0) || !['dist', 'source'].includes(tsgunFrom)) {
  console.error(USAGE);
  process.exit(2);
}

const HOST = '127.0.0.1';
const FIRST_OK_TIMEOUT_MS = 60_000;
const POLL_MS = 10;
const RELOAD_TIMEOUT_MS = 60_000;
/** The bars of issue 9, in MiB and milliseconds. */
const TARGET = { workerRssOverPeer: 8, masterRss: 60, firstOkOverPeer: 150, versionRatio: 1.5, reload: 1000 };

const progress = (text: string): boolean => process.stderr.write(`${text}\n`);

// ---- 1. memory, idle and after load ----

interface Footprint {
  readonly master: { readonly pid: number; readonly idle: Memory; readonly loaded: Memory };
  readonly workers: { readonly pid: number; readonly idle: Memory; readonly loaded: Memory }[];
  readonly load: LoadResult;
}

/** Starts a server, reads every process's memory after `--settle` s idle and right after the load. */
async function footprint(kind: ServerKind): Promise<Footprint> {
  const server = await startServer(kind, { host: HOST, workers, from: tsgunFrom });
  try {
    await sleep(settleMs);
    const workerPids = childPids(server.pid);
    if (workerPids.length !== workers) throw new Error(`${kind}: expected ${workers} worker processes under pid ${server.pid}, found ${workerPids.length} (${workerPids.join(', ')})`);
    const pids = [server.pid, ...workerPids];
    const idle = pids.map(memoryOf);
    const result = await load({ host: HOST, port: server.port, connections, seconds: duration });
    // A worker that died under load (and was replaced) would show up here as an unreadable pid.
    const loaded = pids.map(memoryOf);
    return {
      master: { pid: server.pid, idle: idle[0]!, loaded: loaded[0]! },
      workers: workerPids.map((pid, i) => ({ pid, idle: idle[i + 1]!, loaded: loaded[i + 1]! })),
      load: result,
    };
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${kind} ${server.tail()}`);
  } finally {
    await server.stop();
  }
}

// ---- 2. spawn to first 200 ----

function status(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: HOST, port, path: '/', agent: false, timeout: 5_000 }, (res) => {
      res.resume().on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', () => resolve(0)); // ECONNREFUSED until a worker listens
  });
}

/** What spawn to first 200 is timed for: tsgun, the cluster peer, and the bare fork-and-listen. */
type Starter = ServerKind | 'bare';

/** Milliseconds from spawning the server to the first 200 on its port, polled every 10 ms. */
async function firstOk(kind: Starter): Promise<number> {
  const port = await freePort(HOST);
  const started = performance.now();
  const server =
    kind === 'bare'
      ? new Server('cluster', spawnTracked(process.execPath, ['bench/bare-fork-listen.mjs'], { WORKERS: String(workers), HOST, PORT: String(port) }), HOST)
      : spawnServer(kind, { host: HOST, port, workers, from: tsgunFrom });
  try {
    for (;;) {
      if ((await status(port)) === 200) return performance.now() - started;
      if (server.child.exitCode !== null || server.child.signalCode !== null) throw new Error(`${kind} exited (code ${server.child.exitCode}) before answering 200`);
      if (performance.now() - started > FIRST_OK_TIMEOUT_MS) throw new Error(`${kind} answered no 200 within ${FIRST_OK_TIMEOUT_MS / 1000}s`);
      await sleep(POLL_MS);
    }
  } finally {
    await server.stop();
  }
}

// ---- 3. `tsgun --version` against `node -e 0` ----

const COMMANDS = {
  node: ['-e', '0'],
  source: ['--conditions=tsgun-source', 'src/cli/main.ts', '--version'],
  dist: ['bin/tsgun.js', '--version'],
} as const;
type Command = keyof typeof COMMANDS;

function wallMs(command: Command): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, COMMANDS[command], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  const ms = performance.now() - started;
  if (result.status !== 0 || (command !== 'node' && !/^\d+\.\d+\.\d+/.test(result.stdout))) {
    throw new Error(`node ${COMMANDS[command].join(' ')} exited with ${result.status}: ${result.stdout}${result.stderr}`);
  }
  return ms;
}

/** Whether dist/ is older than the newest file under src/ (then the dist row measures older code). */
function distIsStale(): boolean {
  const built = statSync(join(root, 'dist/cli/main.js')).mtimeMs;
  return readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).some((file) => statSync(join(root, 'src', file)).mtimeMs > built);
}

// ---- 4. SIGHUP to reload.committed ----

interface Reloads {
  readonly wall: number[];
  readonly logged: number[];
  readonly rolledBack: string[];
}

/** HUPs a tsgun `--reloads` times; each HUP waits until the generation it replaced has exited. */
async function reloads(): Promise<Reloads> {
  const server = await startServer('tsgun', { host: HOST, workers, from: tsgunFrom });
  const result: Reloads = { wall: [], logged: [], rolledBack: [] };
  try {
    await sleep(settleMs);
    for (let n = 1; n <= reloadCount; n++) {
      const from = server.lines.length;
      const started = performance.now();
      process.kill(server.pid, 'SIGHUP');
      const at = await server.next((l) => l.event === 'reload.committed' || l.event === 'reload.rolled-back', RELOAD_TIMEOUT_MS, from);
      const wall = performance.now() - started;
      const line = server.lines[at]!;
      if (line.event === 'reload.rolled-back') {
        result.rolledBack.push(`${line['code']}: ${line['reason']}`);
        continue;
      }
      result.wall.push(wall);
      result.logged.push(Number(line['durationMs']));
      // Old workers draining next to the next reload would make it slower than a reload on its own.
      let after = from;
      for (let k = 0; k < workers; k++) after = (await server.next((l) => l.event === 'worker.exited' && l['generation'] === line['previous'], RELOAD_TIMEOUT_MS, after)) + 1;
      progress(`  reload ${n}: ${wall.toFixed(0)} ms to reload.committed (durationMs ${line['durationMs']})`);
    }
  } finally {
    await server.stop();
  }
  return result;
}

// ---- the table ----

interface Row {
  readonly label: string;
  readonly unit: 'MiB' | 'ms';
  readonly tsgun: number;
  readonly peer?: number;
  readonly target?: string;
  readonly met?: boolean;
}

function fmt(n: number | undefined, unit: 'MiB' | 'ms', sign = false): string {
  if (n === undefined) return '—';
  if (!Number.isFinite(n)) return 'n/a';
  const text = n.toFixed(unit === 'MiB' ? 1 : 0);
  return sign && n >= 0 ? `+${text}` : text;
}

function printTable(rows: readonly Row[]): void {
  const header = ['', 'tsgun', 'peer', 'tsgun−peer', 'tsgun/peer', 'target (issue 9)', 'met'];
  const cells = rows.map((r) => [
    `${r.label} (${r.unit})`,
    fmt(r.tsgun, r.unit),
    fmt(r.peer, r.unit),
    r.peer === undefined ? '' : fmt(r.tsgun - r.peer, r.unit, true),
    r.peer === undefined ? '' : `${(r.tsgun / r.peer).toFixed(2)}×`,
    r.target ?? '',
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]): string =>
    c
      .map((text, i) => (i === 0 || i >= 5 ? text.padEnd(widths[i]!) : text.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

const mean = (xs: readonly number[]): number => xs.reduce((sum, x) => sum + x, 0) / xs.length;

function memoryRows(t: Footprint, p: Footprint, when: 'idle' | 'loaded'): Row[] {
  const label = when === 'idle' ? 'idle' : 'after load';
  const workerMean = (f: Footprint, key: keyof Memory): number => mib(mean(f.workers.map((w) => w[when][key])));
  const total = (f: Footprint): number => mib(f.master[when].pssKiB + f.workers.reduce((sum, w) => sum + w[when].pssKiB, 0));
  const workerRss = { tsgun: workerMean(t, 'rssKiB'), peer: workerMean(p, 'rssKiB') };
  const masterRss = mib(t.master[when].rssKiB);
  return [
    { label: `worker RSS ${label}, mean`, unit: 'MiB', ...workerRss, target: `≤ peer + ${TARGET.workerRssOverPeer}`, met: workerRss.tsgun - workerRss.peer <= TARGET.workerRssOverPeer },
    { label: `worker PSS ${label}, mean`, unit: 'MiB', tsgun: workerMean(t, 'pssKiB'), peer: workerMean(p, 'pssKiB') },
    { label: `master RSS ${label}`, unit: 'MiB', tsgun: masterRss, peer: mib(p.master[when].rssKiB), target: `≤ ${TARGET.masterRss}`, met: masterRss <= TARGET.masterRss },
    { label: `master PSS ${label}`, unit: 'MiB', tsgun: mib(t.master[when].pssKiB), peer: mib(p.master[when].pssKiB) },
    { label: `all processes PSS ${label}`, unit: 'MiB', tsgun: total(t), peer: total(p) },
  ];
}

function printProcesses(name: string, f: Footprint): void {
  const row = (role: string, pid: number, idle: Memory, loaded: Memory): string =>
    `  ${`${name} ${role}`.padEnd(16)} ${String(pid).padStart(7)}  ${[idle.rssKiB, idle.pssKiB, loaded.rssKiB, loaded.pssKiB].map((k) => mib(k).toFixed(1).padStart(8)).join('  ')}`;
  console.log(row('master', f.master.pid, f.master.idle, f.master.loaded));
  f.workers.forEach((w, i) => console.log(row(`worker ${i + 1}`, w.pid, w.idle, w.loaded)));
}

function git(...args: string[]): string {
  return spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? '';
}

// ---- run ----

const loadTool = hasWrk() ? `wrk -t 1 -c ${connections} -d ${duration}s (keep-alive)` : `Node keep-alive client, ${connections} connections, ${duration}s (wrk not installed)`;
const dirty = git('status', '--porcelain', '--', 'src', 'bench/hello.config.ts', 'bench/cluster-peer.ts', 'examples/hello') !== '';
if (tsgunFrom === 'dist' && (!existsSync(join(root, 'dist/cli/main.js')) || distIsStale())) {
  // What `npm run build` runs; dist/ from older sources would measure older code.
  progress('dist/ is missing or older than src/: building it');
  const build = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('the build failed; run `npm run build`, or measure from source with `--from source`');
    process.exit(2);
  }
}
const hasDist = existsSync(join(root, 'dist/cli/main.js'));
console.log(`tsgun footprint against bare node:cluster: Node ${process.version} (${process.execPath}), ${cpus().length} CPUs`);
console.log(
  `tsgun from ${tsgunFrom === 'dist' ? 'dist/ (bin/tsgun.js)' : 'source (src/, type stripping)'} at ${git('rev-parse', '--short', 'HEAD')}${dirty ? ' plus uncommitted changes in the working tree' : ''}; ${workers} workers; 127.0.0.1`,
);
console.log(
  `load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

const rows: Row[] = [];
try {
  progress(`memory: each server idle ${settleMs / 1000}s, then ${loadTool}`);
  const t = await footprint('tsgun');
  const p = await footprint('cluster');
  progress(`first 200: ${runs} runs each, rotating which goes first`);
  const starters: Starter[] = ['tsgun', 'cluster', 'bare'];
  const firstTimes: Record<Starter, number[]> = { tsgun: [], cluster: [], bare: [] };
  for (let run = 0; run < runs; run++) {
    for (let i = 0; i < starters.length; i++) {
      const kind = starters[(run + i) % starters.length]!;
      firstTimes[kind].push(await firstOk(kind));
    }
    progress(`  run ${run + 1}: ${starters.map((k) => `${k} ${firstTimes[k].at(-1)!.toFixed(0)} ms`).join(', ')}`);
  }
  progress(`--version: ${runs} runs each after one warm-up, rotating the order`);
  const commands: Command[] = hasDist ? ['node', 'source', 'dist'] : ['node', 'source'];
  const versionTimes: Record<Command, number[]> = { node: [], source: [], dist: [] };
  for (const command of commands) wallMs(command);
  for (let run = 0; run < runs; run++) {
    for (let i = 0; i < commands.length; i++) {
      const command = commands[(run + i) % commands.length]!;
      versionTimes[command].push(wallMs(command));
    }
  }
  progress(`reload: ${reloadCount} SIGHUPs to one tsgun serving the hello app`);
  const r = await reloads();

  console.log(
    `load average after:  ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(`\nmemory per process (MiB)    pid  idle RSS  idle PSS  load RSS  load PSS`);
  printProcesses('tsgun', t);
  printProcesses('cluster', p);
  for (const [name, f] of [
    ['tsgun', t],
    ['cluster', p],
  ] as const) {
    console.log(`  load on ${name}: ${f.load.tool}, ${f.load.requests} requests, ${f.load.rps.toFixed(0)} req/s${f.load.errors === '' ? '' : `, ${f.load.errors}`}`);
  }
  console.log(`first 200 (ms): ${starters.map((k) => `${k} ${firstTimes[k].map((x) => x.toFixed(0)).join(' ')}`).join('; ')}`);
  for (const command of commands) console.log(`${`node ${COMMANDS[command].join(' ')}`.padEnd(58)} (ms): ${versionTimes[command].map((x) => x.toFixed(0)).join(' ')}`);
  console.log(`reload (ms, SIGHUP to reload.committed): ${r.wall.map((x) => x.toFixed(0)).join(' ')}; its durationMs: ${r.logged.join(' ')}`);
  if (r.rolledBack.length > 0) console.log(`${r.rolledBack.length} reloads rolled back: ${r.rolledBack.join('; ')}`);
  console.log('');

  rows.push(...memoryRows(t, p, 'idle'), ...memoryRows(t, p, 'loaded'));
  // The issue's bar is against a bare fork-and-listen (plain JS, nothing to strip). The cluster
  // peer serves the same .ts handler, which Node strips in every process without a compile cache
  // (tsgun's reader and workers use one): a reference row, slower than the bare one by ~300 ms.
  const tsgunFirst = median(firstTimes.tsgun);
  const bareFirst = median(firstTimes.bare);
  rows.push({
    label: `spawn to first 200 vs bare fork-and-listen, median of ${runs}`,
    unit: 'ms',
    tsgun: tsgunFirst,
    peer: bareFirst,
    target: `≤ peer + ${TARGET.firstOkOverPeer}`,
    met: tsgunFirst - bareFirst <= TARGET.firstOkOverPeer,
  });
  rows.push({ label: `spawn to first 200 vs cluster peer (.ts), no target`, unit: 'ms', tsgun: tsgunFirst, peer: median(firstTimes.cluster) });
  const nodeE0 = median(versionTimes.node);
  for (const command of commands.filter((c) => c !== 'node')) {
    const version = median(versionTimes[command]);
    // The target is the installed command's (bin/ on dist/); from src/ Node strips every module's
    // types first, which an installed tsgun never does: that row is for reference only.
    if (command === 'source') rows.push({ label: 'tsgun --version (src/, no target), median', unit: 'ms', tsgun: version, peer: nodeE0 });
    else
      rows.push({
        label: `tsgun --version (bin/ + dist/${distIsStale() ? ', older than src/' : ''}), median`,
        unit: 'ms',
        tsgun: version,
        peer: nodeE0,
        target: `≤ ${TARGET.versionRatio}× peer`,
        met: version <= TARGET.versionRatio * nodeE0,
      });
  }
  const reloadWall = median(r.wall);
  rows.push({ label: `SIGHUP to reload.committed, median of ${r.wall.length}`, unit: 'ms', tsgun: reloadWall, target: `≤ ${TARGET.reload}`, met: reloadWall <= TARGET.reload });
  rows.push({ label: `reload.committed durationMs, median of ${r.logged.length}`, unit: 'ms', tsgun: median(r.logged) });
  printTable(rows);
  console.log(
    '\npeer: bench/cluster-peer.ts (bare node:cluster, same handler, same Node) for memory; bench/bare-fork-listen.mjs (plain JS, the handler inline) for first 200; `node -e 0` for --version; none for reload.',
  );
  console.log('MiB = 1024 kB as /proc reports; the issue\'s "MB" targets are read as MiB. A noisy machine inflates every time here: compare columns of one run, not runs.');
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
const unmet = rows.filter((r) => r.met === false).length;
console.log(`\n${unmet === 0 ? 'every target met' : `${unmet} of ${rows.filter((r) => r.met !== undefined).length} targets not met`}`);
process.exit(values.check && unmet > 0 ? 1 : 0);
