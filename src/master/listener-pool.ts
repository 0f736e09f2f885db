// The master's listening sockets across reloads. A reload whose binds changed opens the new
// listeners first (a busy port fails the reload before any worker is touched) and reuses the ones
// it already has (same bind, same socket: a port-0 bind keeps its port). A listener is closed only
// when no generation that still has workers uses it.

import type { BindAddress } from '../config/bind.ts';
import { chmodSync } from 'node:fs';
import { openListener, type OpenListener } from '../sys/listeners.ts';

/** A listener's identity: a reload reuses the open listener of an unchanged bind (`tsgun reload --dry-run` compares binds by it). */
export function listenerKey(bind: BindAddress, cwd: string): string {
  if (bind.kind !== 'unix') return bind.text;
  // The mode is not part of a unix socket's identity: a new mode is applied to the same socket.
  return `unix:${bind.path.startsWith('/') ? bind.path : `${cwd}/${bind.path}`}`;
}

export class ListenerPool {
  readonly #open = new Map<string, OpenListener>();
  readonly #cwd: string;
  /** systemd's sockets replace the configured binds for the master's whole life. */
  readonly #activated: readonly OpenListener[] | null;

  constructor(cwd: string, activated: readonly OpenListener[]) {
    this.#cwd = cwd;
    this.#activated = activated.length > 0 ? activated : null;
  }

  get activated(): boolean {
    return this.#activated !== null;
  }

  /** The listeners for `binds`, opening those not open yet. All or nothing: a failure closes what this call opened. */
  async acquire(binds: readonly BindAddress[]): Promise<OpenListener[]> {
    if (this.#activated !== null) return [...this.#activated];
    const opened: OpenListener[] = [];
    const result: OpenListener[] = [];
    try {
      for (const bind of binds) {
        const key = listenerKey(bind, this.#cwd);
        let listener = this.#open.get(key);
        if (listener === undefined) {
          listener = await openListener(bind, { cwd: this.#cwd });
          opened.push(listener);
          this.#open.set(key, listener);
        } else if (bind.kind === 'unix' && bind.mode !== null) {
          chmodSync(listener.address.slice('unix:'.length), bind.mode);
        }
        result.push(listener);
      }
    } catch (error) {
      for (const listener of opened) {
        listener.close();
        for (const [key, l] of this.#open) if (l === listener) this.#open.delete(key);
      }
      throw error;
    }
    return result;
  }

  /** Closes every listener not in `inUse`; returns the ones closed. */
  retain(inUse: Iterable<object>): OpenListener[] {
    // Identity is what matters: the generations hold the very objects acquire() returned.
    const keep = new Set<object>(inUse);
    const closed: OpenListener[] = [];
    for (const [key, listener] of this.#open) {
      if (keep.has(listener)) continue;
      listener.close();
      this.#open.delete(key);
      closed.push(listener);
    }
    return closed;
  }

  closeAll(): void {
    for (const listener of this.#open.values()) listener.close();
    this.#open.clear();
    for (const listener of this.#activated ?? []) listener.close();
  }
}
