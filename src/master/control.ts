// How `tsgun reload` talks to a running master and learns how the reload ended. With a
// `controlSocket`, over that unix socket: one JSON request line, one JSON reply line (`reload`,
// `status`, and `config` for `tsgun reload --dry-run`: see live-config.ts). With only a
// `pidfile`, by SIGHUP, and the master writes each reload's outcome next to the pidfile
// (`<pidfile>.reload.json`, replaced atomically) for the command to read.

import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, lstatSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { TsgunError } from '../errors/tsgun-error.ts';
import type { Logger } from '../log/logger.ts';
import { writeFileAtomic } from '../sys/atomic-write.ts';
import { clearStaleSocket } from '../sys/stale-socket.ts';
import type { ReloadOutcome } from './events.ts';
import { NONCE, type LiveConfig } from './live-config.ts';

export interface ControlRequest {
  readonly command: 'reload' | 'status' | 'config';
  /** `config` only: the key of the digests of secrets (live-config.ts), chosen by the client. */
  readonly nonce?: string;
}

export interface ControlHandlers {
  reload(): Promise<ReloadOutcome>;
  status(): Record<string, unknown>;
  /** The config the master runs, as `tsgun reload --dry-run` plans against it. */
  config(nonce: string): LiveConfig;
}

const MAX_REQUEST = 4096;

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
  return new TsgunError('TSG_CONTROL_SOCKET', `cannot open the control socket ${path}: ${why}`, { cause: error });
}

export class ControlServer {
  readonly #server: net.Server;
  readonly #path: string;
  readonly #logger: Logger;
  #identity: string | null = null;
  readonly #handlers: PromiseWithResolvers<ControlHandlers> = Promise.withResolvers();

  private constructor(path: string, logger: Logger) {
    this.#path = path;
    this.#logger = logger;
    this.#server = net.createServer((socket) => {
      let buffer = '';
      socket.setEncoding('utf8');
      socket.on('error', () => socket.destroy());
      socket.on('data', (chunk: string) => {
        buffer += chunk;
        if (buffer.length > MAX_REQUEST) {
          socket.end(`${JSON.stringify({ ok: false, error: 'request too large' })}\n`);
          return;
        }
        const nl = buffer.indexOf('\n');
        if (nl === -1) return;
        const line = buffer.slice(0, nl);
        socket.removeAllListeners('data');
        void this.#answer(line)
          .catch((error: unknown) => {
            // A handler that throws must not become an unhandled rejection in the master.
            this.#logger.error({ event: 'control.failed', err: error }, 'a control request failed');
            return { ok: false, error: error instanceof Error ? error.message : String(error) };
          })
          .then((reply) => socket.end(`${JSON.stringify(reply)}\n`));
      });
    });
  }

  /**
   * Listens on `path`, replacing only a stale socket (one nothing answers on). Another master's
   * live socket, or a file of any other kind at the path, is refused with TSG_CONTROL_SOCKET and
   * left as it was. A request that arrives before serve() waits for it.
   */
  static async open(path: string, logger: Logger): Promise<ControlServer> {
    const control = new ControlServer(path, logger);
    // Bound under a random name next to `path`, made 0600, then hard-linked to `path`: link(2)
    // fails with EEXIST rather than replace anything (a master starting at the same moment, a file
    // created since the check), and libuv's unlink of the bound name on close() then removes only
    // that temporary name, never whatever is at `path` by then.
    // The name is short so that a path near the 108-byte limit of sun_path still fits.
    const temp = join(dirname(path), `.${randomBytes(4).toString('hex')}`);
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
      chmodSync(temp, 0o600);
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

  async #answer(line: string): Promise<unknown> {
    let request: unknown;
    try {
      request = JSON.parse(line);
    } catch {
      return { ok: false, error: 'not JSON' };
    }
    const command = (request as Partial<ControlRequest>)?.command;
    this.#logger.info({ event: 'control.request', command }, `control: ${String(command)}`);
    const handlers = await this.#handlers.promise;
    if (command === 'reload') return { ok: true, outcome: await handlers.reload() };
    if (command === 'status') return { ok: true, status: handlers.status() };
    if (command === 'config') {
      const nonce = (request as Partial<ControlRequest>).nonce;
      if (typeof nonce !== 'string' || !NONCE.test(nonce)) return { ok: false, error: 'config needs a nonce: 16 to 128 lowercase hex digits' };
      return { ok: true, config: handlers.config(nonce) };
    }
    return { ok: false, error: `unknown command ${JSON.stringify(command)}; expected reload, status or config` };
  }

  close(): void {
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
