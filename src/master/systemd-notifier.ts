// What systemd hears from the master (Type=notify-reload, sd_notify(3)): READY=1 once the first
// generation serves; RELOADING=1 with MONOTONIC_USEC when a reload starts and READY=1 when it ends,
// committed or rolled back; STOPPING=1; STATUS= lines; WATCHDOG=1 while the master's event queue
// turns; MAINPID= for a new master after an upgrade. run-master.ts loads this module only when
// NOTIFY_SOCKET is set, and the arbiter knows nothing of systemd: it reports Lifecycle changes.

import type { Logger } from '../log/logger.ts';
import { assertNever } from '../util/assert-never.ts';
import { monotonicUsec, SdNotify, watchdogIntervalMs, type NotifyMessage } from '../sys/sd-notify.ts';

/** What the arbiter reports about the service as a whole (ArbiterOptions.onLifecycle). */
export type Lifecycle =
  /** The first generation has all its workers ready. */
  | { readonly kind: 'ready'; readonly generation: number; readonly workers: number }
  /** A reload began; `generation` still serves. */
  | { readonly kind: 'reloading'; readonly generation: number; readonly workers: number }
  /** A reload ended: committed (`generation` is the new one) or not (`code` says why; `generation` still serves). */
  | { readonly kind: 'reloaded'; readonly ok: boolean; readonly code: string | null; readonly generation: number; readonly workers: number }
  /** TTIN/TTOU or a live `workers` change. */
  | { readonly kind: 'scaled'; readonly generation: number; readonly workers: number }
  /** A stop began (TERM, INT, or the first generation never booted); `status` says which. */
  | { readonly kind: 'stopping'; readonly status: string };

/** `starting`: no READY=1 sent yet; a reload then is not reported (systemd is still waiting for the start). */
type NotifierState = 'starting' | 'ready' | 'reloading' | 'stopping';

/** The variables systemd sets for the service's main process; no worker (no app) may see them. */
const SYSTEMD_ONLY = ['NOTIFY_SOCKET', 'WATCHDOG_USEC', 'WATCHDOG_PID'] as const;

/** `systemctl status` shows one line; a longer reason is in the server.boot-failed log line. */
const MAX_STATUS = 1_000;

/**
 * A status from user code (an app's error message) on one line: systemd-notify joins assignments
 * with newlines, so a newline in it would start an assignment of its own (READY=1, MAINPID=…).
 */
const oneLine = (text: string): string =>
  text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim()
    .slice(0, MAX_STATUS);

const serving = (generation: number, workers: number): string => `serving generation ${generation}, ${workers} worker${workers === 1 ? '' : 's'}`;

export interface NotifierOptions {
  /** Where the messages go (an SdNotify, or a fake in tests). */
  readonly send: (message: NotifyMessage) => void;
  /** Half of WATCHDOG_USEC in ms, or null when systemd does not watch the master. */
  readonly watchdogMs: number | null;
  /** Monotonic ms (for the watchdog's pace). */
  readonly now: () => number;
  /** CLOCK_MONOTONIC µs, read when a reload starts. */
  readonly monotonicUsec: () => bigint;
}

export class SystemdNotifier {
  readonly #options: NotifierOptions;
  #state: NotifierState = 'starting';
  #lastPing: number | null = null;

  constructor(options: NotifierOptions) {
    this.#options = options;
  }

  /** Maps a lifecycle change to its message, in the order systemd expects them; anything after STOPPING=1 is not sent. */
  on(change: Lifecycle): void {
    const state = this.#state;
    if (state === 'stopping') return;
    switch (change.kind) {
      case 'ready':
        if (state !== 'starting') return;
        this.#state = 'ready';
        return this.#send(['READY=1', `STATUS=${serving(change.generation, change.workers)}`]);
      case 'reloading':
        if (state !== 'ready') return;
        this.#state = 'reloading';
        // The time the reload starts, not the time the message leaves: systemd ignores a
        // RELOADING=1 older than the SIGHUP it sent.
        return this.#send(['RELOADING=1', `MONOTONIC_USEC=${this.#options.monotonicUsec()}`, `STATUS=reloading; ${serving(change.generation, change.workers)}`]);
      case 'reloaded': {
        // A reload that commits before the first generation was ready makes the server ready.
        if (state === 'starting' && !change.ok) return;
        const status = change.ok ? serving(change.generation, change.workers) : `${serving(change.generation, change.workers)}; the last reload was rolled back (${change.code})`;
        // Begun before the first READY=1 and ended after it: systemd never heard of it, only the status changed.
        if (state === 'ready') return this.#send([`STATUS=${status}`]);
        this.#state = 'ready';
        return this.#send(['READY=1', `STATUS=${status}`]);
      }
      case 'scaled':
        if (state === 'ready') this.#send([`STATUS=${serving(change.generation, change.workers)}`]);
        return;
      case 'stopping':
        this.#state = 'stopping';
        return this.#send(['STOPPING=1', `STATUS=${oneLine(change.status)}`]);
      default:
        return assertNever(change);
    }
  }

  /**
   * Called after each event the master handled: WATCHDOG=1 at most every half WATCHDOG_USEC. The
   * liveness timer makes an event every 250 ms, so the pings stop when the queue stops turning
   * (a handler that never returns), not only when the process stops.
   */
  alive(): void {
    const interval = this.#options.watchdogMs;
    if (interval === null) return;
    const now = this.#options.now();
    if (this.#lastPing !== null && now - this.#lastPing < interval) return;
    this.#lastPing = now;
    this.#send(['WATCHDOG=1']);
  }

  /** Tells systemd that `pid` is the service's main process now (a new master after an upgrade). */
  mainPid(pid: number): void {
    this.#send([`MAINPID=${pid}`]);
  }

  #send(message: NotifyMessage): void {
    this.#options.send(message);
  }
}

/** The notifier with the process's sender, and how to wait for its last messages. */
export interface ProcessNotifier {
  readonly notifier: SystemdNotifier;
  /** $NOTIFY_SOCKET, for a process that takes over as the main one (an upgrade). */
  readonly socket: string;
  /** Waits (bounded) for the messages still queued, STOPPING=1 among them. */
  close(): Promise<void>;
}

/**
 * The master's notifier when systemd asked for notifications (NOTIFY_SOCKET set), else null. It
 * removes systemd's variables from `env` (the master's process.env), so that no worker, app or hook
 * subprocess can send a message in the master's name (sd_notify's unset_environment).
 */
export function createProcessNotifier(env: Record<string, string | undefined>, logger: Logger, pid: number): ProcessNotifier | null {
  const socket = env['NOTIFY_SOCKET'];
  if (socket === undefined || socket === '') return null;
  const watchdogMs = watchdogIntervalMs(env, pid);
  const senderEnv = { ...env };
  for (const name of SYSTEMD_ONLY) delete env[name];
  let failing = false;
  const sender = new SdNotify({
    socket,
    env: senderEnv,
    onFailure: (message, reason) => {
      // Once per outage: a ping every few seconds to a systemd that is gone must not fill the log.
      logger[failing ? 'debug' : 'warn']({ event: 'systemd.notify-failed', message, reason, socket }, `could not notify systemd (${message}): ${reason}`);
      failing = true;
    },
    onDelivered: () => (failing = false),
  });
  const notifier = new SystemdNotifier({ send: (message) => sender.send(message), watchdogMs, now: () => performance.now(), monotonicUsec });
  return { notifier, socket, close: () => sender.close() };
}
