// Throughput of tsgun against a bare shared-socket node:cluster server (bench/cluster-peer.ts),
// same hello app, same worker count, measured with wrk, alternating A B A B so that drift in the
// machine's load hits both alike. Prints requests/s per round and the median ratio tsgun/cluster,
// with keep-alive and with one connection per request (`Connection: close`).
//
//   node bench/throughput.ts [--rounds 3] [--duration 5] [--connections 50] [--workers 2] [--mode both|keep-alive|close]

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';

const root = new URL('../', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    workers: { type: 'string', default: '2' },
    threads: { type: 'string', default: '1' },
    mode: { type: 'string', default: 'both' },
  },
});
const rounds = Number(values.rounds);
const workers = Number(values.workers);

if (spawnSync('wrk', ['--version']).error !== undefined) {
  console.error('wrk is not installed: apt-get install -y wrk');
  process.exit(2);
}

interface Running {
  readonly child: ChildProcess;
  readonly port: number;
  readonly host: string;
}

// Each run serves on its own loopback address. With one connection per request a 5 s run leaves
// ~100k sockets in TIME_WAIT, and the next run to the same address would find the ephemeral ports
// taken: whichever server ran second was measured ~20% slower, whatever it was.
let runs = 0;
const nextHost = (): string => `127.0.${Math.floor(runs / 250)}.${2 + (runs++ % 250)}`;

/** Starts a server and resolves with its port once it is ready, both read from its stdout lines. */
function start(host: string, command: string[], env: Record<string, string>, portOf: (line: string) => number | undefined, isReady: (line: string) => boolean): Promise<Running> {
  const child = spawn(command[0]!, command.slice(1), { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  return new Promise((resolve, reject) => {
    let buffer = '';
    let port: number | undefined;
    const onData = (chunk: string): void => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        port ??= portOf(line);
        if (port !== undefined && isReady(line)) {
          child.stdout!.off('data', onData);
          child.stdout!.resume();
          child.removeAllListeners('exit');
          resolve({ child, port, host });
          return;
        }
      }
    };
    child.stdout!.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command.join(' ')} exited with ${code}`)));
  });
}

async function stop(server: Running): Promise<void> {
  const exited = once(server.child, 'exit');
  try {
    process.kill(-server.child.pid!, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => process.kill(-server.child.pid!, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function wrk(host: string, port: number, keepAlive: boolean, seconds = Number(values.duration)): { rps: number; errors: string } {
  const args = ['-t', values.threads!, '-c', values.connections!, '-d', `${seconds}s`, ...(keepAlive ? [] : ['-H', 'Connection: close']), `http://${host}:${port}/`];
  const out = spawnSync('wrk', args, { encoding: 'utf8' }).stdout;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  const errors = /Socket errors:.*|Non-2xx.*/g.exec(out)?.[0] ?? '';
  return { rps, errors };
}

const node = process.execPath;
const servers = {
  tsgun: (host: string) =>
    start(
      host,
      [node, '--conditions=tsgun-source', 'src/cli/main.ts', '--config', 'bench/hello.config.ts', '-w', String(workers), '-b', `${host}:0`],
      {},
      (line) => (line.includes('"event":"listening"') ? Number(/127\.\d+\.\d+\.\d+:(\d+)/.exec(line)?.[1]) : undefined),
      (line) => line.includes('"event":"server.ready"'),
    ),
  cluster: (host: string) =>
    start(
      host,
      [node, 'bench/cluster-peer.ts'],
      { WORKERS: String(workers), HOST: host },
      (line) => (line.startsWith('listening ') ? Number(line.slice(10)) : undefined),
      (line) => line.startsWith('listening '),
    ),
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const modes = values.mode === 'keep-alive' ? [true] : values.mode === 'close' ? [false] : [true, false];
for (const keepAlive of modes) {
  const mode = keepAlive ? 'keep-alive' : 'connection per request';
  const ratios: number[] = [];
  console.log(`\n${mode}: wrk -c ${values.connections} -d ${values.duration}s, ${workers} workers, ${rounds} rounds`);
  for (let round = 1; round <= rounds; round++) {
    const results: Record<string, number> = {};
    // A B then B A, so that neither always runs first.
    const order = round % 2 === 1 ? (['cluster', 'tsgun'] as const) : (['tsgun', 'cluster'] as const);
    for (const name of order) {
      const server = await servers[name](nextHost());
      wrk(server.host, server.port, keepAlive, 1); // warm-up
      const { rps, errors } = wrk(server.host, server.port, keepAlive);
      await stop(server);
      results[name] = rps;
      console.log(`  round ${round} ${name.padEnd(7)} ${rps.toFixed(0).padStart(8)} req/s ${errors}`);
    }
    ratios.push(results.tsgun! / results.cluster!);
  }
  const geomean = Math.exp(ratios.reduce((sum, r) => sum + Math.log(r), 0) / ratios.length);
  console.log(`  ratio tsgun/cluster: median ${median(ratios).toFixed(3)}, geometric mean ${geomean.toFixed(3)} (rounds: ${ratios.map((r) => r.toFixed(3)).join(', ')})`);
}
