// Opens the master's listeners: bound, never listened on or accepted from in the master. Each
// worker inherits the fd and calls listen()/accept itself; the master's copy keeps the socket (and
// its kernel backlog) alive while no worker holds it, so connections queue instead of being refused.
// Two runtime paths behind one function: net.BoundSocket (Node >= 24.19) and the handle factory
// node:cluster itself uses on older runtimes (net._createServerHandle). Neither path sets a backlog:
// a bound socket has none until the first worker's listen() gives it tsgun's (listen-fd.ts).

import { lookup } from 'node:dns/promises';
import { chmodSync, fstatSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import { constants } from 'node:os';
import type { BindAddress } from '../config/bind.ts';
import { TsgunError } from '../errors/tsgun-error.ts';
import type { BoundListener } from '../ipc/messages.ts';
import { clearStaleSocket } from './stale-socket.ts';

export type ListenerKind = BoundListener['kind'];

/** The master's listener: `address` is `127.0.0.1:41234`, `[::1]:8000`, `unix:/run/app.sock`, `fd://3`. */
export interface OpenListener extends BoundListener {
  /** The bind text it came from (`127.0.0.1:0`), or `LISTEN_FDS` for systemd sockets. */
  readonly source: string;
  readonly port: number | null;
  /** Closes the master's copy; removes a unix socket file this process created. Idempotent. */
  close(): void;
}

export type BindImpl = 'bound-socket' | 'server-handle';

/** The binding mechanism of this runtime; both are tested on the runtimes that have them. */
export function defaultBindImpl(): BindImpl {
  return typeof (net as { BoundSocket?: unknown }).BoundSocket === 'function' ? 'bound-socket' : 'server-handle';
}

interface RawBound {
  readonly fd: number;
  readonly port: number | null;
  close(): void;
}

interface LegacyHandle {
  readonly fd: number;
  getsockname?(out: Record<string, unknown>): number;
  close(): void;
}
type CreateServerHandle = (address: string | null, port: number, addressType: number, fd?: number, flags?: number) => LegacyHandle | number;

function bindTcp(host: string, port: number, family: 4 | 6, impl: BindImpl): RawBound {
  if (impl === 'bound-socket') {
    const BoundSocket = (net as unknown as { BoundSocket: new (o: object) => { fd(): number; address(): { port: number }; close(): void } }).BoundSocket;
    const bound = new BoundSocket({ host, port, ipv6Only: family === 6 && host !== '::' });
    return { fd: bound.fd(), port: bound.address().port, close: () => bound.close() };
  }
  const create = (net as unknown as { _createServerHandle: CreateServerHandle })._createServerHandle;
  const IPV6ONLY = 1; // uv_tcp_flags UV_TCP_IPV6ONLY
  const handle = create(host, port, family, undefined, family === 6 && host !== '::' ? IPV6ONLY : 0);
  if (typeof handle === 'number') throw errnoError(handle, `${host}:${port}`);
  const out: Record<string, unknown> = {};
  handle.getsockname?.(out);
  // libuv defers EADDRINUSE from bind() to listen() ("delayed_error"), and the master never listens:
  // a socket that did not get the port it asked for was not bound at all.
  if (port !== 0 && out['port'] !== port) {
    handle.close();
    throw errnoError(-constants.errno.EADDRINUSE, `${host}:${port}`);
  }
  return { fd: handle.fd, port: typeof out['port'] === 'number' ? out['port'] : port, close: () => handle.close() };
}

function bindPipe(path: string, impl: BindImpl): RawBound {
  if (impl === 'bound-socket') {
    const BoundSocket = (net as unknown as { BoundSocket: new (o: object) => { fd(): number; close(): void } }).BoundSocket;
    const bound = new BoundSocket({ path });
    return { fd: bound.fd(), port: null, close: () => bound.close() };
  }
  const create = (net as unknown as { _createServerHandle: CreateServerHandle })._createServerHandle;
  const handle = create(path, -1, -1);
  if (typeof handle === 'number') throw errnoError(handle, path);
  return { fd: handle.fd, port: null, close: () => handle.close() };
}

function errnoError(errno: number, where: string): NodeJS.ErrnoException {
  const { getSystemErrorName } = process.getBuiltinModule('node:util');
  const error: NodeJS.ErrnoException = new Error(`${getSystemErrorName(errno)} ${where}`);
  error.code = getSystemErrorName(errno);
  return error;
}

function bindError(text: string, error: unknown): TsgunError {
  const code = (error as NodeJS.ErrnoException).code ?? 'UNKNOWN';
  const why: Record<string, string> = {
    EADDRINUSE: 'the address is already in use by another process',
    EACCES: 'permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE; check the socket directory permissions)',
    EADDRNOTAVAIL: 'the address is not available on this host',
    ENOENT: 'the directory of the socket does not exist',
  };
  return new TsgunError('TSG_BIND', `cannot bind ${text}: ${why[code] ?? (error as Error).message} (${code})`, { cause: error });
}

export interface OpenOptions {
  readonly impl?: BindImpl;
  /** Resolves relative unix socket paths. */
  readonly cwd: string;
}

/** Binds one configured address. Throws TsgunError('TSG_BIND') naming the address and the reason. */
export async function openListener(bind: BindAddress, options: OpenOptions): Promise<OpenListener> {
  const impl = options.impl ?? defaultBindImpl();
  try {
    switch (bind.kind) {
      case 'tcp': {
        let host = bind.host;
        let family: 4 | 6 = bind.family === 6 ? 6 : 4;
        if (bind.family === 0) {
          const found = await lookup(bind.host);
          host = found.address;
          family = found.family === 6 ? 6 : 4;
        }
        const raw = bindTcp(host, bind.port, family, impl);
        const address = family === 6 ? `[${host}]:${raw.port}` : `${host}:${raw.port}`;
        return once({ fd: raw.fd, kind: 'tcp', address, source: bind.text, port: raw.port }, raw.close);
      }
      case 'unix': {
        const path = bind.path.startsWith('/') ? bind.path : `${options.cwd}/${bind.path}`;
        await clearStaleSocket(path);
        const raw = bindPipe(path, impl);
        if (bind.mode !== null) chmodSync(path, bind.mode);
        return once({ fd: raw.fd, kind: 'unix', address: `unix:${path}`, source: bind.text, port: null }, () => {
          raw.close();
          try {
            unlinkSync(path);
          } catch {
            // already gone
          }
        });
      }
      case 'fd':
        return inheritedListener(bind.fd, bind.text);
    }
  } catch (error) {
    throw error instanceof TsgunError ? error : bindError(bind.text, error);
  }
}

function inheritedListener(fd: number, source: string): OpenListener {
  let stat;
  try {
    stat = fstatSync(fd);
  } catch (error) {
    throw new TsgunError('TSG_BIND', `cannot use ${source}: file descriptor ${fd} is not open in this process`, { cause: error });
  }
  if (!stat.isSocket()) throw new TsgunError('TSG_BIND', `cannot use ${source}: file descriptor ${fd} is not a socket`);
  // An inherited socket is the parent's to clean up; closing our copy is all we do.
  return once({ fd, kind: 'tcp', address: `fd://${fd}`, source, port: null }, () => {
    try {
      process.getBuiltinModule('node:fs').closeSync(fd);
    } catch {
      // already closed
    }
  });
}

function once(fields: Omit<OpenListener, 'close'>, close: () => void): OpenListener {
  let closed = false;
  return {
    ...fields,
    close() {
      if (closed) return;
      closed = true;
      close();
    },
  };
}

/**
 * Sockets passed by systemd socket activation (sd_listen_fds): fds 3 .. 3+LISTEN_FDS-1 when
 * LISTEN_PID is this process. The variables are removed so that workers do not take them as theirs.
 * systemd has already listened on them with its `Backlog=`; the workers listen again with tsgun's
 * `backlog`, which Linux applies (the last listen() wins): Node cannot accept on a socket without
 * calling listen(), and the current value cannot be read back to keep it, so `backlog` is the one
 * setting for every listener (docs/deploy.md, socket activation).
 */
export function systemdListeners(env: NodeJS.ProcessEnv, pid: number): OpenListener[] {
  const count = Number(env['LISTEN_FDS']);
  if (env['LISTEN_PID'] !== String(pid) || !Number.isInteger(count) || count <= 0) return [];
  delete env['LISTEN_PID'];
  delete env['LISTEN_FDS'];
  delete env['LISTEN_FDNAMES'];
  return Array.from({ length: count }, (_, i) => inheritedListener(3 + i, 'LISTEN_FDS'));
}
