// The one client load for "nothing was dropped while X happened" assertions: N keep-alive (or
// one-connection-per-request) clients send requests back to back until stopped, or until a request
// count or time bound is reached. Every failure is recorded with its reason, and so is which worker
// answered with which version: every fixture app answers `<version> pid <pid>` (`ok pid 123`,
// `v2 pid 123`). A wait for a number of answers rejects as soon as it can no longer be met (the
// load was stopped or hit a bound).

import assert from 'node:assert/strict';
import http from 'node:http';
import { scaled } from './time.ts';

export interface LoadOptions {
  readonly connections: number;
  readonly path?: string;
  readonly keepAlive?: boolean;
  /** Hard bounds, whichever comes first: requests issued, and nominal time (scaled by TSGUN_TEST_TIME_SCALE). */
  readonly maxRequests?: number;
  readonly maxMs?: number;
  /** For unix sockets. */
  readonly socketPath?: string;
}

export interface LoadResult {
  /** Requests answered with a 2xx. */
  readonly ok: number;
  readonly statuses: Readonly<Record<number, number>>;
  /** Requests that got no answer (reset, refused, timed out), with the reason. */
  readonly errors: readonly string[];
  /** Answers that were not a 2xx, or a 2xx whose body was not `<version> pid <pid>`. */
  readonly rejected: readonly string[];
  /** Pids of the workers that answered. */
  readonly pids: ReadonlySet<number>;
  /** pid → the versions (first word of a `<version> pid <pid>` body) that worker answered with. */
  readonly versions: ReadonlyMap<number, ReadonlySet<string>>;
}

export interface Load {
  /** Requests answered with a 2xx so far. */
  readonly ok: number;
  /** What was answered so far (live view). */
  readonly versions: ReadonlyMap<number, ReadonlySet<string>>;
  /** Resolves once at least `n` requests succeeded in total; rejects if the load ends before. */
  reached(n: number): Promise<void>;
  /** Resolves once `n` more requests than now succeeded; rejects if the load ends before. */
  more(n: number): Promise<void>;
  /** Stops issuing requests, waits for those in flight, and returns the tally. */
  stop(): Promise<LoadResult>;
  /** The tally once the load ended by itself (a bound) or was stopped. */
  readonly done: Promise<LoadResult>;
}

export function getOnce(
  url: string,
  options: { agent?: http.Agent; socketPath?: string; path?: string; timeoutMs?: number; method?: string } = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const target = new URL(options.path ?? '/', url);
    const req = http.request(
      // timeoutMs is nominal, scaled by TSGUN_TEST_TIME_SCALE.
      {
        host: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port,
        path: target.pathname + target.search,
        method: options.method ?? 'GET',
        agent: options.agent ?? false,
        socketPath: options.socketPath,
        timeout: scaled(options.timeoutMs ?? 15_000),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end();
  });
}

export function startLoad(url: string, options: LoadOptions): Load {
  const keepAlive = options.keepAlive ?? true;
  const agent = new http.Agent({ keepAlive, maxSockets: options.connections });
  const maxRequests = options.maxRequests ?? 100_000;
  const maxMs = scaled(options.maxMs ?? 30_000);
  const deadline = Date.now() + maxMs;
  let stopped = false;
  let issued = 0;
  let ok = 0;
  const statuses: Record<number, number> = {};
  const errors: string[] = [];
  const rejected: string[] = [];
  const pids = new Set<number>();
  const versions = new Map<number, Set<string>>();
  let waiters: { n: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  const record = (body: string): void => {
    const m = /^(\S+) pid (\d+)/.exec(body);
    if (m === null) return void rejected.push(`unexpected body: ${body.slice(0, 200)}`);
    const pid = Number(m[2]);
    pids.add(pid);
    if (!versions.has(pid)) versions.set(pid, new Set());
    versions.get(pid)!.add(m[1]!);
  };
  const client = async (): Promise<void> => {
    while (!stopped && issued < maxRequests && Date.now() < deadline) {
      issued++;
      try {
        const res = await getOnce(url, { agent: keepAlive ? agent : undefined, socketPath: options.socketPath, path: options.path });
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status < 200 || res.status >= 300) {
          rejected.push(`status ${res.status}: ${res.body.slice(0, 200)}`);
          continue;
        }
        ok++;
        record(res.body);
        waiters = waiters.filter((w) => {
          if (ok < w.n) return true;
          w.resolve();
          return false;
        });
      } catch (error) {
        errors.push(`${(error as NodeJS.ErrnoException).code ?? ''} ${(error as Error).message}`.trim());
      }
    }
  };
  const done = Promise.all(Array.from({ length: options.connections }, client)).then(() => {
    agent.destroy();
    // A wait that can no longer be met fails the test now, instead of hanging it.
    const why = stopped ? 'was stopped' : issued >= maxRequests ? `hit its bound of ${maxRequests} requests` : `hit its bound of ${maxMs} ms`;
    for (const w of waiters) {
      w.reject(
        new Error(`the load ${why} after ${ok} successful requests, before ${w.n}; statuses ${JSON.stringify(statuses)}; first errors: ${[...errors, ...rejected].slice(0, 5).join('; ') || 'none'}`),
      );
    }
    waiters = [];
    return { ok, statuses, errors, rejected, pids, versions } satisfies LoadResult;
  });
  const reached = (n: number): Promise<void> => {
    if (ok >= n) return Promise.resolve();
    return new Promise((resolve, reject) => waiters.push({ n, resolve, reject }));
  };
  return {
    get ok() {
      return ok;
    },
    versions,
    reached,
    more: (n) => reached(ok + n),
    stop() {
      stopped = true;
      return done;
    },
    done,
  };
}

/** Nothing was dropped: no request failed, every answer a 200, and at least `atLeast` of them. */
export function assertNothingDropped(result: LoadResult, atLeast = 1): void {
  assert.deepEqual(result.errors, [], 'no request failed');
  assert.deepEqual(result.rejected, [], 'every answer a 2xx from a worker');
  assert.deepEqual(Object.keys(result.statuses), ['200'], `only 200s: ${JSON.stringify(result.statuses)}`);
  assert.ok(result.ok >= atLeast, `at least ${atLeast} requests succeeded (${result.ok})`);
}

/** Every answer came from one of `pids`, with `version`. */
export function assertServedBy(result: { versions: ReadonlyMap<number, ReadonlySet<string>> }, pids: readonly number[], version: string): void {
  for (const [pid, seen] of result.versions) {
    assert.ok(pids.includes(pid), `pid ${pid} answered, but only ${pids.join(', ')} should have`);
    assert.deepEqual([...seen], [version], `pid ${pid} answered ${[...seen].join(', ')}`);
  }
}
