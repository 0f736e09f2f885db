// workerConnections (Gunicorn's worker_connections): a worker at its cap stops accepting, so that
// further connections wait in the master's listening socket (its kernel backlog), where another
// worker may take them, instead of being accepted and reset as Node's server.maxConnections does.
// balanceConnections pauses the same way a worker that holds more than its share (balance.ts).
//
// Accepting is paused without closing the listener (closing the worker's server would close its
// copy of the inherited fd, and it could not listen again): the listening handle's readStop() and
// readStart(). libuv keeps a listener's POLLIN watch on the io watcher that uv_read_stop() and
// uv_read_start() turn off and on, and since libuv 1.45 (unix: "don't accept() connections in a
// loop") accepts one connection per poll event, so a paused worker accepts nothing more, not even
// the rest of a burst. uv_read_start() refuses a handle without UV_HANDLE_READABLE, which a socket
// gets when Node opens it from an fd (uv_tcp_open, uv_pipe_open) as a worker's listen({ fd })
// does, but not when Node binds it itself; and uv_read_stop() does nothing unless the handle is
// "reading", so the gate calls readStart() once when it is set up. Measured on Node 20.20 (libuv
// 1.46) and 24.21 (1.52): no accept while paused, the queued connections accepted on readStart().

import type { Socket } from 'node:net';

/** What the gate needs of a listening server's handle (libuv's stream calls, returning 0 or -errno). */
export interface ListenHandle {
  readStart(): number;
  readStop(): number;
}

/** A listener as the gate sees it: its 'connection' event and the handle it pauses. */
export interface GatedListener {
  on(name: 'connection', listener: (socket: Socket) => void): unknown;
  readonly _handle?: ListenHandle | null;
}

/**
 * balanceConnections (balance.ts): told every change of the count, asked whether this worker holds
 * more than its share. The gate asks only after an accept and while paused for balance (a close
 * never puts a worker over its share).
 */
export interface SharePolicy {
  /** The worker holds `open` connections, and accepts (`live`) or not (at its cap, or closing). */
  record(open: number, live: boolean): void;
  over(open: number): boolean;
  leave(): void;
}

export type GateState = 'accepting' | 'paused' | 'closed';

const ALLOWED: Record<GateState, readonly GateState[]> = {
  accepting: ['paused', 'closed'],
  paused: ['accepting', 'closed'],
  closed: [],
};

/**
 * While paused for balance only, how often the worker looks at the others' counts again: another
 * worker taking connections sends it no word. A connection waits this long at most when every
 * worker believes itself over its share for an instant (two accepts at once).
 */
export const SHARE_POLL_MS = 2;

export class AcceptGate {
  readonly #cap: number;
  readonly #share: SharePolicy | null;
  readonly #handles: ListenHandle[] = [];
  readonly #onPause: (open: number) => void;
  #state: GateState = 'accepting';
  #open = 0;
  /** Why it is paused: at its cap (workerConnections) or over its share (balanceConnections). */
  #capped = false;
  #poll: NodeJS.Timeout | null = null;
  /** One function for every socket: a closure per connection costs the GC (connections.ts). */
  readonly #closed = (): void => {
    this.#open--;
    this.#update(false);
  };
  readonly #recheck = (): void => {
    this.#poll = null;
    this.#update(false);
  };

  /**
   * `cap` is workerConnections (0: none); `onPause` is told each time the worker reaches it and
   * stops accepting. `share` is balanceConnections' policy, or null.
   */
  constructor(cap: number, onPause: (open: number) => void, share: SharePolicy | null = null) {
    this.#cap = cap;
    this.#onPause = onPause;
    this.#share = share;
    share?.record(0, true);
  }

  get state(): GateState {
    return this.#state;
  }

  /** Connections open now (accepted by a gated listener and not closed). */
  get open(): number {
    return this.#open;
  }

  /**
   * Counts the listener's connections from now on and makes its handle pausable. Call once it
   * listens. Returns false when its handle cannot be paused (a listener Node bound itself): the cap
   * then holds only on the other listeners.
   */
  add(listener: GatedListener): boolean {
    listener.on('connection', (socket) => this.#accepted(socket));
    const handle = listener._handle;
    if (handle === undefined || handle === null || handle.readStart() !== 0) return false;
    this.#handles.push(handle);
    if (this.#state === 'paused') handle.readStop();
    return true;
  }

  #accepted(socket: Socket): void {
    this.#open++;
    socket.once('close', this.#closed);
    this.#update(true);
  }

  /** After an accept or a close, or on the balance poll: pause or resume. */
  #update(accepted: boolean): void {
    if (this.#state === 'closed') return;
    const capped = this.#cap > 0 && this.#open >= this.#cap;
    const share = this.#share;
    share?.record(this.#open, !capped);
    // A close can put an accepting worker under its share, never over it: no need to read the others then.
    const over = !capped && share !== null && (accepted || this.#state === 'paused') && share.over(this.#open);
    const wasCapped = this.#capped;
    this.#capped = capped;
    if (capped || over) {
      this.#move('paused');
      if (capped && !wasCapped) this.#onPause(this.#open);
      if (over && this.#poll === null) this.#poll = setTimeout(this.#recheck, SHARE_POLL_MS);
    } else this.#move('accepting');
  }

  /** The listeners are closing: never touch their handles again, and nobody waits for this worker. Idempotent. */
  close(): void {
    if (this.#state === 'closed') return;
    this.#move('closed');
    if (this.#poll !== null) clearTimeout(this.#poll);
    this.#poll = null;
    this.#share?.leave();
  }

  #move(next: GateState): void {
    if (next === this.#state || !ALLOWED[this.#state].includes(next)) return;
    this.#state = next;
    if (next === 'paused') for (const handle of this.#handles) handle.readStop();
    else if (next === 'accepting') for (const handle of this.#handles) handle.readStart();
  }
}
