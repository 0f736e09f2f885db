// `tsgun upgrade`: asks the running master to start a new master from the installed tsgun and Node
// (SIGUSR2, docs/upgrade.md) and waits for the outcome the old master records next to its pidfile
// (else next to its control socket): exit 0 when the new master took over, 7 when the upgrade was
// refused or rolled back (the old master keeps serving), 2 when no master could be reached. The
// master is found by its pidfile, else by asking its pid on the control socket.

import { setTimeout as sleep } from 'node:timers/promises';
import type { LenientLoad } from '../config/load-config.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { TsgunError } from '../errors/tsgun-error.ts';
import { upgradeStatusPath, type UpgradeOutcome, type UpgradeStatus } from '../master/upgrade.ts';
import { readSmallFile } from '../sys/atomic-write.ts';
import { askMaster, masterPidFrom, signalPid, succeeded } from './control-client.ts';
import type { CliIo } from './program.ts';

const POLL_MS = 100;
const STATUS_TIMEOUT_MS = 10_000;
/** The master's `bootTimeout` default (s), when the config as loaded has no usable value. */
const DEFAULT_BOOT_S = 60;

export function describeUpgrade(outcome: UpgradeOutcome): string {
  if (outcome.ok) return `upgraded: master ${outcome.pid} serves (was ${outcome.from}, ${outcome.durationMs} ms); the old master drains and exits\n`;
  const verb = outcome.reason === 'refused' ? 'refused' : 'rolled back';
  const after = outcome.reason === 'abandoned' ? 'the running master is stopping' : 'the running master keeps serving';
  return `upgrade ${verb}${outcome.pid === null ? '' : ` (new master ${outcome.pid})`}: ${outcome.message}; ${after}\n`;
}

async function masterPid(pidfile: string | null, controlSocket: string | null): Promise<number> {
  if (pidfile !== null) {
    return masterPidFrom(pidfile);
  }
  // Its pid from the control socket's `status` (docs/cli.md: `master.pid`).
  const { status } = succeeded('status', await askMaster(controlSocket!, { command: 'status' }, STATUS_TIMEOUT_MS));
  return status.master.pid;
}

/** The outcome of the first upgrade `pid` was asked for at or after `sentAt`; null while there is none or it is in flight. */
function outcomeAfter(path: string, pid: number, sentAt: number): UpgradeOutcome | null {
  let status: UpgradeStatus;
  try {
    status = JSON.parse(readSmallFile(path, 1 << 20) ?? '') as UpgradeStatus;
  } catch {
    return null; // not written yet, or being replaced
  }
  if (status.pid !== pid || !Array.isArray(status.upgrades)) return null;
  const asked = status.upgrades.filter((r) => r.startedAt >= sentAt).sort((a, b) => a.startedAt - b.startedAt);
  return asked[0]?.outcome ?? null;
}

/** `loaded`: the config as far as it resolves; only the master's address (and bootTimeout, for the wait) are read from it. */
export async function runUpgrade(loaded: LenientLoad, io: CliIo): Promise<number> {
  const { pidfile = null, controlSocket = null, bootTimeout } = loaded.settings as { pidfile?: string | null; controlSocket?: string | null; bootTimeout?: unknown };
  const statusPath = upgradeStatusPath({ pidfile, controlSocket });
  if (statusPath === null) {
    if (loaded.error !== null) throw loaded.error;
    throw new TsgunError(
      'TSG_USAGE',
      'tsgun upgrade finds the master through `pidfile` or `controlSocket`, and the config sets neither; set one (or pass --pidfile / --control-socket), or send SIGUSR2 to the master yourself',
    );
  }
  const pid = await masterPid(pidfile, controlSocket);
  const sentAt = Date.now();
  signalPid(pid, 'SIGUSR2');
  // The outcome comes when the new master is ready (or not) within bootTimeout, plus its start.
  const bootS = typeof bootTimeout === 'number' && bootTimeout > 0 ? bootTimeout : DEFAULT_BOOT_S;
  const deadline = sentAt + (bootS + 30) * 1000;
  while (Date.now() < deadline) {
    await sleep(POLL_MS);
    const outcome = outcomeAfter(statusPath, pid, sentAt);
    if (outcome === null) continue;
    if (outcome.ok) io.stdout(describeUpgrade(outcome));
    else io.stderr(describeUpgrade(outcome));
    return outcome.ok ? ExitCode.OK : ExitCode.RELOAD_ROLLED_BACK;
  }
  throw new TsgunError('TSG_CONTROL', `sent SIGUSR2 to ${pid}, but no outcome within ${Math.round((deadline - sentAt) / 1000)} s; see the master's log (upgrade.committed / upgrade.rolled-back)`);
}
