// GENERATED from schema/tsgun.schema.json by scripts/generate.ts. Do not edit; run `npm run generate`.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MasterHookContext, ReloadHookContext, WorkerExitInfo, WorkerInfo } from './hook-types.ts';

/**
 * A duration with units, for the settings that take seconds: `'500ms'`, `'30s'`, `'2m'`, `'1h'`,
 * `'1m30s'`. Units largest first, each at most once; a plain number is seconds.
 */
export type DurationString =
  | `${number}ms`
  | `${number}s`
  | `${number}m`
  | `${number}h`
  | `${number}h${number}m`
  | `${number}m${number}s`
  | `${number}h${number}m${number}s`
  | `${number}s${number}ms`;

export interface TlsSettings {
  /**
   * Path to the PEM certificate chain.
   */
  readonly cert?: string;
  /**
   * Path to the PEM private key.
   */
  readonly key?: string;
  /**
   * Path to PEM CA certificates used to verify client certificates.
   */
  readonly ca?: string;
  /**
   * Client certificate policy: `none` (default), `request` (ask, accept without), `require` (reject
   * connections without a valid one; needs `ca`).
   */
  readonly clientCert?: "none" | "request" | "require";
  /**
   * OpenSSL cipher list; Node's default when absent.
   */
  readonly ciphers?: string;
  /**
   * The lowest TLS version accepted; `TLSv1.2` when absent.
   */
  readonly minVersion?: "TLSv1.2" | "TLSv1.3";
  /**
   * More certificates, chosen by the server name the client asks for (SNI): a map from a name
   * (`api.example.com`, or `*.example.com` for any one label under it) to its `{ cert, key }`. An exact
   * name wins over a wildcard; a client that names none of them, or no name at all, gets `tls.cert`.
   * Names are compared case-insensitively. Relative paths are relative to the config file, and the files
   * are re-read on reload like `tls.cert`.
   */
  readonly sni?: Readonly<Record<string, { readonly cert: string; readonly key: string }>>;
}

/** A tsgun config as the user writes it: every setting optional. */
export interface UserConfig {
  /** Path or URL of the JSON Schema, for editors. Ignored by tsgun. */
  readonly $schema?: string;
  /**
   * The module that exports the app, relative to the config file (or to the working directory when given
   * on the command line), optionally followed by `#export`: `./app.ts`, `./dist/server.js#handler`, or a
   * package name. Without `#export` tsgun uses the default export, else an export named `app`, `handler`
   * or `fetch`.
   * Required.
   */
  readonly app?: string;
  /**
   * The addresses to listen on. Each is `HOST:PORT`, `[IPV6]:PORT`, `unix:PATH` (optionally
   * `unix:PATH|MODE` with an octal file mode such as `|660`) or `fd://N` (an inherited file descriptor).
   * Port 0 asks the kernel for a free port; the `listening` log event reports the real one. Under
   * systemd socket activation (`LISTEN_FDS` / `LISTEN_PID` naming the master) the passed sockets are
   * used instead, as Gunicorn does.
   * @default ["127.0.0.1:8000"]
   */
  readonly bind?: readonly string[];
  /**
   * The listen backlog of every listener: how many connections the kernel queues until a worker accepts
   * them (capped by `net.core.somaxconn`). Each worker's `listen()` sets it, on sockets passed by
   * systemd (replacing the unit's `Backlog=`) or as `fd://N` too; `ss -ltn` / `ss -lx` show it as
   * Send-Q. Connections made while no worker is accepting (a respawn, a reload) wait here.
   * @default 2048
   */
  readonly backlog?: number;
  /**
   * The number of worker processes. `auto` is the number of CPUs available to the process
   * (`os.availableParallelism()`). Changed at run time by SIGTTIN / SIGTTOU.
   * @default "auto"
   */
  readonly workers?: number | 'auto';
  /**
   * The most connections one worker keeps open at once (HTTP/1.1 keep-alive connections, idle or busy,
   * and TLS connections in their handshake). A worker at the cap stops accepting until one of its
   * connections closes: further connections wait in the listener's kernel backlog (see `backlog`), where
   * another worker may take them, and are never reset. 0 (the default) sets no cap. Set it below the
   * workers' open-file limit (`ulimit -n`): past that limit the runtime accepts and at once closes
   * connections it has no descriptor for. A connection that sends nothing holds its slot until
   * `headersTimeout` (a first request) or `keepAlive` (between requests) closes it. Gunicorn's
   * worker_connections.
   * @default 0
   */
  readonly workerConnections?: number;
  /**
   * Spread long-lived connections evenly over the workers: a worker that holds more connections than
   * another live worker stops accepting until that one has caught up (exactly while it holds fewer than
   * 4, then with a slack of a quarter of its count), so that a few keep-alive connections (a proxy's
   * upstream pool: nginx `keepalive 32`) are not all taken by one worker while the others idle
   * (docs/deploy.md). It does not move connections already accepted. Connections never leave the
   * listener's shared queue, so none is refused when a worker dies or during a reload; a connection may
   * wait in the queue for the least loaded worker's next turn of its event loop, and for at most 1
   * second for a worker whose event loop is blocked. Off by default: each accept and close then costs a
   * few microseconds of CPU (a table the workers share, read and written), which would show with one
   * connection per request, where it is not needed. nginx's accept mutex in spirit; Gunicorn has none.
   * @default false
   */
  readonly balanceConnections?: boolean;
  /**
   * How long a worker's event loop may stay silent (no heartbeat) before the master kills and replaces
   * it. 0 disables the check. This guards against a blocked loop, not a slow request: see
   * `gracefulTimeout` and `keepAlive`. A number of seconds, or a duration string: `500ms`, `30s`, `2m`,
   * `1h`, `1m30s`.
   * @default 30
   */
  readonly timeout?: number | DurationString;
  /**
   * How long a new worker has to load the app, run its hooks and start listening before it is killed and
   * counted as a boot failure. Covers an app whose import hangs, which the heartbeat cannot see. A
   * number of seconds, or a duration string: `500ms`, `30s`, `2m`, `1h`, `1m30s`.
   * @default 60
   */
  readonly bootTimeout?: number | DurationString;
  /**
   * How many boots in a row a worker of the first generation may fail (a boot failure, a crash or
   * `bootTimeout` before it reports ready) before the master gives up and exits with code 8, naming the
   * worker's reason. The default, 1, is Gunicorn's behaviour: a server whose app cannot start halts at
   * once rather than leave clients waiting in the listen backlog, and the supervisor (systemd's
   * `Restart=`) decides what follows. `0` never gives up (the worker is respawned with a growing
   * backoff). Once the server was ready, a worker that fails to boot is respawned with a backoff, and a
   * reload that fails is rolled back. Ignored under `reload` (development), which waits for the next
   * file change.
   * @default 1
   */
  readonly bootAttempts?: number;
  /**
   * How long a stopping or retiring worker has to finish its in-flight requests. After it, what is left
   * is cut and the worker is killed. A number of seconds, or a duration string: `500ms`, `30s`, `2m`,
   * `1h`, `1m30s`.
   * @default 30
   */
  readonly gracefulTimeout?: number | DurationString;
  /**
   * How long a request may go without a complete response. At the limit tsgun answers 503 (or, if the
   * response has started, closes the connection), aborts the request's `AbortSignal` (`request.signal`
   * for Fetch apps, `req.signal` for Node listeners) so the handler can stop its work, and logs
   * `request.timed-out`. `null` (the default) sets no limit. Unlike `timeout`, which kills a worker
   * whose whole event loop is stuck, this cuts one slow request and the worker goes on serving. A number
   * of seconds, or a duration string: `500ms`, `30s`, `2m`, `1h`, `1m30s`.
   * @default null
   */
  readonly requestTimeout?: number | DurationString | null;
  /**
   * How many workers a reload boots at a time. `0` boots the whole new generation at once next to the
   * old one (fastest; memory briefly doubles). `N` boots N new workers, retires N old ones once those
   * are ready, and goes on: memory stays within `workers + N` processes. The first batch is the canary:
   * if it fails, nothing of the old generation was touched.
   * @default 0
   */
  readonly reloadBatch?: number;
  /**
   * How long a hook (onStarting, preFork, postFork, …) may take before it is abandoned and logged as
   * failed. A master-side hook that fails or times out never stops the server; a worker boot hook that
   * does fails that worker's boot. The per-request hooks (preRequest, postRequest) are synchronous and
   * have no timer. A number of seconds, or a duration string: `500ms`, `30s`, `2m`, `1h`, `1m30s`.
   * @default 30
   */
  readonly hookTimeout?: number | DurationString;
  /**
   * How long an idle keep-alive connection is kept open waiting for its next request: from the end of a
   * response until the next request's head is whole, the connection closes once nothing arrived for this
   * long (each read restarts the wait, so a next head that stalls this long is closed without the 408 of
   * headersTimeout). Clients are told `Keep-Alive: timeout=N`; Node closes the connection its
   * keepAliveTimeoutBuffer (1 s on Node 24) after that, so that a client trusting the hint never sends
   * onto a closing connection. 0 disables keep-alive. Behind a load balancer, set it above the
   * balancer's own idle timeout. A number of seconds, or a duration string: `500ms`, `30s`, `2m`, `1h`,
   * `1m30s`.
   * @default 5
   */
  readonly keepAlive?: number | DurationString;
  /**
   * How long a client has to send a complete request head (request line and header fields), counted from
   * the first byte of the request. A connection that takes longer gets 408 and is closed: this is what
   * stops slowloris clients. On a `tls` listener the TLS handshake has the same time (Node's own limit
   * is 120 s), and one that does not finish in it is closed. nginx's client_header_timeout. A number of
   * seconds, or a duration string: `500ms`, `30s`, `2m`, `1h`, `1m30s`.
   * @default 60
   */
  readonly headersTimeout?: number | DurationString;
  /**
   * How long a client sending a request body may go without sending a byte while the app waits for it.
   * Past it the request gets 408 (or the connection is closed if the response has begun). Time the app
   * itself takes to read is not counted. 0 disables the check. nginx's client_body_timeout. A number of
   * seconds, or a duration string: `500ms`, `30s`, `2m`, `1h`, `1m30s`.
   * @default 60
   */
  readonly bodyTimeout?: number | DurationString;
  /**
   * How long a client may go without reading any of a response that is waiting to be sent. Past it the
   * connection is closed, so a client that never reads cannot hold a worker's memory. 0 disables the
   * check. nginx's send_timeout. A number of seconds, or a duration string: `500ms`, `30s`, `2m`, `1h`,
   * `1m30s`.
   * @default 60
   */
  readonly sendTimeout?: number | DurationString;
  /**
   * Requests a worker serves before it is replaced (new worker ready first, then the old one drained). 0
   * disables recycling. A simple guard against slow leaks.
   * @default 0
   */
  readonly maxRequests?: number;
  /**
   * A random number between 0 and this is added to `maxRequests` per worker, so that workers do not all
   * recycle at once. Requires `maxRequests`.
   * @default 0
   */
  readonly maxRequestsJitter?: number;
  /**
   * A worker whose resident set size (RSS) exceeds this is replaced like `maxRequests` does. Bytes as a
   * number, or a string with a unit: `512MiB`, `1.5GB`, `800M`. `null` disables it.
   * @default null
   */
  readonly maxMemory?: number | string | null;
  /**
   * What a worker does with a promise rejection nobody handled: `log` logs it (event
   * `worker.unhandled-rejection`, with the stack) and keeps serving; `recycle` also asks the master for
   * a replacement, which takes over (new worker ready first) before this one drains. An uncaught
   * exception always logs and ends the worker, as the process state can no longer be trusted.
   * @default "log"
   */
  readonly unhandledRejection?: "log" | "recycle";
  /**
   * Maximum size in bytes of the HTTP request line (method, target and version with the spaces between
   * them, without its CRLF). Larger requests get 414. 0 means no limit beyond the server's total header
   * limit.
   * @default 4094
   */
  readonly limitRequestLine?: number;
  /**
   * Maximum number of header fields in a request. More get 431. 0 means no limit.
   * @default 100
   */
  readonly limitRequestFields?: number;
  /**
   * Maximum size in bytes of one request header field line: `name: value` and its CRLF, counted as
   * Gunicorn counts it (the whitespace around the value counted as the one space after the colon).
   * Larger get 431. 0 means no limit beyond the server's total header limit.
   * @default 8190
   */
  readonly limitRequestFieldSize?: number;
  /**
   * Maximum total size in bytes of a request's header fields, each counted as its whole line (`name:
   * value` and CRLF). Larger get 431. It bounds the memory one connection can hold while its head
   * arrives, whatever the per-field limits allow (nginx's default large_client_header_buffers: 4 × 8k).
   * @default 32768
   */
  readonly limitRequestHeadersSize?: number;
  /**
   * Maximum size in bytes of a request body. A request that declares a larger `Content-Length` gets 413
   * before the app runs; a chunked body that grows past it stops being read, gets 413 if the app has not
   * begun its response (else the connection is cut) and its connection is closed. 0 (the default) sets
   * no limit. nginx's client_max_body_size.
   * @default 0
   */
  readonly limitRequestBody?: number;
  /**
   * Peers (IP addresses, CIDR ranges such as `10.0.0.0/8`, or `*` for any) trusted to say, with one of
   * the `secureSchemeHeaders`, that the original request was HTTPS. Any other peer's scheme headers are
   * ignored (they still reach the app). A peer on a unix socket is always trusted, as in Gunicorn; with
   * `proxyProtocol`, the peer checked is the balancer itself, not the client its PROXY header names.
   * tsgun does not take the client address from `X-Forwarded-For`: log it with `%({x-forwarded-for}i)s`,
   * or use `proxyProtocol`.
   * @default ["127.0.0.1","::1"]
   */
  readonly forwardedAllowIps?: readonly string[];
  /**
   * Headers, and the values they must have, by which a trusted proxy (see `forwardedAllowIps`) says the
   * original request was HTTPS. Names and values are compared case-insensitively; a configured header
   * with any other value says HTTP. A Fetch app (Hono and the like) then gets an `https://`
   * `request.url` (the host stays the `Host` header's). Other apps (Node listeners, Express, Koa,
   * Fastify) get the headers untouched and decide with their own trust-proxy setting. A trusted request
   * whose scheme headers contradict each other gets 400, as in Gunicorn. `{}` turns the check off.
   * @default {"X-FORWARDED-PROTOCOL":"ssl","X-FORWARDED-PROTO":"https","X-FORWARDED-SSL":"on"}
   */
  readonly secureSchemeHeaders?: Record<string, string>;
  /**
   * Expect a PROXY protocol header (v1 text or v2 binary: HAProxy `send-proxy` / `send-proxy-v2`, an AWS
   * NLB, nginx `stream` with `proxy_protocol on`) at the start of every connection from a peer in
   * `proxyAllowIps`, and report the client address and port it carries as the connection's
   * (`req.socket.remoteAddress`, the access log's `%(h)s`). Such a connection without a valid header
   * within 5 seconds is closed (log event `proxy.invalid-header`); a `LOCAL` or `UNKNOWN` header keeps
   * the real peer. Other peers are served plain HTTP; one that sends a PROXY header gets 403
   * (`proxy.forbidden-header`). With `tls` the header comes before the handshake. On a unix socket every
   * peer counts as allowed.
   * @default false
   */
  readonly proxyProtocol?: boolean;
  /**
   * Peers (IP addresses, CIDR ranges such as `10.0.0.0/8`, or `*` for any) that must start each
   * connection with a PROXY protocol header when `proxyProtocol` is on. Other peers are served plain
   * HTTP and may not send one. Peers on a unix socket always count as allowed.
   * @default ["127.0.0.1","::1"]
   */
  readonly proxyAllowIps?: readonly string[];
  /**
   * Serve HTTPS on every TCP listener. `null` serves plain HTTP (the usual choice behind a
   * TLS-terminating proxy). Certificates are re-read on reload, so a renewed certificate needs only
   * `kill -HUP`.
   * @default null
   */
  readonly tls?: TlsSettings | null;
  /**
   * The HTTP versions served. `h1`: HTTP/1.1 (and 1.0). `h2`: HTTP/2 over TLS, chosen by ALPN on every
   * TLS listener (needs `tls`); a client that offers both gets HTTP/2, one that offers only `http/1.1`
   * (or nothing) gets HTTP/1.1 if `h1` is listed. `h2c`: cleartext HTTP/2 with prior knowledge on every
   * plain listener (unix sockets, and TCP without `tls`), for a proxy that speaks HTTP/2 to its
   * upstreams; a connection is taken as HTTP/2 when it opens with the HTTP/2 preface and its peer is in
   * `forwardedAllowIps` (as in Gunicorn 26), any other is served HTTP/1.1. The order does not matter:
   * HTTP/2 is preferred when both are possible. Apps need no change: HTTP/2 requests come through Node's
   * compatibility API as `(req, res)`.
   * @default ["h1"]
   */
  readonly httpProtocols?: readonly ("h1" | "h2" | "h2c")[];
  /**
   * The most streams (requests in flight) one HTTP/2 connection may have open at once
   * (SETTINGS_MAX_CONCURRENT_STREAMS). A client that opens more gets its extra streams refused.
   * @default 100
   */
  readonly http2MaxConcurrentStreams?: number;
  /**
   * The largest header block an HTTP/2 request may send, in bytes, decompressed: every field's name and
   * value plus 32 bytes each, pseudo-headers included (SETTINGS_MAX_HEADER_LIST_SIZE, RFC 9113 section
   * 6.5.2). A larger one is refused with a stream error before the app sees it. The `limitRequest*`
   * limits apply to HTTP/2 requests as well.
   * @default 65536
   */
  readonly http2MaxHeaderListSize?: number;
  /**
   * The flow-control window of each HTTP/2 stream, in bytes: how much request body a client may send
   * before the app reads it (SETTINGS_INITIAL_WINDOW_SIZE). Larger windows speed up big uploads over
   * long round trips, at the cost of memory per stream.
   * @default 65535
   */
  readonly http2InitialWindowSize?: number;
  /**
   * Where to write the access log: a file path, `-` for stdout, or `null` for no access log.
   * @default null
   */
  readonly accessLog?: string | null;
  /**
   * The access log line: a Gunicorn-style format string (`%(h)s` remote address, `%(r)s` request line,
   * `%(s)s` status, `%(b)s` response length, `%(D)s` duration in microseconds, `%({name}i)s` a request
   * header, `%({name}o)s` a response header, …), or `json` for one JSON object per request. Cookies and
   * authorization headers are never logged unless the format names them.
   * @default "%(h)s %(l)s %(u)s %(t)s \"%(r)s\" %(s)s %(b)s \"%(f)s\" \"%(a)s\""
   */
  readonly accessLogFormat?: string;
  /**
   * Where tsgun's own log (lifecycle events, errors) goes: a file path or `-` for stdout. SIGUSR1
   * reopens it after rotation.
   * @default "-"
   */
  readonly errorLog?: string;
  /**
   * The lowest level written to the error log.
   * @default "info"
   */
  readonly logLevel?: "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
  /**
   * The log line format: `json` (one pino JSON object per line), `pretty` (pino-pretty, for people), or
   * `auto`: pretty when stdout is a terminal, JSON otherwise.
   * @default "auto"
   */
  readonly logFormat?: "auto" | "pretty" | "json";
  /**
   * Turn what user code prints (`console.log`, `console.error`, `process.stdout.write`: the app, worker
   * hooks, and in the master its hooks and a reloaded config) into `output.printed` log events, one per
   * line, with the process's identity (worker slot, pid, generation): stdout lines at `info`, stderr
   * lines at `warn`, a line over 3 KiB cut into numbered parts. The log stream then stays one JSON
   * object per line. `auto` captures when the log lines are JSON (`logFormat: 'json'`, or `auto` off a
   * terminal); `false` leaves the output raw on the process's stdout and stderr. Writes that bypass
   * `process.stdout` (a child process with inherited stdio, a native addon) are never captured.
   * Gunicorn's capture_output.
   * @default "auto"
   */
  readonly captureOutput?: boolean | 'auto';
  /**
   * A file the master writes its PID to while it runs (removed on exit). `tsgun reload` can find the
   * master through it.
   * @default null
   */
  readonly pidfile?: string | null;
  /**
   * A unix socket on which the master accepts control commands: `tsgun status`, `reload`, `scale`,
   * `stop`, `reopen-logs`. Owned by the master's user, with `controlSocketMode` and
   * `controlSocketGroup`. `null` disables it.
   * @default null
   */
  readonly controlSocket?: string | null;
  /**
   * The mode of the control socket: an integer or an octal string (`"0660"`). Connecting needs write
   * permission, so `0660` lets the members of `controlSocketGroup` run `tsgun status`, `reload`, `scale`
   * and `stop`; the default `0600` only the master's user (and root). Set before the socket appears at
   * its path, whatever the `umask`.
   * @default "0600"
   */
  readonly controlSocketMode?: number | string;
  /**
   * The group (name or gid) the control socket belongs to, for a deploy group that steers the server
   * without root (with `controlSocketMode: '0660'`). It is not `group` on purpose: the workers' group
   * must not be able to stop or scale the master. `null` keeps the master's group. A master that is not
   * root can only choose a group it is a member of.
   * @default null
   */
  readonly controlSocketGroup?: string | number | null;
  /**
   * A TCP address (`HOST:PORT`, `[IPV6]:PORT`) on which the master serves Prometheus metrics
   * (`/metrics`) and health checks (`/livez`, `/readyz`) for load balancers and Kubernetes
   * (docs/metrics.md). Served by the master, never by a worker, so that it answers while workers are
   * busy or being replaced; the workers then count their requests and report them over IPC. Keep it on a
   * private interface (`127.0.0.1:9100`, or the pod's address): it tells whoever reaches it how busy the
   * server is. `null` (the default) turns it off: nothing is loaded or counted for it.
   * @default null
   */
  readonly metricsBind?: string | null;
  /**
   * Workers switch to this user (name or uid) after the master has bound the listeners, so a master
   * started as root can bind port 80 while the app runs unprivileged: supplementary groups, then the
   * group (see `group`), then the user. `null` keeps the current user.
   * @default null
   */
  readonly user?: string | number | null;
  /**
   * Workers switch to this group (name or gid), as `user` does. `null` with `user` set means the user's
   * primary group from the passwd database (Debian's `nobody` runs as `nobody:nogroup`); a numeric
   * `user` with no passwd entry then needs `group`. Supplementary groups are those of the user in the
   * group database.
   * @default null
   */
  readonly group?: string | number | null;
  /**
   * The file mode creation mask of the master and workers: an integer or an octal string (`"022"`,
   * `"0o027"`). `null` keeps the inherited one.
   * @default null
   */
  readonly umask?: number | string | null;
  /**
   * The directory the master and workers change to before loading the app; a relative path is relative
   * to the config file's directory (to the working directory without one). Relative `errorLog`,
   * `accessLog`, `pidfile` and `controlSocket` paths are then relative to it. `null` keeps the working
   * directory tsgun was started in.
   * @default null
   */
  readonly chdir?: string | null;
  /**
   * Environment variables set in every worker, on top of the master's environment.
   * @default {}
   */
  readonly env?: Record<string, string>;
  /**
   * The name shown in `ps` for the master (`tsgun: master [NAME]`) and workers (`tsgun: worker [NAME]`).
   * `null` uses the app name.
   * @default null
   */
  readonly procName?: string | null;
  /**
   * Reload (zero-downtime, as on SIGHUP) when the config file or a local file it imports changes.
   * @default false
   */
  readonly watch?: boolean;
  /**
   * Development mode: reload the workers when a file the app imports changes (its module graph, as the
   * workers load it) or one of `reloadExtraFiles`; the config file and its local modules reload as under
   * `watch`. tsgun's own files (pidfile, logs, sockets) never trigger a reload. Not for production.
   * @default false
   */
  readonly reload?: boolean;
  /**
   * More files or directories that trigger a reload under `reload`: what the app reads without importing
   * it (templates, `.env` files). Relative to the config file's directory. Globs are not expanded.
   * @default []
   */
  readonly reloadExtraFiles?: readonly string[];
  /**
   * Runs in the master once, after the config is resolved and before the listeners are bound.
   * Runs in the master process.
   */
  readonly onStarting?: (ctx: MasterHookContext) => void | Promise<void>;
  /**
   * Runs in the master when a reload starts, with the new config, before the new generation is booted. A
   * throw rolls the reload back.
   * Runs in the master process.
   */
  readonly onReload?: (ctx: ReloadHookContext) => void | Promise<void>;
  /**
   * Runs in the master once the first generation of workers is ready and serving.
   * Runs in the master process.
   */
  readonly whenReady?: (ctx: MasterHookContext) => void | Promise<void>;
  /**
   * Runs in the master just before a worker process is spawned, with the worker's slot id and generation
   * (its pid is 0: it does not exist yet). A throw or a timeout is logged (`hook.failed`) and the worker
   * is spawned anyway.
   * Runs in the master process.
   */
  readonly preFork?: (worker: WorkerInfo, ctx: MasterHookContext) => void | Promise<void>;
  /**
   * Runs in the worker as soon as it starts, before the app is imported. A throw is a boot failure.
   * Runs in the worker process.
   */
  readonly postFork?: (worker: WorkerInfo) => void | Promise<void>;
  /**
   * Runs in the worker after the app is loaded, before it starts accepting. A throw is a boot failure.
   * Runs in the worker process.
   */
  readonly postWorkerInit?: (worker: WorkerInfo) => void | Promise<void>;
  /**
   * Runs in the worker at a fast stop (SIGINT or SIGQUIT to the master), before it closes its
   * connections. It has about 2 s: the master SIGKILLs workers still running after that.
   * Runs in the worker process.
   */
  readonly workerInt?: (worker: WorkerInfo) => void | Promise<void>;
  /**
   * Runs in the worker when the master aborts it for a missed heartbeat (`timeout`), if the process can
   * still run code.
   * Runs in the worker process.
   */
  readonly workerAbort?: (worker: WorkerInfo) => void | Promise<void>;
  /**
   * Runs in the worker before each request is handed to the app. Keep it cheap: it is on the hot path.
   * Runs in the worker process.
   */
  readonly preRequest?: (req: IncomingMessage, worker: WorkerInfo) => void;
  /**
   * Runs in the worker after each response has been sent.
   * Runs in the worker process.
   */
  readonly postRequest?: (req: IncomingMessage, res: ServerResponse, worker: WorkerInfo) => void;
  /**
   * Runs in the master after a worker process has exited, with its exit code and signal.
   * Runs in the master process.
   */
  readonly childExit?: (worker: WorkerExitInfo) => void | Promise<void>;
  /**
   * Runs in the worker as it exits after a graceful stop, once its server is closed.
   * Runs in the worker process.
   */
  readonly workerExit?: (worker: WorkerInfo) => void | Promise<void>;
  /**
   * Runs in the master when the target number of workers changes (TTIN, TTOU, a reload).
   * Runs in the master process.
   */
  readonly nworkersChanged?: (next: number, previous: number, ctx: MasterHookContext) => void | Promise<void>;
  /**
   * Runs in the master just before it exits.
   * Runs in the master process.
   */
  readonly onExit?: (ctx: MasterHookContext) => void | Promise<void>;
}

/** Every setting after resolution: defaults filled in, `workers: 'auto'` turned into a number. */
export interface Settings {
  readonly app: string;
  readonly bind: readonly string[];
  readonly backlog: number;
  readonly workers: number;
  readonly workerConnections: number;
  readonly balanceConnections: boolean;
  readonly timeout: number;
  readonly bootTimeout: number;
  readonly bootAttempts: number;
  readonly gracefulTimeout: number;
  readonly requestTimeout: number | null;
  readonly reloadBatch: number;
  readonly hookTimeout: number;
  readonly keepAlive: number;
  readonly headersTimeout: number;
  readonly bodyTimeout: number;
  readonly sendTimeout: number;
  readonly maxRequests: number;
  readonly maxRequestsJitter: number;
  readonly maxMemory: number | string | null;
  readonly unhandledRejection: "log" | "recycle";
  readonly limitRequestLine: number;
  readonly limitRequestFields: number;
  readonly limitRequestFieldSize: number;
  readonly limitRequestHeadersSize: number;
  readonly limitRequestBody: number;
  readonly forwardedAllowIps: readonly string[];
  readonly secureSchemeHeaders: Record<string, string>;
  readonly proxyProtocol: boolean;
  readonly proxyAllowIps: readonly string[];
  readonly tls: TlsSettings | null;
  readonly httpProtocols: readonly ("h1" | "h2" | "h2c")[];
  readonly http2MaxConcurrentStreams: number;
  readonly http2MaxHeaderListSize: number;
  readonly http2InitialWindowSize: number;
  readonly accessLog: string | null;
  readonly accessLogFormat: string;
  readonly errorLog: string;
  readonly logLevel: "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
  readonly logFormat: "auto" | "pretty" | "json";
  readonly captureOutput: boolean | 'auto';
  readonly pidfile: string | null;
  readonly controlSocket: string | null;
  readonly controlSocketMode: number | string;
  readonly controlSocketGroup: string | number | null;
  readonly metricsBind: string | null;
  readonly user: string | number | null;
  readonly group: string | number | null;
  readonly umask: number | string | null;
  readonly chdir: string | null;
  readonly env: Record<string, string>;
  readonly procName: string | null;
  readonly watch: boolean;
  readonly reload: boolean;
  readonly reloadExtraFiles: readonly string[];
  readonly onStarting?: (ctx: MasterHookContext) => void | Promise<void>;
  readonly onReload?: (ctx: ReloadHookContext) => void | Promise<void>;
  readonly whenReady?: (ctx: MasterHookContext) => void | Promise<void>;
  readonly preFork?: (worker: WorkerInfo, ctx: MasterHookContext) => void | Promise<void>;
  readonly postFork?: (worker: WorkerInfo) => void | Promise<void>;
  readonly postWorkerInit?: (worker: WorkerInfo) => void | Promise<void>;
  readonly workerInt?: (worker: WorkerInfo) => void | Promise<void>;
  readonly workerAbort?: (worker: WorkerInfo) => void | Promise<void>;
  readonly preRequest?: (req: IncomingMessage, worker: WorkerInfo) => void;
  readonly postRequest?: (req: IncomingMessage, res: ServerResponse, worker: WorkerInfo) => void;
  readonly childExit?: (worker: WorkerExitInfo) => void | Promise<void>;
  readonly workerExit?: (worker: WorkerInfo) => void | Promise<void>;
  readonly nworkersChanged?: (next: number, previous: number, ctx: MasterHookContext) => void | Promise<void>;
  readonly onExit?: (ctx: MasterHookContext) => void | Promise<void>;
}

export const settingNames = [
  'app',
  'bind',
  'backlog',
  'workers',
  'workerConnections',
  'balanceConnections',
  'timeout',
  'bootTimeout',
  'bootAttempts',
  'gracefulTimeout',
  'requestTimeout',
  'reloadBatch',
  'hookTimeout',
  'keepAlive',
  'headersTimeout',
  'bodyTimeout',
  'sendTimeout',
  'maxRequests',
  'maxRequestsJitter',
  'maxMemory',
  'unhandledRejection',
  'limitRequestLine',
  'limitRequestFields',
  'limitRequestFieldSize',
  'limitRequestHeadersSize',
  'limitRequestBody',
  'forwardedAllowIps',
  'secureSchemeHeaders',
  'proxyProtocol',
  'proxyAllowIps',
  'tls',
  'httpProtocols',
  'http2MaxConcurrentStreams',
  'http2MaxHeaderListSize',
  'http2InitialWindowSize',
  'accessLog',
  'accessLogFormat',
  'errorLog',
  'logLevel',
  'logFormat',
  'captureOutput',
  'pidfile',
  'controlSocket',
  'controlSocketMode',
  'controlSocketGroup',
  'metricsBind',
  'user',
  'group',
  'umask',
  'chdir',
  'env',
  'procName',
  'watch',
  'reload',
  'reloadExtraFiles',
  'onStarting',
  'onReload',
  'whenReady',
  'preFork',
  'postFork',
  'postWorkerInit',
  'workerInt',
  'workerAbort',
  'preRequest',
  'postRequest',
  'childExit',
  'workerExit',
  'nworkersChanged',
  'onExit',
] as const;

export type SettingName = (typeof settingNames)[number];
