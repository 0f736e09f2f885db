// USR2 in the old master: start a new master from the installed tsgun and Node (same argv and
// working directory), hand it the listening sockets, and let it take over only once its first
// generation is ready; a new master that exits or is not ready within `bootTimeout` is stopped and
// this one keeps serving (docs/upgrade.md). The arbiter decides when (upgrade-step events, one at a
// time); this module acts: the spawn, the commit's hand-over and the rollback's stop.
//
// The new master is a detached child (its own session and process group, so that nothing aimed at
// the old one's group reaches it) with an IPC channel: its `ready` and its exit are both events of
// this process, so a new master that dies at any moment is seen, by its exit, before or after it
// said it was ready. Its group is what a rollback kills when the new master outlives its stop.

import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, statSync, unlinkSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import type { Logger } from '../log/logger.ts';
import { writeFileAtomic } from '../sys/atomic-write.ts';
import { handOverEnv, type HandedOverListener } from '../sys/listeners.ts';
import { inheritedExecArgv } from '../sys/node-flags.ts';

/** What happens to an upgrade in flight, as events of the master's queue (`attempt` tells a late one from the current). */
export type UpgradeStep =
  | { readonly kind: 'ready'; readonly attempt: number; readonly keys: readonly string[] }
  | { readonly kind: 'exited'; readonly attempt: number; readonly code: number | null; readonly signal: NodeJS.Signals | null }
  | { readonly kind: 'timeout'; readonly attempt: number }
  /** A new master being stopped outlived its deadline: its process group is killed. */
  | { readonly kind: 'kill-deadline'; readonly attempt: number };

/** How an upgrade ended, for `tsgun upgrade` (the status file next to the pidfile or control socket). */
export type UpgradeOutcome =
  | { readonly ok: true; readonly from: number; readonly pid: number; readonly durationMs: number }
  | { readonly ok: false; readonly pid: number | null; readonly reason: 'refused' | 'exited' | 'timeout' | 'abandoned'; readonly message: string };

/** One upgrade asked of a master, as its status file keeps it (`outcome` null while in flight). */
export interface UpgradeRecord {
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly outcome: UpgradeOutcome | null;
}

/** The status file (upgradeStatusPath): the master that wrote it and its last upgrades, oldest first. */
export interface UpgradeStatus {
  readonly pid: number;
  readonly upgrades: readonly UpgradeRecord[];
}

const KEPT_RECORDS = 8;

/** Between the two masters, over the new one's IPC channel. */
export type UpgradeMessage =
  /** new → old: the new master's first generation is ready; `keys`: the handed-over listeners it serves. */
  | { readonly type: 'upgrade-ready'; readonly keys: readonly string[] }
  /** old → new: the old master has let go (pidfile, control socket, systemd's MAINPID) and drains. */
  | { readonly type: 'upgrade-commit' };

export function parseUpgradeMessage(raw: unknown): UpgradeMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const message = raw as Record<string, unknown>;
  if (message['type'] === 'upgrade-commit') return { type: 'upgrade-commit' };
  const keys = message['keys'];
  if (message['type'] === 'upgrade-ready' && Array.isArray(keys) && keys.every((k) => typeof k === 'string')) return { type: 'upgrade-ready', keys };
  return undefined;
}

/** Where a master records each upgrade's outcome: next to its pidfile, else next to its control socket. */
export function upgradeStatusPath(address: { readonly pidfile: string | null; readonly controlSocket: string | null }): string | null {
  const base = address.pidfile ?? address.controlSocket;
  return base === null ? null : `${base}.upgrade.json`;
}

/**
 * The Node to start the new master with: the one the old master was started as, looked up again
 * now (`argv0` as typed: `node` through PATH, a path as it is, not its resolved target), so that a
 * symlink or a PATH entry moved to a new Node release is followed. process.execPath is the binary
 * that runs now, and the fallback when that lookup finds nothing.
 */
export function installedNode(argv0: string, cwd: string, path: string | undefined, execPath: string, isExecutable: (file: string) => boolean = executable): string {
  if (argv0.includes('/')) {
    const file = resolve(cwd, argv0);
    return isExecutable(file) ? file : execPath;
  }
  for (const dir of (path ?? '').split(delimiter)) {
    const file = join(dir === '' ? cwd : resolve(cwd, dir), argv0);
    if (isExecutable(file)) return file;
  }
  return execPath;
}

/**
 * The directory to start the new master in: `cwd` as the shell named it ($PWD, when it is the same
 * directory), so that a `current` symlink moved to a new release since is followed, as the entry
 * path is; process.cwd() alone is the resolved old release.
 */
export function startDirectory(cwd: string, pwd: string | undefined): string {
  if (pwd === undefined || !pwd.startsWith('/') || pwd === cwd) return cwd;
  try {
    const [a, b] = [statSync(cwd), statSync(pwd)];
    return a.dev === b.dev && a.ino === b.ino ? pwd : cwd;
  } catch {
    return cwd;
  }
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * systemd's variables a new master needs to become the service's main process (read before the
 * notifier removes them from process.env). WATCHDOG_PID is left out: it names the old master.
 */
export function systemdEnvOf(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of ['NOTIFY_SOCKET', 'WATCHDOG_USEC']) if (env[name] !== undefined && env[name] !== '') picked[name] = env[name];
  return picked;
}

/** What the upgrade needs from the master that runs it. */
export interface UpgraderOptions {
  readonly logger: Logger;
  readonly emit: (step: UpgradeStep) => void;
  /** The directory tsgun was started in (before `chdir`): the new master starts there. */
  readonly cwd: string;
  /** systemd's variables as the master got them (the notifier removes them from process.env). */
  readonly systemdEnv: Readonly<Record<string, string>>;
  /** The serving config's `bootTimeout` and `gracefulTimeout`, in ms. */
  readonly timeouts: () => { readonly bootMs: number; readonly gracefulMs: number };
  /** The listeners to hand over, as fds 3, 4, … */
  readonly listeners: () => readonly { readonly fd: number; readonly entry: HandedOverListener }[];
  readonly statusPath: string | null;
  /** Why this master may not upgrade now, beyond the arbiter's reasons (it is itself an uncommitted new master). */
  readonly refusal?: (() => string | null) | undefined;
  /** The commit: the old master lets go of the pidfile, control socket, unix socket files and systemd, in favour of `pid`. */
  readonly letGo: (pid: number, keys: ReadonlySet<string>) => void;
}

type State =
  | { readonly name: 'idle' }
  | { readonly name: 'starting'; readonly child: ChildProcess; readonly attempt: number; readonly startedAt: number; readonly reply: (o: UpgradeOutcome) => void; readonly cancel: () => void }
  /** Rolled back: the new master is told to stop; a new upgrade waits for its exit. */
  | { readonly name: 'stopping'; readonly child: ChildProcess; readonly attempt: number; readonly cancel: () => void }
  | { readonly name: 'committed' };

/**
 * A master that is PID 1 (a container's first process) cannot hand over: when it exits, the kernel
 * kills every process of its PID namespace, the new master and its workers with it (seen: an
 * upgrade committed, then the service was gone). Such a master refuses; a container is upgraded by
 * replacing it (docs/upgrade.md).
 */
export function initRefusal(pid: number): string | null {
  return pid === 1 ? "this master is PID 1 (a container's first process): the new master would be killed with it when it exits; upgrade by replacing the container" : null;
}

export class Upgrader {
  readonly #options: UpgraderOptions;
  #state: State = { name: 'idle' };
  #attempts = 0;
  #records: UpgradeRecord[] = [];
  readonly #cwd: string;

  constructor(options: UpgraderOptions) {
    this.#options = options;
    this.#cwd = startDirectory(options.cwd, process.env['PWD']);
  }

  /** Whether an upgrade is in flight (a new master starting, or one rolled back still stopping). */
  get active(): boolean {
    return this.#state.name === 'starting' || this.#state.name === 'stopping';
  }

  /** USR2 or `tsgun upgrade`: starts a new master, unless `refusal` (the arbiter's) or one in flight says no. */
  start(refusal: string | null): void {
    const state = this.#state;
    const why =
      refusal ??
      this.#options.refusal?.() ??
      (state.name === 'starting'
        ? `an upgrade is in progress (new master ${state.child.pid})`
        : state.name === 'stopping'
          ? `the new master of the last upgrade (${state.child.pid}) is still stopping`
          : state.name === 'committed'
            ? 'this master has already handed over'
            : null);
    if (why !== null) {
      this.#options.logger.warn({ event: 'upgrade.refused', reason: why }, `upgrade refused: ${why}`);
      return this.#recorder()({ ok: false, pid: null, reason: 'refused', message: why });
    }
    const reply = this.#recorder(true);
    const attempt = ++this.#attempts;
    const { bootMs } = this.#options.timeouts();
    let child: ChildProcess;
    try {
      child = this.#spawn(attempt);
    } catch (error) {
      const message = `cannot start a new master: ${(error as Error).message}`;
      this.#options.logger.error({ event: 'upgrade.rolled-back', reason: 'exited', err: error }, `upgrade rolled back: ${message}`);
      return reply({ ok: false, pid: null, reason: 'exited', message });
    }
    const timer = setTimeout(() => this.#options.emit({ kind: 'timeout', attempt }), bootMs);
    this.#state = { name: 'starting', child, attempt, startedAt: performance.now(), reply, cancel: () => clearTimeout(timer) };
    this.#options.logger.info(
      { event: 'upgrade.started', pid: child.pid, node: child.spawnargs[3], entry: process.argv[1], bootTimeoutMs: bootMs },
      `upgrade: started a new master (pid ${child.pid}); it takes over once ready`,
    );
  }

  /** An upgrade event; true when the new master took over and this master must now drain and exit. */
  handle(step: UpgradeStep): boolean {
    const state = this.#state;
    if ((state.name !== 'starting' && state.name !== 'stopping') || state.attempt !== step.attempt) return false;
    switch (step.kind) {
      case 'ready':
        if (state.name !== 'starting') return false;
        // Its exit may already be known to the kernel but not yet to this queue: a dead new master
        // is not committed to (its exit event then rolls back).
        if (state.child.exitCode !== null || state.child.signalCode !== null || !state.child.connected || !alive(state.child.pid)) return false;
        this.#commit(state, step.keys);
        return true;
      case 'exited': {
        state.cancel();
        this.#state = { name: 'idle' };
        // Killed (or crashed) with workers behind it: they go too (they also exit when their master's channel closes).
        if (step.signal !== null) killGroup(state.child.pid, 'SIGKILL');
        if (state.name === 'starting') this.#rollBack(state, 'exited', `the new master exited (${step.signal ?? `code ${step.code}`}) before it was ready`);
        else this.#options.logger.info({ event: 'upgrade.new-master-exited', pid: state.child.pid, code: step.code, signal: step.signal }, 'the rolled-back new master exited');
        return false;
      }
      case 'timeout':
        if (state.name === 'starting') this.#stopNew(state, 'timeout', `the new master was not ready within bootTimeout (${this.#options.timeouts().bootMs} ms)`);
        return false;
      case 'kill-deadline':
        if (state.name === 'stopping') killGroup(state.child.pid, 'SIGKILL');
        return false;
    }
  }

  /** This master stops (TERM, INT) during an upgrade: the new master is stopped too. */
  abandon(): void {
    if (this.#state.name === 'starting') this.#stopNew(this.#state, 'abandoned', 'this master is stopping');
  }

  #spawn(attempt: number): ChildProcess {
    const { systemdEnv } = this.#options;
    const cwd = this.#cwd;
    const listeners = this.#options.listeners();
    const node = installedNode(process.argv0, cwd, process.env['PATH'], process.execPath);
    const env: Record<string, string | undefined> = { ...process.env, ...systemdEnv, ...handOverEnv({ from: process.pid, listeners: listeners.map((l) => l.entry) }) };
    // LISTEN_PID must name the new master, whose pid only exists once forked: the shell sets it to
    // its own ($$) and execs Node in place, keeping the pid (systemd's socket-activation protocol).
    const child = spawn('/bin/sh', ['-c', 'LISTEN_PID=$$; export LISTEN_PID; exec "$0" "$@"', node, ...inheritedExecArgv(), ...process.argv.slice(1)], {
      cwd,
      env,
      detached: true,
      stdio: ['ignore', 'inherit', 'inherit', ...listeners.map((l) => l.fd), 'ipc'],
      serialization: 'json',
    });
    child.on('message', (raw: unknown) => {
      const message = parseUpgradeMessage(raw);
      if (message?.type === 'upgrade-ready') this.#options.emit({ kind: 'ready', attempt, keys: message.keys });
    });
    // Fired for a failed spawn too (then with no pid): either way the new master is gone.
    let gone = false;
    const exited = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (gone) return;
      gone = true;
      this.#options.emit({ kind: 'exited', attempt, code, signal });
    };
    child.on('error', (error) => {
      if (child.pid === undefined) {
        this.#options.logger.error({ event: 'upgrade.spawn-failed', err: error }, `cannot start a new master: ${error.message}`);
        exited(null, null);
      }
    });
    child.on('exit', exited);
    return child;
  }

  #commit(state: Extract<State, { name: 'starting' }>, keys: readonly string[]): void {
    state.cancel();
    const pid = state.child.pid!;
    this.#state = { name: 'committed' };
    this.#options.letGo(pid, new Set(keys));
    const durationMs = Math.round(performance.now() - state.startedAt);
    this.#options.logger.info({ event: 'upgrade.committed', pid, from: process.pid, durationMs }, `upgrade committed: master ${pid} serves; this one drains and exits`);
    state.reply({ ok: true, from: process.pid, pid, durationMs });
    const child = state.child;
    // Disconnected once the message is out (a disconnect drops what is still queued); the new
    // master takes over on either, the message or the channel's end.
    child.send({ type: 'upgrade-commit' } satisfies UpgradeMessage, () => {
      if (child.connected) child.disconnect();
    });
    child.unref();
  }

  /** Rolls back and stops a new master that is still running: gracefully (its workers may have served), then its group is killed. */
  #stopNew(state: Extract<State, { name: 'starting' }>, reason: 'timeout' | 'abandoned', message: string): void {
    state.cancel();
    const { gracefulMs } = this.#options.timeouts();
    try {
      state.child.kill('SIGTERM');
    } catch {
      // already gone: its exit event follows
    }
    // Past its own drain deadline, with the margin a master's stop takes.
    const timer = setTimeout(() => this.#options.emit({ kind: 'kill-deadline', attempt: state.attempt }), gracefulMs + 5_000);
    this.#state = { name: 'stopping', child: state.child, attempt: state.attempt, cancel: () => clearTimeout(timer) };
    this.#rollBack(state, reason, message);
  }

  #rollBack(state: Extract<State, { name: 'starting' }>, reason: 'exited' | 'timeout' | 'abandoned', message: string): void {
    const pid = state.child.pid ?? null;
    // Abandoned: this master is stopping, and serves on only until it has stopped.
    this.#options.logger.error({ event: 'upgrade.rolled-back', pid, reason }, `upgrade rolled back: ${message}${reason === 'abandoned' ? '' : '; this master keeps serving'}`);
    state.reply({ ok: false, pid, reason, message });
  }

  /** At this master's exit: its last upgrade's status file goes, unless it handed over (then `tsgun upgrade` may still be reading it; the new master's exit removes it). */
  removeStatus(): void {
    if (this.#state.name === 'committed' || this.#options.statusPath === null) return;
    try {
      unlinkSync(this.#options.statusPath);
    } catch {
      // never written
    }
  }

  /**
   * Records an upgrade for `tsgun upgrade`: the time it was asked (which the command compares with
   * its own), and its outcome once known. The last few are kept, each under its own time, so that a
   * refused second request does not stand for the one in flight: the command waits for the first
   * record asked after it sent its signal (`pending`: one in flight is recorded at once, with no outcome).
   */
  #recorder(pending = false): (outcome: UpgradeOutcome) => void {
    const startedAt = Math.max(Date.now(), (this.#records.at(-1)?.startedAt ?? 0) + 1);
    const record = (outcome: UpgradeOutcome | null): void => {
      const entry = { startedAt, finishedAt: outcome === null ? null : Date.now(), outcome };
      const known = this.#records.some((r) => r.startedAt === startedAt);
      this.#records = known ? this.#records.map((r) => (r.startedAt === startedAt ? entry : r)) : [...this.#records, entry].slice(-KEPT_RECORDS);
      const path = this.#options.statusPath;
      if (path === null) return;
      try {
        writeFileAtomic(path, `${JSON.stringify({ pid: process.pid, upgrades: this.#records } satisfies UpgradeStatus)}\n`);
      } catch (error) {
        this.#options.logger.warn({ event: 'upgrade.status-failed', err: error }, 'could not write the upgrade status file');
      }
    };
    if (pending) record(null);
    return record;
  }
}

function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Signals the new master's whole process group (it was started detached, so the group is its own). */
function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // no process left in it
  }
}
