// Who may connect to a unix socket bind. A master started as root binds the sockets and the workers
// drop to `user`/`group`; a socket left root-owned (with the umask's mode) is one the front proxy in
// that group cannot connect to (nginx as www-data: 502, EACCES). So, as Gunicorn does, a root
// master gives each unix bind to the workers' user and group, with the bind's `|MODE`, else 0660:
// the group is the point of giving it away, and connect(2) needs write permission.
// docs/deploy.md (nginx) and docs/security.md state the rule.

import { chmodSync, chownSync } from 'node:fs';
import type { BindAddress } from '../config/bind.ts';
import { TsgunError } from '../errors/tsgun-error.ts';

/** The mode of a unix socket given to `user`/`group` when its bind names none. */
export const OWNED_SOCKET_MODE = 0o660;

export interface SocketOwner {
  /** null: the owner stays (only `group` is set). */
  readonly uid: number | null;
  readonly gid: number;
}

/** The unix binds' paths (absolute, as the listeners have them) with their modes. */
function unixBinds(binds: readonly BindAddress[], cwd: string): Map<string, number | null> {
  const paths = new Map<string, number | null>();
  for (const bind of binds) if (bind.kind === 'unix') paths.set(bind.path.startsWith('/') ? bind.path : `${cwd}/${bind.path}`, bind.mode);
  return paths;
}

/**
 * Gives the unix sockets of `binds` among `addresses` (`unix:/run/app.sock`, as the listeners
 * report them) to `owner` with their mode. A no-op without an owner or when the master is not
 * root (it could only give a socket away to a group of its own, and keeps the umask's mode then,
 * as before). Throws TSG_BIND naming the socket when the kernel refuses.
 */
export function ownUnixSockets(addresses: readonly string[], binds: readonly BindAddress[], cwd: string, owner: SocketOwner | null, isRoot: boolean): void {
  if (owner === null || !isRoot) return;
  const modes = unixBinds(binds, cwd);
  for (const address of addresses) {
    if (!address.startsWith('unix:')) continue;
    const path = address.slice('unix:'.length);
    if (!modes.has(path)) continue;
    try {
      chownSync(path, owner.uid ?? -1, owner.gid);
      chmodSync(path, modes.get(path) ?? OWNED_SOCKET_MODE);
    } catch (error) {
      throw new TsgunError('TSG_BIND', `cannot give the unix socket ${path} to user/group ${owner.uid ?? '-'}:${owner.gid}: ${(error as Error).message}`, { cause: error });
    }
  }
}
