// Whether a process may use the files the config names, asked for the process that will use each:
// the master (who runs tsgun) creates unix sockets, the pidfile, the control socket and the errorLog;
// workers (as `user`/`group` when set) open the access log and the errorLog and read the TLS files.
// For this very process access(2) answers (ACLs and read-only mounts included); for another
// identity (root checking for `user`) the mode bits, owner and group of the file and of every
// directory above it do.

import { accessSync, constants, existsSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';

/** Who a check asks for. */
export interface Who {
  readonly uid: number;
  readonly gid: number;
  /** Supplementary groups. */
  readonly groups: readonly number[];
  /** In messages: `user "www-data"`, `uid 1000 (who runs tsgun)`. */
  readonly label: string;
  /** This very process: access(2) can answer. */
  readonly self: boolean;
}

/** This process, as the master will be when tsgun starts here as the same user. */
export function currentProcess(): Who {
  const uid = process.geteuid?.() ?? -1;
  return { uid, gid: process.getegid?.() ?? -1, groups: process.getgroups?.() ?? [], label: uid === 0 ? 'root (who runs tsgun)' : `uid ${uid} (who runs tsgun)`, self: true };
}

/**
 * read a file; write (append to) it, creating it if missing; create it anew in its directory (by a
 * rename, or a bind); reach a file another process creates and hands over (the master's errorLog,
 * given to the workers' user): enter every directory above it, write nothing there.
 */
export type Access = 'read' | 'write' | 'create' | 'reach';

/**
 * Why `who` cannot `access` the file at `path`, or null when it can. A file that does not exist is
 * created: that needs write access to the closest existing directory above it (log directories
 * are made on open, so the closest one that exists is the one that matters).
 */
export function accessProblem(path: string, access: Access, who: Who): string | null {
  if (access === 'create') return denied(dirname(path), 2 | 1, who);
  if (access === 'reach') {
    // Directories still missing are made by the creator, searchable under any usual umask.
    const why = denied(closestDirectory(path), 1, who);
    return why === null ? null : `cannot open ${path}: ${why}`;
  }
  if (existsSync(path)) return denied(path, access === 'read' ? 4 : 2, who);
  const why = denied(closestDirectory(path), 2 | 1, who);
  return why === null ? null : `cannot create ${path}: ${why}`;
}

/** The closest directory above `path` that exists. */
function closestDirectory(path: string): string {
  let dir = dirname(path);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** `bits` of rwx (4, 2, 1) on `path` for `who`, and search (x) on every directory above it. */
function denied(path: string, bits: number, who: Who): string | null {
  if (who.self) {
    try {
      accessSync(path, (bits & 4 ? constants.R_OK : 0) | (bits & 2 ? constants.W_OK : 0) | (bits & 1 ? constants.X_OK : 0));
      return null;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return `${who.label} may not ${verb(bits)} ${path} (${code === 'EROFS' ? 'read-only file system' : code})`;
    }
  }
  const chain: string[] = [];
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    chain.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of chain) {
    const stat = statOrNull(dir);
    if (stat !== null && !allows(stat, who, 1)) return `${who.label} may not enter ${dir} (${describe(stat)})`;
  }
  const stat = statOrNull(path);
  if (stat === null || allows(stat, who, bits)) return null;
  return `${who.label} may not ${verb(bits)} ${path} (${describe(stat)})`;
}

/** The permission class that applies (owner, else group, else other), as the kernel picks it. */
function allows(stat: Stats, who: Who, bits: number): boolean {
  // Root passes every check but executing a file that has no x bit at all.
  if (who.uid === 0) return !(bits & 1) || stat.isDirectory() || (stat.mode & 0o111) !== 0;
  if (stat.uid === who.uid) return ((stat.mode >> 6) & bits) === bits;
  if (stat.gid === who.gid || who.groups.includes(stat.gid)) return ((stat.mode >> 3) & bits) === bits;
  return (stat.mode & bits) === bits;
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

const verb = (bits: number): string => (bits & 2 ? (bits & 1 ? 'create files in' : 'write') : bits & 4 ? 'read' : 'enter');
const describe = (stat: Stats): string => `mode ${(stat.mode & 0o7777).toString(8).padStart(4, '0')}, owner ${stat.uid}:${stat.gid}`;
