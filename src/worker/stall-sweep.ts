// bodyTimeout and sendTimeout (nginx's client_body_timeout and send_timeout): a periodic sweep over
// the open connections finds those whose client stopped sending a request body the app is waiting
// for, or stopped reading a response waiting to go out, and closes them. A sweep costs nothing per
// request (a timer per request, or a listener per socket, costs the GC what it cost the drain:
// worker-server.ts); it looks only at connections in one of those two states.

import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../log/logger.ts';
import { CLIENT_ERROR_LINGER_MS } from './client-error.ts';
import { responseOf } from './connections.ts';
import type { Check } from '../sys/connections-check.ts';

export interface StallLimits {
  /** Ms a client sending a body the app waits for may send nothing; 0 for no limit. */
  readonly bodyMs: number;
  /** Ms a client may read nothing of a response waiting to be sent; 0 for no limit. */
  readonly sendMs: number;
}

export type Stall = 'body' | 'send';

interface Watch {
  readonly stall: Stall;
  /** bytesRead (body) or bytes the kernel took (send) when the watch began. */
  readonly mark: number;
  readonly since: number;
}

type SocketWithHandle = Socket & { _handle?: { writeQueueSize?: number } | null };

/** Bytes of the connection's output the kernel has accepted: what grows while the client reads. */
function bytesAccepted(socket: SocketWithHandle): number {
  return socket.bytesWritten - socket.writableLength - (socket._handle?.writeQueueSize ?? 0);
}

function pendingOutput(socket: SocketWithHandle): boolean {
  return socket.writableLength > 0 || (socket._handle?.writeQueueSize ?? 0) > 0;
}

/** How often to sweep: a quarter of the shorter limit, between 100 ms and 1 s. */
export function sweepInterval(limits: StallLimits): number {
  const shortest = Math.min(...[limits.bodyMs, limits.sendMs].filter((ms) => ms > 0));
  return Math.max(100, Math.min(1_000, Math.floor(shortest / 4)));
}

export class StallSweep {
  readonly #limits: StallLimits;
  readonly #watched = new WeakMap<Socket, Watch>();

  constructor(limits: StallLimits) {
    this.#limits = limits;
  }

  /**
   * What the connection is stalled on, once it has been for its whole limit; null otherwise.
   * `res` is the response the connection is busy with (null when idle between requests, which
   * keepAlive governs).
   */
  check(socket: Socket, res: ServerResponse | null, now: number): Stall | null {
    const state = this.#state(socket, res);
    if (state === null) {
      this.#watched.delete(socket);
      return null;
    }
    const mark = state === 'body' ? socket.bytesRead : bytesAccepted(socket);
    const seen = this.#watched.get(socket);
    if (seen === undefined || seen.stall !== state || seen.mark !== mark) {
      this.#watched.set(socket, { stall: state, mark, since: now });
      return null;
    }
    return now - seen.since >= (state === 'body' ? this.#limits.bodyMs : this.#limits.sendMs) ? state : null;
  }

  #state(socket: Socket, res: ServerResponse | null): Stall | null {
    if (this.#limits.sendMs > 0 && pendingOutput(socket)) return 'send';
    if (this.#limits.bodyMs > 0 && res !== null) {
      const req = res.req;
      // Waiting for the client: the body is not complete and the app has read all that came (a
      // body sitting unread in the buffer is the app's delay, not the client's).
      if (!req.complete && !req.destroyed && req.readableLength === 0) return 'body';
    }
    return null;
  }
}

/**
 * The sweep of `connections()`, to run every sweepInterval (on the worker's clock, while connections
 * are open: sys/connections-check.ts): a stalled body gets 408 (when its response has not started) and
 * the connection closes; a stalled send is cut. Null when neither limit is set.
 */
export function stallSweep(limits: StallLimits, connections: () => Iterable<Socket>, logger: Logger): Check | null {
  if (limits.bodyMs === 0 && limits.sendMs === 0) return null;
  const sweep = new StallSweep(limits);
  const run = (): void => {
    const now = Date.now();
    for (const socket of connections()) {
      const res = responseOf(socket);
      const stall = sweep.check(socket, res, now);
      if (stall === null) continue;
      const ms = stall === 'body' ? limits.bodyMs : limits.sendMs;
      logger.debug(
        {
          event: 'request.client-error',
          code: stall === 'body' ? 'BODY_TIMEOUT' : 'SEND_TIMEOUT',
          reason: stall === 'body' ? 'body-timeout' : 'send-timeout',
          status: stall === 'body' && res !== null && !res.headersSent ? 408 : null,
        },
        stall === 'body' ? `the client sent none of the request body for ${ms} ms` : `the client read none of the response for ${ms} ms`,
      );
      if (stall === 'body' && res !== null && !res.headersSent) {
        // Written past the response object, which the app may still be holding.
        socket.write('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n', () => socket.destroy());
        socket.setTimeout(CLIENT_ERROR_LINGER_MS, () => socket.destroy());
      } else socket.destroy();
    }
  };
  return { periodMs: sweepInterval(limits), run };
}
