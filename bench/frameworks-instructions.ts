// Instructions per request of each framework through tsgun against the same app on its own server
// (bench/cluster-peer.ts: Hono with @hono/node-server, Express, Fastify and Koa with their listen(),
// or the hello listener), by callgrind: both run whole under valgrind (tsgun's master and its one
// worker; the peer's primary and its one worker), take `--warm` requests, then have their counters
// zeroed, serve exactly `--requests` more and dump. Every thread of every process of the server is
// counted: V8's background threads (the JIT's compiles, the GC's parallel and concurrent work) too.
//
// Requests/s and CPU time (bench/frameworks.ts) move by ±10 % from one run to the next on a shared
// 2-core machine, more than the gap they were to measure; an instruction count repeats. The warm-up
// matters: right after boot V8 is still compiling, and a worker with more code (tsgun's guard and
// lifecycle beside the app) compiles more (measured with Express, 2,000 requests of warm-up: +15 %
// for tsgun, nearly all on V8's background threads; 12,000: +1 %).
//
//   node bench/frameworks-instructions.ts [--apps hello,hono,express,fastify,koa] [--rounds 3] [--warm 12000] [--requests 5000] [--mode keep-alive|close] [--tsgun-args="--metrics-bind 127.0.0.1:0"] [--keep DIR [--perf-map]]
//
// `--keep DIR` copies each round's dumps there (DIR/<app>-<tsgun|peer>-<round>/cg.<pid>.1), to read
// where the instructions went: `node bench/callgrind-functions.ts` compares two dumps function by
// function. With `--perf-map` every process runs with --perf-basic-prof and its map of the code V8
// compiled at run time is kept beside its dump (perf-<pid>.map), which names that code there.
//
// Needs valgrind (apt-get install -y valgrind) and the build (npm run build): tsgun runs from dist/.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { countedLoad } from './load.ts';
import { processTree } from './proc-memory.ts';
import { freePort, root, tsgunEntry } from './servers.ts';
import { median } from './stats.ts';

const { values } = parseArgs({
  options: {
    apps: { type: 'string', default: 'hello,hono,express,fastify,koa' },
    warm: { type: 'string', default: '12000' },
    requests: { type: 'string', default: '5000' },
    mode: { type: 'string', default: 'keep-alive' },
    connections: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '3' },
    // More arguments for tsgun's CLI, split on spaces: `--tsgun-args="--metrics-bind 127.0.0.1:0"`.
    'tsgun-args': { type: 'string', default: '' },
    keep: { type: 'string' },
    'perf-map': { type: 'boolean', default: false },
  },
});
const warm = Number(values.warm);
const requests = Number(values.requests);
const keepAlive = values.mode !== 'close';
const connections = Number(values.connections);
const rounds = Number(values.rounds);
const tsgunArgs = values['tsgun-args'].split(' ').filter((a) => a !== '');

if (spawnSync('valgrind', ['--version']).status !== 0) {
  console.error('valgrind is not installed: apt-get install -y valgrind');
  process.exit(2);
}

const load = (port: number, n: number): Promise<void> => countedLoad(port, n, { connections, keepAlive });

async function serving(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before it served`);
    try {
      return await load(port, 1);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
  throw new Error('the server did not serve within 10 minutes under valgrind');
}

function control(flag: '-z' | '-d', pid: number): void {
  spawnSync('callgrind_control', [flag, String(pid)], { stdio: 'ignore' });
}

const { HOST: _host, ...withoutHost } = process.env;
if (values['perf-map'] && values.keep === undefined) {
  console.error('--perf-map keeps the maps beside the dumps: give --keep DIR too');
  process.exit(2);
}
// Workers inherit NODE_OPTIONS from the master and the cluster primary alike.
const perfMap = values['perf-map'] ? { NODE_OPTIONS: [process.env.NODE_OPTIONS, '--perf-basic-prof'].filter(Boolean).join(' ') } : {};

/** Instructions per request of the server `kind` serving `app`, all of its processes and threads. */
async function perRequest(kind: 'tsgun' | 'peer', app: string, round: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'tsgun-cg-'));
  const port = await freePort('127.0.0.1');
  const command =
    kind === 'tsgun'
      ? [
          ...tsgunEntry('dist').map((a) => join(root, a)),
          '--config',
          join(root, 'bench/frameworks.config.ts'),
          '-w',
          '1',
          '-b',
          `127.0.0.1:${port}`,
          '--timeout',
          '0',
          '--boot-timeout',
          '600',
          ...tsgunArgs,
        ]
      : [join(root, 'bench/cluster-peer.ts')];
  const child = spawn('valgrind', ['--tool=callgrind', '--trace-children=yes', `--callgrind-out-file=${dir}/cg.%p`, process.execPath, ...command], {
    // --perf-basic-prof also makes V8 write its log (isolate-*-v8.log) into the working directory:
    // the dump directory, removed after the round, rather than the checkout.
    cwd: values['perf-map'] ? dir : root,
    // No HOST: valgrind's gdbserver names its pipes after $HOST, and callgrind_control would look for
    // them under another name (cluster-peer.ts listens on 127.0.0.1 by default).
    env: { ...withoutHost, ...perfMap, BENCH_APP: app, WORKERS: '1', PORT: String(port) },
    stdio: 'ignore',
    detached: true,
  });
  try {
    await serving(port, child);
    await load(port, warm);
    const pids = processTree(child.pid!);
    for (const pid of pids) control('-z', pid);
    await load(port, requests);
    for (const pid of pids) control('-d', pid);
    let total = 0;
    for (const file of readdirSync(dir).filter((f) => /^cg\.\d+\.1$/.test(f))) {
      total += Number(/^totals: (\d+)/m.exec(readFileSync(join(dir, file), 'utf8'))?.[1] ?? 0);
      if (values.keep === undefined) continue;
      const kept = join(values.keep, `${app}-${kind}-${round}`);
      cpSync(join(dir, file), join(kept, file));
      const map = `/tmp/perf-${/^cg\.(\d+)/.exec(file)![1]}.map`;
      if (values['perf-map'] && existsSync(map)) {
        cpSync(map, join(kept, basename(map)));
        rmSync(map);
      }
    }
    if (total === 0) throw new Error(`no callgrind dump in ${dir}`);
    return total / requests;
  } finally {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // gone already
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `callgrind, ${warm} requests of warm-up then ${requests} counted, ${connections} ${keepAlive ? 'keep-alive connections' : 'connections, one per request'}, 1 worker, ${rounds} rounds${tsgunArgs.length > 0 ? `, tsgun ${tsgunArgs.join(' ')}` : ''}`,
);
const rows: string[] = [];
const k = (n: number): string => `${(n / 1000).toFixed(1)}k`;
const spread = (xs: number[]): string => `${k(median(xs))} (${k(Math.min(...xs))}–${k(Math.max(...xs))})`;
for (const app of values.apps.split(',')) {
  const got = { tsgun: [] as number[], peer: [] as number[] };
  for (let round = 1; round <= rounds; round++) {
    // A background GC cycle or compile that lands in the counted window moves one round by up to
    // 50 %: several rounds, and the median.
    for (const kind of round % 2 === 1 ? (['peer', 'tsgun'] as const) : (['tsgun', 'peer'] as const)) got[kind].push(await perRequest(kind, app, round));
    console.log(`  ${app} round ${round}: tsgun ${k(got.tsgun.at(-1)!)}, own server ${k(got.peer.at(-1)!)}`);
  }
  rows.push(`| ${app} | ${spread(got.tsgun)} | ${spread(got.peer)} | ${(median(got.tsgun) / median(got.peer)).toFixed(3)} |`);
}
console.log('\n| app | instructions/request tsgun, median (min–max) | own server | ratio of medians |');
console.log('|---|---|---|---|');
for (const row of rows) console.log(row);
