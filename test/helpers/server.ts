// Starts the real `tsgun` CLI as a child process in its own process group, follows its JSON log
// lines, and lets a test wait on lifecycle events (never on sleeps). Everything it started is
// killed when the test ends. Every timeoutMs here is nominal, stretched by TSGUN_TEST_TIME_SCALE (time.ts).

import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { once } from 'node:events';
import type { TestContext } from 'node:test';
import { cleanEnv, cliEntry, repoRoot } from './cli.ts';
import { scaled } from './time.ts';

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
  /** A command the CLI runs under (`['unshare', '--pid', '--fork', '--mount-proc']`): its argv, before Node's. */
  readonly wrap?: readonly string[];
}

function printedLine(text: string): LogLine | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && typeof (value as LogLine).event === 'string' ? (value as LogLine) : undefined;
  } catch {
    return undefined;
  }
}

export class ServerProcess {
  readonly child: ChildProcess;
  readonly lines: LogLine[] = [];
  readonly raw: string[] = [];
  stderr = '';
  /** Pending waits: each is offered every stdout line (its text, and its JSON if it is JSON). */
  #waiters: { offer: (text: string, line: LogLine | undefined) => boolean; reject: (e: Error) => void }[] = [];
  /** Set once stdout is closed (the master and every worker gone): no line can come any more. */
  #ended: string | null = null;
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
        let line: LogLine | undefined;
        try {
          line = JSON.parse(text) as LogLine;
          this.lines.push(line);
        } catch {
          line = undefined;
        }
        this.#waiters = this.#waiters.filter((w) => !w.offer(text, line));
        // Fixtures tell the test what the app or a hook saw by printing a line in the log's JSON shape
        // (`test.*` events); captured (captureOutput), it arrives as an output.printed's text.
        const printed = line?.event === 'output.printed' && typeof line.msg === 'string' && line.msg.startsWith('{') ? printedLine(line.msg) : undefined;
        if (printed !== undefined) {
          this.lines.push(printed);
          this.#waiters = this.#waiters.filter((w) => !w.offer(line!.msg!, printed));
        }
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    // A wait that can no longer be met fails now, with the log, rather than at its deadline.
    child.on('close', (code, signal) => {
      this.#ended = `the server's output ended (exit ${signal ?? code})`;
      for (const w of this.#waiters) w.reject(new Error(this.#ended));
      this.#waiters = [];
    });
    this.exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  }

  get pid(): number {
    return this.child.pid!;
  }

  events(name: string): LogLine[] {
    return this.lines.filter((l) => l.event === name);
  }

  /** The next line (past or future, counting from `after` lines) matching; rejects after `timeoutMs` (nominal, default 20 s). */
  waitFor(match: string | ((l: LogLine) => boolean), options: { timeoutMs?: number; after?: number } = {}): Promise<LogLine> {
    const test = typeof match === 'string' ? (l: LogLine) => l.event === match : match;
    const what = typeof match === 'string' ? match : 'a matching log line';
    return this.#wait(what, this.lines.slice(options.after ?? 0).find(test), (_, l) => (l !== undefined && test(l) ? l : undefined), scaled(options.timeoutMs ?? 20_000));
  }

  /** The first stdout line, JSON or not, matching `pattern` (for output that is not JSON: logFormat pretty). */
  waitForText(pattern: RegExp, options: { timeoutMs?: number } = {}): Promise<string> {
    return this.#wait(
      `a line matching ${pattern}`,
      this.raw.find((text) => pattern.test(text)),
      (text) => (pattern.test(text) ? text : undefined),
      scaled(options.timeoutMs ?? 20_000),
    );
  }

  /** Waits for `count` lines of event `name` in total (`timeoutMs` nominal, default 20 s). */
  async waitForCount(name: string, count: number, timeoutMs = 20_000): Promise<LogLine[]> {
    const deadline = Date.now() + scaled(timeoutMs);
    const enough = (): boolean => this.events(name).length >= count;
    if (!enough()) {
      const left = deadline - Date.now();
      await this.#wait(`${count} ${name} events`, undefined, (_, l) => (l?.event === name && enough() ? l : undefined), left).catch((error: Error) => {
        throw new Error(`saw ${this.events(name).length} of ${count} ${name} events: ${error.message}`);
      });
    }
    return this.events(name);
  }

  /** Resolves with `seen` if defined, else with the first later line `match` maps to a value; `timeoutMs` is real time. */
  #wait<T>(what: string, seen: T | undefined, match: (text: string, line: LogLine | undefined) => T | undefined, timeoutMs: number): Promise<T> {
    if (seen !== undefined) return Promise.resolve(seen);
    const failure = (why: string): Error => new Error(`${why} while waiting for ${what}\nstderr: ${this.stderr}\nlog:\n${this.raw.slice(-30).join('\n')}`);
    const promise = new Promise<T>((resolve, reject) => {
      if (this.#ended !== null) return reject(failure(this.#ended));
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(failure(`timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      // A wait abandoned by a failed test (the server exited first) must not hold the runner open.
      timer.unref();
      const waiter = {
        offer: (text: string, line: LogLine | undefined): boolean => {
          const value = match(text, line);
          if (value === undefined) return false;
          clearTimeout(timer);
          resolve(value);
          return true;
        },
        reject: (e: Error): void => {
          clearTimeout(timer);
          reject(failure(e.message));
        },
      };
      this.#waiters.push(waiter);
    });
    // The caller who awaits still gets the rejection; a wait nobody awaits any more (its test
    // already failed) must not surface later as an unhandled rejection in another test.
    promise.catch(() => undefined);
    return promise;
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
    return this.events('worker.spawned')
      .map((l) => l.pid!)
      .filter((p) => !exited.has(p));
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
    : options.wrap !== undefined
      ? spawn(options.wrap[0]!, [...options.wrap.slice(1), process.execPath, ...argv], { cwd: options.cwd ?? repoRoot, env: cleanEnv(options.env), stdio, detached: true })
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

/** Whether a process exists (a zombie not yet reaped counts: it still has its pid). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
