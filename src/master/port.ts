// The master's side effects behind one small interface: spawning and signalling workers, clocks and
// timers. The arbiter only decides; a fake port drives it in tests, the process port runs it for real.

import { spawn } from 'node:child_process';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig } from '../config/resolved-config.ts';
import { parseWorkerMessage, type BootPayload, type BoundListener, type MasterMessage } from '../ipc/messages.ts';
import { toWireConfig } from '../ipc/wire-config.ts';
import type { Logger } from '../log/logger.ts';
import { BALANCE_SLOTS, BalanceTable } from '../sys/balance-table.ts';
import { activeCompileCacheDir } from '../sys/compile-cache.ts';
import { inheritedExecArgv } from '../sys/node-flags.ts';
import { runEffect, type Effect } from './effects.ts';
import type { MasterEvent, Timer } from './events.ts';

export interface ChildHandle {
  readonly pid: number;
  send(message: MasterMessage): void;
  kill(signal: NodeJS.Signals): void;
}

export interface SpawnRequest {
  readonly key: number;
  /** Who the worker is and its generation's config (sent as its JSON-safe form, ipc/wire-config.ts). */
  readonly payload: { readonly id: number; readonly generation: number; readonly config: ResolvedConfig };
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** The generation's listeners: passed as fds 4, 5, … */
  readonly listeners: readonly BoundListener[];
}

export interface MasterPort {
  spawnWorker(request: SpawnRequest): ChildHandle;
  /**
   * Monotonic milliseconds (an integer), for durations only: a wall clock stepped by NTP would make
   * every worker look silent (forward) or never silent (back).
   */
  now(): number;
  /** Emits `{ type: 'timer', ...timer }` after `ms`; returns a cancel function. */
  setTimer(ms: number, timer: Timer): () => void;
  /** Runs user code (the config read, a hook) off the event queue: how it settled comes back as an event. */
  runEffect(effect: Effect): void;
}

const here = fileURLToPath(import.meta.url);
// src/ runs .ts through type stripping, dist/ runs .js: the worker entry has the same extension.
const workerEntry = fileURLToPath(new URL(`../worker/main${extname(here)}`, import.meta.url));
const inherited = inheritedExecArgv();
const FIRST_LISTENER_FD = 4;

export function createProcessPort(emit: (event: MasterEvent) => void, logger: Logger): MasterPort {
  const balance = new BalanceSlots(logger);
  return {
    spawnWorker({ key, payload, env, cwd, listeners }) {
      const cacheDir = activeCompileCacheDir();
      const slot = payload.config.settings.balanceConnections ? balance.take() : null;
      const child = spawn(process.execPath, [...inherited, workerEntry, ...(cacheDir === null ? [] : [cacheDir])], {
        cwd,
        env,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc', ...listeners.map((l) => l.fd), ...(slot === null ? [] : [balance.fd])],
        serialization: 'json',
      });
      const boot: BootPayload = {
        id: payload.id,
        generation: payload.generation,
        config: toWireConfig(payload.config),
        listeners: listeners.map((l, i) => ({ fd: FIRST_LISTENER_FD + i, kind: l.kind, address: l.address })),
        ...(slot === null ? {} : { balance: { fd: FIRST_LISTENER_FD + listeners.length, slot } }),
      };
      child.on('message', (raw: unknown) => {
        const message = parseWorkerMessage(raw);
        if (message === undefined) logger.warn({ event: 'ipc.invalid', key, pid: child.pid }, 'dropped a malformed message from a worker');
        else emit({ type: 'worker-message', key, message });
      });
      child.on('error', (error) => {
        if (child.pid !== undefined) return; // a failed kill or send on a live child; its exit still comes
        logger.error({ event: 'worker.spawn-failed', worker: payload.id, generation: payload.generation, err: error }, `could not spawn worker ${payload.id}: ${error.message}`);
        // No process, so no 'exit' will follow: report one, so that the slot is not left booting forever.
        if (slot !== null) balance.release(slot);
        emit({ type: 'worker-exit', key, code: null, signal: null });
      });
      child.on('exit', (code, signal) => {
        // At once, not through the arbiter's queue: the other workers may be waiting for this one.
        if (slot !== null) balance.release(slot);
        emit({ type: 'worker-exit', key, code, signal });
      });
      const send = (message: MasterMessage): void => {
        if (child.connected) child.send(message, (error) => error && logger.debug({ event: 'ipc.send-failed', key, err: error }));
      };
      send({ type: 'boot', payload: boot });
      return {
        pid: child.pid ?? 0,
        send,
        kill(signal) {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        },
      };
    },
    now: () => Math.round(performance.now()),
    setTimer(ms, timer) {
      const handle = setTimeout(() => emit({ type: 'timer', ...timer }), ms);
      return () => clearTimeout(handle);
    },
    runEffect: (effect) => runEffect(effect, emit),
  };
}

/**
 * balanceConnections' table (sys/balance-table.ts), made at the first spawn that asks for it, and its
 * slots: one per live worker, emptied when the worker exits so that nobody waits for a dead one.
 */
class BalanceSlots {
  readonly #logger: Logger;
  #table: BalanceTable | null = null;
  #failed = false;
  readonly #used = new Set<number>();

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  get fd(): number {
    return this.#table!.fd;
  }

  /** A free slot, or null (no table could be made, or every slot is taken): that worker then accepts unbalanced. */
  take(): number | null {
    if (this.#table === null && !this.#failed) {
      try {
        this.#table = BalanceTable.create();
      } catch (error) {
        this.#failed = true;
        this.#logger.warn({ event: 'balance.unavailable', err: error }, `balanceConnections is off: no shared table could be made (${(error as Error).message})`);
      }
    }
    if (this.#table === null) return null;
    for (let slot = 0; slot < BALANCE_SLOTS; slot++) {
      if (this.#used.has(slot)) continue;
      this.#used.add(slot);
      this.#table.clear(slot);
      return slot;
    }
    return null;
  }

  release(slot: number): void {
    if (!this.#used.delete(slot)) return;
    this.#table!.clear(slot);
  }
}
