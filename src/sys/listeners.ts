// Opens the master's listeners: bound, never listened on or accepted from in the master. Each
// worker inherits the fd and calls listen()/accept itself; the master's copy keeps the socket (and
// its kernel backlog) alive while no worker holds it, so connections queue instead of being refused.
// Two runtime paths behind one function: net.BoundSocket (Node >= 24.19) and the handle factory
// node:cluster itself uses on older runtimes (net._createServerHandle). Neither path sets a backlog:
// a bound socket has none until the first worker's listen() gives it tsgun's (listen-fd.ts).

import { chmodSync, fstatSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import { constants } from 'node:os';
import type { BindAddress } from '../config/bind.ts';
import { TsgunError } from '../errors/tsgun-error.ts';
import type { BoundListener } from '../ipc/messages.ts';
import { unixPathTooLong } from '../util/unix-path.ts';
import { clearStaleSocket } from './stale-socket.ts';

export type ListenerKind = BoundListener['kind'];

/** The master's listener: `address` is `127.0.0.1:41234`, `[::1]:8000`, `unix:/run/app.sock`, `fd://3`. */
export interface OpenListener extends BoundListener {
  /** The bind text it came from (`127.0.0.1:0`), or `LISTEN_FDS` for systemd sockets. */
  readonly source: string;
  readonly port: number | null;
  /** Closes the master's copy; removes a unix socket file this process created. Idempotent. */
  close(): void;
  /**
   * Whether close() removes a unix socket's file (no-op for others): an upgrade hands the socket to
   * a new master, and the file must outlive the old one's copy; the new one owns it once it serves.
   */
  ownFile(owns: boolean): void;
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
          // Loaded only for a host name: the resolver's modules cost a master that binds IPs ~1 MiB of RSS.
          const { lookup } = await import('node:dns/promises');
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
        const tooLong = unixPathTooLong(path);
        if (tooLong !== null) throw new TsgunError('TSG_BIND', `cannot bind ${bind.text}: ${tooLong}`);
        await clearStaleSocket(path);
        const raw = bindPipe(path, impl);
        if (bind.mode !== null) chmodSync(path, bind.mode);
        // libuv unlinks a bound pipe's path when its handle closes: a socket handed to another
        // master (ownFile(false)) keeps its handle open until this process exits.
        return once({ fd: raw.fd, kind: 'unix', address: `unix:${path}`, source: bind.text, port: null }, (owns) => owns && raw.close(), path);
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
  return once({ fd, kind: 'tcp', address: `fd://${fd}`, source, port: null }, () => closeFd(fd));
}

function closeFd(fd: number): void {
  try {
    process.getBuiltinModule('node:fs').closeSync(fd);
  } catch {
    // already closed
  }
}

/** `file`: the unix socket's path, removed by close() while this process owns it. */
function once(fields: Omit<OpenListener, 'close' | 'ownFile'>, close: (owns: boolean) => void, file: string | null = null, owns = true): OpenListener {
  let closed = false;
  let removes = owns;
  return {
    ...fields,
    close() {
      if (closed) return;
      closed = true;
      close(removes);
      if (file === null || !removes) return;
      try {
        unlinkSync(file);
      } catch {
        // already gone
      }
    },
    ownFile(value) {
      removes = value;
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
  return listenFds(env, pid).map((fd) => inheritedListener(fd, 'LISTEN_FDS'));
}

/** sd_listen_fds(3): the fds passed from 3 on when LISTEN_PID names this process; the variables are then removed. */
function listenFds(env: NodeJS.ProcessEnv, pid: number): number[] {
  const count = Number(env['LISTEN_FDS']);
  if (env['LISTEN_PID'] !== String(pid) || !Number.isInteger(count) || count <= 0) return [];
  delete env['LISTEN_PID'];
  delete env['LISTEN_FDS'];
  delete env['LISTEN_FDNAMES'];
  return Array.from({ length: count }, (_, i) => 3 + i);
}

// ---- upgrade: the listeners an old master hands to the new one -----------------------------------

/** The variable that tells a new master it is an upgrade, from which master, and what its LISTEN_FDS are. */
export const UPGRADE_ENV = 'TSGUN_UPGRADE';

/** One handed-over listener: its key in the old master's pool (listener-pool.ts), or null for a systemd socket. */
export interface HandedOverListener {
  readonly key: string | null;
  readonly kind: ListenerKind;
  readonly address: string;
  readonly source: string;
  readonly port: number | null;
}

/** What an old master passes in UPGRADE_ENV. */
export interface Handover {
  /** The old master's pid. */
  readonly from: number;
  /** In the order of the fds, 3 onwards. */
  readonly listeners: readonly HandedOverListener[];
}

/**
 * The environment for a new master started with `listeners` as fds 3, 4, …: the systemd protocol
 * (LISTEN_FDS; LISTEN_PID is set by the shell that execs the new master, the only one to know its
 * pid), plus what each socket is in UPGRADE_ENV.
 */
export function handOverEnv(handover: Handover): Record<string, string> {
  return {
    LISTEN_FDS: String(handover.listeners.length),
    LISTEN_FDNAMES: handover.listeners.map(() => 'tsgun-upgrade').join(':'),
    [UPGRADE_ENV]: JSON.stringify(handover),
  };
}

/** A handed-over listener in the new master, with the one thing that was opened. */
export interface Adopted {
  readonly key: string | null;
  readonly listener: OpenListener;
}

function parseHandover(text: string | undefined): Handover | null {
  if (text === undefined) return null;
  try {
    const value = JSON.parse(text) as Handover;
    if (!Number.isSafeInteger(value.from) || !Array.isArray(value.listeners)) return null;
    const valid = value.listeners.every(
      (l) => (l.key === null || typeof l.key === 'string') && (l.kind === 'tcp' || l.kind === 'unix') && typeof l.address === 'string' && typeof l.source === 'string',
    );
    return valid ? value : null;
  } catch {
    return null;
  }
}

/**
 * In a new master started by an upgrade: the old master's pid and its listeners, on the fds that
 * LISTEN_FDS names (the same path as socket activation), or null when this master is no upgrade.
 * The variables are removed so that workers do not take them as theirs. A unix socket's file
 * stays the old master's until this one serves (ownFile).
 */
export function handedOverListeners(env: NodeJS.ProcessEnv, pid: number): { readonly from: number; readonly adopted: Adopted[] } | null {
  const handover = parseHandover(env[UPGRADE_ENV]);
  delete env[UPGRADE_ENV];
  if (handover === null) return null;
  const fds = listenFds(env, pid);
  if (fds.length !== handover.listeners.length) {
    for (const fd of fds) closeFd(fd);
    throw new TsgunError('TSG_BIND', `an upgrade handed over ${handover.listeners.length} listeners, but LISTEN_FDS names ${fds.length}`);
  }
  return {
    from: handover.from,
    adopted: handover.listeners.map((l, i) => {
      const fd = fds[i]!;
      const stat = fstatSync(fd);
      if (!stat.isSocket()) throw new TsgunError('TSG_BIND', `cannot use the handed-over ${l.address}: file descriptor ${fd} is not a socket`);
      const file = l.kind === 'unix' && l.key !== null ? l.address.slice('unix:'.length) : null;
      return { key: l.key, listener: once({ fd, kind: l.kind, address: l.address, source: l.source, port: l.port }, () => closeFd(fd), file, false) };
    }),
  };
}
