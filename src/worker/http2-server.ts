// HTTP/2 on the worker's listeners (`httpProtocols`): h2 over TLS, chosen by ALPN, with HTTP/1.1
// beside it on the same server (Node's http2 compatibility API, so `(req, res)` apps run unchanged);
// h2c with prior knowledge on plain listeners, told apart from HTTP/1 by the connection's first
// bytes; and the sessions' graceful close when the worker drains (GOAWAY, then the streams in
// flight finish). Loaded only when a listener serves HTTP/2.

import type { IncomingMessage, Server } from 'node:http';
import type { Http2SecureServer, Http2Server, Http2ServerResponse, OutgoingHttpHeaders, SecureServerOptions, ServerHttp2Session, ServerOptions } from 'node:http2';
import { writeSync } from 'node:fs';
import net, { type Socket } from 'node:net';
import type { Logger } from '../log/logger.ts';
import { isConnectionField } from './connection-fields.ts';
import { H2StallSweep, type H2StallLimits } from './h2-stall.ts';

// Taken when a server is made, not at import: a worker that serves no HTTP/2 never loads node:http2.
const h2 = () => process.getBuiltinModule('node:http2');

/** What every HTTP/2 connection must begin with (RFC 9113 section 3.4). */
const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
/** The highest stream id: a GOAWAY that names it refuses no stream already on its way. */
const MAX_STREAM_ID = 2 ** 31 - 1;
/** The real connection under an HTTP/2 request's `req.socket`, which is a proxy of it. */
const TRANSPORT = Symbol('tsgun.transport');

export interface Http2Limits {
  readonly maxConcurrentStreams: number;
  readonly maxHeaderListSize: number;
  readonly initialWindowSize: number;
}

/**
 * Node counts each header field as its name and value plus 32 bytes against SETTINGS_MAX_HEADER_LIST_SIZE
 * (node_http2.cc, Http2Stream::AddHeader), so a block within that size has fewer pairs than this.
 */
const PAIR_FLOOR_BYTES = 32;

type HeadFields = OutgoingHttpHeaders | readonly (string | readonly string[])[] | undefined;

/** `headers` of writeHead() without the connection fields: an object, or a flat or paired array. */
function withoutConnectionFields(headers: HeadFields): HeadFields {
  if (headers === undefined || headers === null || typeof headers !== 'object') return headers;
  if (Array.isArray(headers)) {
    if (headers.length > 0 && Array.isArray(headers[0])) return (headers as readonly (readonly string[])[]).filter((pair) => !isConnectionField(pair[0]));
    const flat: string[] = [];
    for (let i = 0; i + 1 < headers.length; i += 2) if (!isConnectionField(headers[i])) flat.push(headers[i] as string, headers[i + 1] as string);
    return flat;
  }
  let out: OutgoingHttpHeaders | null = null;
  for (const name of Object.keys(headers)) {
    if (!isConnectionField(name)) continue;
    out ??= { ...(headers as OutgoingHttpHeaders) };
    delete out[name];
  }
  return out ?? headers;
}

let responseClass: typeof Http2ServerResponse | null = null;

/**
 * Node's compatibility response, dropping the connection fields an app sets (connection-fields.ts).
 * Node's drops `connection` and throws on the others, so an app that runs unchanged over HTTP/1.1
 * (a proxy route copying an upstream's `keep-alive` or `transfer-encoding`) failed over HTTP/2;
 * tsgun's drops them all, as a proxy that speaks HTTP/2 to its client does. Made at the first
 * HTTP/2 server.
 */
function tsgunResponse(): typeof Http2ServerResponse {
  // Named as Node's own (the key names the class): an app that reads its constructor's name sees no change.
  responseClass ??= {
    Http2ServerResponse: class extends h2().Http2ServerResponse {
      override setHeader(name: string, value: number | string | readonly string[]): void {
        if (!isConnectionField(name)) super.setHeader(name, value);
      }

      override appendHeader(name: string, value: string | string[]): void {
        if (!isConnectionField(name)) super.appendHeader(name, value);
      }

      override writeHead(statusCode: number, message?: unknown, headers?: unknown): this {
        if (typeof message === 'string') return super.writeHead(statusCode, message, withoutConnectionFields(headers as HeadFields) as OutgoingHttpHeaders);
        return super.writeHead(statusCode, withoutConnectionFields(message as HeadFields) as OutgoingHttpHeaders);
      }
    },
  }.Http2ServerResponse as unknown as typeof Http2ServerResponse;
  return responseClass;
}

/** Node's options for the HTTP/2 side of a server: the SETTINGS tsgun announces. */
export function http2Options(limits: Http2Limits): ServerOptions {
  return {
    settings: { maxConcurrentStreams: limits.maxConcurrentStreams, maxHeaderListSize: limits.maxHeaderListSize, initialWindowSize: limits.initialWindowSize },
    // Node resets a stream with more pairs than this (pseudo-headers included), ENHANCE_YOUR_CALM,
    // before any listener sees it. Bounded by the header list size instead, any number of fields
    // over limitRequestFields reaches the guard, which answers 431 as over HTTP/1.1; memory stays
    // bounded by that size (which Node also enforces, with the same reset).
    maxHeaderListPairs: Math.floor(limits.maxHeaderListSize / PAIR_FLOOR_BYTES) + 5,
  };
}

/**
 * h2 over TLS. With `http1`, a client that does not offer h2 by ALPN is served HTTP/1.1 by the same
 * server: Node (>= 24) gives it the http.Server options in `options` (timeouts, maxHeaderSize) and
 * tracks its connections as http.Server does, which the drain and the stall sweep read.
 */
export function createSecureHttp2Server(options: SecureServerOptions & Record<string, unknown>, http1: boolean): Server {
  const server = h2().createSecureServer({ ...options, allowHTTP1: http1, Http2ServerResponse: tsgunResponse() });
  // The transport behind each request's proxy socket (see transportOf).
  server.prependListener('secureConnection', (socket: Socket) => tag(socket));
  return server as unknown as Server;
}

/** h2c: an HTTP/2 server without TLS; it never listens, h2cFront hands it its connections. */
export function createPlainHttp2Server(options: ServerOptions): Http2Server {
  return h2().createServer({ ...options, Http2ServerResponse: tsgunResponse() });
}

export interface H2cFront {
  /** Whether a peer may speak h2c (forwardedAllowIps, as Gunicorn 26 gates it). */
  readonly trusted: (socket: Socket) => boolean;
  /** Connections still being looked at (the drain reads them). */
  readonly pending: Set<Socket>;
  /** How long a connection may take to send the bytes that tell: headersTimeout. */
  readonly timeoutMs: number;
}

/**
 * The connection listener of a plain listener that serves h2c: a trusted peer's connection that
 * opens with the HTTP/2 preface goes to `http2`, any other to `http1` (closed without one). The
 * bytes read to decide are pushed back first: the HTTP/1 parser reads them before the socket's
 * handle, the HTTP/2 session takes what the socket buffered on its next tick (core.js). It
 * returns an unlistening server to emit 'connection' on: a PROXY-protocol front does so after the
 * header; otherwise the returned server listens itself.
 */
export function h2cFront(http1: Server | null, http2: Http2Server, front: H2cFront): net.Server {
  const dispatch = (socket: Socket, isH2: boolean): void => {
    front.pending.delete(socket);
    if (isH2) {
      tag(socket);
      http2.emit('connection', socket);
    } else if (http1 !== null) {
      http1.emit('connection', socket);
      socket.resume();
    } else socket.destroy();
  };
  const server = net.createServer({ pauseOnConnect: true, noDelay: true }, (socket) => {
    if (!front.trusted(socket)) return dispatch(socket, false);
    front.pending.add(socket);
    let seen: Buffer | null = null;
    const done = (isH2: boolean | null): void => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      clearTimeout(timer);
      if (isH2 === null) {
        front.pending.delete(socket);
        socket.destroy();
        return;
      }
      socket.pause();
      if (seen !== null) socket.unshift(seen);
      dispatch(socket, isH2);
    };
    const onData = (chunk: Buffer): void => {
      seen = seen === null ? chunk : Buffer.concat([seen, chunk]);
      const n = Math.min(seen.length, PREFACE.length);
      const match = seen.compare(PREFACE, 0, n, 0, n) === 0;
      if (!match || n === PREFACE.length) done(match);
    };
    const onEnd = (): void => done(null);
    const timer = setTimeout(() => done(null), front.timeoutMs);
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.resume();
  });
  // The HTTP server starts checking headersTimeout once it has seen 'listening'.
  server.once('listening', () => http1?.emit('listening'));
  return server;
}

/** An HTTP/2 request's client address, kept for the access log (see rememberPeer). */
const PEER = Symbol('tsgun.peer');

/**
 * Keeps an HTTP/2 request's client address on it: its proxy socket reads through to the session's
 * socket only while the stream is open, and the access log asks once it has closed.
 */
export function rememberPeer(req: IncomingMessage): void {
  (req as IncomingMessage & { [PEER]?: string | undefined })[PEER] = req.socket.remoteAddress;
}

/** The client address of a request, for the access log. */
export function remoteAddressOf(req: IncomingMessage): string | undefined {
  return (req as IncomingMessage & { [PEER]?: string | undefined })[PEER] ?? req.socket.remoteAddress;
}

function tag(socket: Socket): void {
  (socket as Socket & { [TRANSPORT]?: Socket })[TRANSPORT] = socket;
}

/**
 * The connection a request came on. An HTTP/2 request's `req.socket` is a proxy of its session's
 * socket (so that the app cannot write frames around nghttp2): its properties read through to the
 * socket, but it is another object, the wrong key for a WeakMap of connections.
 */
export function transportOf(req: IncomingMessage): Socket {
  if (req.httpVersionMajor !== 2) return req.socket;
  return (req.socket as Socket & { [TRANSPORT]?: Socket })[TRANSPORT] ?? req.socket;
}

/** What a worker's HTTP/2 sessions are held to (the HTTP/1 connections' settings). */
export interface Http2SessionLimits extends H2StallLimits {
  readonly logger: Logger;
}

/**
 * The open HTTP/2 sessions of the worker's servers, for the drain and the stall sweep
 * (h2-stall.ts). Sessions are tracked, not requests: one Set entry per connection.
 */
export class Http2Sessions {
  readonly #sessions = new Set<ServerHttp2Session>();
  #closing = false;
  #sweep: H2StallSweep | null = null;

  /**
   * Tracks the sessions of `server`. One that sees no frame for `limits.idleMs` is closed as a drain
   * closes it (keepAlive's job for HTTP/1.1): its streams in flight, if any, are still answered.
   */
  watch(server: Http2Server | Http2SecureServer | Server, limits: Http2SessionLimits): void {
    this.#sweep ??= new H2StallSweep(limits, limits.logger, goaway);
    const sweep = this.#sweep;
    server.on('session', (session: ServerHttp2Session) => {
      this.#sessions.add(session);
      session.once('close', () => this.#sessions.delete(session));
      session.setTimeout(limits.idleMs, () => goaway(session));
      sweep.add(session);
      if (this.#closing) goaway(session);
    });
  }

  get open(): number {
    return this.#sessions.size;
  }

  /** Every session, now and from now on, gets a GOAWAY and closes once its streams are done. */
  close(): void {
    this.#closing = true;
    for (const session of this.#sessions) goaway(session);
  }

  /** Forceful: every session now. */
  destroy(): void {
    this.#closing = true;
    this.#sweep?.destroy();
    for (const session of this.#sessions) session.destroy();
    this.#sessions.clear();
  }
}

/**
 * How long after the first GOAWAY the final one goes out when no PING answer came first. Node's
 * own client, once it has a GOAWAY and no stream open, answers no PING and never closes (measured:
 * both sides waited until gracefulTimeout cut the session): the final GOAWAY must not depend on it.
 */
const SHUTDOWN_NOTICE_MS = 1_000;
/** Sessions already sent the first GOAWAY (the idle timeout and the drain may both ask). */
const noticed = new WeakSet<ServerHttp2Session>();

/**
 * The first GOAWAY as bytes (RFC 9113 section 6.8: length 8, type 7, stream 0; last stream id
 * 2^31-1, NO_ERROR), for a cleartext connection (see goaway).
 */
export const SHUTDOWN_NOTICE = Buffer.from([0, 0, 8, 7, 0, 0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/**
 * RFC 9113 section 6.8's graceful shutdown, as nghttp2's submit_shutdown_notice does it: a first
 * GOAWAY naming the highest stream id tells the client to open no more streams while refusing none
 * it has already sent; one round trip later (a PING's answer comes after every frame the client
 * sent before it read the GOAWAY), or SHUTDOWN_NOTICE_MS at most, close() sends the final GOAWAY
 * with the last stream taken and waits for the streams in flight.
 *
 * Node has no submit_shutdown_notice: its session.goaway() is nghttp2_submit_goaway, and once that
 * GOAWAY is out nghttp2 ignores every new stream whatever last stream id it named
 * (session_allow_incoming_new_stream), so the final GOAWAY refused the streams the client sent
 * before it read the first one (traced: 4 to 32 REFUSED_STREAM per 3 reloads of h2c load, all
 * above the final GOAWAY's last stream id, requested 1 to 7 ms before the client read the first).
 * It also stops reading once no stream is open, so the PING's answer was never read. On a
 * cleartext connection the notice goes out as bytes (writeNotice) and nghttp2 keeps taking streams
 * until close(): 0 refused in the same runs. Over TLS the bytes would have to go through the
 * socket's TLSWrap, which takes one write at a time and aborts the process on a second
 * (CHECK(!current_write_)) that a JS write cannot rule out: there session.goaway() stays, with
 * that window (docs/http2.md).
 */
function goaway(session: ServerHttp2Session): void {
  if (session.closed || session.destroyed || noticed.has(session)) return;
  noticed.add(session);
  let transport: Socket | undefined;
  try {
    transport = (session.socket as Socket & { [TRANSPORT]?: Socket })[TRANSPORT];
  } catch {
    // No socket bound any more: nghttp2's GOAWAY, or nothing, is all there is.
  }
  notify(session, transport, transport !== undefined && (transport as RawSocket).encrypted !== true ? NOTICE_ATTEMPTS : 0);
}

/** A cleartext connection whose output is queued (a client slow to read) is tried again this often, this many times. */
const NOTICE_RETRY_MS = 10;
const NOTICE_ATTEMPTS = 10;

function notify(session: ServerHttp2Session, transport: Socket | undefined, attempts: number): void {
  let timer: NodeJS.Timeout | undefined;
  const close = (): void => {
    clearTimeout(timer);
    if (!session.closed && !session.destroyed) session.close();
  };
  try {
    if (session.closed || session.destroyed) return;
    if (transport === undefined || !writeNotice(transport)) {
      // Better late than nghttp2's GOAWAY, which opens the window above.
      if (attempts > 0) return void setTimeout(() => notify(session, transport, attempts - 1), NOTICE_RETRY_MS);
      session.goaway(h2().constants.NGHTTP2_NO_ERROR, MAX_STREAM_ID);
    }
    if (session.ping(close)) {
      timer = setTimeout(close, SHUTDOWN_NOTICE_MS);
      return;
    }
  } catch {
    // The session went away in between: close() is then a no-op.
  }
  close();
}

type RawSocket = Socket & { encrypted?: boolean; _handle?: { fd?: number; writeQueueSize?: number } | null };

/**
 * Writes SHUTDOWN_NOTICE straight to a cleartext connection's fd; false when it cannot (TLS, or
 * bytes still queued) or wrote nothing (EAGAIN), and the caller sends nghttp2's GOAWAY instead.
 * Not socket.write(): its completion would reach the HTTP/2 session, which owns the stream's
 * write callbacks and aborts on one it did not start (CHECK(is_write_in_progress())). With nothing
 * queued in libuv every byte nghttp2 handed over is in the kernel already, whole frames, so the
 * notice lands between two frames. A short write (a send buffer with less than 17 bytes free)
 * would leave a torn frame: that connection is cut.
 */
export function writeNotice(socket: Socket): boolean {
  const raw = socket as RawSocket;
  const fd = raw._handle?.fd;
  if (raw.encrypted === true || typeof fd !== 'number' || fd < 0 || raw._handle?.writeQueueSize !== 0 || socket.writableLength !== 0) return false;
  let written: number;
  try {
    written = writeSync(fd, SHUTDOWN_NOTICE);
  } catch {
    return false;
  }
  if (written !== SHUTDOWN_NOTICE.length) socket.destroy();
  return true;
}
