// The servers of one inherited listener: HTTP/1.1 (node:http, or node:https for TLS), HTTP/2 over TLS
// by ALPN and h2c on plain listeners (http2-server.ts), TLS certificates by server name (sni.ts),
// and a PROXY-protocol front (proxy-front.ts). Node's own limits are set from the settings; what
// happens to a request is the WorkerServer's (its handler, its refusals).

import { readFileSync } from 'node:fs';
// node:http and node:https are taken with process.getBuiltinModule, not imported (worker-server.ts says why).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type net from 'node:net';
import type { Socket } from 'node:net';
import type { ResolvedConfig } from '../config/resolved-config.ts';
import type { BoundListener } from '../ipc/messages.ts';
import type { Logger } from '../log/logger.ts';
import type { ClientErrors, ParserError } from './client-error.ts';
import type { PeerMatcher } from './forwarded.ts';
import { createPlainHttp2Server, createSecureHttp2Server, h2cFront, http2Options, type Http2Sessions } from './http2-server.ts';
import { proxyFront } from './proxy-front.ts';
import { sniCallback } from './sni.ts';

/** The request line's share of Node's header budget when `limitRequestLine` is 0 (no own limit). */
const DEFAULT_LINE_BUDGET = 8_190;

/** What the servers share with the WorkerServer that owns them. */
export interface ServerContext {
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
  /**
   * A request sent with `Expect: 100-continue`: the handler, which writes the `100 Continue` only
   * when the request goes to the app (Node writes it at once otherwise, even before a 413).
   */
  readonly continued: (req: IncomingMessage, res: ServerResponse) => void;
  /** A CONNECT request: answered by the owner (HTTP/1 gets its socket, HTTP/2 a response). */
  readonly onConnect: (req: IncomingMessage, socket: Socket) => void;
  readonly clientErrors: ClientErrors;
  readonly sessions: Http2Sessions;
  readonly forwardedTrust: PeerMatcher;
  /** Null unless `proxyProtocol` is on. */
  readonly proxyAllow: PeerMatcher | null;
  readonly directPeers: WeakMap<Socket, string | undefined>;
  readonly pending: Set<Socket>;
}

export interface ListenerServers {
  /** What listens on the fd: the HTTP server, or the front before it (h2c, PROXY). */
  readonly accepting: net.Server;
  /** The server that parses requests (its connections are Node's to track). */
  readonly http: Server;
}

/** A TLS file's bytes: the generation's pinned text of it if there is one, else the file now. */
function pinnedOrRead(pinned: Readonly<Record<string, string>> | undefined, path: string): Buffer {
  const text = pinned?.[path];
  return text === undefined ? readFileSync(path) : Buffer.from(text, 'latin1');
}

/**
 * A TLS connection is Node's to track (and the drain's to wait for) only once its handshake is
 * done: until then it is in `pending`, as a PROXY-protocol connection is until its header came, so
 * that a reload's drain waits for it (for the idle grace) rather than closing the listener's worker
 * under it (measured: a client whose handshake was in flight when a reload began was reset).
 */
function holdWhileHandshaking(server: Server, pending: Set<Socket>): void {
  server.on('connection', (raw: Socket) => {
    pending.add(raw);
    raw.once('close', () => pending.delete(raw));
  });
  // The TLS socket wraps the raw one (its _parent); from here on Node's own list has it.
  server.on('secureConnection', (socket: Socket & { _parent?: Socket | null }) => {
    if (socket._parent) pending.delete(socket._parent);
  });
}

export function createServers(listener: BoundListener, context: ServerContext): ListenerServers {
  const { settings, ms, paths } = context.config;
  const secure = settings.tls !== null && listener.kind === 'tcp';
  const handler = context.handler;
  // Node holds a request head in memory until it is complete; this budget (target and fields
  // together) is what bounds that per connection. The exact limits are checked by the guard.
  const maxHeaderSize = (settings.limitRequestLine > 0 ? settings.limitRequestLine : DEFAULT_LINE_BUDGET) + settings.limitRequestHeadersSize;
  const headersTimeout = ms.headersTimeout;
  const common = {
    maxHeaderSize,
    keepAliveTimeout: ms.keepAlive,
    headersTimeout,
    // Node's own whole-request limit (300 s) would cut a long upload that is still moving;
    // a stalled one is bodyTimeout's.
    requestTimeout: 0,
    // Node checks headersTimeout on this period (30 s by default: a 60 s limit fired at up to 90 s).
    connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(headersTimeout / 4))),
    // A missing Host is refused (and logged) by the conformance check with the other Host faults.
    requireHostHeader: false,
  };
  const protocols = settings.httpProtocols;
  const h2 = http2Options({
    maxConcurrentStreams: settings.http2MaxConcurrentStreams,
    maxHeaderListSize: settings.http2MaxHeaderListSize,
    initialWindowSize: settings.http2InitialWindowSize,
  });
  // An idle HTTP/2 session closes after keepAlive, as an idle HTTP/1.1 connection does (with
  // keep-alive off, after headersTimeout: closing it between its streams would be no better).
  const h2IdleMs = ms.keepAlive > 0 ? ms.keepAlive : headersTimeout;
  // bodyTimeout, sendTimeout and headersTimeout per stream and session (h2-stall.ts).
  const h2Limits = { idleMs: h2IdleMs, bodyMs: ms.bodyTimeout, sendMs: ms.sendTimeout, headersMs: headersTimeout, logger: context.logger };
  let server: Server;
  let h2cServer: net.Server | null = null;
  if (secure) {
    const tls = settings.tls!;
    // Absolute already (resolution made them so, relative to the config file).
    const files = paths.tls!;
    // As the config reader read and checked them (ResolvedConfig.tlsFiles), else from disk.
    const pinned = context.config.tlsFiles;
    const read = (path: string | null): Buffer | undefined => (path === null ? undefined : pinnedOrRead(pinned, path));
    // What every certificate's context repeats (a context chosen by server name replaces the default one).
    const shared = {
      ca: read(files.ca),
      ...(tls.ciphers === undefined ? {} : { ciphers: tls.ciphers }),
      minVersion: tls.minVersion ?? 'TLSv1.2',
    } as const;
    const options = {
      ...common,
      ...shared,
      cert: read(files.cert),
      key: read(files.key),
      requestCert: tls.clientCert !== undefined && tls.clientCert !== 'none',
      rejectUnauthorized: tls.clientCert === 'require',
      SNICallback: sniCallback(files.sni, shared, (path) => pinnedOrRead(pinned, path)),
      // Node's default is 120 s, and headersTimeout starts only once the handshake is done: a
      // connection that sends nothing (or half a ClientHello) held its slot (workerConnections)
      // for two minutes. The handshake is part of the time a client has to send its head.
      handshakeTimeout: headersTimeout,
    };
    if (protocols.includes('h2')) {
      server = createSecureHttp2Server({ ...options, ...h2 }, protocols.includes('h1'));
      server.on('request', handler);
      context.sessions.watch(server, h2Limits);
    } else {
      // Loaded only for TLS: node:https (with tls and OpenSSL's setup) cost a plain-HTTP worker ~65 ms
      // of its boot (measured on 2 cores, two workers booting).
      server = process.getBuiltinModule('node:https').createServer(options, handler);
    }
    server.on('checkContinue', context.continued);
    holdWhileHandshaking(server, context.pending);
  } else {
    server = process.getBuiltinModule('node:http').createServer(common, handler);
    server.on('checkContinue', context.continued);
    if (protocols.includes('h2c')) {
      const plain = createPlainHttp2Server(h2);
      plain.on('request', handler);
      plain.on('checkContinue', context.continued);
      context.sessions.watch(plain, h2Limits);
      const trust = context.forwardedTrust;
      const peers = context.directPeers;
      h2cServer = h2cFront(protocols.includes('h1') ? server : null, plain, {
        trusted: (socket) => trust(peers.has(socket) ? peers.get(socket) : socket.remoteAddress),
        pending: context.pending,
        timeoutMs: headersTimeout,
      });
    }
  }
  // Header count is checked by the guard (Node would silently truncate past maxHeadersCount).
  server.maxHeadersCount = 0;
  server.on('clientError', (error: ParserError, socket: Socket) => context.clientErrors.handle(error, socket));
  // Without a listener Node destroys a CONNECT request's socket without a word.
  server.on('connect', context.onConnect);
  const accepting = h2cServer ?? server;
  const front =
    context.proxyAllow === null
      ? accepting
      : proxyFront(accepting as Server, secure, { allowed: context.proxyAllow, logger: context.logger, pending: context.pending, directPeers: context.directPeers });
  return { accepting: front, http: server };
}
