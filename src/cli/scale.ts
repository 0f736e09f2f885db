// `tsgun scale N | +N | -N`: what SIGTTIN/SIGTTOU do, to an absolute or a relative worker count,
// over the control socket. The master decides the new target in its event queue (so that two
// `+1`s make two), refuses one outside the schema's bounds on `workers`, and answers once the new
// workers are ready or the surplus ones have exited. Only the control socket can do this: signals
// of one kind do not queue, so N of them may arrive as one. Exit 0 when settled; 2 when refused,
// when no master answers, or when the workers do not settle in time (a crash-looping new worker).

import type { LenientLoad } from '../config/load-config.ts';
import { ExitCode } from '../errors/exit-codes.ts';
import { TsgunError } from '../errors/tsgun-error.ts';
import { addressOf, askMaster, noMasterConfigured, succeeded, timeoutSettings } from './control-client.ts';
import type { CliIo } from './program.ts';

export interface ScaleArgument {
  readonly workers: number;
  readonly relative: boolean;
}

/** `4` (the new count), `+2` or `-1` (a change of it). */
export function parseScaleArgument(text: string): ScaleArgument {
  const m = /^([+-]?)(\d{1,9})$/.exec(text.trim());
  if (m === null) throw new TsgunError('TSG_USAGE', `scale takes a worker count (4) or a change of it (+2, -1), not "${text}"`);
  const n = Number(m[2]);
  if (m[1] === '') {
    if (n < 1) throw new TsgunError('TSG_USAGE', 'scale to at least one worker');
    return { workers: n, relative: false };
  }
  return { workers: m[1] === '-' ? -n : n, relative: true };
}

export async function runScale(loaded: LenientLoad, argument: ScaleArgument, io: CliIo): Promise<number> {
  const { controlSocket } = addressOf(loaded);
  if (controlSocket === null) throw noMasterConfigured('tsgun scale', 'socket');
  const t = timeoutSettings(loaded);
  // New workers boot (bootTimeout, their hooks) or surplus ones drain (gracefulTimeout).
  const timeoutMs = ((t.bootTimeout ?? 0) + (t.gracefulTimeout ?? 0) + (t.hookTimeout ?? 0) * 2 + 30) * 1000;
  const { scale } = succeeded('scale', await askMaster(controlSocket, { command: 'scale', ...argument }, timeoutMs));
  const what = scale.workers === scale.previous ? `workers: ${scale.workers}, unchanged` : `workers: ${scale.previous} -> ${scale.workers}`;
  io.stdout(`${what}; ${scale.ready} ready (${scale.durationMs} ms)\n`);
  return ExitCode.OK;
}
