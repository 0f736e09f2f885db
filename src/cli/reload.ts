// `tsgun reload`: asks the running master to reload and waits for the outcome. Through the control
// socket (control-client.ts) when the config has one (the reply carries the outcome), otherwise SIGHUP to the pid in the
// pidfile and a wait for the master's reload status file. Exit 0 when the reload committed, 7 when it
// was refused or rolled back (the old generation keeps serving), 2 when no master could be reached.
// The new config is not validated here: an invalid one is the master's to refuse (exit 7).
// `--dry-run` (reload-dry-run.ts) asks the master for its config instead, and changes nothing.

import { setTimeout as sleep } from 'node:timers/promises';
import type { LenientLoad } from '../config/load-config.ts';
import type { Settings } from '../config/settings.generated.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { TsgunError } from '../errors/tsgun-error.ts';
import { reloadStatusPath } from '../master/control.ts';
import type { ReloadOutcome } from '../ipc/control-protocol.ts';
import { readSmallFile } from '../sys/atomic-write.ts';
import { addressOf, askMaster, noMasterConfigured, signalMaster, succeeded } from './control-client.ts';
import type { CliIo } from './program.ts';

const POLL_MS = 100;

function describe(outcome: ReloadOutcome): string {
  if (outcome.ok) {
    return outcome.newGeneration
      ? `reload committed: generation ${outcome.generation} is serving (${outcome.durationMs} ms)\n`
      : `reload applied in place to generation ${outcome.generation} (${outcome.durationMs} ms)\n`;
  }
  return `reload rolled back [${outcome.code}]: ${outcome.reason}\n`;
}

async function viaSocket(path: string, timeoutMs: number): Promise<ReloadOutcome> {
  return succeeded('reload', await askMaster(path, { command: 'reload' }, timeoutMs)).outcome;
}

async function viaPidfile(pidfile: string, timeoutMs: number): Promise<ReloadOutcome> {
  // Before the signal: the status the reload writes is stamped with its start, after this.
  const sentAt = Date.now();
  const pid = signalMaster(pidfile, 'SIGHUP');
  const deadline = sentAt + timeoutMs;
  while (Date.now() < deadline) {
    await sleep(POLL_MS);
    try {
      const status = JSON.parse(readSmallFile(reloadStatusPath(pidfile), 1 << 20) ?? '') as { pid: number; startedAt: number; outcome: ReloadOutcome };
      if (status.pid === pid && status.startedAt >= sentAt) return status.outcome;
    } catch {
      // not written yet, or being replaced
    }
  }
  throw new TsgunError('TSG_CONTROL', `sent SIGHUP to ${pid}, but no outcome within ${timeoutMs / 1000} s; see the master's log (reload.committed / reload.rolled-back)`);
}

/**
 * `loaded` is the config as far as it resolves. Problems in it are the master's to report, but if
 * they leave no way to find the master (the file that names it does not load), they are thrown.
 */
export async function runReload(loaded: LenientLoad, io: CliIo): Promise<number> {
  const settings = loaded.settings as Partial<Pick<Settings, 'bootTimeout' | 'hookTimeout'>>;
  const { controlSocket, pidfile } = addressOf(loaded);
  // Long enough for a whole generation to boot, its hooks to run and the old one to be told to drain.
  const timeoutMs = ((settings.bootTimeout ?? 0) + (settings.hookTimeout ?? 0) * 2 + 30) * 1000;
  let outcome: ReloadOutcome;
  if (controlSocket !== null) outcome = await viaSocket(controlSocket, timeoutMs);
  else if (pidfile !== null) outcome = await viaPidfile(pidfile, timeoutMs);
  else throw noMasterConfigured();
  if (outcome.ok) io.stdout(describe(outcome));
  else io.stderr(describe(outcome));
  return outcome.ok ? ExitCode.OK : ExitCode.RELOAD_ROLLED_BACK;
}
