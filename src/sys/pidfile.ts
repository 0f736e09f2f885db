// The pidfile: written atomically at start, refused when another live master owns it, and removed
// at exit only if it still names this process. Its directory may be writable by others (/run,
// /tmp), so it is read without following symlinks and written through writeFileAtomic.

import { readFileSync, unlinkSync } from 'node:fs';
import { TsgunError } from '../errors/tsgun-error.ts';
import { readSmallFile, writeFileAtomic } from './atomic-write.ts';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid a pidfile names; null for anything else, a symlink planted there included. */
export function readPid(path: string): number | null {
  const text = readSmallFile(path, 64);
  if (text === null || !/^\s*\d+\s*$/.test(text)) return null;
  const pid = Number.parseInt(text, 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

export interface Pidfile {
  readonly path: string;
  remove(): void;
  /** An upgrade committed: the file names the new master from now on (one atomic write, never missing), and remove() leaves it. */
  handOver(pid: number): void;
}

const MASTER_TITLE = 'tsgun: master';

/**
 * What runs as `pid`, for a pidfile whose master may be long gone and its pid reused: 'master' (its
 * process title is tsgun's, `tsgun: master [name]`), 'other' (something else; `command` is its
 * command line), or 'unknown' (no /proc to tell, or not readable: taken to be the master).
 */
export function processAt(pid: number, proc = '/proc'): { readonly kind: 'master' | 'unknown' } | { readonly kind: 'other'; readonly command: string } {
  let cmdline: string;
  try {
    cmdline = readFileSync(`${proc}/${pid}/cmdline`, 'latin1');
  } catch {
    return { kind: 'unknown' };
  }
  // The title takes the memory of the command line it replaced, and is cut to its length.
  const title = cmdline.split('\0', 1)[0]!;
  if (title.startsWith(MASTER_TITLE) || (title.length >= 5 && MASTER_TITLE.startsWith(title))) return { kind: 'master' };
  return { kind: 'other', command: cmdline.replace(/\0+$/, '').replaceAll('\0', ' ').slice(0, 80) };
}

/** `takeOverFrom`: the master this one upgrades; a pidfile naming it is this master's to rewrite. */
export function writePidfile(path: string, pid: number, takeOverFrom: number | null = null): Pidfile {
  const existing = readPid(path);
  // A pid reused by another program since its master died (a container restarted, a reboot): stale.
  if (existing !== null && existing !== pid && existing !== takeOverFrom && isAlive(existing) && processAt(existing).kind !== 'other') {
    throw new TsgunError('TSG_USAGE', `pidfile ${path} names a running process (${existing}); is tsgun already running?`);
  }
  writeFileAtomic(path, `${pid}\n`);
  return {
    path,
    remove() {
      if (readPid(path) === pid) {
        try {
          unlinkSync(path);
        } catch {
          // already removed
        }
      }
    },
    handOver(next) {
      if (readPid(path) === pid) writeFileAtomic(path, `${next}\n`);
    },
  };
}
