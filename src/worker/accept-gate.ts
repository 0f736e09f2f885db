// workerConnections (Gunicorn's worker_connections): a worker at its cap stops accepting, so that
// further connections wait in the master's listening socket (its kernel backlog), where another
// worker may take them, instead of being accepted and reset as Node's server.maxConnections does.
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

export type GateState = 'accepting' | 'paused' | 'closed';

const ALLOWED: Record<GateState, readonly GateState[]> = {
  accepting: ['paused', 'closed'],
  paused: ['accepting', 'closed'],
  closed: [],
};

export class AcceptGate {
  readonly #cap: number;
  readonly #handles: ListenHandle[] = [];
  readonly #onPause: (open: number) => void;
  #state: GateState = 'accepting';
  #open = 0;
  /** One function for every socket: a closure per connection costs the GC (connections.ts). */
  readonly #closed = (): void => {
    this.#open--;
    if (this.#state === 'paused' && this.#open < this.#cap) this.#move('accepting');
  };

  /** `onPause` is told each time the worker reaches its cap and stops accepting. */
  constructor(cap: number, onPause: (open: number) => void) {
    this.#cap = cap;
    this.#onPause = onPause;
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
    if (this.#state === 'accepting' && this.#open >= this.#cap) {
      this.#move('paused');
      this.#onPause(this.#open);
    }
  }

  /** The listeners are closing: never touch their handles again. Idempotent. */
  close(): void {
    this.#move('closed');
  }

  #move(next: GateState): void {
    if (!ALLOWED[this.#state].includes(next)) return;
    this.#state = next;
    if (next === 'paused') for (const handle of this.#handles) handle.readStop();
    else if (next === 'accepting') for (const handle of this.#handles) handle.readStart();
  }
}
