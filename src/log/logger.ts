// One pino logger per process, writing to stdout or the errorLog file. Master and workers share the
// stdout pipe, so writes go through an async destination with maxWrite 4096: measured, the default
// destination tore 38-75 lines per ~84k when several processes wrote to one pipe; this tore none
// (a write under PIPE_BUF is atomic). pino-pretty runs in-process, never as a transport thread.

import pino, { type Logger } from 'pino';
import PinoPretty from 'pino-pretty';

export type { Logger } from 'pino';

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
  /** Reopens the errorLog file after rotation (USR1). A no-op for stdout. */
  reopen(): void;
  /** Flushes what is buffered; resolves when written. */
  flush(): Promise<void>;
}

export function createLogger(options: LoggerOptions): ProcessLogger {
  const toFile = options.errorLog !== '-';
  const destination = pino.destination({
    dest: toFile ? options.errorLog : 1,
    sync: false,
    maxWrite: 4096,
    mkdir: toFile,
    append: true,
  });
  const pretty = options.format === 'pretty' || (options.format === 'auto' && options.isTty && !toFile);
  const stream = pretty
    ? PinoPretty({ destination, colorize: options.isTty && !toFile, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l' })
    : destination;
  const logger = pino(
    {
      level: options.level,
      base: options.pid === false ? { ...options.base } : { pid: process.pid, ...options.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
  return {
    logger,
    reopen() {
      if (toFile) destination.reopen();
    },
    flush() {
      return new Promise((resolve) => {
        logger.flush(() => resolve());
      });
    },
  };
}

/** Plain lines to a file (the access log): appended, reopened on USR1, flushed at exit. */
export interface LineWriter {
  write(line: string): void;
  reopen(): void;
  flush(): Promise<void>;
}

export function createLineWriter(path: string): LineWriter {
  const destination = pino.destination({ dest: path, sync: false, maxWrite: 4096, mkdir: true, append: true });
  return {
    write: (line) => void destination.write(`${line}\n`),
    reopen: () => destination.reopen(),
    flush: () => new Promise((resolve) => destination.flush(() => resolve())),
  };
}
