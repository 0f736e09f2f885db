// Wires the master process: logger, process settings, pidfile, listeners, signals, the event queue,
// the arbiter, and the reload triggers (control socket, file watcher). Resolves with the exit code
// once the server has stopped; never calls process.exit.

import { realpathSync } from 'node:fs';
import { parseBind } from '../config/bind.ts';
import type { CliValue } from '../config/layers.ts';
import { processName } from '../config/process-name.ts';
import type { ResolvedConfig } from '../config/resolved-config.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { isTsgunError } from '../errors/tsgun-error.ts';
import { runHook } from '../hooks/run-hook.ts';
import { createLogger, reopenLogs, type ProcessLogger } from '../log/logger.ts';
import { captureOutput, capturesOutput } from '../log/output-capture.ts';
import { handedOverListeners, systemdListeners } from '../sys/listeners.ts';
import { writePidfile, type Pidfile } from '../sys/pidfile.ts';
import { ownUnixSockets } from '../sys/socket-owner.ts';
import { resolveIdentity, systemAccounts, type Identity } from '../sys/privileges.ts';
import { Arbiter } from './arbiter.ts';
import { printHere, readConfig, type PrintStream } from './config-reader.ts';
import { controlAccess, MasterControl } from './control-handlers.ts';
import { ControlServer, removeReloadStatus, writeReloadStatus } from './control.ts';
import { EventQueue, type MasterEvent, type ReloadOutcome } from './events.ts';
import { ListenerPool } from './listener-pool.ts';
import type { MetricsServer } from './metrics-server.ts';
import { liveConfigOf } from './live-config.ts';
import { createProcessPort } from './port.ts';
import type { ReloadTrigger } from './reload-plan.ts';
import { takeSignalsFromStart } from './early-signals.ts';
import { MASTER_SIGNALS, type MasterSignal } from './signals.ts';
import { ReloadWatcher } from './watcher.ts';
import type { Lifecycle } from './systemd-notifier.ts';
import { initRefusal, systemdEnvOf, Upgrader, upgradeStatusPath } from './upgrade.ts';
import { Succession } from './upgrade-successor.ts';
import { flushCompileCache } from '../sys/compile-cache.ts';

export interface MasterInputs {
  /** The environment the config was resolved from (a reload resolves the new config from the same). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cli: readonly CliValue[];
  readonly cwd: string;
  /** What the first config read printed, held until the master's output is captured (or not). */
  readonly printed?: readonly { readonly stream: PrintStream; readonly chunk: Buffer }[] | undefined;
}

/**
 * The config with its app module's symlinks resolved: a generation keeps the release it was
 * started with (`app: './current/server.js'`), whatever `current` points at later.
 */
function pinApp(config: ResolvedConfig): ResolvedConfig {
  if (!config.app.isFile) return config;
  let real: string;
  try {
    real = realpathSync(config.app.module);
  } catch {
    return config; // a missing file: the worker reports it as module-not-found
  }
  return real === config.app.module ? config : Object.freeze({ ...config, app: Object.freeze({ ...config.app, module: real }) });
}

/** Who the workers of `config` run as, or null when they keep the master's ids; unknown names give null (the workers report them). */
function identityOf(config: ResolvedConfig): Identity | null {
  try {
    return resolveIdentity(config.settings.user, config.settings.group, systemAccounts());
  } catch {
    return null;
  }
}

export async function runMaster(given: ResolvedConfig, inputs: MasterInputs): Promise<number> {
  const config = pinApp(given);
  const { settings } = config;
  // umask and chdir first (chdir as resolved and checked: relative to the config file's directory):
  // the errorLog is created with the umask, a relative path in the chdir
  // directory (where the workers, which share the master's working directory, open theirs).
  if (config.umaskValue !== null) process.umask(config.umaskValue);
  if (config.paths.chdir !== null) process.chdir(config.paths.chdir);
  const cwd = process.cwd();
  const logOptions = {
    level: settings.logLevel,
    format: settings.logFormat,
    errorLog: settings.errorLog,
    base: { role: 'master', masterPid: process.pid },
    pid: false,
    isTty: process.stdout.isTTY === true,
  } as const;
  let log: ProcessLogger;
  try {
    log = createLogger(logOptions);
  } catch (error) {
    // An errorLog that cannot be opened: say so on stdout, where the log would go without one.
    for (const { stream, chunk } of inputs.printed ?? []) printHere(stream, chunk);
    const fallback = createLogger({ ...logOptions, errorLog: '-' });
    fallback.logger.fatal({ event: 'master.start-failed', code: isTsgunError(error) ? error.code : 'TSG_INTERNAL', err: error }, (error as Error).message);
    await fallback.flush();
    return ExitCode.USAGE;
  }
  const logger = log.logger;
  // User code runs in the master too (onStarting and the other master hooks, a reloaded config
  // module and config function, their timers and libraries): what it prints is captured for the
  // master's whole serving life, not only while a hook runs, since a hook's timer or promise prints
  // later. tsgun's master itself never writes to process.stdout, so only user code is captured.
  const capture = capturesOutput(settings.captureOutput, log.json) ? captureOutput(logger) : null;
  for (const { stream, chunk } of inputs.printed ?? []) printHere(stream, chunk);
  process.title = `tsgun: master [${processName(config)}]`;
  // Workers that run as `user` reopen the errorLog as that user after rotation (USR1), so the file
  // is theirs, as Gunicorn and nginx do it.
  let workerIdentity = identityOf(config);
  const shareErrorLog = (): void => {
    if (log.path === null || workerIdentity === null || process.geteuid?.() !== 0) return;
    try {
      log.chown(workerIdentity.uid ?? -1, workerIdentity.gid);
    } catch (error) {
      logger.warn({ event: 'log.chown-failed', path: log.path, err: error }, `cannot give the log file ${log.path} to the workers' user: ${(error as Error).message}`);
    }
  };
  shareErrorLog();
  // systemd asked for notifications (Type=notify / notify-reload): the notifier is loaded only then,
  // and takes NOTIFY_SOCKET and WATCHDOG_* out of the env that hooks and workers see.
  const systemdEnv = systemdEnvOf(process.env);
  const systemd = process.env['NOTIFY_SOCKET'] ? (await import('./systemd-notifier.ts')).createProcessNotifier(process.env, logger, process.pid) : null;

  // Signals that arrive while tsgun starts (onStarting, binding) are kept and handled once the
  // arbiter runs: a TERM during a slow onStarting is a graceful stop, not node's default exit.
  const early: MasterSignal[] = [];
  const keepEarly = (signal: MasterSignal): void => void early.push(signal);
  for (const signal of MASTER_SIGNALS) process.on(signal, keepEarly);
  // Those the CLI kept before the config was read (early-signals.ts) come first.
  early.unshift(...takeSignalsFromStart());
  const stopKeeping = (): void => {
    for (const signal of MASTER_SIGNALS) process.off(signal, keepEarly);
  };

  await runHook('onStarting', settings.onStarting, [{ config }], { timeoutMs: config.ms.hookTimeout, logger });

  // A root master gives its unix binds to the workers' user and group (socket-owner.ts).
  const ownSockets = <L extends { readonly address: string }>(acquired: L[], next: ResolvedConfig): L[] => {
    ownUnixSockets(
      acquired.map((l) => l.address),
      next.binds,
      cwd,
      identityOf(next),
      process.geteuid?.() === 0,
    );
    return acquired;
  };
  let pidfile: Pidfile | null = null;
  let control: ControlServer | null = null;
  // metricsBind: the master's metrics and health listener (metrics.ts), loaded only when it is set.
  const metrics = settings.metricsBind !== null ? new (await import('./metrics.ts')).MasterMetrics() : null;
  let metricsServer: MetricsServer | null = null;
  const openMetrics = async (attempts = 1): Promise<MetricsServer> => {
    const parsed = parseBind(settings.metricsBind!);
    if (!parsed.ok || parsed.address.kind !== 'tcp') throw new Error(`metricsBind ${settings.metricsBind} is not a TCP address`);
    return (await import('./metrics-server.ts')).MetricsServer.open(parsed.address, logger, attempts);
  };
  // An upgrade's new master (upgrade.ts) serves the old one's sockets, and takes the pidfile and
  // control socket (and systemd's ear) only when the old one commits (upgrade-successor.ts).
  const handover = handedOverListeners(process.env, process.pid);
  const pool = new ListenerPool(cwd, handover === null ? systemdListeners(process.env, process.pid) : [], handover?.adopted);
  let notifying = handover === null;
  const cleanup = (exitCode?: number): void => {
    control?.close(exitCode);
    metricsServer?.close();
    pool.closeAll();
    if (pidfile !== null) removeReloadStatus(pidfile.path);
    pidfile?.remove();
  };
  let listeners;
  try {
    if (settings.pidfile !== null && handover === null) pidfile = writePidfile(settings.pidfile, process.pid);
    // Before any bind: a second master on the same control socket is refused here, and leaves the
    // first one's socket (and pidfile) as they were.
    if (settings.controlSocket !== null && handover === null) control = await ControlServer.open(settings.controlSocket, logger, controlAccess(settings, systemAccounts()));
    if (metrics !== null && handover === null) metricsServer = await openMetrics();
    listeners = ownSockets(await pool.acquire(config.binds), config);
  } catch (error) {
    cleanup();
    const code = isTsgunError(error) ? error.code : 'TSG_INTERNAL';
    logger.fatal({ event: 'master.start-failed', code, err: error }, (error as Error).message);
    capture?.restore();
    await log.flush();
    stopKeeping();
    return code === 'TSG_BIND' ? ExitCode.BIND : ExitCode.USAGE;
  }
  logger.info(
    { event: 'listening', addresses: listeners.map((l) => l.address), binds: listeners.map((l) => l.source), pid: process.pid },
    `listening on ${listeners.map((l) => l.address).join(', ')}`,
  );

  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));
  const queue = new EventQueue<MasterEvent>(
    // WATCHDOG=1 follows handled events: it stops when the queue stops turning, not only the process.
    (event) => {
      const handled = metrics?.handling(event);
      return arbiter.handle(event).finally(() => {
        handled?.();
        if (notifying) systemd?.notifier.alive();
        handlers.settled();
      });
    },
    (error, event) => logger.error({ event: 'master.event-failed', on: event.type, err: error }, 'the master failed to handle an event; it keeps running'),
  );

  // Every reload's outcome, whoever asked for it (HUP included), is recorded for `tsgun reload` in
  // pidfile mode; the time is when it was asked, which `tsgun reload` compares with its own.
  const recordReload = (trigger: ReloadTrigger, reply?: (outcome: ReloadOutcome) => void): ((outcome: ReloadOutcome) => void) => {
    const startedAt = Date.now();
    return (outcome) => {
      metrics?.reloaded(outcome);
      handlers.noteReload(trigger, startedAt, outcome);
      if (pidfile !== null) {
        try {
          writeReloadStatus(pidfile.path, startedAt, outcome);
        } catch (error) {
          logger.warn({ event: 'reload.status-failed', err: error }, 'could not write the reload status file');
        }
      }
      reply?.(outcome);
    };
  };
  const requestReload = (trigger: ReloadTrigger, reply?: (outcome: ReloadOutcome) => void): void => queue.push({ type: 'reload', trigger, reply: recordReload(trigger, reply) });
  const watcher = new ReloadWatcher((trigger) => requestReload(trigger), logger);
  // A signal handler only enqueues; the arbiter looks up what the signal asks for (signals.ts).
  const onSignal = (signal: MasterSignal): void => queue.push({ type: 'signal', signal });
  for (const signal of MASTER_SIGNALS) process.on(signal, onSignal);
  stopKeeping();

  // A worker's request counts go to the metrics' books directly: bookkeeping that decides nothing.
  const port = createProcessPort((event) => (metrics?.takeCounts(event) === true ? undefined : queue.push(event)), logger);
  const upgrader = new Upgrader({
    logger,
    emit: (step) => queue.push({ type: 'upgrade', step }),
    cwd: inputs.cwd,
    systemdEnv,
    timeouts: () => {
      const { ms } = arbiter.view().config;
      return { bootMs: ms.bootTimeout, gracefulMs: ms.gracefulTimeout };
    },
    listeners: () => pool.handOver().map(({ listener, entry }) => ({ fd: listener.fd, entry })),
    statusPath: upgradeStatusPath(settings),
    refusal: () => (succession?.pending === true ? 'this master is itself a new master of an upgrade, not yet committed' : initRefusal(process.pid)),
    letGo: (pid, keys) => {
      systemd?.notifier.mainPid(pid);
      notifying = false;
      pool.ownFiles(false, keys);
      control?.close();
      control = null;
      metricsServer?.close();
      metricsServer = null;
      pidfile?.handOver(pid);
    },
  });
  const arbiter: Arbiter = new Arbiter({
    config,
    listeners,
    port,
    logger,
    cwd: inputs.cwd,
    baseEnv: process.env,
    workerCwd: cwd,
    readConfig: async (signal) => pinApp(await readConfig({ ...inputs, configPath: config.configFile ?? undefined }, { signal })),
    acquireListeners: async (next) => ownSockets(await pool.acquire(next.binds), next),
    retainListeners: (inUse) => pool.retain(inUse).map((l) => l.address),
    onConfigChanged: (next) => {
      logger.level = next.settings.logLevel;
      workerIdentity = identityOf(next);
      void watcher.configure(next, arbiter.view().generation);
    },
    recordReload: () => recordReload('signal'),
    onModules: (generation, files) => void watcher.loaded(generation, files),
    onReopenLogs: () => {
      reopenLogs(logger, [log]);
      shareErrorLog();
    },
    onLifecycle: (change) => {
      if (change.kind === 'ready') succession?.ready(pool.keys);
      if (change.kind === 'ready') readyChange = change;
      if (change.kind === 'ready') flushCompileCache();
      if (notifying) systemd?.notifier.on(change);
    },
    upgrader,
    onStopped: async (exitCode) => {
      for (const signal of MASTER_SIGNALS) process.off(signal, onSignal);
      await watcher.close();
      await systemd?.close();
      upgrader.removeStatus();
      cleanup(exitCode);
      capture?.restore();
      logger.info({ event: 'shutdown.completed', exitCode }, 'stopped');
      await log.flush();
      resolveDone(exitCode);
    },
  });
  // The control socket's answers (control-handlers.ts): read from the arbiter, commands enqueued.
  const handlers: MasterControl = new MasterControl({
    view: () => arbiter.view(),
    push: (event) => queue.push(event),
    now: () => port.now(),
    reload: () => new Promise((resolve) => requestReload('control', resolve)),
    config: (nonce) => {
      const view = arbiter.view();
      return liveConfigOf(
        view.config,
        {
          pid: process.pid,
          generation: view.generation,
          nextGeneration: view.nextGeneration,
          workers: view.target,
          running: view.workers.filter((w) => w.generation === view.generation && w.state !== 'draining' && w.state !== 'exited').length,
          reloading: view.reloading,
          cwd,
          activated: pool.activated,
        },
        nonce,
      );
    },
  });
  control?.serve(handlers);
  if (metrics !== null) {
    metrics.attach(() => arbiter.view());
    metricsServer?.serve(metrics);
  }
  let readyChange: Lifecycle | null = null;
  const succession =
    handover === null
      ? null
      : new Succession({
          from: handover.from,
          logger,
          takeOver: (orphaned) => {
            const { state } = arbiter.view();
            if (state !== 'running' && state !== 'starting') return;
            try {
              if (settings.pidfile !== null) pidfile = writePidfile(settings.pidfile, process.pid, handover.from);
            } catch (error) {
              logger.error({ event: 'upgrade.adopt-failed', what: 'pidfile', err: error }, (error as Error).message);
            }
            pool.ownFiles(true);
            notifying = true;
            systemd?.notifier.mainPid(process.pid);
            if (readyChange !== null) systemd?.notifier.on(readyChange);
            logger.info({ event: 'upgrade.adopted', from: handover.from, orphaned }, `this master serves now (upgraded from ${handover.from})`);
            // The old master closed its metrics listener as it let go: retried for a moment, in case its close is not through yet.
            if (metrics !== null) {
              openMetrics(20).then(
                (opened) => {
                  metricsServer = opened;
                  opened.serve(metrics);
                },
                (error: unknown) => logger.error({ event: 'upgrade.adopt-failed', what: 'metrics', err: error }, (error as Error).message),
              );
            }
            if (settings.controlSocket === null) return;
            ControlServer.open(settings.controlSocket, logger, controlAccess(settings, systemAccounts())).then(
              (opened) => {
                control = opened;
                opened.serve(handlers);
              },
              (error: unknown) => logger.error({ event: 'upgrade.adopt-failed', what: 'control-socket', err: error }, (error as Error).message),
            );
          },
        });
  await arbiter.start();
  for (const signal of early) onSignal(signal);
  await watcher.configure(config, arbiter.view().generation);
  return done;
}
