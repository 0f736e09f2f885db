// How `tsgun reload` talks to a running master and learns how the reload ended. With a
// `controlSocket`, over that unix socket: one JSON request line, one JSON reply line. With only a
// `pidfile`, by SIGHUP, and the master writes each reload's outcome next to the pidfile
// (`<pidfile>.reload.json`, replaced atomically) for the command to read.

import { chmodSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import type { Logger } from '../log/logger.ts';
import type { ReloadOutcome } from './events.ts';

export interface ControlRequest {
  readonly command: 'reload' | 'status';
}

export interface ControlHandlers {
  reload(): Promise<ReloadOutcome>;
  status(): Record<string, unknown>;
}

const MAX_REQUEST = 4096;

export function reloadStatusPath(pidfile: string): string {
  return `${pidfile}.reload.json`;
}

/** Records a reload's outcome for `tsgun reload` (pidfile mode): when it started and how it ended. */
export function writeReloadStatus(pidfile: string, startedAt: number, outcome: ReloadOutcome): void {
  const path = reloadStatusPath(pidfile);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ pid: process.pid, startedAt, finishedAt: Date.now(), outcome })}\n`);
  renameSync(temp, path);
}

export function removeReloadStatus(pidfile: string): void {
  try {
    unlinkSync(reloadStatusPath(pidfile));
  } catch {
    // never written
  }
}

export class ControlServer {
  readonly #server: net.Server;
  readonly #path: string;

  private constructor(server: net.Server, path: string) {
    this.#server = server;
    this.#path = path;
  }

  static async open(path: string, handlers: ControlHandlers, logger: Logger): Promise<ControlServer> {
    try {
      unlinkSync(path); // a stale socket from a master that died; the pidfile already guards against two masters
    } catch {
      // none
    }
    const server = net.createServer((socket) => {
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
        void answer(line).then((reply) => socket.end(`${JSON.stringify(reply)}\n`));
      });
    });
    const answer = async (line: string): Promise<unknown> => {
      let request: unknown;
      try {
        request = JSON.parse(line);
      } catch {
        return { ok: false, error: 'not JSON' };
      }
      const command = (request as Partial<ControlRequest>)?.command;
      logger.info({ event: 'control.request', command }, `control: ${String(command)}`);
      if (command === 'reload') return { ok: true, outcome: await handlers.reload() };
      if (command === 'status') return { ok: true, status: handlers.status() };
      return { ok: false, error: `unknown command ${JSON.stringify(command)}; expected reload or status` };
    };
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
    chmodSync(path, 0o600);
    return new ControlServer(server, path);
  }

  close(): void {
    this.#server.close();
    try {
      unlinkSync(this.#path);
    } catch {
      // gone
    }
  }
}
