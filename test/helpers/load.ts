// A bounded client load for "nothing was dropped while X happened" assertions: N keep-alive (or
// one-connection-per-request) clients send requests back to back until stopped, or until a request
// count or time bound is reached. Every failure is recorded with its reason.

import http from 'node:http';

export interface LoadOptions {
  readonly connections: number;
  readonly path?: string;
  readonly keepAlive?: boolean;
  /** Hard bounds, whichever comes first. */
  readonly maxRequests?: number;
  readonly maxMs?: number;
  /** For unix sockets. */
  readonly socketPath?: string;
}

export interface LoadResult {
  readonly ok: number;
  readonly statuses: Readonly<Record<number, number>>;
  readonly errors: readonly string[];
  readonly pids: ReadonlySet<string>;
}

export interface Load {
  /** Stops issuing requests, waits for those in flight, and returns the tally. */
  stop(): Promise<LoadResult>;
  /** Resolves once at least `n` requests succeeded. */
  reached(n: number): Promise<void>;
  readonly done: Promise<LoadResult>;
}

export function getOnce(url: string, options: { agent?: http.Agent; socketPath?: string; path?: string; timeoutMs?: number; method?: string } = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const target = new URL(options.path ?? '/', url);
    const req = http.request(
      { host: target.hostname.replace(/^\[|\]$/g, ''), port: target.port, path: target.pathname + target.search, method: options.method ?? 'GET', agent: options.agent ?? false, socketPath: options.socketPath, timeout: options.timeoutMs ?? 15_000 },
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
  const deadline = Date.now() + (options.maxMs ?? 30_000);
  let stopped = false;
  let issued = 0;
  let ok = 0;
  const statuses: Record<number, number> = {};
  const errors: string[] = [];
  const pids = new Set<string>();
  const waiters: { n: number; resolve: () => void }[] = [];
  const client = async (): Promise<void> => {
    while (!stopped && issued < maxRequests && Date.now() < deadline) {
      issued++;
      try {
        const res = await getOnce(url, { agent: keepAlive ? agent : undefined, socketPath: options.socketPath, path: options.path });
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status >= 200 && res.status < 300) {
          ok++;
          const pid = /pid (\d+)|worker (\d+)/.exec(res.body);
          if (pid !== null) pids.add(pid[1] ?? pid[2]!);
          for (const w of waiters) if (ok >= w.n) w.resolve();
        }
      } catch (error) {
        errors.push(`${(error as NodeJS.ErrnoException).code ?? ''} ${(error as Error).message}`.trim());
      }
    }
  };
  const done = Promise.all(Array.from({ length: options.connections }, client)).then(() => {
    agent.destroy();
    return { ok, statuses, errors, pids };
  });
  return {
    done,
    stop() {
      stopped = true;
      return done;
    },
    reached(n) {
      if (ok >= n) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
  };
}
