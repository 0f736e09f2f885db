// The master's listening sockets across reloads. A reload whose binds changed opens the new
// listeners first (a busy port fails the reload before any worker is touched) and reuses the ones
// it already has (same bind, same socket: a port-0 bind keeps its port). A listener is closed only
// when no generation that still has workers uses it.

import type { BindAddress } from '../config/bind.ts';
import { chmodSync } from 'node:fs';
import { openListener, type Adopted, type HandedOverListener, type OpenListener } from '../sys/listeners.ts';

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

  /** Sockets an old master handed over in an upgrade, by key: the first acquire() takes those it binds, and closes the rest. */
  #adopted: Map<string, OpenListener> | null = null;

  /** `adopted`: an upgrade's sockets; those without a key are the old master's systemd sockets. */
  constructor(cwd: string, activated: readonly OpenListener[], adopted: readonly Adopted[] = []) {
    this.#cwd = cwd;
    const systemd = [...activated, ...adopted.filter((a) => a.key === null).map((a) => a.listener)];
    this.#activated = systemd.length > 0 ? systemd : null;
    const keyed = adopted.filter((a) => a.key !== null);
    if (keyed.length > 0) this.#adopted = new Map(keyed.map((a) => [a.key!, a.listener]));
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
        let listener = this.#open.get(key) ?? this.#adopted?.get(key);
        if (listener === undefined) {
          listener = await openListener(bind, { cwd: this.#cwd });
          opened.push(listener);
          this.#open.set(key, listener);
        } else if (!this.#open.has(key)) {
          this.#open.set(key, listener);
          this.#adopted!.delete(key);
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
    // Handed over but no longer configured: this master's copy goes (the old master's stays its own).
    for (const listener of this.#adopted?.values() ?? []) listener.close();
    this.#adopted = null;
    return result;
  }

  /** What an upgrade hands to a new master: every open listener, with the key its pool will find it by. */
  handOver(): { readonly listener: OpenListener; readonly entry: HandedOverListener }[] {
    const entry = (key: string | null, l: OpenListener): { listener: OpenListener; entry: HandedOverListener } => ({
      listener: l,
      entry: { key, kind: l.kind, address: l.address, source: l.source, port: l.port },
    });
    if (this.#activated !== null) return this.#activated.map((l) => entry(null, l));
    return [...this.#open].map(([key, l]) => entry(key, l));
  }

  /** Whether closing the unix listeners of `keys` (every one when null) removes their files: see OpenListener.ownFile. */
  ownFiles(owns: boolean, keys: ReadonlySet<string> | null = null): void {
    for (const [key, listener] of this.#open) if (keys === null || keys.has(key)) listener.ownFile(owns);
  }

  /** The keys of the open listeners (an upgrade's new master reports those it adopted). */
  get keys(): string[] {
    return [...this.#open.keys()];
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
