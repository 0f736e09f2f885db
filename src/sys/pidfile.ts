// The pidfile: written atomically at start, refused when another live master owns it, and removed
// at exit only if it still names this process.

import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { TsgunError } from '../errors/tsgun-error.ts';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export interface Pidfile {
  readonly path: string;
  remove(): void;
}

export function writePidfile(path: string, pid: number): Pidfile {
  const existing = readPid(path);
  if (existing !== null && existing !== pid && isAlive(existing)) {
    throw new TsgunError('TSG_USAGE', `pidfile ${path} names a running process (${existing}); is tsgun already running?`);
  }
  const tmp = `${path}.${pid}.tmp`;
  writeFileSync(tmp, `${pid}\n`);
  renameSync(tmp, path);
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
  };
}
