// A process's memory as Linux reports it, and its children, read from /proc (Linux only).
// RSS counts every resident page the process maps, shared ones in full; PSS divides each shared page
// among the processes that map it, so the PSS of a master and its workers adds up to what they cost.

import { readdirSync, readFileSync } from 'node:fs';

export interface Memory {
  /** VmRSS from /proc/<pid>/status. */
  readonly rssKiB: number;
  /** Pss from /proc/<pid>/smaps_rollup. */
  readonly pssKiB: number;
}

function field(file: string, name: string): number {
  const text = readFileSync(file, 'utf8');
  const kb = Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1]);
  // A zombie (exited, not yet reaped by its parent) has no memory lines.
  if (!Number.isFinite(kb)) throw new Error(`no ${name} in ${file} (${/^State:.*$/m.exec(readFileSync(file.replace(/[^/]+$/, 'status'), 'utf8'))?.[0] ?? 'gone'})`);
  return kb;
}

export function rssKiB(pid: number): number {
  return field(`/proc/${pid}/status`, 'VmRSS');
}

export function memoryOf(pid: number): Memory {
  return { rssKiB: rssKiB(pid), pssKiB: field(`/proc/${pid}/smaps_rollup`, 'Pss') };
}

/** The pids whose parent is `pid`, by scanning /proc (the `children` files need a kernel option). */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // The command name in parentheses may itself hold spaces or parentheses: parse after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) children.push(Number(name));
  }
  return children.sort((a, b) => a - b);
}

export const mib = (kib: number): number => kib / 1024;

/** `pid` and every process below it, parents before their children. */
export function processTree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...childPids(all[i]!));
  return all;
}
