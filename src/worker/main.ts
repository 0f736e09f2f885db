// The worker process entry. It waits for its boot message, resolves the same config as the master
// (and gets the worker-side hooks from its own import of the config file), drops privileges, loads
// the app, listens on the inherited sockets and reports ready. From then on it acts only on the
// master's messages: signals sent to a worker by mistake (a terminal's Ctrl-C reaches the whole
// process group) are logged and ignored, so they cannot cut in-flight requests.

import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { WorkerInfo } from '../config/hook-types.ts';
import { loadConfig } from '../config/load-config.ts';
import { processName } from '../config/process-name.ts';
import type { ResolvedConfig } from '../config/resolved-config.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { runHook } from '../hooks/run-hook.ts';
import { parseMasterMessage, toWireError, type BootPayload, type WorkerMessage, type WorkerMetrics } from '../ipc/messages.ts';
import { compileAccessLogFormat, verifyAccessLogFormat, type AccessFormatter } from '../log/access-log.ts';
import { createLineWriter, createLogger, logProblem, reopenLogs, type LineWriter, type Logger, type ProcessLogger } from '../log/logger.ts';
import { dropPrivileges, resolveIdentity, systemAccounts } from '../sys/privileges.ts';
import { assertNever } from '../util/assert-never.ts';
import { TsgunError } from '../errors/tsgun-error.ts';
import { AppLoadError, loadApp, type LoadedApp } from './app-adapter.ts';
import { WorkerServer } from './worker-server.ts';

type Phase = 'waiting' | 'booting' | 'serving' | 'stopping';

const IGNORED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGTTIN', 'SIGTTOU', 'SIGWINCH'];
const HEARTBEAT_MS = 500;

let phase: Phase = 'waiting';
let stopRequested: { fast: boolean; timeoutMs: number } | null = null;
let log: ProcessLogger | null = null;
let server: WorkerServer | null = null;
let app: LoadedApp | null = null;
let accessLog: LineWriter | null = null;
let config: ResolvedConfig | null = null;
let info: WorkerInfo = { id: 0, pid: process.pid, generation: 0 };

function send(message: WorkerMessage): void {
  if (process.connected) process.send?.(message);
}

function logger(): Logger | Console {
  return log?.logger ?? console;
}

async function exit(code: number): Promise<never> {
  await accessLog?.flush();
  await log?.flush();
  process.exit(code);
}

/** A failed boot hook as a coded error that says which hook and why. */
function hookError(name: string, cause: Error): TsgunError {
  const error = new TsgunError('TSG_HOOK', `the ${name} hook failed: ${cause.message}`, { cause });
  if (cause.stack !== undefined) error.stack = `${error.name}: ${error.message}\n  caused by: ${cause.stack}`;
  return error;
}

function hookOptions(cfg: ResolvedConfig, l: Logger) {
  return { timeoutMs: cfg.settings.hookTimeout * 1000, logger: l };
}

async function bootFailed(code: number, error: unknown): Promise<never> {
  const wire = toWireError(error);
  (logger() as Logger).error?.({ event: 'worker.boot-failed', code: wire.code, reason: wire.reason, err: error }, wire.message);
  send({ type: 'boot-failed', error: wire });
  return exit(code);
}

async function boot(payload: BootPayload): Promise<void> {
  phase = 'booting';
  info = { id: payload.id, pid: process.pid, generation: payload.generation };
  try {
    config = await loadConfig({
      configPath: payload.configFile ?? undefined,
      cwd: payload.cwd,
      env: payload.env,
      cli: payload.cli,
      cpus: availableParallelism(),
      command: 'serve',
      pinned: payload.texts,
      verify: verifyAccessLogFormat,
    });
  } catch (error) {
    return bootFailed(ExitCode.CONFIG_INVALID, error);
  }
  if (config.app.isFile) config = { ...config, app: { ...config.app, module: payload.appModule } };
  const { settings } = config;
  try {
    log = createLogger({
      level: settings.logLevel,
      format: settings.logFormat,
      errorLog: settings.errorLog,
      base: { role: 'worker', worker: info.id, generation: info.generation },
      isTty: process.stdout.isTTY === true,
    });
  } catch (error) {
    return bootFailed(ExitCode.BOOT_HOOK, error);
  }
  const l = log.logger;
  process.title = `tsgun: worker [${processName(config)}]`;
  try {
    const identity = resolveIdentity(settings.user, settings.group, systemAccounts());
    if (identity !== null) dropPrivileges(identity);
  } catch (error) {
    return bootFailed(ExitCode.BOOT_HOOK, error);
  }

  const postFork = await runHook('postFork', settings.postFork, [info], hookOptions(config, l));
  if (!postFork.ok) return bootFailed(ExitCode.BOOT_HOOK, hookError('postFork', postFork.error));
  try {
    app = await loadApp(config.app);
    l.info({ event: 'worker.app-loaded', kind: app.kind, module: config.app.module }, `loaded the app (${app.kind})`);
  } catch (error) {
    return bootFailed(ExitCode.APP_LOAD, error);
  }
  try {
    await app.onBoot?.();
  } catch (error) {
    return bootFailed(ExitCode.APP_LOAD, new AppLoadError('on-boot-threw', `the app's onBoot export threw: ${(error as Error)?.message ?? String(error)}`, error));
  }
  const postWorkerInit = await runHook('postWorkerInit', settings.postWorkerInit, [info], hookOptions(config, l));
  if (!postWorkerInit.ok) return bootFailed(ExitCode.BOOT_HOOK, hookError('postWorkerInit', postWorkerInit.error));

  let format: AccessFormatter | null = null;
  if (settings.accessLog !== null) {
    format = compileAccessLogFormat(settings.accessLogFormat);
    // A file gets plain lines (Gunicorn's format, or one JSON object per line); stdout (`-`) gets
    // them inside the process's JSON log stream as `access` events, so that stdout stays JSON.
    // Opened now, as `user`: a worker that cannot write its access log fails its boot (a reload
    // rolls back) rather than serve half-dead.
    try {
      if (settings.accessLog !== '-') accessLog = createLineWriter(settings.accessLog, (problem) => logProblem(l, problem));
    } catch (error) {
      return bootFailed(ExitCode.BOOT_HOOK, error);
    }
  }
  const writeAccess = (line: string | Record<string, unknown>): void => {
    if (accessLog !== null) accessLog.write(typeof line === 'string' ? line : JSON.stringify(line));
    else if (typeof line === 'string') l.info({ event: 'access' }, line);
    else l.info({ event: 'access', ...line }, 'access');
  };
  // maxRequests with its jitter, drawn once per worker so that workers do not all recycle together.
  const requestLimit = settings.maxRequests > 0 ? settings.maxRequests + Math.floor(Math.random() * (settings.maxRequestsJitter + 1)) : 0;
  try {
    server = new WorkerServer({
      config,
      listener: app.listener,
      logger: l,
      worker: info,
      requestLimit,
      onLimit: () => {
        l.info({ event: 'worker.max-requests', requests: requestLimit }, `served ${requestLimit} requests; asking to be replaced`);
        send({ type: 'recycle', reason: 'max-requests' });
      },
      onFinished:
        format === null
          ? undefined
          : (req, res, start, startedAt, bytesSent) => {
              writeAccess(format({ req, res, start, end: process.hrtime.bigint(), startedAt, bytesSent, remoteAddress: req.socket.remoteAddress ?? '-', pid: process.pid }));
            },
    });
  } catch (error) {
    // An allow list entry that is not an address: the schema accepts any string there.
    return bootFailed(ExitCode.CONFIG_INVALID, error);
  }
  try {
    await server.listen(payload.listeners);
  } catch (error) {
    return bootFailed(ExitCode.BOOT_HOOK, error);
  }
  phase = 'serving';
  startHeartbeat();
  send({ type: 'ready' });
  l.debug({ event: 'worker.listening', addresses: payload.listeners.map((x) => x.address) }, 'worker listening');
  if (stopRequested !== null) await stop(stopRequested.fast, stopRequested.timeoutMs);
}

/**
 * The heartbeat comes from the event loop itself: a loop stuck in a `while (true)` sends none, and
 * the master kills the worker after `timeout`. Each beat carries memory and event-loop figures.
 */
function startHeartbeat(): void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let lastElu = performance.eventLoopUtilization();
  setInterval(() => {
    const elu = performance.eventLoopUtilization(lastElu);
    lastElu = performance.eventLoopUtilization();
    const memory = process.memoryUsage();
    const metrics: WorkerMetrics = {
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      elu: Math.round(elu.utilization * 1000) / 1000,
      delayP99Ms: Math.round(delay.percentile(99) / 1e4) / 100,
      delayMaxMs: Math.round(delay.max / 1e4) / 100,
      requests: server?.requests ?? 0,
    };
    delay.reset();
    send({ type: 'heartbeat', metrics });
  }, HEARTBEAT_MS).unref();
}

/** The master gave up on this worker (it missed heartbeats): workerAbort, if the loop is free to run it. */
async function abort(): Promise<void> {
  const l = log?.logger;
  l?.error({ event: 'worker.aborted' }, 'aborted by the master for missed heartbeats');
  if (config !== null && l !== undefined) await runHook('workerAbort', config.settings.workerAbort, [info], { timeoutMs: 500, logger: l });
  await exit(ExitCode.WORKER_CRASH);
}

async function stop(fast: boolean, timeoutMs: number): Promise<void> {
  if (phase === 'waiting' || phase === 'booting') {
    // Nothing is served yet; the boot finishes first so that hooks see a consistent state.
    // A fast stop does not wait for a boot that may never finish (an import that hangs).
    stopRequested = { fast, timeoutMs };
    if (phase === 'waiting' || fast) await exit(ExitCode.OK);
    return;
  }
  if (phase === 'stopping') {
    if (fast) server?.destroy();
    return;
  }
  phase = 'stopping';
  const cfg = config!;
  const l = log!.logger;
  if (fast) {
    await runHook('workerInt', cfg.settings.workerInt, [info], hookOptions(cfg, l));
    server?.destroy();
    return exit(ExitCode.OK);
  }
  const started = Date.now();
  const { cut } = await server!.drain(timeoutMs);
  if (cut > 0) l.warn({ event: 'worker.drain-cut', connections: cut, timeoutMs }, `graceful timeout: cut ${cut} connections`);
  const left = Math.max(1_000, timeoutMs - (Date.now() - started));
  try {
    await Promise.race([(async () => { await app?.onShutdown?.(); await app?.close?.(); })(), new Promise((resolve) => setTimeout(resolve, left))]);
  } catch (error) {
    l.error({ event: 'worker.shutdown-failed', err: error }, 'the app failed while shutting down');
  }
  await runHook('workerExit', cfg.settings.workerExit, [info], hookOptions(cfg, l));
  l.info({ event: 'worker.drained', requests: server!.requests, durationMs: Date.now() - started }, 'worker drained');
  return exit(ExitCode.OK);
}

process.on('message', (raw: unknown) => {
  const message = parseMasterMessage(raw);
  if (message === undefined) {
    (logger() as Logger).warn?.({ event: 'ipc.invalid' }, 'dropped a malformed message from the master');
    return;
  }
  switch (message.type) {
    case 'boot':
      if (phase === 'waiting') void boot(message.payload);
      return;
    case 'drain':
      void stop(false, message.timeoutMs);
      return;
    case 'quit':
      void stop(true, 0);
      return;
    case 'log-level':
      if (log !== null) log.logger.level = message.level;
      return;
    case 'reopen-logs':
      if (log !== null) reopenLogs(log.logger, [log, accessLog]);
      return;
    case 'abort':
      void abort();
      return;
    default:
      assertNever(message);
  }
});

// The master is gone (killed, crashed): finish what is in flight and leave.
process.on('disconnect', () => {
  void stop(false, (config?.settings.gracefulTimeout ?? 30) * 1000);
});

for (const signal of IGNORED_SIGNALS) {
  process.on(signal, () => (logger() as Logger).warn?.({ event: 'worker.signal-ignored', signal }, `ignored ${signal}: workers are controlled by the master; signal the master instead`));
}

process.on('uncaughtException', (error) => {
  (logger() as Logger).fatal?.({ event: 'worker.uncaught-exception', err: error }, `uncaught exception: ${error.message}`);
  void exit(ExitCode.WORKER_CRASH);
});

process.on('unhandledRejection', (reason) => {
  (logger() as Logger).error?.({ event: 'worker.unhandled-rejection', err: reason }, 'unhandled promise rejection');
  if (config?.settings.unhandledRejection === 'recycle') send({ type: 'recycle', reason: 'unhandled promise rejection' });
});
