// The master's own small HTTP listener on `metricsBind`: /metrics (Prometheus), /livez and /readyz.
// The master never runs request code, so this is kept minimal and bounded: GET and HEAD only, no
// request body read, small answers built from what the master already knows, few connections,
// short timeouts. Nothing here waits on a worker or on the master's event queue.

import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { BindAddress } from '../config/bind.ts';
import { TsgunError } from '../errors/tsgun-error.ts';
import type { Logger } from '../log/logger.ts';
import { checkWhileConnected, takeConnectionsCheck } from '../sys/connections-check.ts';
import { PeriodicClock } from '../sys/periodic-clock.ts';

/** What the listener answers from; until `serve` gives it one, every path answers 503 (starting). */
export interface MetricsRoutes {
  render(): Promise<string>;
  readonly contentType: string;
  livez(): { readonly ok: boolean; readonly text: string };
  readyz(): { readonly ok: boolean; readonly text: string };
}

/** A scraper or a probe that opens more connections than this at once gets the rest closed. */
const MAX_CONNECTIONS = 16;
/** A request head must arrive within this, and a connection idle this long is closed. */
const TIMEOUT_MS = 5_000;
const RETRY_MS = 100;

export class MetricsServer {
  readonly #server: Server;
  readonly #logger: Logger;
  #routes: MetricsRoutes | null = null;
  readonly address: string;

  constructor(server: Server, logger: Logger, address: string) {
    this.#server = server;
    this.#logger = logger;
    this.address = address;
  }

  /**
   * Listens on `bind` (TCP). Throws TSG_BIND naming the setting and the reason. With `attempts`, an
   * address in use is tried again every 100 ms (an upgrade's new master, while the old one lets go).
   */
  static async open(bind: Extract<BindAddress, { kind: 'tcp' }>, logger: Logger, attempts = 1): Promise<MetricsServer> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await MetricsServer.#open(bind, logger);
      } catch (error) {
        const cause = (error as { cause?: NodeJS.ErrnoException }).cause;
        if (attempt >= attempts || cause?.code !== 'EADDRINUSE') throw error;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  static async #open(bind: Extract<BindAddress, { kind: 'tcp' }>, logger: Logger): Promise<MetricsServer> {
    // Taken with getBuiltinModule, as the workers do: an ES import of node:http loads undici.
    const http = process.getBuiltinModule('node:http');
    let self: MetricsServer | null = null;
    const options = {
      requestTimeout: TIMEOUT_MS,
      headersTimeout: TIMEOUT_MS,
      // Node checks the two timeouts every connectionsCheckingInterval (30 s unless told): a client
      // that sends nothing would hold one of the few connections for up to 35 s instead of 5.
      connectionsCheckingInterval: 1_000,
      keepAliveTimeout: TIMEOUT_MS,
      maxHeaderSize: 8192,
    };
    const server = http.createServer(options, (req: IncomingMessage, res: ServerResponse) => self!.#answer(req, res));
    server.maxConnections = MAX_CONNECTIONS;
    server.maxRequestsPerSocket = 100;
    server.on('clientError', (_error: Error, socket: Socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => {
        const why = error.code === 'EADDRINUSE' ? 'the address is already in use by another process' : error.message;
        reject(new TsgunError('TSG_BIND', `cannot bind metricsBind ${bind.text}: ${why} (${error.code ?? 'UNKNOWN'})`, { cause: error }));
      });
      server.listen({ host: bind.host, port: bind.port }, resolve);
    });
    const where = server.address();
    const address = where !== null && typeof where === 'object' ? (where.family === 'IPv6' ? `[${where.address}]:${where.port}` : `${where.address}:${where.port}`) : bind.text;
    self = new MetricsServer(server, logger, address);
    // Node's check of those timeouts runs only while a client is connected (sys/connections-check.ts):
    // its own interval woke an idle master every second for a listener scraped every 15 s or so.
    const check = takeConnectionsCheck(server);
    if (check !== null) server.once('close', checkWhileConnected([check], [server], new PeriodicClock()));
    server.on('error', (error) => logger.error({ event: 'metrics.failed', err: error }, `the metrics listener failed: ${error.message}`));
    logger.info({ event: 'metrics.listening', address }, `metrics and health on http://${address}/metrics, /livez, /readyz`);
    return self;
  }

  serve(routes: MetricsRoutes): void {
    this.#routes = routes;
  }

  /** Stops listening and closes its connections (nothing it serves is worth waiting for). Idempotent. */
  close(): void {
    if (!this.#server.listening) return;
    this.#server.close();
    this.#server.closeAllConnections();
  }

  #answer(req: IncomingMessage, res: ServerResponse): void {
    // A body is never read: a request that sends one is answered and its connection closed.
    req.resume();
    const head = req.method === 'HEAD';
    const send = (status: number, type: string, body: string): void => {
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
      res.end(head ? undefined : body);
    };
    const text = 'text/plain; charset=utf-8';
    if (req.method !== 'GET' && !head) {
      res.setHeader('allow', 'GET, HEAD');
      return send(405, text, 'Method Not Allowed\n');
    }
    const path = (req.url ?? '/').split('?')[0];
    const routes = this.#routes;
    if (path !== '/metrics' && path !== '/livez' && path !== '/readyz') return send(404, text, 'Not Found: /metrics, /livez, /readyz\n');
    if (routes === null) return send(503, text, 'starting\n');
    if (path !== '/metrics') {
      const health = path === '/livez' ? routes.livez() : routes.readyz();
      return send(health.ok ? 200 : 503, text, `${health.text}\n`);
    }
    routes.render().then(
      (body) => send(200, routes.contentType, body),
      (error: unknown) => {
        this.#logger.error({ event: 'metrics.failed', err: error }, `could not collect the metrics: ${(error as Error).message}`);
        if (!res.headersSent) send(500, text, 'Internal Server Error\n');
      },
    );
  }
}
