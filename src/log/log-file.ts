// A log file (errorLog, accessLog) that a bad path or a full disk cannot turn into a dead process.
// Opened synchronously, so that a path that cannot be opened fails the start or the boot with its
// reason instead of surfacing later as an 'error' event nobody handles (what pino.destination did).
// Reopened (USR1) by opening the new file first and switching only once that worked, as nginx
// does: a failed reopen keeps writing to the old file. A failed write never throws: the lines wait,
// up to a bound, and are retried once a second; the owner hears of the failure once.

import { EventEmitter } from 'node:events';
import { close, fchownSync, fstatSync, mkdirSync, openSync, write, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { TsgunError } from '../errors/tsgun-error.ts';

/** What a log file reports about itself; the owner logs it where it still can. */
export type LogFileProblem =
  | { readonly event: 'log.write-failed'; readonly path: string; readonly error: NodeJS.ErrnoException }
  /** Writes work again; `dropped` lines were lost meanwhile (over the bound of what is kept). */
  | { readonly event: 'log.write-recovered'; readonly path: string; readonly dropped: number };

export interface LogFileOptions {
  readonly onProblem: (problem: LogFileProblem) => void;
  /**
   * Characters kept while writes fail (a full disk); later lines are dropped and counted. The
   * default, 16 Mi, holds minutes of a busy access log without letting the heap grow for ever.
   */
  readonly maxPending?: number;
  /** How long to wait before retrying a failed write. */
  readonly retryMs?: number;
  /** fs.write, replaceable in tests. */
  readonly write?: typeof write;
}

const DEFAULT_MAX_PENDING = 16 * 1024 * 1024;
const DEFAULT_RETRY_MS = 1_000;

/** Opens `path` for appending (creating its directory, as pino's mkdir did), or throws TSG_LOG_OPEN. */
export function openLogFd(path: string): number {
  try {
    mkdirSync(dirname(path), { recursive: true });
    return openSync(path, 'a');
  } catch (error) {
    throw logOpenError(path, error as NodeJS.ErrnoException);
  }
}

function logOpenError(path: string, cause: NodeJS.ErrnoException): TsgunError {
  const who = process.getuid === undefined ? '' : ` as uid ${process.getuid()}`;
  const why: Record<string, string> = {
    EISDIR: 'it is a directory; name a file',
    ENOTDIR: 'a part of its directory path is not a directory',
    EEXIST: 'a part of its directory path is not a directory',
    EACCES: `permission denied${who}; give that user write access to the file and its directory`,
    EPERM: `not permitted${who}`,
    EROFS: 'the file system is read-only',
  };
  const reason = why[cause.code ?? ''] ?? cause.message;
  return new TsgunError('TSG_LOG_OPEN', `cannot open the log file ${path}: ${reason} (${cause.code ?? 'error'})`, { cause });
}

export class LogFile extends EventEmitter {
  readonly path: string;
  #fd: number;
  /** The fd a write is in flight on, if any: reopen() must not close it under that write. */
  #inFlight: number | null = null;
  /** An fd replaced by reopen() while a write was in flight on it; closed once that write is done. */
  #retired: number | null = null;
  #pending = '';
  /** The unwritten rest of a batch (a short write, or a failed one). */
  #head: Buffer | null = null;
  #writing = false;
  #failing = false;
  #dropped = 0;
  #retry: NodeJS.Timeout | null = null;
  #flushed: (() => void)[] = [];
  #closed = false;
  readonly #options: LogFileOptions;
  readonly #maxPending: number;
  readonly #write: typeof write;
  readonly #onExit = (): void => this.flushSync();

  /** Opens the file now; throws TSG_LOG_OPEN with the reason when it cannot. */
  static open(path: string, options: LogFileOptions): LogFile {
    return new LogFile(path, openLogFd(path), options);
  }

  private constructor(path: string, fd: number, options: LogFileOptions) {
    super();
    this.path = path;
    this.#fd = fd;
    this.#options = options;
    this.#maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
    this.#write = options.write ?? write;
    // Lines still queued when the process exits (a crash, process.exit) are written synchronously.
    process.on('exit', this.#onExit);
  }

  /** Characters waiting to be written. */
  get pending(): number {
    return this.#pending.length + (this.#head?.length ?? 0);
  }

  /** Queues `chunk` (whole lines). Always true: the bound is ours, there is no back-pressure to honour. */
  write(chunk: string): boolean {
    if (this.#closed) return true;
    if (this.#pending.length + chunk.length > this.#maxPending) {
      this.#dropped++;
      return true;
    }
    this.#pending += chunk;
    if (!this.#writing && !this.#failing) this.#next();
    return true;
  }

  /**
   * Opens the path again (after rotation) and switches to the new file only when that worked. On
   * failure it throws TSG_LOG_OPEN and keeps writing to the old file.
   */
  reopen(): void {
    if (this.#closed) return;
    const fd = openLogFd(this.path);
    const old = this.#fd;
    this.#fd = fd;
    // The write in flight goes to the old file; that fd is closed when the write is done.
    if (old === this.#inFlight) this.#retired = old;
    else close(old, () => {});
    if (this.#failing) this.#retryNow();
  }

  /**
   * Gives the file to another owner (the workers' user, so that they can reopen it after rotation).
   * Only a regular file: `/dev/null` or a terminal reached through `/dev/stdout` keep their owner.
   * Through the fd, so that a path swapped since the open is not what gets chowned.
   */
  chown(uid: number, gid: number): void {
    if (this.#closed || !fstatSync(this.#fd).isFile()) return;
    fchownSync(this.#fd, uid, gid);
  }

  /** Calls back once everything queued is written, or at once while writes fail (the lines wait). */
  flush(cb: (error?: Error) => void = () => {}): void {
    if (this.#idle() || this.#failing) cb();
    else this.#flushed.push(() => cb());
  }

  /** Writes what is queued synchronously, once; errors are swallowed (used at exit). */
  flushSync(): void {
    if (this.#closed) return;
    try {
      // A batch in flight is the thread pool's; writing it again would duplicate lines.
      if (!this.#writing && this.#head !== null) writeSync(this.#fd, this.#head);
      if (!this.#writing) this.#head = null;
      if (this.#pending !== '') writeSync(this.#fd, this.#pending);
      this.#pending = '';
    } catch {
      // Nothing left to tell: the process is on its way out.
    }
  }

  /** Flushes, then closes the file. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await new Promise<void>((resolve) => this.flush(() => resolve()));
    this.#closed = true;
    if (this.#retry !== null) clearTimeout(this.#retry);
    process.off('exit', this.#onExit);
    await new Promise<void>((resolve) => {
      // A write may still be in flight when the lines are being dropped (a full disk).
      const fd = this.#fd;
      const done = (): void => close(fd, () => resolve());
      if (this.#writing) this.#flushed.push(done);
      else done();
    });
    this.emit('close');
  }

  /** pino-pretty pipes into its destination and ends it. */
  end(): void {
    void this.close();
  }

  #idle(): boolean {
    return !this.#writing && this.#head === null && this.#pending === '';
  }

  #next(): void {
    if (this.#head === null) {
      if (this.#pending === '') return this.#settle();
      this.#head = Buffer.from(this.#pending);
      this.#pending = '';
    }
    this.#writing = true;
    const fd = this.#fd;
    this.#inFlight = fd;
    const head = this.#head;
    this.#write(fd, head, 0, head.length, null, (error, written) => this.#written(head, error, written));
  }

  #written(head: Buffer, error: NodeJS.ErrnoException | null, written: number): void {
    this.#writing = false;
    this.#inFlight = null;
    if (this.#retired !== null) {
      close(this.#retired, () => {});
      this.#retired = null;
    }
    if (this.#closed) return this.#settle();
    if (error !== null && error.code !== 'EAGAIN') return this.#failed(error);
    if (error === null) {
      this.#head = written >= head.length ? null : head.subarray(written);
      if (this.#failing || this.#dropped > 0) this.#recovered();
    }
    this.#next();
  }

  #failed(error: NodeJS.ErrnoException): void {
    if (!this.#failing) {
      this.#failing = true;
      this.#options.onProblem({ event: 'log.write-failed', path: this.path, error });
    }
    this.#retry = setTimeout(() => this.#retryNow(), this.#options.retryMs ?? DEFAULT_RETRY_MS);
    this.#retry.unref();
    this.#settle();
  }

  #retryNow(): void {
    if (this.#retry !== null) clearTimeout(this.#retry);
    this.#retry = null;
    if (!this.#writing) this.#next();
  }

  #recovered(): void {
    this.#failing = false;
    const dropped = this.#dropped;
    this.#dropped = 0;
    this.#options.onProblem({ event: 'log.write-recovered', path: this.path, dropped });
  }

  /** Wakes flush() callers: the queue is empty, or writes fail and waiting would hang an exit. */
  #settle(): void {
    if (!this.#idle() && !this.#failing && !this.#closed) return;
    const waiting = this.#flushed;
    this.#flushed = [];
    for (const cb of waiting) cb();
  }
}
