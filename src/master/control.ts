// The master's side of the control socket: one connection, one request, its answer (the protocol,
// framing and checks are ipc/control-protocol.ts, shared with the CLI). `tsgun status`, `reload`,
// `scale`, `stop` and `reopen-logs` ask here; `config` answers `tsgun reload --dry-run` (live-config.ts).
// Without a `controlSocket`, `tsgun reload` finds the master by its `pidfile` and SIGHUP, and the
// master writes each reload's outcome next to the pidfile (`<pidfile>.reload.json`, replaced
// atomically) for the command to read.

import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, linkSync, lstatSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import { dirname } from 'node:path';
import { TsgunError } from '../errors/tsgun-error.ts';
import { encodeLine, LineReader, MAX_REQUEST_BYTES, parseRequest, type ControlReply, type ControlRequest, type ReloadOutcome, type StatusReport, type StopProgress } from '../ipc/control-protocol.ts';
import type { Logger } from '../log/logger.ts';
import { writeFileAtomic } from '../sys/atomic-write.ts';
import { clearStaleSocket } from '../sys/stale-socket.ts';
import { assertNever } from '../util/assert-never.ts';
import { unixPathTooLong } from '../util/unix-path.ts';

export interface ControlHandlers {
  status(): StatusReport;
  reload(): Promise<ReloadOutcome>;
  /** The config the master runs, as `tsgun reload --dry-run` plans against it (live-config.ts). */
  config(nonce: string): unknown;
  /** Resolves once the new workers are ready or the surplus ones gone, or with the refusal. */
  scale(workers: number, relative: boolean): Promise<ControlReply<'scale'>>;
  /** Begins the stop; the final reply is sent by close(exitCode) as the master exits. */
  stop(fast: boolean): StopProgress;
  reopenLogs(): void;
}

/** Who may connect: the socket's mode, and its group (a gid) when one is set. */
export interface ControlAccess {
  readonly mode: number;
  readonly gid: number | null;
}

const PRIVATE: ControlAccess = { mode: 0o600, gid: null };

/**
 * How long a connection may take to send its request line. tsgun's own client sends it as it
 * connects; a client that sends nothing (or half a line) would otherwise hold a connection, and a
 * file descriptor of the master's, for ever.
 */
const READ_TIMEOUT_MS = 10_000;

/** What a test may fix: the temporary name the socket is bound under, and the read timeout. */
export interface ControlServerOptions {
  readonly tempName?: () => string;
  readonly readTimeoutMs?: number;
}

export function reloadStatusPath(pidfile: string): string {
  return `${pidfile}.reload.json`;
}

/** Records a reload's outcome for `tsgun reload` (pidfile mode): when it started and how it ended. */
export function writeReloadStatus(pidfile: string, startedAt: number, outcome: ReloadOutcome): void {
  writeFileAtomic(reloadStatusPath(pidfile), `${JSON.stringify({ pid: process.pid, startedAt, finishedAt: Date.now(), outcome })}\n`);
}

export function removeReloadStatus(pidfile: string): void {
  try {
    unlinkSync(reloadStatusPath(pidfile));
  } catch {
    // never written
  }
}

/** The socket's identity, so that close() removes this server's socket and nothing put there since. */
function identity(path: string): string | null {
  try {
    const stat = lstatSync(path);
    return stat.isSocket() ? `${stat.dev}:${stat.ino}` : null;
  } catch {
    return null;
  }
}

function openError(path: string, error: unknown): TsgunError {
  const { code, syscall, message } = error as NodeJS.ErrnoException;
  let why = message;
  if (code === 'EADDRINUSE') why = 'a running process answers on it, most likely another tsgun master (is tsgun already running?); stop that one, or give this master its own controlSocket';
  else if (code === 'EEXIST' && syscall === 'link') why = 'something was put there while this master was starting (another master starting at the same moment?); it was left as it is';
  else if (code === 'EEXIST') why = `${message}; remove it or choose another controlSocket path`;
  else if (syscall === 'chown') why = `cannot give it to controlSocketGroup (${message}); a master that is not root can give it only to a group it is a member of`;
  return new TsgunError('TSG_CONTROL_SOCKET', `cannot open the control socket ${path}: ${why}`, { cause: error });
}

export class ControlServer {
  readonly #server: net.Server;
  readonly #path: string;
  readonly #logger: Logger;
  #identity: string | null = null;
  readonly #handlers: PromiseWithResolvers<ControlHandlers> = Promise.withResolvers();
  /** Clients of `stop`, told the exit code as the master exits. */
  readonly #stopping = new Set<net.Socket>();

  private constructor(path: string, logger: Logger, readTimeoutMs: number) {
    this.#path = path;
    this.#logger = logger;
    this.#server = net.createServer((socket) => {
      const reader = new LineReader(MAX_REQUEST_BYTES);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => this.#stopping.delete(socket));
      // Until the request line is in: then the answer may take its time (stop waits for the exit).
      socket.setTimeout(readTimeoutMs, () => {
        const error = `no complete request line within ${readTimeoutMs / 1000} s`;
        this.#logger.warn({ event: 'control.timed-out', error }, `control socket: ${error}`);
        socket.removeAllListeners('data');
        socket.setTimeout(0);
        socket.end(encodeLine({ ok: false, error }));
        // A client that does not read the answer either does not hold the connection for that.
        setTimeout(() => socket.destroy(), readTimeoutMs).unref();
      });
      socket.on('data', (chunk: Buffer) => {
        const lines = reader.push(chunk);
        if (lines === null) {
          socket.removeAllListeners('data');
          socket.setTimeout(0);
          socket.end(encodeLine({ ok: false, error: `request too large (at most ${MAX_REQUEST_BYTES} bytes)` }));
          return;
        }
        if (lines.length === 0) return;
        // One request per connection: anything after the first line is ignored.
        socket.removeAllListeners('data');
        socket.setTimeout(0);
        void this.#answer(lines[0]!, socket)
          .catch((error: unknown) => {
            // A handler that throws must not become an unhandled rejection in the master.
            this.#logger.error({ event: 'control.failed', err: error }, 'a control request failed');
            return { ok: false, error: error instanceof Error ? error.message : String(error) };
          })
          .then((reply) => {
            if (reply !== null) socket.end(encodeLine(reply));
          });
      });
    });
  }

  /**
   * Listens on `path`, replacing only a stale socket (one nothing answers on). Another master's
   * live socket, or a file of any other kind at the path, is refused with TSG_CONTROL_SOCKET and
   * left as it was. A request that arrives before serve() waits for it. `options.tempName` names the
   * socket before it is linked to `path` (random; a test may fix it).
   */
  static async open(path: string, logger: Logger, access: ControlAccess = PRIVATE, options: ControlServerOptions = {}): Promise<ControlServer> {
    const { tempName = () => randomBytes(4).toString('hex'), readTimeoutMs = READ_TIMEOUT_MS } = options;
    const control = new ControlServer(path, logger, readTimeoutMs);
    // Bound under a random name next to `path`, given its group and mode, then hard-linked to
    // `path`: link(2) fails with EEXIST rather than replace anything (a master starting at the same
    // moment, a file created since the check), and libuv's unlink of the bound name on close() then
    // removes only that temporary name, never whatever is at `path` by then. Whoever may connect can
    // do so only once the socket is at `path`, already with its final owner and mode.
    // The name is short so that a path near the 108-byte limit of sun_path still fits.
    // Not join(): it would make `./.12345678` (a socket in the working directory) `.12345678`,
    // which listen() takes for a port number, string or { path } alike.
    const temp = `${dirname(path)}/.${tempName()}`;
    const tooLong = unixPathTooLong(path);
    if (tooLong !== null) throw new TsgunError('TSG_CONTROL_SOCKET', `cannot open the control socket ${path}: ${tooLong}`);
    try {
      await clearStaleSocket(path);
      await new Promise<void>((resolve, reject) => {
        control.#server.once('error', reject);
        // Born 0600: bind(2) runs inside listen() (synchronously, in the master), so a umask set
        // around the call covers it, and no one can connect in a window before the chmod below.
        const umask = process.umask(0o177);
        try {
          control.#server.listen(temp, () => {
            control.#server.off('error', reject);
            resolve();
          });
        } finally {
          process.umask(umask);
        }
      });
      if (access.gid !== null) chownSync(temp, -1, access.gid);
      chmodSync(temp, access.mode);
      linkSync(temp, path);
    } catch (error) {
      control.#server.close();
      throw openError(path, error);
    } finally {
      try {
        unlinkSync(temp);
      } catch {
        // never bound
      }
    }
    control.#identity = identity(path);
    return control;
  }

  /** Starts answering requests, those already waiting included. */
  serve(handlers: ControlHandlers): void {
    this.#handlers.resolve(handlers);
  }

  /** The final reply, or null when it is sent later (`stop`: by close()). */
  async #answer(line: string, socket: net.Socket): Promise<object | null> {
    const parsed = parseRequest(line);
    if (!parsed.ok) {
      this.#logger.warn({ event: 'control.refused', error: parsed.error }, `control: refused a request: ${parsed.error}`);
      return { ok: false, error: parsed.error };
    }
    const request: ControlRequest = parsed.value;
    this.#logger.info({ event: 'control.request', command: request.command }, `control: ${request.command}`);
    const handlers = await this.#handlers.promise;
    switch (request.command) {
      case 'status':
        return { ok: true, status: handlers.status() };
      case 'reload':
        return { ok: true, outcome: await handlers.reload() };
      case 'config':
        return { ok: true, config: handlers.config(request.nonce) };
      case 'scale':
        return handlers.scale(request.workers, request.relative);
      case 'stop':
        this.#stopping.add(socket);
        socket.write(encodeLine({ progress: { stopping: handlers.stop(request.fast) } }));
        return null;
      case 'reopen-logs':
        handlers.reopenLogs();
        return { ok: true, reopened: { pid: process.pid } };
      default:
        return assertNever(request);
    }
  }

  /** Stops listening and removes the socket; clients waiting on `stop` are told `exitCode`. */
  close(exitCode?: number): void {
    for (const socket of this.#stopping) {
      if (exitCode === undefined) socket.end();
      else socket.end(encodeLine({ ok: true, stopped: { pid: process.pid, exitCode } }));
    }
    this.#stopping.clear();
    this.#server.close();
    // Only our own socket: never whatever someone has put at the path since.
    if (this.#identity === null || identity(this.#path) !== this.#identity) return;
    try {
      unlinkSync(this.#path);
    } catch {
      // gone
    }
  }
}
