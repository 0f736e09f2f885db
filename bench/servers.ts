// The two servers the benchmarks compare, started the same way everywhere: tsgun (`bench/hello.config.ts`
// unless told otherwise; from source unless told to run the build, see `TsgunFrom`) and the bare
// node:cluster peer (bench/cluster-peer.ts), each in its own process group with its stdout lines followed. Every process started here is
// killed when the script exits, however it exits.

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

export const root = new URL('../', import.meta.url).pathname;

export type ServerKind = 'tsgun' | 'cluster';

/**
 * How tsgun is run: `source` is src/ through type stripping (`--conditions=tsgun-source`, no build
 * needed); `dist` is `bin/tsgun.js` on the compiled dist/, as installed. Measured on Node 24: stripping
 * tsgun's own ~60 modules costs each process ~17 MiB RSS and 150–250 ms of start, which the peer (one
 * stripped file) does not pay. From dist/ both sides strip only their user code: tsgun the .ts
 * config (master) and app (workers), the peer its script and the same app.
 */
export type TsgunFrom = 'source' | 'dist';

export interface ServerOptions {
  readonly host: string;
  /** 0 (the default) lets the kernel pick; the real port is learnt from the server's output. */
  readonly port?: number;
  readonly workers: number;
  /** tsgun only: the config file, relative to the repository root. */
  readonly config?: string;
  /** tsgun only: src/ (the default) or dist/ through bin/tsgun.js. */
  readonly from?: TsgunFrom;
  /** tsgun only: more CLI arguments (`--metrics-bind HOST:0`). */
  readonly args?: readonly string[];
}

/** The node arguments that start tsgun's CLI from `from`. */
export function tsgunEntry(from: TsgunFrom = 'source'): string[] {
  return from === 'dist' ? ['bin/tsgun.js'] : ['--conditions=tsgun-source', 'src/cli/main.ts'];
}

/** One stdout line: tsgun's JSON log line parsed, or `{ raw }` (the peer's `listening <port>`). */
export interface LogLine {
  readonly event?: string;
  readonly raw?: string;
  readonly [key: string]: unknown;
}

const STOP_KILL_MS = 10_000;

/** Started and not yet seen to exit: killed (their whole process group) when this script exits. */
const live = new Set<ChildProcess>();

export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // the group is already empty
  }
}

/** Spawns a child in its own process group and registers it, so that no way out leaves it running. */
export function spawnTracked(command: string, args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

process.on('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping`);
    process.exit(130); // the exit handler above kills what is left
  });
}

export class Server {
  readonly kind: ServerKind;
  readonly child: ChildProcess;
  readonly host: string;
  readonly lines: LogLine[] = [];
  readonly exited: Promise<void>;
  #port: number | undefined;
  #waiters: { from: number; match: (line: LogLine) => boolean; resolve: (index: number) => void }[] = [];

  constructor(kind: ServerKind, child: ChildProcess, host: string) {
    this.kind = kind;
    this.child = child;
    this.host = host;
    this.exited = once(child, 'exit').then(() => undefined);
    let buffer = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\n')) !== -1) {
        this.#push(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
      }
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The port it listens on, once its output has said so. */
  get port(): number {
    if (this.#port === undefined) throw new Error(`${this.kind} has not reported its port yet`);
    return this.#port;
  }

  /** The index of the first line at or after `from` that matches; rejects on timeout or exit. */
  next(match: (line: LogLine) => boolean, timeoutMs: number, from = this.lines.length): Promise<number> {
    const found = this.lines.findIndex((line, i) => i >= from && match(line));
    if (found !== -1) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { from, match, resolve: (index: number): void => (settle(), resolve(index)) };
      const fail = (why: string): void => {
        settle();
        reject(new Error(`${this.kind} (pid ${this.pid}) ${why}; ${this.tail()}`));
      };
      const timer = setTimeout(() => fail(`logged no awaited line within ${timeoutMs} ms`), timeoutMs);
      const onExit = (): void => fail(`exited (code ${this.child.exitCode}, signal ${this.child.signalCode}) before the awaited line`);
      const settle = (): void => {
        clearTimeout(timer);
        this.child.off('exit', onExit);
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
      };
      this.child.once('exit', onExit);
      this.#waiters.push(waiter);
    });
  }

  /** Its last output lines, for an error message. */
  tail(count = 15): string {
    return `its last lines:\n${this.lines
      .slice(-count)
      .map((l) => `    ${l.raw ?? JSON.stringify(l)}`)
      .join('\n')}`;
  }

  /** Resolves with the port once every worker serves: tsgun's `server.ready`, the peer's `listening`. */
  async ready(timeoutMs = 60_000): Promise<number> {
    await this.next((line) => (this.kind === 'tsgun' ? line.event === 'server.ready' : line.raw?.startsWith('listening ') === true), timeoutMs, 0);
    return this.port;
  }

  /** SIGTERM to the master, SIGKILL to its group if it has not exited in 10 s; never leaves a worker behind. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      try {
        process.kill(this.pid, 'SIGTERM');
      } catch {
        // exited meanwhile
      }
      const timer = setTimeout(() => killGroup(this.child, 'SIGKILL'), STOP_KILL_MS);
      await this.exited;
      clearTimeout(timer);
    }
    // The peer's primary exits as soon as it has signalled its workers; they may still be going.
    killGroup(this.child, 'SIGKILL');
  }

  #push(text: string): void {
    let line: LogLine;
    try {
      line = this.kind === 'tsgun' ? (JSON.parse(text) as LogLine) : { raw: text };
    } catch {
      line = { raw: text };
    }
    const index = this.lines.push(line) - 1;
    if (this.kind === 'tsgun' && line.event === 'listening' && Array.isArray(line['addresses'])) {
      this.#port ??= Number(/:(\d+)$/.exec(String(line['addresses'][0]))?.[1]);
    }
    if (this.kind === 'cluster' && line.raw?.startsWith('listening ')) this.#port ??= Number(line.raw.slice(10));
    for (const waiter of [...this.#waiters]) if (index >= waiter.from && waiter.match(line)) waiter.resolve(index);
  }
}

/** Starts a server without waiting for it (see `Server.ready()`). */
export function spawnServer(kind: ServerKind, options: ServerOptions): Server {
  const { host, port = 0, workers } = options;
  const child =
    kind === 'tsgun'
      ? spawnTracked(process.execPath, [...tsgunEntry(options.from), '--config', options.config ?? 'bench/hello.config.ts', '-w', String(workers), '-b', `${host}:${port}`, ...(options.args ?? [])])
      : spawnTracked(process.execPath, ['bench/cluster-peer.ts'], { WORKERS: String(workers), HOST: host, PORT: String(port) });
  return new Server(kind, child, host);
}

/** Starts a server and resolves once every worker serves; kills it if it never gets there. */
export async function startServer(kind: ServerKind, options: ServerOptions): Promise<Server> {
  return readyOrKilled(spawnServer(kind, options));
}

/** Resolves with `server` once every worker serves; kills it if it never gets there. */
export async function readyOrKilled(server: Server): Promise<Server> {
  try {
    await server.ready();
  } catch (error) {
    killGroup(server.child, 'SIGKILL');
    throw error;
  }
  return server;
}

/** A port free right now on `host` (another process could take it before it is used: rare on loopback). */
export async function freePort(host: string): Promise<number> {
  const probe = createServer();
  probe.listen({ host, port: 0 });
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  await once(probe, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
