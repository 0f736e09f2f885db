// The CLI's side of the control socket (the protocol is ipc/control-protocol.ts), and how every
// command that steers a running master finds it: the `controlSocket` of the config (or
// --control-socket), else the `pidfile` and a signal, for the commands a signal can stand for.

import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LenientLoad } from '../config/load-config.ts';
import type { Settings } from '../config/settings.generated.ts';
import { TsgunError } from '../errors/tsgun-error.ts';
import { errorCodes, type ErrorCode } from '../errors/codes.ts';
import { encodeLine, LineReader, MAX_REPLY_BYTES, parseReply, parseReplyLine, type ControlCommand, type ControlReply, type ControlRequest } from '../ipc/control-protocol.ts';
import { processAt, readPid } from '../sys/pidfile.ts';

/** Where the master answers, as the config tells; an invalid value counts as unset. */
export interface MasterAddress {
  readonly controlSocket: string | null;
  readonly pidfile: string | null;
}

export function masterAddress(settings: Readonly<Record<string, unknown>>): MasterAddress {
  const { controlSocket, pidfile } = settings as Partial<Pick<Settings, 'controlSocket' | 'pidfile'>>;
  return { controlSocket: controlSocket ?? null, pidfile: pidfile ?? null };
}

/** `needs`: what the command can use (`socket`: only the control socket). */
export function noMasterConfigured(command = 'tsgun reload', needs: 'socket' | 'either' = 'either', signal = 'SIGHUP'): TsgunError {
  if (needs === 'socket') {
    return new TsgunError('TSG_USAGE', `${command} talks to the master over its control socket, and the config sets no \`controlSocket\`; set one (a restart applies it) or pass --control-socket`);
  }
  return new TsgunError(
    'TSG_USAGE',
    `${command} finds the master through \`controlSocket\` or \`pidfile\`, and the config sets neither; set one (or pass --control-socket / --pidfile), or send ${signal} to the master yourself`,
  );
}

/** The address as far as the config resolves; a config that names no master and did not load is thrown. */
export function addressOf(loaded: LenientLoad): MasterAddress {
  const address = masterAddress(loaded.settings);
  if (address.controlSocket === null && address.pidfile === null && loaded.error !== null) throw loaded.error;
  return address;
}

function unreachable(path: string, error: NodeJS.ErrnoException): TsgunError {
  let why = error.message;
  if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') why = 'no master is listening there';
  else if (error.code === 'EACCES' || error.code === 'EPERM') {
    why = 'permission denied: connecting needs write permission on the socket (the master\'s user, or a member of `controlSocketGroup` with `controlSocketMode: "0660"`)';
  }
  return new TsgunError('TSG_CONTROL', `cannot reach the master on the control socket ${path}: ${why}`, { cause: error });
}

export interface Answer<C extends ControlCommand> {
  /** The final reply; null when the master closed the connection without one (it exited: only `stop` expects that). */
  readonly reply: ControlReply<C> | null;
  readonly progress: readonly Record<string, unknown>[];
}

/**
 * Sends one request on the control socket and reads the master's answer: progress lines (given to
 * `onProgress` as they come) and the final reply, checked against the command's payload. TSG_USAGE
 * when no master answers, the answer is malformed, or none comes within `timeoutMs`.
 */
export function askMaster<C extends ControlCommand>(
  path: string,
  request: ControlRequest & { readonly command: C },
  timeoutMs: number | ((progress: Record<string, unknown>) => number),
  onProgress?: (progress: Record<string, unknown>) => void,
): Promise<Answer<C>> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(path);
    const reader = new LineReader(MAX_REPLY_BYTES);
    const progress: Record<string, unknown>[] = [];
    let reply: ControlReply<C> | null = null;
    let settled = false;
    const fail = (error: TsgunError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const arm = (ms: number): NodeJS.Timeout =>
      setTimeout(() => fail(new TsgunError('TSG_CONTROL', `no answer from the master on ${path} within ${Math.round(ms / 1000)} s to ${request.command}`)), ms);
    let timer = arm(typeof timeoutMs === 'number' ? timeoutMs : timeoutMs({}));
    const malformed = (why: string): TsgunError =>
      new TsgunError('TSG_CONTROL', `the master answered ${request.command} on ${path} with something this tsgun does not understand (${why}); is it another version?`);
    const take = (line: string): void => {
      const parsed = parseReplyLine(line);
      if (!parsed.ok) return fail(malformed(parsed.error));
      if (parsed.value.kind === 'progress') {
        progress.push(parsed.value.progress);
        onProgress?.(parsed.value.progress);
        // The master says how long what it began may take (stop: its gracefulTimeout).
        if (typeof timeoutMs === 'function') {
          clearTimeout(timer);
          timer = arm(timeoutMs(parsed.value.progress));
        }
        return;
      }
      const checked = parseReply(request.command, parsed.value.reply);
      if (!checked.ok) return fail(malformed(checked.error));
      reply = checked.value;
    };
    socket.on('connect', () => socket.write(encodeLine(request)));
    socket.on('data', (chunk: Buffer) => {
      const lines = reader.push(chunk);
      if (lines === null) return fail(malformed(`a line over ${MAX_REPLY_BYTES} bytes`));
      for (const line of lines) if (!settled) take(line);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // The master exiting under a stop may reset the connection rather than close it.
      if (error.code === 'ECONNRESET' && progress.length > 0) return socket.destroy();
      fail(unreachable(path, error));
    });
    socket.on('close', () => {
      if (settled) return;
      const rest = reader.rest;
      if (rest.trim() !== '' && reply === null) take(rest);
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (reply === null && progress.length === 0) reject(malformed('the connection closed without a reply'));
      else resolve({ reply, progress });
    });
  });
}

/** A refusal by the master, with its words and its code (TSG_SCALE_REFUSED, …; TSG_CONTROL when it gave none this tsgun knows). */
export function refusedBy(command: string, reply: { readonly code?: string | undefined; readonly error: string }): TsgunError {
  const code = reply.code !== undefined && Object.hasOwn(errorCodes, reply.code) ? (reply.code as ErrorCode) : 'TSG_CONTROL';
  return new TsgunError(code, `the master refused ${command}: ${reply.error}`);
}

/** The final reply when it is a success; a refusal becomes a TsgunError with the master's words and code. */
export function succeeded<C extends ControlCommand>(command: string, answer: Answer<C>): Extract<ControlReply<C>, { ok: true }> {
  const { reply } = answer;
  if (reply === null) throw new TsgunError('TSG_CONTROL', `the master closed the connection without answering ${command}`);
  if (!reply.ok) throw refusedBy(command, reply);
  return reply as Extract<ControlReply<C>, { ok: true }>;
}

/**
 * The master's pid from `pidfile`. TSG_CONTROL when it names none, or a process that is not a tsgun
 * master: its master died and the pid went to another program, which must not get its signals.
 */
export function masterPidFrom(pidfile: string): number {
  const pid = readPid(pidfile);
  if (pid === null) throw new TsgunError('TSG_CONTROL', `cannot read the pidfile ${pidfile}: no master is running (no such regular file, or it names no pid)`);
  const found = processAt(pid);
  if (found.kind === 'other') throw new TsgunError('TSG_CONTROL', `the pidfile ${pidfile} is stale: pid ${pid} is not a tsgun master (it runs \`${found.command}\`)`);
  return pid;
}

/** Sends `signal` to the pid in `pidfile`; returns the pid. TSG_CONTROL when there is none to signal. */
export function signalMaster(pidfile: string, signal: NodeJS.Signals): number {
  const pid = masterPidFrom(pidfile);
  signalPid(pid, signal, ` from ${pidfile}`);
  return pid;
}

/** Sends `signal` to the master's `pid` (`where` says where the pid came from); TSG_CONTROL when it cannot. */
export function signalPid(pid: number, signal: NodeJS.Signals, where = ''): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ESRCH' ? 'no such process; the pidfile is stale' : code === 'EPERM' ? 'permission denied (it runs as another user; use the control socket)' : (error as Error).message;
    throw new TsgunError('TSG_CONTROL', `cannot signal the master (pid ${pid}${where}): ${why}`);
  }
}

/** Whether `pid` still exists (EPERM: it does, as another user's). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const POLL_MS = 50;

/** Resolves true once `pid` is gone, false at the deadline. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(POLL_MS);
  }
  return true;
}

/** The settings a client derives its timeouts from, with the schema's defaults where the config is invalid (loaded leniently). */
export function timeoutSettings(loaded: LenientLoad): Partial<Pick<Settings, 'bootTimeout' | 'hookTimeout' | 'gracefulTimeout'>> {
  return loaded.settings as Partial<Pick<Settings, 'bootTimeout' | 'hookTimeout' | 'gracefulTimeout'>>;
}
