// One worker process as one object: an explicit lifecycle (waiting for the boot message, booting,
// serving, draining, exiting) with its allowed transitions, and the verbs the master's messages map
// to. It logs from its first line: a bootstrap JSON logger on stdout until the configured one
// exists, so that an error before or during boot is a JSON line like every other, never lost.
// Process-wide effects (sending to the master, exiting) come in through WorkerPort; main.ts wires
// the process's events to the verbs.

import type { WorkerInfo } from '../config/hook-types.ts';
import { processName } from '../config/process-name.ts';
import type { ResolvedConfig } from '../config/resolved-config.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { TsgunError } from '../errors/tsgun-error.ts';
import { runHook } from '../hooks/run-hook.ts';
import { heartbeatInterval } from '../ipc/heartbeat-interval.ts';
import { toWireError, type BootPayload, type WorkerMessage } from '../ipc/messages.ts';
import { compileAccessLogFormat } from '../log/access-log.ts';
import { createLineWriter, createLogger, logProblem, reopenLogs, type LineWriter, type Logger, type ProcessLogger } from '../log/logger.ts';
import type { OutputCapture } from '../log/output-capture.ts';
import { dropPrivileges, resolveIdentity, systemAccounts } from '../sys/privileges.ts';
import { AppLoadError, loadApp, type LoadedApp } from './app-adapter.ts';
import { captureWorkerOutput } from './capture-output.ts';
import { drainWorker } from './drain.ts';
import { startHeartbeat } from './heartbeat.ts';
import { remoteAddressOf } from './http2-server.ts';
import type { ModuleGraph } from './module-graph.ts';
import type { RequestCounter } from './request-stats.ts';
import { PeriodicClock } from '../sys/periodic-clock.ts';
import { workerConfig } from './worker-config.ts';
import { WorkerServer, type WorkerServerOptions } from './worker-server.ts';
import { flushCompileCache } from '../sys/compile-cache.ts';

type OnFinished = WorkerServerOptions['onFinished'];

/** nginx's status for a request whose client closed the connection before any response was sent. */
const CLIENT_CLOSED_REQUEST = 499;

export type WorkerState = 'waiting' | 'booting' | 'serving' | 'draining' | 'exiting';

const ALLOWED: Readonly<Record<WorkerState, readonly WorkerState[]>> = {
  waiting: ['booting', 'exiting'],
  booting: ['serving', 'exiting'],
  serving: ['draining', 'exiting'],
  draining: ['exiting'],
  exiting: [],
};

/** What a worker does to the world outside itself. */
export interface WorkerPort {
  send(message: WorkerMessage): void;
  /** Ends the process; never returns in production. */
  exit(code: number): never | Promise<never>;
}

/** A failed boot hook as a coded error that says which hook and why. */
function hookError(name: string, cause: Error): TsgunError {
  const error = new TsgunError('TSG_HOOK', `the ${name} hook failed: ${cause.message}`, { cause });
  if (cause.stack !== undefined) error.stack = `${error.name}: ${error.message}\n  caused by: ${cause.stack}`;
  return error;
}

/** A boot step that failed: the exit code it ends the worker with and the error it reports. */
class BootFailure {
  readonly code: number;
  readonly error: unknown;
  constructor(code: number, error: unknown) {
    this.code = code;
    this.error = error;
  }
}

/** Runs a boot step; a throw becomes a BootFailure with `code`. */
async function step<T>(code: number, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new BootFailure(code, error);
  }
}

export class Worker {
  #state: WorkerState = 'waiting';
  readonly #port: WorkerPort;
  /** The bootstrap logger until boot creates the configured one. */
  #log: ProcessLogger;
  #config: ResolvedConfig | null = null;
  #info: WorkerInfo = { id: 0, pid: process.pid, generation: 0 };
  #server: WorkerServer | null = null;
  #app: LoadedApp | null = null;
  #accessLog: LineWriter | null = null;
  #capture: OutputCapture | null = null;
  /** Under `reload`: the app's local files, reported to the master to watch. */
  #graph: ModuleGraph | null = null;
  /** With `metricsBind`: the request counts reported to the master. */
  #stats: RequestCounter | null = null;
  /** One timer for the heartbeat, the stall sweep and Node's connections checks (sys/periodic-clock.ts). */
  readonly #clock = new PeriodicClock();
  /** A stop asked for while booting, done once the boot ends. */
  #pendingStop: { readonly fast: boolean; readonly timeoutMs: number | null } | null = null;

  constructor(port: WorkerPort) {
    this.#port = port;
    this.#log = createLogger({ level: 'info', format: 'json', errorLog: '-', base: { role: 'worker' }, isTty: false });
  }

  get state(): WorkerState {
    return this.#state;
  }

  get logger(): Logger {
    return this.#log.logger;
  }

  /** Moves to `next` if the lifecycle allows it; refuses quietly otherwise. */
  #transition(next: WorkerState): boolean {
    if (!ALLOWED[this.#state].includes(next)) return false;
    this.#state = next;
    return true;
  }

  #hookOptions(config: ResolvedConfig): { timeoutMs: number; logger: Logger } {
    return { timeoutMs: config.ms.hookTimeout, logger: this.logger };
  }

  async #exit(code: number): Promise<never> {
    this.#transition('exiting');
    // The counts since the last heartbeat, before the flushes below give the IPC write time to leave.
    const stats = this.#stats?.report();
    if (stats !== undefined) this.#port.send({ type: 'stats', stats });
    this.#capture?.flush();
    await this.#accessLog?.flush();
    await this.#log.flush();
    return this.#port.exit(code);
  }

  /** The boot message: resolve nothing, just take the master's config, load the app and listen. */
  async boot(payload: BootPayload): Promise<void> {
    if (!this.#transition('booting')) return;
    this.#info = { id: payload.id, pid: process.pid, generation: payload.generation };
    this.#log.logger.setBindings({ worker: payload.id, generation: payload.generation });
    try {
      await this.#boot(payload);
    } catch (thrown) {
      const failure = thrown instanceof BootFailure ? thrown : new BootFailure(ExitCode.BOOT_HOOK, thrown);
      const wire = toWireError(failure.error);
      this.logger.error({ event: 'worker.boot-failed', code: wire.code, reason: wire.reason, err: failure.error }, wire.message);
      this.#port.send({ type: 'boot-failed', error: wire, ...this.#modules() });
      await this.#exit(failure.code);
      return;
    }
    // A fast stop while booting is already exiting: it must not be reported ready.
    if (!this.#transition('serving')) return;
    startHeartbeat(
      (metrics) => {
        // With metricsBind, the request counts ride on the beat: one message, one read in the master.
        const stats = this.#stats?.report();
        this.#port.send(stats === undefined ? { type: 'heartbeat', metrics } : { type: 'heartbeat', metrics, stats });
      },
      () => this.#server?.requests ?? 0,
      heartbeatInterval(this.#config!.ms.timeout),
      this.#clock,
    );
    this.#port.send({ type: 'ready', ...this.#modules() });
    flushCompileCache();
    this.#graph?.follow((files) => this.#port.send({ type: 'modules', files }));
    this.logger.debug({ event: 'worker.listening', addresses: payload.listeners.map((x) => x.address) }, 'worker listening');
    const pending = this.#pendingStop;
    if (pending !== null) await this.stop(pending.fast, pending.timeoutMs);
  }

  async #boot(payload: BootPayload): Promise<void> {
    const wire = payload.config;
    const { settings } = wire;
    const bootstrap = this.#log;
    // Privileges go first: the errorLog is opened (and its directory made) as `user`, never as root.
    // Opened as root, a log the workers' user may rewrite (the master gives it the file) could be
    // swapped for a symlink to a root-only file and appended to as root.
    await step(ExitCode.BOOT_HOOK, () => {
      const identity = resolveIdentity(settings.user, settings.group, systemAccounts());
      if (identity !== null) dropPrivileges(identity);
    });
    this.#log = await step(ExitCode.BOOT_HOOK, () =>
      createLogger({
        level: settings.logLevel,
        format: settings.logFormat,
        // As written: the worker runs in the master's working directory (after `chdir`), where a
        // relative name means what it meant to the master, and messages name the file as the user did.
        errorLog: settings.errorLog,
        base: { role: 'worker', worker: this.#info.id, generation: this.#info.generation },
        isTty: process.stdout.isTTY === true,
      }),
    );
    await bootstrap.flush();
    this.#capture = captureWorkerOutput(settings.captureOutput, this.#log);
    const config = await step(ExitCode.CONFIG_INVALID, () => workerConfig(wire));
    this.#config = config;
    process.title = `tsgun: worker [${processName(config)}]`;
    await this.#bootHook('postFork', config);
    if (settings.reload) {
      // Imported and installed only under `reload`, just before the app: what loads from here on is the app's.
      const { recordModuleGraph } = await import('./module-graph.ts');
      this.#graph = recordModuleGraph();
    }
    const app = await step(ExitCode.APP_LOAD, () => loadApp(config.app));
    this.#app = app;
    this.logger.info({ event: 'worker.app-loaded', kind: app.kind, module: config.app.module }, `loaded the app (${app.kind})`);
    await step(ExitCode.APP_LOAD, async () => {
      try {
        await app.onBoot?.();
      } catch (error) {
        throw new AppLoadError('on-boot-threw', `the app's onBoot export threw: ${(error as Error)?.message ?? String(error)}`, error);
      }
    });
    await this.#bootHook('postWorkerInit', config);
    const onFinished = await step(ExitCode.BOOT_HOOK, () => this.#accessLogger(config));
    // Imported only with metrics on: a worker without them loads and counts nothing more.
    if (settings.metricsBind !== null) this.#stats = new (await import('./request-stats.ts')).RequestCounter();
    // An allow list entry that is not an address: the schema accepts any string there.
    this.#server = await step(ExitCode.CONFIG_INVALID, () => this.#createServer(config, app, onFinished));
    await step(ExitCode.BOOT_HOOK, () => this.#server!.listen(payload.listeners, payload.balance));
  }

  #modules(): { modules?: string[] } {
    return this.#graph === null ? {} : { modules: this.#graph.take() };
  }

  async #bootHook(name: 'postFork' | 'postWorkerInit', config: ResolvedConfig): Promise<void> {
    const outcome = await runHook(name, config.settings[name], [this.#info], this.#hookOptions(config));
    if (!outcome.ok) throw new BootFailure(ExitCode.BOOT_HOOK, hookError(name, outcome.error));
  }

  #createServer(config: ResolvedConfig, app: LoadedApp, onFinished: OnFinished): WorkerServer {
    const { settings } = config;
    const l = this.logger;
    // maxRequests with its jitter, drawn once per worker so that workers do not all recycle together.
    const requestLimit = settings.maxRequests > 0 ? settings.maxRequests + Math.floor(Math.random() * (settings.maxRequestsJitter + 1)) : 0;
    return new WorkerServer({
      config,
      listener: app.listener,
      logger: l,
      worker: this.#info,
      requestLimit,
      onLimit: () => {
        l.info({ event: 'worker.max-requests', requests: requestLimit }, `served ${requestLimit} requests; asking to be replaced`);
        this.#port.send({ type: 'recycle', reason: 'max-requests' });
      },
      onFinished,
      requestStats: this.#stats ?? undefined,
      clock: this.#clock,
    });
  }

  /**
   * The access log's `finish` listener, or undefined when it is off. A file gets plain lines
   * (Gunicorn's format, or one JSON object per line); stdout (`-`) gets them inside the process's
   * JSON log stream as `access` events, so that stdout stays JSON. The file is opened now, as
   * `user`: a worker that cannot write its access log fails its boot (a reload rolls back) rather
   * than serve half-dead.
   */
  #accessLogger(config: ResolvedConfig): OnFinished {
    // As written, like errorLog above.
    const path = config.settings.accessLog;
    if (path === null) return undefined;
    const format = compileAccessLogFormat(config.accessFormat);
    const l = this.logger;
    if (path !== '-') this.#accessLog = createLineWriter(path, (problem) => logProblem(l, problem));
    const file = this.#accessLog;
    const write = (line: string | Record<string, unknown>): void => {
      if (file !== null) file.write(typeof line === 'string' ? line : JSON.stringify(line));
      else if (typeof line === 'string') l.info({ event: 'access' }, line);
      else l.info({ event: 'access', ...line }, 'access');
    };
    return (req, res, start, startedAt, bytesSent) => {
      const status = res.headersSent ? res.statusCode : CLIENT_CLOSED_REQUEST;
      write(format({ req, res, start, end: process.hrtime.bigint(), status, startedAt, bytesSent, remoteAddress: remoteAddressOf(req) ?? '-', pid: process.pid }));
    };
  }

  /**
   * drain (`fast` false): stop accepting, finish in-flight requests within `timeoutMs` (null: the
   * config's gracefulTimeout), then the app's shutdown and workerExit. quit (`fast`): workerInt,
   * close everything, exit now.
   */
  async stop(fast: boolean, timeoutMs: number | null): Promise<void> {
    switch (this.#state) {
      case 'waiting':
        await this.#exit(ExitCode.OK);
        return;
      case 'booting':
        // The boot finishes first so that hooks see a consistent state; a fast stop does not wait
        // for a boot that may never finish (an import that hangs).
        this.#pendingStop = { fast, timeoutMs };
        if (fast) await this.#exit(ExitCode.OK);
        return;
      case 'draining':
        if (fast) this.#server?.destroy();
        return;
      case 'exiting':
        return;
      case 'serving':
        break;
    }
    const config = this.#config!;
    const server = this.#server!;
    if (fast) {
      this.#transition('exiting');
      await runHook('workerInt', config.settings.workerInt, [this.#info], this.#hookOptions(config));
      server.destroy();
      await this.#exit(ExitCode.OK);
      return;
    }
    this.#transition('draining');
    await drainWorker({
      server,
      app: this.#app,
      logger: this.logger,
      timeoutMs: timeoutMs ?? config.ms.gracefulTimeout,
      workerExit: () => runHook('workerExit', config.settings.workerExit, [this.#info], this.#hookOptions(config)),
    });
    await this.#exit(ExitCode.OK);
  }

  /** The master gave up on this worker (it missed heartbeats): workerAbort, if the loop is free to run it. */
  async abort(): Promise<void> {
    this.logger.error({ event: 'worker.aborted' }, 'aborted by the master for missed heartbeats');
    const config = this.#config;
    if (config !== null) await runHook('workerAbort', config.settings.workerAbort, [this.#info], { timeoutMs: 500, logger: this.logger });
    await this.#exit(ExitCode.WORKER_CRASH);
  }

  setLevel(level: string): void {
    this.logger.level = level;
  }

  reopenLogs(): void {
    reopenLogs(this.logger, [this.#log, this.#accessLog]);
  }

  /** Logged at fatal (as JSON from the first line on), then the worker exits as crashed. */
  async uncaught(error: Error): Promise<void> {
    this.logger.fatal({ event: 'worker.uncaught-exception', err: error }, `uncaught exception: ${error.message}`);
    await this.#exit(ExitCode.WORKER_CRASH);
  }

  unhandledRejection(reason: unknown): void {
    this.logger.error({ event: 'worker.unhandled-rejection', err: reason }, 'unhandled promise rejection');
    if (this.#config?.settings.unhandledRejection === 'recycle') this.#port.send({ type: 'recycle', reason: 'unhandled promise rejection' });
  }
}
