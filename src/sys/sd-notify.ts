// sd_notify(3) for the master: tells systemd its state over $NOTIFY_SOCKET by running systemd's own
// `systemd-notify`, one message at a time. Node has no AF_UNIX SOCK_DGRAM socket (removed in 0.5,
// nodejs/node#29339; dgram's `fd` option refuses one), and the alternatives measured worse:
// - unix-dgram (nan, node-gyp at install): ~18 s of compiling on every install, a compiler on every
//   host, and a binary tied to one Node ABI (installed under Node 20 it refused to load in Node 24,
//   ERR_DLOPEN_FAILED): an upgrade to a new Node would break systemd support;
// - a generic FFI (koffi, prebuilt): 28 MB of binaries for all platforms in every install;
// - systemd-notify: nothing to install, present wherever systemd runs the service. It costs one
//   process per message (~2x a spawn of /bin/true; messages are few: start, each reload, stop, and a
//   watchdog ping per half WATCHDOG_USEC) and needs `NotifyAccess=all` unless the master is root:
//   its sender is the child, which passes the master's pid as its credentials only when privileged.
// By default it waits until the manager has read the message (a barrier), so a message is never
// dropped for a sender that exited first; running one at a time keeps them in order. Nothing here
// may block or crash the master: a failure (systemd gone, no binary) is reported and the master goes on.

import { spawn } from 'node:child_process';

/** systemd-notify gives up its barrier after 5 s; past this, the child is killed and the message counted as failed. */
const MESSAGE_TIMEOUT_MS = 10_000;
/** What the master's exit waits for the last messages: a hung systemd must not hold it for long. */
const CLOSE_TIMEOUT_MS = 2_000;
/** Messages waiting behind a slow one; past this the oldest are dropped (a hung manager must not grow the master). */
const MAX_QUEUED = 32;

export interface SdNotifyOptions {
  /** $NOTIFY_SOCKET: a path, `@abstract`, or whatever systemd-notify understands. */
  readonly socket: string;
  /** The environment systemd-notify runs with (PATH, MANAGERPID); NOTIFY_SOCKET is set from `socket`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Reports a message that was not delivered (`detail`: what systemd-notify said, or why it could not run). */
  readonly onFailure: (message: string, detail: string) => void;
  /** Reports a delivered message (after failures, the master says systemd is reachable again). */
  readonly onDelivered?: ((message: string) => void) | undefined;
  /** The program to run (tests may name another one); default `systemd-notify`, found in PATH. */
  readonly command?: string | undefined;
}

/** One message: assignments such as `READY=1`, `STATUS=serving`, sent together as one datagram. */
export type NotifyMessage = readonly string[];

/** A message's text for logs and failures: its assignments on one line. */
export const describeMessage = (message: NotifyMessage): string => message.join(' ');

export class SdNotify {
  readonly #options: SdNotifyOptions;
  readonly #queue: NotifyMessage[] = [];
  #sending: Promise<void> | null = null;
  #closed = false;

  constructor(options: SdNotifyOptions) {
    this.#options = options;
  }

  /** Queues a message; sent after the ones before it. A `WATCHDOG=1` alone is skipped while one is waiting. */
  send(message: NotifyMessage): void {
    if (this.#closed || message.length === 0) return;
    if (message.length === 1 && message[0] === 'WATCHDOG=1' && this.#queue.some((m) => m.length === 1 && m[0] === 'WATCHDOG=1')) return;
    this.#queue.push(message);
    while (this.#queue.length > MAX_QUEUED) {
      const dropped = this.#queue.shift()!;
      this.#options.onFailure(describeMessage(dropped), `dropped: ${MAX_QUEUED} messages were waiting for systemd`);
    }
    this.#sending ??= this.#drain();
  }

  /** Waits for the queued messages (STOPPING=1 at exit), at most `timeoutMs`; then sends nothing more. */
  async close(timeoutMs = CLOSE_TIMEOUT_MS): Promise<void> {
    this.#closed = true;
    if (this.#sending === null) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#sending, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  async #drain(): Promise<void> {
    for (let message = this.#queue.shift(); message !== undefined; message = this.#queue.shift()) {
      const failure = await this.#run(message);
      if (failure === null) this.#options.onDelivered?.(describeMessage(message));
      else this.#options.onFailure(describeMessage(message), failure);
    }
    this.#sending = null;
  }

  /** Runs systemd-notify once; null when it succeeded, else what went wrong. */
  #run(message: NotifyMessage): Promise<string | null> {
    const { command = 'systemd-notify', env, socket } = this.#options;
    return new Promise((resolve) => {
      let child;
      try {
        // `--` ends the options: a STATUS text that starts with `-` stays a message.
        child = spawn(command, ['--', ...message], { env: { ...env, NOTIFY_SOCKET: socket }, stdio: ['ignore', 'ignore', 'pipe'] });
      } catch (error) {
        return resolve((error as Error).message);
      }
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-500)));
      const timer = setTimeout(() => child.kill('SIGKILL'), MESSAGE_TIMEOUT_MS);
      // Not the master's business to wait for: a stop must not be held by a hung systemd-notify.
      timer.unref();
      child.on('error', (error) => {
        clearTimeout(timer);
        resolve(`${command}: ${error.message}`);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) return resolve(null);
        const why = signal === 'SIGKILL' ? `no answer from systemd within ${MESSAGE_TIMEOUT_MS / 1000} s` : `${command} exited with ${signal ?? `code ${code}`}`;
        resolve(stderr.trim() === '' ? why : `${why}: ${stderr.trim()}`);
      });
    });
  }
}

/** How often to send `WATCHDOG=1` (half of WATCHDOG_USEC, in ms), or null when systemd does not watch this process. */
export function watchdogIntervalMs(env: Readonly<Record<string, string | undefined>>, pid: number): number | null {
  const usec = Number(env['WATCHDOG_USEC']);
  if (!Number.isSafeInteger(usec) || usec <= 0) return null;
  // WATCHDOG_PID, when set, names the process the watchdog is for (sd_watchdog_enabled(3)).
  const owner = env['WATCHDOG_PID'];
  if (owner !== undefined && owner !== '' && Number(owner) !== pid) return null;
  return Math.max(1, Math.floor(usec / 2000));
}

/** CLOCK_MONOTONIC in microseconds, as `MONOTONIC_USEC=` wants it (libuv's hrtime reads CLOCK_MONOTONIC). */
export function monotonicUsec(): bigint {
  return process.hrtime.bigint() / 1000n;
}
