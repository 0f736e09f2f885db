// `tsgun reopen-logs`: SIGUSR1's log rotation (the master reopens its errorLog, then tells every
// worker to reopen its own files), over the control socket, else by SIGUSR1 to the pid in the
// pidfile. The master acknowledges the request; the reopening itself is logged as `logs.reopened`.
// Exit 0 once asked; 2 when no master answers.

import type { LenientLoad } from '../config/load-config.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { addressOf, askMaster, noMasterConfigured, signalMaster, succeeded } from './control-client.ts';
import type { CliIo } from './program.ts';

const TIMEOUT_MS = 30_000;

export async function runReopenLogs(loaded: LenientLoad, io: CliIo): Promise<number> {
  const { controlSocket, pidfile } = addressOf(loaded);
  let pid: number;
  if (controlSocket !== null) pid = succeeded('reopen-logs', await askMaster(controlSocket, { command: 'reopen-logs' }, TIMEOUT_MS)).reopened.pid;
  else if (pidfile !== null) pid = signalMaster(pidfile, 'SIGUSR1');
  else throw noMasterConfigured('tsgun reopen-logs', 'either', 'SIGUSR1');
  io.stdout(`master ${pid} asked to reopen its log files\n`);
  return ExitCode.OK;
}
