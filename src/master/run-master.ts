// Wires the master process: logger, process settings, pidfile, listeners, signals, the event queue
// and the arbiter. Resolves with the exit code once the server has stopped; never calls process.exit.

import { basename } from 'node:path';
import type { CliValue } from '../config/layers.ts';
import type { ResolvedConfig } from '../config/resolved-config.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { isTsgunError } from '../errors/tsgun-error.ts';
import { runHook } from '../hooks/run-hook.ts';
import { createLogger } from '../log/logger.ts';
import { openListener, systemdListeners, type OpenListener } from '../sys/listeners.ts';
import { writePidfile, type Pidfile } from '../sys/pidfile.ts';
import { Arbiter } from './arbiter.ts';
import { EventQueue, type MasterEvent } from './events.ts';
import { createProcessPort } from './port.ts';

export interface MasterInputs {
  /** The environment the config was resolved from (workers resolve theirs from the same). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cli: readonly CliValue[];
  readonly cwd: string;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP', 'SIGTTIN', 'SIGTTOU', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

export function processName(config: ResolvedConfig): string {
  return config.settings.procName ?? basename(config.app.module).replace(/\.[cm]?[jt]s$/, '');
}

export async function runMaster(config: ResolvedConfig, inputs: MasterInputs): Promise<number> {
  const { settings } = config;
  const log = createLogger({ level: settings.logLevel, format: settings.logFormat, errorLog: settings.errorLog, base: { role: 'master' }, isTty: process.stdout.isTTY === true });
  const logger = log.logger;
  process.title = `tsgun: master [${processName(config)}]`;
  if (config.umaskValue !== null) process.umask(config.umaskValue);
  if (settings.chdir !== null) process.chdir(settings.chdir);
  const cwd = process.cwd();

  await runHook('onStarting', settings.onStarting, [{ config }], { timeoutMs: settings.hookTimeout * 1000, logger });

  let pidfile: Pidfile | null = null;
  const listeners: OpenListener[] = [];
  const cleanup = (): void => {
    for (const l of listeners) l.close();
    pidfile?.remove();
  };
  try {
    if (settings.pidfile !== null) pidfile = writePidfile(settings.pidfile, process.pid);
    const activated = systemdListeners(process.env, process.pid);
    if (activated.length > 0) listeners.push(...activated);
    else for (const bind of config.binds) listeners.push(await openListener(bind, { cwd }));
  } catch (error) {
    cleanup();
    const code = isTsgunError(error) ? error.code : 'TSG_INTERNAL';
    logger.fatal({ event: 'master.start-failed', code, err: error }, (error as Error).message);
    await log.flush();
    return code === 'TSG_BIND' ? ExitCode.BIND : ExitCode.USAGE;
  }
  logger.info(
    { event: 'listening', addresses: listeners.map((l) => l.address), binds: listeners.map((l) => l.source), pid: process.pid },
    `listening on ${listeners.map((l) => l.address).join(', ')}`,
  );

  let resolveDone!: (code: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));
  const queue = new EventQueue<MasterEvent>(
    (event) => arbiter.handle(event),
    (error, event) => logger.error({ event: 'master.event-failed', on: event.type, err: error }, 'the master failed to handle an event; it keeps running'),
  );
  const onSignal = (signal: NodeJS.Signals): void => queue.push({ type: 'signal', signal });
  for (const signal of SIGNALS) process.on(signal, onSignal);

  const workerEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) workerEnv[k] = v;
  Object.assign(workerEnv, settings.env);
  const inputEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(inputs.env)) if (v !== undefined) inputEnv[k] = v;

  const arbiter: Arbiter = new Arbiter({
    config,
    port: createProcessPort(listeners, (event) => queue.push(event), logger),
    logger,
    bootBase: { configFile: config.configFile, cwd: inputs.cwd, env: inputEnv, cli: inputs.cli },
    workerEnv,
    workerCwd: cwd,
    onReopenLogs: () => log.reopen(),
    onStopped: async (exitCode) => {
      for (const signal of SIGNALS) process.off(signal, onSignal);
      cleanup();
      logger.info({ event: 'shutdown.completed', exitCode }, 'stopped');
      await log.flush();
      resolveDone(exitCode);
    },
  });
  await arbiter.start();
  return done;
}
