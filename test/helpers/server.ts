// Starts the real `tsgun` CLI as a child process in its own process group, follows its JSON log
// lines, and lets a test wait on lifecycle events (never on sleeps). Everything it started is
// killed when the test ends.

import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { once } from 'node:events';
import type { TestContext } from 'node:test';
import { cleanEnv, cliEntry, repoRoot } from './cli.ts';

export interface LogLine {
  readonly level: string;
  readonly event?: string;
  readonly msg?: string;
  readonly role?: string;
  readonly pid?: number;
  readonly worker?: number;
  readonly generation?: number;
  readonly time?: string;
  readonly [key: string]: unknown;
}

export interface StartOptions {
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: Record<string, string>;
  /** Extra fds for the child (index 3 onwards), for inherited-socket tests. */
  readonly extraFds?: readonly number[];
  /** Run through `sh -c 'LISTEN_PID=$$ exec …'` so that LISTEN_PID names the master (systemd style). */
  readonly listenPidSelf?: boolean;
  /** Wait for this event before returning (default `server.ready`); null to return at once. */
  readonly waitFor?: string | null;
}

export class ServerProcess {
  readonly child: ChildProcess;
  readonly lines: LogLine[] = [];
  readonly raw: string[] = [];
  stderr = '';
  #waiters: { match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(child: ChildProcess) {
    this.child = child;
    let buffer = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\n')) !== -1) {
        const text = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        this.raw.push(text);
        let line: LogLine;
        try {
          line = JSON.parse(text) as LogLine;
        } catch {
          continue;
        }
        this.lines.push(line);
        this.#waiters = this.#waiters.filter((w) => {
          if (!w.match(line)) return true;
          w.resolve(line);
          return false;
        });
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  }

  get pid(): number {
    return this.child.pid!;
  }

  events(name: string): LogLine[] {
    return this.lines.filter((l) => l.event === name);
  }

  /** The next line (past or future, counting from `after` lines) matching; rejects after `timeoutMs`. */
  waitFor(match: string | ((l: LogLine) => boolean), options: { timeoutMs?: number; after?: number } = {}): Promise<LogLine> {
    const test = typeof match === 'string' ? (l: LogLine) => l.event === match : match;
    const seen = this.lines.slice(options.after ?? 0).find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    const timeoutMs = options.timeoutMs ?? 20_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w.resolve !== done);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${typeof match === 'string' ? match : 'a matching log line'}\nstderr: ${this.stderr}\nlog:\n${this.raw.slice(-30).join('\n')}`));
      }, timeoutMs);
      // A wait abandoned by a failed test (the server exited first) must not hold the runner open.
      timer.unref();
      const done = (l: LogLine): void => {
        clearTimeout(timer);
        resolve(l);
      };
      this.#waiters.push({ match: test, resolve: done });
    });
  }

  /** Waits for `count` lines of event `name` in total. */
  async waitForCount(name: string, count: number, timeoutMs = 20_000): Promise<LogLine[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.events(name).length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`saw ${this.events(name).length} of ${count} ${name} events\n${this.raw.slice(-30).join('\n')}`);
      await this.waitFor((l) => l.event === name && this.events(name).length >= count, { timeoutMs: left, after: this.lines.length }).catch(() => undefined);
    }
    return this.events(name);
  }

  /** The addresses from the `listening` event. */
  async addresses(): Promise<string[]> {
    return (await this.waitFor('listening'))['addresses'] as string[];
  }

  /** `http://host:port` of the first TCP listener. */
  async url(): Promise<string> {
    const tcp = (await this.addresses()).find((a) => !a.startsWith('unix:') && !a.startsWith('fd:'));
    if (tcp === undefined) throw new Error('no TCP listener');
    return `http://${tcp}`;
  }

  /** Pids of the workers currently alive, from spawn/exit events. */
  liveWorkerPids(): number[] {
    const exited = new Set(this.events('worker.exited').map((l) => l.pid));
    return this.events('worker.spawned').map((l) => l.pid!).filter((p) => !exited.has(p));
  }

  signal(signal: NodeJS.Signals): void {
    process.kill(this.pid, signal);
  }

  /** Kills the whole process group (master and workers). Safe to call twice. */
  killAll(): void {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export async function startServer(t: TestContext, options: StartOptions): Promise<ServerProcess> {
  const stdio: StdioOptions = ['ignore', 'pipe', 'pipe', ...(options.extraFds ?? [])];
  const argv = ['--conditions=tsgun-source', cliEntry, ...options.args];
  const child = options.listenPidSelf
    ? spawn('sh', ['-c', 'LISTEN_PID=$$ exec "$0" "$@"', process.execPath, ...argv], { cwd: options.cwd ?? repoRoot, env: cleanEnv(options.env), stdio, detached: true })
    : spawn(process.execPath, argv, { cwd: options.cwd ?? repoRoot, env: cleanEnv(options.env), stdio, detached: true });
  const server = new ServerProcess(child);
  t.after(() => server.killAll());
  const waitFor = options.waitFor === undefined ? 'server.ready' : options.waitFor;
  if (waitFor !== null) {
    await Promise.race([
      server.waitFor(waitFor, { timeoutMs: 30_000 }),
      server.exited.then(({ code }) => {
        throw new Error(`tsgun exited with ${code} before ${waitFor}\nstderr: ${server.stderr}\nstdout:\n${server.raw.join('\n')}`);
      }),
    ]);
  }
  return server;
}
