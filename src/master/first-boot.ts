// The first generation's boot, counted: a server that never became ready has nothing to protect,
// and a master that respawns a worker that cannot boot for ever leaves clients hanging in the
// listen backlog. Gunicorn halts at the first worker that fails to boot (exit 3); tsgun gives each
// worker slot `bootAttempts` boots in a row (1 by default, 0: never give up) and then exits with
// ExitCode.BOOT_FAILED and the worker's reason. Once the server was ready, a failing boot is the
// crash backoff's business (watchdog.ts), and a reload's failure is rolled back instead.

import type { WorkerHandle } from './worker-handle.ts';

/** How a worker that never reported ready ended, in words (for the exit message and `reload.rolled-back`). */
export function whyBootFailed(worker: WorkerHandle, bootTimeout: number | undefined, exit?: { readonly code: number | null; readonly signal: NodeJS.Signals | null }): string {
  if (exit !== undefined && worker.bootTimedOut) return `did not report ready within bootTimeout (${bootTimeout} s)`;
  if (worker.bootError !== null) return `failed to boot: ${worker.bootError.message}`;
  return `exited during boot (${exit?.signal ?? `code ${exit?.code}`})`;
}

/** The verdict on a first generation that does not boot: the master gives up. */
export interface BootGiveUp {
  readonly worker: number;
  readonly pid: number;
  readonly generation: number;
  readonly attempts: number;
  /** The worker's error code (TSG_APP_LOAD, …), or null for a crash or a boot timeout. */
  readonly code: string | null;
  /** One line: which worker, how often, and why. */
  readonly reason: string;
}

export class FirstBoot {
  /** Boot failures in a row, by slot, while the server was never ready. */
  readonly #failures = new Map<number, number>();
  #over = false;

  /** The server became ready (or a reload made it so): boots are no longer counted. */
  passed(): void {
    this.#over = true;
  }

  /**
   * A worker of the serving generation exited unasked. Null while the master keeps trying: the
   * server was ready once, the worker was ready, attempts are left, `attempts` is 0, or development
   * reload waits for the next file change.
   */
  failed(
    worker: WorkerHandle,
    exit: { readonly code: number | null; readonly signal: NodeJS.Signals | null },
    settings: { readonly bootAttempts: number; readonly bootTimeout: number; readonly reload: boolean },
  ): BootGiveUp | null {
    if (this.#over) return null;
    // It was ready, then crashed: not a boot failure, and the slot's row of failures is broken.
    if (worker.readyAt !== null) {
      this.#failures.delete(worker.id);
      return null;
    }
    const attempts = (this.#failures.get(worker.id) ?? 0) + 1;
    this.#failures.set(worker.id, attempts);
    if (settings.bootAttempts === 0 || settings.reload || attempts < settings.bootAttempts) return null;
    const times = attempts === 1 ? 'its only boot attempt' : `${attempts} boot attempts in a row`;
    return {
      worker: worker.id,
      pid: worker.pid,
      generation: worker.generation,
      attempts,
      code: worker.bootError?.code ?? null,
      reason: `worker ${worker.id} ${whyBootFailed(worker, settings.bootTimeout, exit)} (${times})`,
    };
  }
}
