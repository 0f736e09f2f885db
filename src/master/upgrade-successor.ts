// The new master's side of an upgrade (upgrade.ts is the old one's): it serves the handed-over
// sockets from the start, but takes the service over (pidfile, control socket, the unix socket
// files, systemd's MAINPID) only when the old master commits, after this one said it was ready.
// If the old master disappears first (killed, crashed: its end closes the IPC channel), this one
// takes over on its own: a master that serves beats none.

import type { Logger } from '../log/logger.ts';
import { parseUpgradeMessage, type UpgradeMessage } from './upgrade.ts';

export interface SuccessionOptions {
  /** The old master's pid. */
  readonly from: number;
  readonly logger: Logger;
  /** Takes the service over; `orphaned` when the old master went away without committing. */
  readonly takeOver: (orphaned: boolean) => void;
}

export class Succession {
  readonly #options: SuccessionOptions;
  #state: 'serving-for-old' | 'ready-sent' | 'taken-over' = 'serving-for-old';

  constructor(options: SuccessionOptions) {
    this.#options = options;
    process.on('message', (raw: unknown) => {
      if (parseUpgradeMessage(raw)?.type === 'upgrade-commit') this.#takeOver(false);
    });
    process.on('disconnect', () => this.#takeOver(true));
    // Gone already (before this listener), or never there: no one to wait for.
    if (process.send === undefined || !process.connected) queueMicrotask(() => this.#takeOver(true));
  }

  /** Whether this master is still the old one's candidate (not yet the service's main process). */
  get pending(): boolean {
    return this.#state !== 'taken-over';
  }

  /** The first generation is ready: the old master may commit. `keys`: the handed-over listeners this master serves. */
  ready(keys: readonly string[]): void {
    if (this.#state !== 'serving-for-old' || process.send === undefined || !process.connected) return;
    this.#state = 'ready-sent';
    process.send({ type: 'upgrade-ready', keys } satisfies UpgradeMessage);
  }

  #takeOver(orphaned: boolean): void {
    if (this.#state === 'taken-over') return;
    this.#state = 'taken-over';
    if (orphaned) this.#options.logger.warn({ event: 'upgrade.orphaned', from: this.#options.from }, `the old master (${this.#options.from}) went away before it committed; this master takes over`);
    this.#options.takeOver(orphaned);
    // Nothing more comes from the old master; the channel must not keep this process alive.
    if (process.connected) process.disconnect?.();
  }
}
