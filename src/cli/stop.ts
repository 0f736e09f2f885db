// `tsgun stop [--fast]`: stops the running master and waits until it has exited. Graceful is
// SIGTERM's stop (workers finish their requests within gracefulTimeout), `--fast` SIGINT's (workers
// close now). Over the control socket the master says when its stop began (with its own timeouts,
// which this command waits by) and its exit code as it exits; with only a pidfile, the signal is
// sent and the pid watched until it is gone. Exit 0 once the master has exited; 2 when no master
// answers or it is still running at the deadline.

import type { LenientLoad } from '../config/load-config.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { TsgunError } from '../errors/tsgun-error.ts';
import { parseStopProgress } from '../ipc/control-protocol.ts';
import { addressOf, askMaster, noMasterConfigured, refusedBy, signalMaster, timeoutSettings, waitForExit } from './control-client.ts';
import type { CliIo } from './program.ts';

/** Beyond the drain: SIGKILL of the last workers, workerExit and childExit, onExit (each under hookTimeout), and a loaded machine. */
const MARGIN_MS = 15_000;

function deadlineMs(fast: boolean, gracefulTimeoutMs: number, hookTimeoutMs: number): number {
  return (fast ? 0 : gracefulTimeoutMs) + hookTimeoutMs * 3 + MARGIN_MS;
}

async function viaSocket(path: string, fast: boolean, fallbackMs: number, started: number): Promise<{ pid: number; exitCode: number | null }> {
  let pid: number | null = null;
  const answer = await askMaster(path, { command: 'stop', fast }, (progress) => {
    const stopping = parseStopProgress(progress);
    if (stopping === undefined) return fallbackMs;
    pid = stopping.pid;
    return deadlineMs(fast, stopping.gracefulTimeoutMs, stopping.hookTimeoutMs);
  });
  const { reply } = answer;
  if (reply !== null && !reply.ok) throw refusedBy('stop', reply);
  if (reply !== null) pid = reply.stopped.pid;
  if (pid === null) throw new TsgunError('TSG_CONTROL', `the master on ${path} did not say it was stopping`);
  // The reply comes as the master exits; the process is gone a moment later. Without a reply the
  // connection closed because the master died (SIGKILL?): it is gone too, or going.
  const left = Math.max(1000, fallbackMs - (Date.now() - started));
  if (!(await waitForExit(pid, left))) throw new TsgunError('TSG_CONTROL', `the master (pid ${pid}) closed the control socket but is still running`);
  return { pid, exitCode: reply === null ? null : reply.stopped.exitCode };
}

export async function runStop(loaded: LenientLoad, fast: boolean, io: CliIo): Promise<number> {
  const { controlSocket, pidfile } = addressOf(loaded);
  const t = timeoutSettings(loaded);
  const fallbackMs = deadlineMs(fast, (t.gracefulTimeout ?? 0) * 1000, (t.hookTimeout ?? 0) * 1000);
  const started = Date.now();
  const mode = fast ? 'fast stop' : 'graceful stop';
  let result: { pid: number; exitCode: number | null };
  if (controlSocket !== null) result = await viaSocket(controlSocket, fast, fallbackMs, started);
  else if (pidfile !== null) {
    const signal = fast ? 'SIGINT' : 'SIGTERM';
    const pid = signalMaster(pidfile, signal);
    if (!(await waitForExit(pid, fallbackMs))) throw new TsgunError('TSG_CONTROL', `sent ${signal} to ${pid}, but it is still running after ${Math.round(fallbackMs / 1000)} s; see the master's log`);
    result = { pid, exitCode: null };
  } else throw noMasterConfigured('tsgun stop', 'either', 'SIGTERM');
  const code = result.exitCode === null ? '' : `, exit code ${result.exitCode}`;
  io.stdout(`master ${result.pid} stopped (${mode}${code}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return ExitCode.OK;
}
