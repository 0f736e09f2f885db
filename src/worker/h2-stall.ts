// bodyTimeout, sendTimeout and headersTimeout for HTTP/2, with stall-sweep.ts's meaning for HTTP/1:
// one sweep over the open sessions and their streams finds a stream whose client stopped sending
// the body the app waits for (408 on the stream if its response has not begun, else a reset), a
// stream whose response the client stopped reading (reset), and a session that opens no stream in
// time (closed with GOAWAY). No timer or listener per stream: the sweep reads Node's own stream
// list, and counts a stream's activity only once a sweep found it waiting. Its timer runs only
// while HTTP/2 sessions are open.

import type { ServerHttp2Session, ServerHttp2Stream } from 'node:http2';
import type { Logger } from '../log/logger.ts';
import type { Stall } from './stall-sweep.ts';

export interface H2StallLimits {
  /** Ms a stream's client sending a body the app waits for may send nothing; 0 for no limit. */
  readonly bodyMs: number;
  /** Ms a stream's client may read nothing of a response waiting to be sent; 0 for no limit. */
  readonly sendMs: number;
  /** headersTimeout: ms a new session has to open its first stream. */
  readonly headersMs: number;
  /** The idle limit of a session between streams (keepAlive, see sessionLimit). */
  readonly idleMs: number;
}

/** How often to sweep: a quarter of the shortest limit, between 100 ms and 1 s (as stall-sweep.ts). */
export function h2SweepInterval(limits: H2StallLimits): number {
  const shortest = Math.min(...[limits.bodyMs, limits.sendMs, limits.headersMs].filter((ms) => ms > 0));
  return Math.max(100, Math.min(1_000, Math.floor(shortest / 4)));
}

/**
 * How long a session with no stream open may go without opening one: headersTimeout for its first
 * (a connection that never sends a complete HEADERS is the h2 slowloris), and idle + headersTimeout
 * between streams. Node's idle timer (keepAlive) sees every frame, so a client trickling a header
 * block in CONTINUATION frames, or sending PINGs, would keep an HTTP/2 connection forever; this
 * bounds it as headersTimeout bounds an HTTP/1 head that trickles in after a keep-alive pause.
 */
export function sessionLimit(limits: H2StallLimits, streamsSeen: number): number {
  return streamsSeen === 0 ? limits.headersMs : limits.idleMs + limits.headersMs;
}

interface Watch {
  readonly stall: Stall;
  readonly mark: number;
  readonly since: number;
}

/** The stall clock of stall-sweep.ts, keyed by stream, with the progress mark given by the caller. */
export class StallClock<K extends object> {
  readonly #watched = new WeakMap<K, Watch>();
  readonly #limits: Pick<H2StallLimits, 'bodyMs' | 'sendMs'>;

  constructor(limits: Pick<H2StallLimits, 'bodyMs' | 'sendMs'>) {
    this.#limits = limits;
  }

  /** What `key` is stalled on once it has been for its whole limit with `mark` unchanged; null otherwise. */
  check(key: K, state: Stall | null, mark: number, now: number): Stall | null {
    if (state === null) {
      this.#watched.delete(key);
      return null;
    }
    const seen = this.#watched.get(key);
    if (seen === undefined || seen.stall !== state || seen.mark !== mark) {
      this.#watched.set(key, { stall: state, mark, since: now });
      return null;
    }
    return now - seen.since >= (state === 'body' ? this.#limits.bodyMs : this.#limits.sendMs) ? state : null;
  }
}

/** What a stream's readable side and its compat request hold, and what it still has to send. */
export interface StreamView {
  readonly bodyComplete: boolean;
  readonly bufferedIn: number;
  readonly pendingOut: number;
}

/** A stream's state for the clock: 'send' first (output waiting), then 'body', as stall-sweep.ts orders them. */
export function streamState(view: StreamView, limits: Pick<H2StallLimits, 'bodyMs' | 'sendMs'>): Stall | null {
  if (limits.sendMs > 0 && view.pendingOut > 0) return 'send';
  // A body sitting unread in a buffer is the app's delay, not the client's.
  if (limits.bodyMs > 0 && !view.bodyComplete && view.bufferedIn === 0) return 'body';
  return null;
}

// Node's internals, found by their symbols' descriptions (as connections.ts finds the HTTP server's
// connection list). On a runtime without them, streams are not checked; sessions still are.
type Internal = Record<symbol, unknown>;
const symbolCache = new Map<string, symbol | null>();
function internalSymbol(object: object, description: string): symbol | null {
  const cached = symbolCache.get(description);
  if (cached !== undefined) return cached;
  for (let o: object | null = object; o !== null; o = Object.getPrototypeOf(o) as object | null) {
    const found = Object.getOwnPropertySymbols(o).find((s) => s.description === description);
    if (found !== undefined) {
      symbolCache.set(description, found);
      return found;
    }
  }
  return null;
}

/** The session's open streams: Node's own map (core.js kState.streams). */
function streamsOf(session: ServerHttp2Session): Map<number, ServerHttp2Stream> | null {
  const key = internalSymbol(session, 'state');
  const state = key === null ? undefined : ((session as unknown as Internal)[key] as { streams?: unknown } | undefined);
  // A primordials SafeMap: a Map to look at, but not an instance of the global Map.
  const streams = state?.streams as { size?: unknown; values?: unknown } | undefined;
  return typeof streams?.values === 'function' && typeof streams.size === 'number' ? (streams as Map<number, ServerHttp2Stream>) : null;
}

const ACTIVITY = Symbol('tsgun.h2-activity');
type Counted = ServerHttp2Stream & { [ACTIVITY]?: { n: number } };

/**
 * A count that grows with each body chunk read and each write the stream completes: Node calls the
 * stream's kUpdateTimer on both (stream_base_commons.js, for Http2Stream#setTimeout). Installed on
 * a stream the first time a sweep finds it waiting, so that streams that never wait pay nothing.
 */
function activityOf(stream: Counted): number | null {
  const existing = stream[ACTIVITY];
  if (existing !== undefined) return existing.n;
  const key = internalSymbol(stream, 'kUpdateTimer');
  const original = key === null ? undefined : (stream as unknown as Internal)[key];
  if (key === null || typeof original !== 'function') return null;
  const counter = { n: 0 };
  stream[ACTIVITY] = counter;
  (stream as unknown as Internal)[key] = function (this: unknown) {
    counter.n++;
    return (original as () => void).call(this);
  };
  return 0;
}

function viewOf(stream: ServerHttp2Stream): StreamView {
  const key = internalSymbol(stream, 'request');
  const req = key === null ? undefined : ((stream as unknown as Internal)[key] as { readableLength?: number; complete?: boolean } | undefined);
  const readable = (stream as unknown as { _readableState?: { ended?: boolean } })._readableState;
  return {
    bodyComplete: readable?.ended === true || stream.readableEnded || req?.complete === true,
    bufferedIn: stream.readableLength + (req?.readableLength ?? 0),
    pendingOut: stream.bufferSize,
  };
}

interface SessionWatch {
  started: number;
  /** started when `since` was taken. */
  mark: number;
  since: number;
}

const h2 = () => process.getBuiltinModule('node:http2');

/**
 * The sweep over a worker's HTTP/2 sessions. `add` each new session; `close` is the graceful
 * GOAWAY of http2-server.ts, for a session that opened no stream in time.
 */
export class H2StallSweep {
  readonly #limits: H2StallLimits;
  readonly #logger: Logger;
  readonly #close: (session: ServerHttp2Session) => void;
  readonly #sessions = new Map<ServerHttp2Session, SessionWatch>();
  readonly #clock: StallClock<ServerHttp2Stream>;
  #timer: NodeJS.Timeout | null = null;

  constructor(limits: H2StallLimits, logger: Logger, close: (session: ServerHttp2Session) => void) {
    this.#limits = limits;
    this.#logger = logger;
    this.#close = close;
    this.#clock = new StallClock(limits);
  }

  add(session: ServerHttp2Session): void {
    const watch: SessionWatch = { started: 0, mark: 0, since: Date.now() };
    this.#sessions.set(session, watch);
    session.on('stream', () => watch.started++);
    session.once('close', () => this.#forget(session));
    if (this.#timer === null) {
      this.#timer = setInterval(() => this.sweep(Date.now()), h2SweepInterval(this.#limits));
      this.#timer.unref();
    }
  }

  /** One pass; public for tests. */
  sweep(now: number): void {
    for (const [session, watch] of this.#sessions) {
      if (session.destroyed) continue;
      const streams = streamsOf(session);
      this.#checkSession(session, watch, streams === null ? 0 : streams.size, now);
      if (streams !== null && (this.#limits.bodyMs > 0 || this.#limits.sendMs > 0)) for (const stream of streams.values()) this.#checkStream(stream, now);
    }
  }

  #checkSession(session: ServerHttp2Session, watch: SessionWatch, open: number, now: number): void {
    if (open > 0 || watch.started !== watch.mark) {
      watch.mark = watch.started;
      watch.since = now;
      return;
    }
    if (session.closed || now - watch.since < sessionLimit(this.#limits, watch.started)) return;
    const ms = sessionLimit(this.#limits, watch.started);
    this.#logger.debug(
      { event: 'request.client-error', code: 'ERR_HTTP_REQUEST_TIMEOUT', reason: 'head-timeout', status: null },
      `an HTTP/2 connection opened no stream for ${ms} ms (headersTimeout)`,
    );
    // Closed once: the GOAWAY takes up to a round trip, and its streams are no longer the sweep's.
    this.#forget(session);
    this.#close(session);
  }

  #forget(session: ServerHttp2Session): void {
    this.#sessions.delete(session);
    if (this.#sessions.size === 0) this.#stop();
  }

  #checkStream(stream: ServerHttp2Stream, now: number): void {
    if (stream.destroyed || stream.closed) return;
    const state = streamState(viewOf(stream), this.#limits);
    const mark = state === null ? 0 : activityOf(stream);
    if (mark === null) return;
    const stall = this.#clock.check(stream, state, mark, now);
    if (stall === null) return;
    const answer = stall === 'body' && !stream.headersSent;
    const ms = stall === 'body' ? this.#limits.bodyMs : this.#limits.sendMs;
    this.#logger.debug(
      {
        event: 'request.client-error',
        code: stall === 'body' ? 'BODY_TIMEOUT' : 'SEND_TIMEOUT',
        reason: stall === 'body' ? 'body-timeout' : 'send-timeout',
        status: answer ? 408 : null,
      },
      stall === 'body' ? `the client sent none of the request body for ${ms} ms` : `the client read none of the response for ${ms} ms`,
    );
    const { NGHTTP2_NO_ERROR, NGHTTP2_CANCEL } = h2().constants;
    try {
      if (answer) {
        // Past the compat response, which the app may still hold. RST_STREAM(NO_ERROR) after a
        // complete response tells the client to stop sending (RFC 9113 section 8.1); Node sends it
        // after the response's frames.
        stream.respond({ ':status': 408, 'content-length': '0' }, { endStream: true });
        stream.close(NGHTTP2_NO_ERROR);
      } else stream.close(NGHTTP2_CANCEL);
    } catch {
      // The stream or its session went away since the check: a throw here would end the worker.
      if (!stream.destroyed) stream.destroy();
    }
  }

  #stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** Stops the sweep (the worker is going). Idempotent. */
  destroy(): void {
    this.#stop();
    this.#sessions.clear();
  }
}
