// One pino logger per process, writing to stdout or the errorLog file. Master and workers share the
// stdout pipe, so writes go through an async destination with maxWrite 4096: measured, the default
// destination tore 38-75 lines per ~84k when several processes wrote to one pipe; this tore none
// (a write under PIPE_BUF is atomic). pino-pretty runs in-process, never as a transport thread.
// Files (errorLog, accessLog) go through LogFile: opened synchronously, reopened safely.

import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import { isTsgunError } from '../errors/tsgun-error.ts';
import { LogFile, type LogFileProblem } from './log-file.ts';

export type { Logger } from 'pino';
export type { LogFileProblem } from './log-file.ts';

export interface LoggerOptions {
  readonly level: string;
  readonly format: 'auto' | 'pretty' | 'json';
  /** `-` for stdout, or a file path (appended, created if missing). */
  readonly errorLog: string;
  /** Fields on every line: `{ role: 'master' }`, `{ role: 'worker', worker: 3, generation: 1 }`. */
  readonly base: Record<string, unknown>;
  /**
   * Whether every line carries `pid` (default). The master says no: its lines about a worker carry
   * that worker's `pid` as an event field, and a key must not appear twice in one JSON line.
   */
  readonly pid?: boolean;
  /** Whether stdout is a terminal (for `auto`); the caller asks, so that tests can choose. */
  readonly isTty: boolean;
}

export interface ProcessLogger {
  readonly logger: Logger;
  /** Whether the lines are JSON (not pino-pretty's text): what `captureOutput: 'auto'` follows. */
  readonly json: boolean;
  /** The errorLog file, or null for stdout. */
  readonly path: string | null;
  /**
   * Reopens the errorLog file after rotation (USR1). A no-op for stdout. Throws TSG_LOG_OPEN when
   * the new file cannot be opened; the logger then keeps writing to the old one.
   */
  reopen(): void;
  /** Gives the errorLog file (a regular file only) to `uid`/`gid`; a no-op for stdout. */
  chown(uid: number, gid: number): void;
  /** Flushes what is buffered; resolves when written. */
  flush(): Promise<void>;
}

/**
 * Throws TSG_LOG_OPEN when `errorLog` is a file that cannot be opened: the caller reports it as a
 * start or boot failure.
 */
export function createLogger(options: LoggerOptions): ProcessLogger {
  const toFile = options.errorLog !== '-';
  const base = options.pid === false ? { ...options.base } : { pid: process.pid, ...options.base };
  const loggerOptions = {
    level: options.level,
    base,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  // The errorLog cannot carry news of its own failing writes: those go to stderr, once.
  const file = toFile ? LogFile.open(options.errorLog, { onProblem: (problem) => reportToStderr(loggerOptions, problem) }) : null;
  const destination = file ?? pino.destination({ dest: 1, sync: false, maxWrite: 4096 });
  const pretty = options.format === 'pretty' || (options.format === 'auto' && options.isTty && !toFile);
  const stream = pretty ? loadPretty()(prettyOptions(destination, options.isTty && !toFile, base)) : destination;
  const logger = pino(loggerOptions, stream);
  return {
    logger,
    json: !pretty,
    path: file?.path ?? null,
    reopen() {
      file?.reopen();
    },
    chown(uid, gid) {
      file?.chown(uid, gid);
    },
    flush() {
      return new Promise((resolve) => {
        logger.flush(() => resolve());
      });
    },
  };
}

/**
 * One line per event (pino-pretty's default takes a line per field, 8-10 per event): the time, the
 * level, the pid the line is about (pino-pretty's `(968)`: as in the JSON, a master line about a worker
 * names the worker's), who wrote it (`master`, `worker 2 g3`: slot and generation), the event name,
 * the message, then the other fields as one JSON object. What every line of this process carries
 * (role, slot, generation) is said in front rather than repeated in the object; `stream` is said by
 * the `output.printed` prefix. A stack trace still takes its own lines: it is what a person reads.
 */
function prettyOptions(destination: PinoPretty.PrettyOptions['destination'], colorize: boolean, base: Record<string, unknown>): PinoPretty.PrettyOptions {
  return {
    destination,
    colorize,
    singleLine: true,
    ignore: ['hostname', 'event', 'stream', ...Object.keys(base).filter((key) => key !== 'pid')].join(','),
    translateTime: 'SYS:HH:MM:ss.l',
    messageFormat: (log, messageKey, _levelLabel, { colors }) => {
      const who = log['role'] === 'worker' ? `worker ${String(log['worker'] ?? '?')} g${String(log['generation'] ?? '?')}` : String(log['role'] ?? 'tsgun');
      // A message with newlines (a config report) stays on its line.
      const message = String(log[messageKey] ?? '').replace(/\r?\n/g, ' ↵ ');
      if (log['event'] === 'output.printed') return `${colors.cyan(who)} ${colors.gray(`${String(log['stream'])}>`)} ${message}`;
      return `${colors.cyan(who)} ${typeof log['event'] === 'string' ? `${colors.gray(log['event'])} ` : ''}${message}`;
    },
  };
}

/**
 * pino-pretty (and its dozen dependencies, ~6 MB) only for a process that prints pretty lines: a
 * worker or master logging JSON, the usual case off a terminal, never loads it. Loaded synchronously
 * (it is CommonJS) so that createLogger stays synchronous.
 */
function loadPretty(): typeof PinoPretty {
  return createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
}

function reportToStderr(options: pino.LoggerOptions, problem: LogFileProblem): void {
  const stderr = pino(options, pino.destination({ dest: 2, sync: true }));
  logProblem(stderr, problem);
}

/** Logs what a LogFile reported: a failing write at error level, the recovery at warn. */
export function logProblem(logger: Logger, problem: LogFileProblem): void {
  if (problem.event === 'log.write-failed') {
    logger.error(
      { event: 'log.write-failed', path: problem.path, code: problem.error.code, err: problem.error },
      `cannot write to the log file ${problem.path}: ${problem.error.message}; lines are kept and retried`,
    );
  } else {
    logger.warn({ event: 'log.write-recovered', path: problem.path, dropped: problem.dropped }, `writing to the log file ${problem.path} works again (${problem.dropped} lines dropped meanwhile)`);
  }
}

/**
 * USR1 for each of a process's log files: a file that cannot be reopened (its directory was
 * replaced, permissions changed) is reported as `log.reopen-failed` and keeps its old fd, so the
 * process keeps serving and logging, as nginx does.
 */
export function reopenLogs(logger: Logger, files: readonly ({ readonly path: string | null; reopen(): void } | null)[]): void {
  for (const file of files) {
    try {
      file?.reopen();
    } catch (error) {
      const code = isTsgunError(error) ? error.code : 'TSG_INTERNAL';
      logger.error({ event: 'log.reopen-failed', code, path: file?.path, err: error }, `${(error as Error).message}; still writing to the old file`);
    }
  }
}

/** Plain lines to a file (the access log): appended, reopened on USR1, flushed at exit. */
export interface LineWriter {
  readonly path: string;
  write(line: string): void;
  /** Throws TSG_LOG_OPEN when the new file cannot be opened; the old one stays in use. */
  reopen(): void;
  flush(): Promise<void>;
}

/** Opens `path` now: throws TSG_LOG_OPEN when it cannot (a worker fails its boot with it). */
export function createLineWriter(path: string, onProblem: (problem: LogFileProblem) => void): LineWriter {
  const file = LogFile.open(path, { onProblem });
  return {
    path,
    write: (line) => void file.write(`${line}\n`),
    reopen: () => file.reopen(),
    flush: () => new Promise((resolve) => file.flush(() => resolve())),
  };
}
