// What the arbiter is made of from outside: its starting config and listeners, the port to
// processes and timers, and the callbacks through which run-master.ts wires it to the real process
// (config reads, listeners, the control socket, systemd, upgrades).

import type { ResolvedConfig } from '../config/resolved-config.ts';
import type { BoundListener } from '../ipc/messages.ts';
import type { Logger } from '../log/logger.ts';
import type { ReloadOutcome } from './events.ts';
import type { MasterPort } from './port.ts';
import type { Lifecycle } from './systemd-notifier.ts';
import type { Upgrader } from './upgrade.ts';

/** `exiting`: every worker is gone and onExit runs; `stopped`: the master may exit. */
export type ArbiterState = 'starting' | 'running' | 'stopping' | 'exiting' | 'stopped';

/** What the arbiter needs from the outside world beyond processes and timers. */
export interface ArbiterOptions {
  readonly config: ResolvedConfig;
  readonly listeners: readonly BoundListener[];
  readonly port: MasterPort;
  readonly logger: Logger;
  /** The directory tsgun was started in: paths in reported errors are shown relative to it. */
  readonly cwd: string;
  /** The master's environment; each generation adds its config's `env`. */
  readonly baseEnv: Readonly<Record<string, string | undefined>>;
  /** The directory workers run in (after `chdir`). */
  readonly workerCwd: string;
  /** Re-reads and validates the config (in a reader process); stops when `signal` aborts. Throws a TsgunError when it is invalid. */
  readonly readConfig: (signal: AbortSignal) => Promise<ResolvedConfig>;
  /** Opens (or reuses) the listeners for a config's binds; throws TSG_BIND. */
  readonly acquireListeners: (config: ResolvedConfig) => Promise<BoundListener[]>;
  /** Closes every listener not in use; returns the closed ones' addresses. */
  readonly retainListeners: (inUse: readonly BoundListener[]) => string[];
  /** Called after a reload committed (or a live config change applied). */
  readonly onConfigChanged?: ((config: ResolvedConfig) => void) | undefined;
  /** Called once, when every worker is gone after a stop; the master then cleans up and exits. */
  readonly onStopped: (exitCode: number) => Promise<void>;
  /** A reply for a reload no client waits on (HUP): it records the outcome for `tsgun reload` in pidfile mode. */
  readonly recordReload?: (() => (outcome: ReloadOutcome) => void) | undefined;
  /** Development reload: app files a worker of `generation` loaded (its `ready`, `boot-failed` or `modules` message). */
  readonly onModules?: ((generation: number, files: readonly string[]) => void) | undefined;
  /** Called for USR1 before the workers are told (the master reopens its own log). */
  readonly onReopenLogs: () => void;
  /** The service's state as a whole changed: ready, reloading, reloaded, scaled, stopping (systemd hears of it). */
  readonly onLifecycle?: ((change: Lifecycle) => void) | undefined;
  /** USR2: starts a new master and hands over to it once ready (upgrade.ts). */
  readonly upgrader?: Pick<Upgrader, 'start' | 'handle' | 'abandon'> | undefined;
}
