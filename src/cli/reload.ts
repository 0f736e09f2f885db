// `tsgun reload`: asks the running master to reload and waits for the outcome. Through the control
// socket when the config has one (the reply carries the outcome), otherwise SIGHUP to the pid in the
// pidfile and a wait for the master's reload status file. Exit 0 when the reload committed, 7 when it
// was refused or rolled back (the old generation keeps serving), 2 when no master could be reached.
// The new config is not validated here: an invalid one is the master's to refuse (exit 7).
// `--dry-run` (reload-dry-run.ts) asks the master for its config instead, and changes nothing.

import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LenientLoad } from '../config/load-config.ts';
import type { Settings } from '../config/settings.generated.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { TsgunError } from '../errors/tsgun-error.ts';
import { reloadStatusPath } from '../master/control.ts';
import type { ReloadOutcome } from '../master/events.ts';
import { readSmallFile } from '../sys/atomic-write.ts';
import { readPid } from '../sys/pidfile.ts';
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

/** Sends one request line on the control socket and returns the master's one reply, parsed; TSG_USAGE when no master answers. */
export function askMaster(path: string, request: Readonly<Record<string, unknown>>, timeoutMs: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(path);
    let buffer = '';
    const timer = setTimeout(() => socket.destroy(new Error(`no answer from the master within ${timeoutMs / 1000} s`)), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: string) => (buffer += chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new TsgunError(
          'TSG_USAGE',
          `cannot reach the master on the control socket ${path}: ${error.code === 'ENOENT' || error.code === 'ECONNREFUSED' ? 'no master is listening there' : error.message}`,
          { cause: error },
        ),
      );
    });
    socket.on('end', () => {
      clearTimeout(timer);
      try {
        const reply: unknown = JSON.parse(buffer);
        if (typeof reply !== 'object' || reply === null) throw new Error('not a JSON object');
        resolve(reply as Record<string, unknown>);
      } catch (error) {
        reject(new TsgunError('TSG_USAGE', `the master answered on ${path} with something tsgun reload does not understand: ${(error as Error).message}`));
      }
    });
  });
}

async function viaSocket(path: string, timeoutMs: number): Promise<ReloadOutcome> {
  const reply = await askMaster(path, { command: 'reload' }, timeoutMs);
  const outcome = reply['outcome'] as ReloadOutcome | undefined;
  if (reply['ok'] !== true || outcome === undefined) {
    throw new TsgunError('TSG_USAGE', `the master answered on ${path} with something tsgun reload does not understand: ${String(reply['error'] ?? 'malformed reply')}`);
  }
  return outcome;
}

async function viaPidfile(pidfile: string, timeoutMs: number): Promise<ReloadOutcome> {
  const pid = readPid(pidfile);
  if (pid === null) throw new TsgunError('TSG_USAGE', `cannot read the pidfile ${pidfile}: no master is running (no such regular file, or it names no pid)`);
  const sentAt = Date.now();
  try {
    process.kill(pid, 'SIGHUP');
  } catch (error) {
    throw new TsgunError(
      'TSG_USAGE',
      `cannot signal the master (pid ${pid} from ${pidfile}): ${(error as NodeJS.ErrnoException).code === 'ESRCH' ? 'no such process; the pidfile is stale' : (error as Error).message}`,
    );
  }
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
  throw new TsgunError('TSG_USAGE', `sent SIGHUP to ${pid}, but no outcome within ${timeoutMs / 1000} s; see the master's log (reload.committed / reload.rolled-back)`);
}

/** Where the master answers, as the config tells; an invalid value counts as unset. */
export interface MasterAddress {
  readonly controlSocket: string | null;
  readonly pidfile: string | null;
}

export function masterAddress(settings: Readonly<Record<string, unknown>>): MasterAddress {
  const { controlSocket, pidfile } = settings as Partial<Pick<Settings, 'controlSocket' | 'pidfile'>>;
  return { controlSocket: controlSocket ?? null, pidfile: pidfile ?? null };
}

export function noMasterConfigured(): TsgunError {
  return new TsgunError(
    'TSG_USAGE',
    'tsgun reload finds the master through `controlSocket` or `pidfile`, and the config sets neither; set one (or pass --control-socket / --pidfile), or send SIGHUP to the master yourself',
  );
}

/**
 * `loaded` is the config as far as it resolves. Problems in it are the master's to report, but if
 * they leave no way to find the master (the file that names it does not load), they are thrown.
 */
export async function runReload(loaded: LenientLoad, io: CliIo): Promise<number> {
  const settings = loaded.settings as Partial<Pick<Settings, 'bootTimeout' | 'hookTimeout'>>;
  const { controlSocket, pidfile } = masterAddress(loaded.settings);
  if (controlSocket === null && pidfile === null && loaded.error !== null) throw loaded.error;
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
