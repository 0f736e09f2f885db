// The worker's HTTP servers: one per inherited listener, the request guard around the app (limits,
// hooks, access log, errors become 500s), and their drain (DESIGN.md section 4, in drain.ts: stop
// accepting, Connection: close, close connections once idle for a grace period, cut what is left
// at the deadline). HTTP/2 servers and their sessions' GOAWAY come from http2-server.ts, TLS
// certificates by server name from sni.ts, each listener's servers built by listener-servers.ts (with
// `proxyProtocol`, a front accepts instead: proxy-front.ts); a request head
// is checked by conformance.ts before the app sees it; a request Node's parser refused is answered
// by client-error.ts; stalled clients are closed by stall-sweep.ts.

// node:http is taken with process.getBuiltinModule, not imported: an ES import of it fills the module
// namespace by calling every export getter, and its WebSocket getters load undici (measured: ~45 ms
// and ~12 MiB RSS in every worker, for nothing unless the app uses fetch or WebSocket).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import net, { type Socket } from 'node:net';
import type { WorkerInfo } from '../config/hook-types.ts';
import type { ResolvedConfig } from '../config/resolved-config.ts';
import { runSyncHook } from '../hooks/run-hook.ts';
import type { BoundListener } from '../ipc/messages.ts';
import type { Logger } from '../log/logger.ts';
import { listenOnFd } from '../sys/listen-fd.ts';
import { AcceptGate } from './accept-gate.ts';
import { answerInPlace } from './answer-in-place.ts';
import { FairShare, type BalanceSlot } from './balance.ts';
import { answerTooLarge, capBody, declaresTooLarge } from './body-limit.ts';
import { compileAllowList, compileSchemeHeaders, FORWARDED_SCHEME, forwardedScheme, type PeerMatcher, type SchemeHeaders } from './forwarded.ts';
import { CLIENT_ERROR_LINGER_MS, ClientErrors } from './client-error.ts';
import { allowedTrailers, CHUNKED, checkRequest, CONNECT_REFUSAL, type Refusal, type RequestLimits } from './conformance.ts';
import { trackedByNode } from './connections.ts';
import { drainConnections } from './drain.ts';
import { Http2Sessions, rememberPeer, transportOf } from './http2-server.ts';
import { createServers } from './listener-servers.ts';
import { checkHttp2Request } from './http2-request.ts';
import { countBodyBytes } from './body-bytes.ts';
import { BadRequestTarget } from './request-url.ts';
import { stallSweep } from './stall-sweep.ts';
import { checkWhileConnected, takeConnectionsCheck, type Check } from '../sys/connections-check.ts';
import { PeriodicClock } from '../sys/periodic-clock.ts';

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface WorkerServerOptions {
  readonly config: ResolvedConfig;
  readonly listener: RequestListener;
  readonly logger: Logger;
  readonly worker: WorkerInfo;
  /** Requests after which `onLimit` is called once (maxRequests + jitter); 0 for none. */
  readonly requestLimit?: number | undefined;
  readonly onLimit?: (() => void) | undefined;
  /** Called for every finished response when the access log is on. */
  readonly onFinished?: ((req: IncomingMessage, res: ServerResponse, start: bigint, startedAt: number, bytesSent: number) => void) | undefined;
  /** With `metricsBind`: counts every request by status and duration (request-stats.ts). */
  readonly requestStats?: { track(res: ServerResponse): void } | undefined;
  /** The worker's one timer for periodic work (sys/periodic-clock.ts), shared with its heartbeat; its own when absent. */
  readonly clock?: PeriodicClock | undefined;
}

const MAX_IDLE_GRACE_MS = 2_000;
/** A worker that keeps reaching `workerConnections` says so at most this often. */
const CAPPED_LOG_EVERY_MS = 60_000;

export class WorkerServer {
  readonly #options: WorkerServerOptions;
  readonly #servers: net.Server[] = [];
  /** The HTTP(S) servers (behind a PROXY-protocol front they are not the listening ones). */
  readonly #httpServers: Server[] = [];
  /** PROXY-protocol connections still waiting for their header (the HTTP server does not have them yet). */
  readonly #pending = new Set<Socket>();
  #draining = false;
  #requests = 0;
  /** The stall sweep and Node's connections checks on the clock: what stops them. */
  readonly #periodic: (() => void)[] = [];
  /** Null unless `workerConnections` is set. */
  #gate: AcceptGate | null = null;
  readonly #schemeHeaders: SchemeHeaders | null;
  readonly #forwardedTrust: PeerMatcher;
  /** Null unless `proxyProtocol` is on. */
  readonly #proxyAllow: PeerMatcher | null;
  /** With `proxyProtocol`: the balancer's own address per connection (the socket reports the client's). */
  readonly #directPeers = new WeakMap<Socket, string | undefined>();
  readonly #limits: RequestLimits;
  readonly #sessions = new Http2Sessions();
  readonly #clientErrors: ClientErrors;

  /** Throws TSG_CONFIG_INVALID for an allow list entry that is not an address or a CIDR range. */
  constructor(options: WorkerServerOptions) {
    this.#options = options;
    const { settings } = options.config;
    this.#schemeHeaders = compileSchemeHeaders(settings.secureSchemeHeaders);
    this.#forwardedTrust = compileAllowList('forwardedAllowIps', settings.forwardedAllowIps);
    this.#proxyAllow = settings.proxyProtocol ? compileAllowList('proxyAllowIps', settings.proxyAllowIps) : null;
    this.#limits = {
      requestLine: settings.limitRequestLine,
      fields: settings.limitRequestFields,
      fieldSize: settings.limitRequestFieldSize,
      headersSize: settings.limitRequestHeadersSize,
    };
    this.#clientErrors = new ClientErrors(options.logger);
  }

  /** Requests handled so far (for maxRequests). */
  get requests(): number {
    return this.#requests;
  }

  /**
   * Every open connection: those Node's HTTP server tracks itself, plus those tracked here (a
   * PROXY-protocol connection still waiting for its header). Read only when draining: tracking every
   * connection in JS (a Map entry and a 'close' listener per socket) made young objects survive
   * scavenges, and cost ~20% of the CPU per request with one connection per request.
   */
  #allConnections(): Socket[] {
    const all = new Set<Socket>(this.#pending);
    for (const server of this.#httpServers) for (const socket of trackedByNode(server)) all.add(socket);
    return [...all].filter((socket) => !socket.destroyed);
  }

  #createServer(listener: BoundListener): net.Server {
    const servers = createServers(listener, {
      config: this.#options.config,
      logger: this.#options.logger,
      handler: (req, res) => this.#handle(req, res),
      continued: (req, res) => this.#handle(req, res, true),
      // An HTTP/2 CONNECT comes as a stream, with its response in place of the socket.
      onConnect: (req, socket) => (overHttp2(req) ? this.#refuse(req, socket as unknown as ServerResponse, CONNECT_REFUSAL) : this.#clientErrors.refuseConnect(socket)),
      clientErrors: this.#clientErrors,
      sessions: this.#sessions,
      forwardedTrust: this.#forwardedTrust,
      proxyAllow: this.#proxyAllow,
      directPeers: this.#directPeers,
      pending: this.#pending,
    });
    this.#httpServers.push(servers.http);
    return servers.accepting;
  }

  /**
   * bodyTimeout and sendTimeout: every open connection, looked at on the clock (stall-sweep.ts);
   * Node's own headersTimeout check of each HTTP server moves onto the same clock (sys/connections-check.ts).
   */
  #startChecks(): void {
    const { ms } = this.#options.config;
    const checks: Check[] = [];
    const sweep = stallSweep({ bodyMs: ms.bodyTimeout, sendMs: ms.sendTimeout }, () => this.#allConnections(), this.#options.logger);
    if (sweep !== null) checks.push(sweep);
    for (const server of this.#httpServers) {
      const check = takeConnectionsCheck(server);
      if (check !== null) checks.push(check);
    }
    // The listening servers count every connection, also those a PROXY-protocol front still holds.
    this.#periodic.push(checkWhileConnected(checks, this.#servers, this.#options.clock ?? new PeriodicClock()));
  }

  /** Listens on every inherited fd; resolves when all listen. `balance`: balanceConnections' table and slot. */
  async listen(listeners: readonly BoundListener[], balance?: BalanceSlot): Promise<void> {
    await Promise.all(
      listeners.map(
        (l) =>
          new Promise<void>((resolve, reject) => {
            const server = this.#createServer(l);
            this.#servers.push(server);
            server.once('error', reject);
            listenOnFd(server, l.fd, this.#options.config.settings.backlog, () => {
              server.off('error', reject);
              resolve();
            });
          }),
      ),
    );
    this.#startChecks();
    this.#startGate(balance);
  }

  /**
   * workerConnections: stop accepting at the cap, so that further connections wait in the backlog
   * (accept-gate.ts); balanceConnections: also while holding more than another worker (balance.ts).
   */
  #startGate(balance: BalanceSlot | undefined): void {
    const cap = this.#options.config.settings.workerConnections;
    if (cap === 0 && balance === undefined) return;
    const log = this.#options.logger;
    let times = 0;
    let loggedAt = -Infinity;
    this.#gate = new AcceptGate(
      cap,
      (open) => {
        times++;
        const now = Date.now();
        if (now - loggedAt < CAPPED_LOG_EVERY_MS) return;
        log.warn({ event: 'worker.connections-capped', connections: open, times }, `${open} connections open (workerConnections): stopped accepting until one closes`);
        loggedAt = now;
        times = 0;
      },
      balance === undefined ? null : new FairShare(balance),
    );
    for (const server of this.#servers) {
      if (!this.#gate.add(server)) log.warn({ event: 'worker.connections-uncapped', address: server.address() }, 'this listener cannot stop accepting: workerConnections does not hold on it');
    }
  }

  /** Answers `status` in place of a response not yet sent (answer-in-place.ts). */
  #reject(res: ServerResponse, status: number, text: string): void {
    answerInPlace(res, status, text, this.#options.logger);
  }

  /** A request the conformance check refused: the app never sees it, and the connection closes after the answer. */
  #refuse(req: IncomingMessage, res: ServerResponse, refusal: Refusal): void {
    this.#options.logger.debug({ event: 'request.client-error', code: refusal.code, reason: refusal.reason, status: refusal.status }, refusal.message);
    if (!overHttp2(req)) this.#clientErrors.refused(req.socket);
    this.#reject(res, refusal.status, refusal.text);
  }

  /**
   * A chunked request's trailers, once its body was read: llhttp hands them over after the app got
   * the request, so the app cannot be spared; it is spared the fields RFC 9110 6.5.1 keeps out of
   * trailers (this listener runs before any of the app's), and the connection closes after the
   * response, since a client sending them may be framing requests another way than tsgun does.
   */
  #checkTrailers(req: IncomingMessage, res: ServerResponse): void {
    const kept = allowedTrailers(req.rawTrailers);
    if (kept === null) return;
    const trailers: Record<string, string> = {};
    for (let i = 0; i < kept.length; i += 2) {
      const name = kept[i]!.toLowerCase();
      trailers[name] = trailers[name] === undefined ? kept[i + 1]! : `${trailers[name]}, ${kept[i + 1]!}`;
    }
    req.rawTrailers = kept;
    req.trailers = trailers;
    this.#options.logger.debug(
      { event: 'request.client-error', code: 'NONCONFORMING_REQUEST', reason: 'forbidden-trailer', status: null },
      'a trailer field RFC 9110 6.5.1 forbids: dropped, and the connection closes after the response',
    );
    const socket = req.socket;
    this.#clientErrors.refused(socket);
    res.shouldKeepAlive = false;
    const close = (): void => {
      if (socket.writable) socket.destroySoon();
    };
    if (res.writableFinished) close();
    else res.once('finish', close);
  }

  /** `continues`: the client waits for `100 Continue` before its body, written once the request goes to the app. */
  #handle(req: IncomingMessage, res: ServerResponse, continues = false): void {
    const { settings } = this.#options.config;
    // The hot path: no per-request closures unless a hook, a limit or the access log asks for one.
    if (++this.#requests === this.#options.requestLimit) this.#options.onLimit?.();
    this.#options.requestStats?.track(res);
    // An HTTP/2 session is closed by GOAWAY (drain), not by a field of one response.
    if ((this.#draining || settings.keepAlive === 0) && !overHttp2(req)) res.setHeader('connection', 'close');
    const onFinished = this.#options.onFinished;
    if (onFinished !== undefined) {
      const start = process.hrtime.bigint();
      const startedAt = Date.now();
      const counter = countBodyBytes(res);
      if (overHttp2(req)) rememberPeer(req);
      // At close, not finish: a request whose client went away before its response ended is logged too.
      res.once('close', () => onFinished(req, res, start, startedAt, counter.bytes));
    }
    if (settings.postRequest !== undefined) res.once('finish', () => runSyncHook('postRequest', settings.postRequest, [req, res, this.#options.worker], this.#options.logger));

    const verdict = overHttp2(req) ? checkHttp2Request(req, this.#limits) : checkRequest(req, this.#limits);
    if (verdict !== null) {
      if (verdict !== CHUNKED) return this.#refuse(req, res, verdict);
      req.once('end', () => this.#checkTrailers(req, res));
    }
    const schemeHeaders = this.#schemeHeaders;
    if (schemeHeaders !== null) {
      // Scanned first, so that a request without these headers never asks who its peer is.
      const scheme = forwardedScheme(req.rawHeaders, schemeHeaders);
      const transport = scheme === null ? null : transportOf(req);
      if (scheme !== null && transport !== null && this.#forwardedTrust(this.#directPeers.has(transport) ? this.#directPeers.get(transport) : transport.remoteAddress)) {
        if (scheme === 'conflict') {
          this.#options.logger.debug(
            { event: 'request.client-error', code: 'INVALID_SCHEME_HEADERS', reason: 'contradictory-scheme-headers', status: 400 },
            'the secure scheme headers of a trusted proxy contradict each other',
          );
          this.#reject(res, 400, 'Bad Request: contradictory secure scheme headers');
          return;
        }
        (req as IncomingMessage & { [FORWARDED_SCHEME]?: 'https' | 'http' })[FORWARDED_SCHEME] = scheme;
      }
    }
    if (settings.limitRequestBody > 0 && this.#bodyRefused(req, res, settings.limitRequestBody)) return;
    if (settings.preRequest !== undefined) runSyncHook('preRequest', settings.preRequest, [req, this.#options.worker], this.#options.logger);
    const requestTimeout = this.#options.config.ms.requestTimeout;
    if (requestTimeout !== null) this.#limitTime(req, res, requestTimeout);
    // Not before: a request refused above (413 for its declared length, a 400) gets no 100 first,
    // and its client does not send the body (nginx's client_max_body_size does the same).
    if (continues) res.writeContinue();
    try {
      const result = this.#options.listener(req, res);
      if (result !== undefined && typeof (result as Promise<void>).then === 'function') (result as Promise<void>).then(undefined, (error: unknown) => this.#fail(req, res, error));
    } catch (error) {
      this.#fail(req, res, error);
    }
  }

  /**
   * limitRequestBody: a declared body over the limit gets 413 before the app runs; one of unknown
   * length that grows past it gets 413 if the app has not begun its response, else it is cut, and
   * the connection (HTTP/2: the stream) is closed (body-limit.ts).
   */
  #bodyRefused(req: IncomingMessage, res: ServerResponse, limit: number): boolean {
    const log = this.#options.logger;
    const message = `the request body is larger than limitRequestBody (${limit} bytes)`;
    // Whatever the parser finds wrong in the rest of the connection is no new refusal.
    const refused = (): void => {
      if (req.httpVersionMajor !== 2) this.#clientErrors.refused(req.socket);
    };
    if (declaresTooLarge(req, limit)) {
      log.debug({ event: 'request.client-error', code: 'REQUEST_LIMIT', reason: 'body-too-large', status: 413 }, message);
      refused();
      this.#reject(res, 413, 'Content Too Large');
      return true;
    }
    capBody(req, limit, () => {
      refused();
      const status = answerTooLarge(req, res, CLIENT_ERROR_LINGER_MS);
      log.debug({ event: 'request.client-error', code: 'REQUEST_LIMIT', reason: 'body-too-large', status }, message);
    });
    return false;
  }

  /** The app threw or rejected: a 500 if nothing was sent yet, else the connection is cut. */
  #fail(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    if (error instanceof BadRequestTarget) {
      // The Fetch bridge refused the Host or the target before calling the app: the client's fault.
      this.#options.logger.debug({ event: 'request.client-error', code: error.code, reason: error.code === 'INVALID_HOST' ? 'invalid-host' : 'invalid-target', status: 400 }, error.message);
      if (!res.headersSent) this.#reject(res, 400, 'Bad Request');
      return;
    }
    this.#options.logger.error({ event: 'request.failed', err: error, method: req.method, url: req.url }, 'the app failed while handling a request');
    if (!res.headersSent) this.#reject(res, 500, 'Internal Server Error');
    else req.socket.destroy();
  }

  /**
   * requestTimeout: the handler is told through an AbortSignal (`req.signal`; the Fetch bridge
   * passes it on as `request.signal`), the client gets a 503, or a cut connection if the response
   * had already started.
   */
  #limitTime(req: IncomingMessage, res: ServerResponse, ms: number): void {
    const controller = new AbortController();
    Object.defineProperty(req, 'signal', { value: controller.signal, configurable: true });
    const timer = setTimeout(() => {
      if (res.writableFinished) return;
      this.#options.logger.warn({ event: 'request.timed-out', method: req.method, url: req.url, timeoutMs: ms, headersSent: res.headersSent }, `request exceeded requestTimeout (${ms} ms)`);
      controller.abort(new Error(`requestTimeout: no complete response within ${ms} ms`));
      if (!res.headersSent) this.#reject(res, 503, 'Service Unavailable: the request took too long');
      else res.destroy();
    }, ms);
    res.once('close', () => clearTimeout(timer));
  }

  /** Graceful: stop accepting, let in-flight requests finish, close idle connections after a grace (drain.ts). */
  async drain(timeoutMs: number): Promise<{ cut: number }> {
    this.#draining = true;
    const cut = await drainConnections({
      connections: () => this.#allConnections(),
      // http.Server#close() (Node >= 19) also destroys idle keep-alive connections at once, racing
      // their clients' next request; net.Server#close only stops accepting.
      stopAccepting: () => {
        this.#gate?.close();
        for (const server of this.#servers) net.Server.prototype.close.call(server);
      },
      sessions: this.#sessions,
      graceMs: Math.min(this.#options.config.ms.keepAlive, MAX_IDLE_GRACE_MS),
      timeoutMs,
    });
    this.destroy();
    return { cut };
  }

  /** Forceful: close the listeners and every connection now. Idempotent. */
  destroy(): void {
    this.#draining = true;
    for (const stop of this.#periodic.splice(0)) stop();
    this.#gate?.close();
    for (const server of this.#servers) {
      if (server.listening) net.Server.prototype.close.call(server);
    }
    for (const socket of this.#allConnections()) socket.destroy();
    this.#sessions.destroy();
    this.#pending.clear();
  }
}

/**
 * Whether a request came on an HTTP/2 stream (Node's compatibility API). Its httpVersionMajor is 2,
 * but so is that of an HTTP/1 request line claiming HTTP/2.0, which must get HTTP/1's 505, and
 * whose CONNECT comes with a socket, not a response (taking one for the other crashed the worker).
 */
function overHttp2(req: IncomingMessage): boolean {
  return req.httpVersionMajor === 2 && (req as IncomingMessage & { stream?: unknown }).stream !== undefined;
}
