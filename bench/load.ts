// A bounded HTTP load against one server: wrk when it is installed, else a small keep-alive Node
// client in this process (good enough to warm a server up for a memory reading, not to measure
// throughput: it shares the CPU with what it measures, and per-request connections are not offered).

import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import { killGroup, spawnTracked } from './servers.ts';

export interface LoadOptions {
  readonly host: string;
  readonly port: number;
  readonly connections: number;
  readonly seconds: number;
  readonly threads?: number;
  /** false: one connection per request (`Connection: close`), wrk only. */
  readonly keepAlive?: boolean;
}

export interface LoadResult {
  readonly tool: 'wrk' | 'node';
  readonly requests: number;
  readonly rps: number;
  /** wrk's socket-error and non-2xx lines, or the Node client's tally of failures; '' when none. */
  readonly errors: string;
}

let wrkInstalled: boolean | undefined;

export function hasWrk(): boolean {
  wrkInstalled ??= spawnSync('wrk', ['--version']).error === undefined;
  return wrkInstalled;
}

/** Runs wrk with `args` for `seconds` (killed if it overruns by 30 s); its output, or an error when it failed. */
export async function runWrk(args: readonly string[], seconds: number): Promise<string> {
  const child = spawnTracked('wrk', [...args]);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), (seconds + 30) * 1000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  if (code !== 0 || !/Requests\/sec/.test(out)) throw new Error(`wrk ${args.join(' ')} exited with ${code}:\n${out}`);
  return out;
}

/** Runs wrk for `seconds` (killed if it overruns by 30 s) and parses its summary. */
export async function wrk(options: LoadOptions): Promise<LoadResult> {
  const { host, port, connections, seconds, threads = 1, keepAlive = true } = options;
  const args = ['-t', String(threads), '-c', String(connections), '-d', `${seconds}s`, ...(keepAlive ? [] : ['-H', 'Connection: close']), `http://${host}:${port}/`];
  const out = await runWrk(args, seconds);
  return {
    tool: 'wrk',
    requests: Number(/(\d+) requests in /.exec(out)?.[1] ?? NaN),
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
    errors: (out.match(/Socket errors:.*|Non-2xx.*/g) ?? []).join('; '),
  };
}

/** `connections` keep-alive clients sending GET / back to back until `seconds` have passed. */
export async function nodeLoad(options: LoadOptions): Promise<LoadResult> {
  const { host, port, connections, seconds } = options;
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let requests = 0;
  const failures = new Map<string, number>();
  const fail = (why: string): void => void failures.set(why, (failures.get(why) ?? 0) + 1);
  const get = (): Promise<void> =>
    new Promise((resolve) => {
      const req = http.get({ host, port, path: '/', agent, timeout: 10_000 }, (res) => {
        res.resume().on('end', () => {
          requests++;
          if (res.statusCode !== 200) fail(`status ${res.statusCode}`);
          resolve();
        });
      });
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', (error: NodeJS.ErrnoException) => (fail(error.code ?? error.message), resolve()));
    });
  const client = async (): Promise<void> => {
    while (performance.now() < deadline) await get();
  };
  await Promise.all(Array.from({ length: connections }, client));
  agent.destroy();
  const elapsed = (performance.now() - started) / 1000;
  return { tool: 'node', requests, rps: requests / elapsed, errors: [...failures].map(([why, n]) => `${why}: ${n}`).join(', ') };
}

/**
 * Exactly `n` GETs of / answered 200, over `connections` connections (kept alive, or one per
 * request), for counts rather than rates (instructions per request under callgrind); rejects on any
 * other answer. A kept-alive connection reset as it was reused (the server closed it as idle: slow
 * under valgrind) is sent again, 20 times at most.
 */
export async function countedLoad(port: number, n: number, options: { readonly connections: number; readonly keepAlive?: boolean; readonly host?: string }): Promise<void> {
  const { connections, keepAlive = true, host = '127.0.0.1' } = options;
  const agent = new http.Agent({ keepAlive, maxSockets: connections });
  let issued = 0;
  let resets = 0;
  const lane = async (): Promise<void> => {
    while (issued < n) {
      issued++;
      await new Promise<void>((resolve, reject) => {
        http
          .get({ host, port, path: '/', agent }, (res) => {
            res.resume();
            res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
          })
          .on('error', (error: NodeJS.ErrnoException) => {
            if (error.code === 'ECONNRESET' && ++resets <= 20) {
              issued--;
              resolve();
            } else reject(error);
          });
      });
    }
  };
  try {
    await Promise.all(Array.from({ length: connections }, lane));
  } finally {
    agent.destroy();
  }
}

/** wrk if it is installed, else the Node client (keep-alive only). */
export function load(options: LoadOptions): Promise<LoadResult> {
  return hasWrk() ? wrk(options) : nodeLoad(options);
}
