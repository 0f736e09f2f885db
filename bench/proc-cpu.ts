// CPU time and wake-ups of a server's processes, read from /proc (Linux only). On a shared, loaded
// machine requests/s move by 2× from run to run; CPU per request and the wake-ups of an idle process
// (voluntary context switches: each is a sleep that ended) move far less, and say where a gap comes from.

import { readdirSync, readFileSync } from 'node:fs';
import { childPids } from './proc-memory.ts';

export interface ProcTimes {
  /**
   * CPU time of all its threads, ms: the scheduler's own count (schedstat's sum_exec_runtime, ns).
   * Not /proc/<pid>/stat's utime and stime: those are sampled at each 10 ms tick, and on a busy
   * machine a process that runs in short bursts was charged 1/4 to 4× what it used.
   */
  readonly cpuMs: number;
  /** Voluntary context switches: the process slept (epoll_wait, futex) and was woken. */
  readonly wakeups: number;
  /** Involuntary context switches: the scheduler took the core away. */
  readonly preempted: number;
}

export function procTimes(pid: number): ProcTimes {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // a thread that ended meanwhile
    }
  }
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const count = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return {
    cpuMs: ns / 1e6,
    wakeups: count('voluntary_ctxt_switches'),
    preempted: count('nonvoluntary_ctxt_switches'),
  };
}

/** What the master (or cluster primary) and its workers used between two snapshots. */
export interface TreeUsage {
  readonly master: ProcTimes;
  /** The workers together. */
  readonly workers: ProcTimes;
  readonly workerCount: number;
}

const minus = (a: ProcTimes, b: ProcTimes): ProcTimes => ({ cpuMs: a.cpuMs - b.cpuMs, wakeups: a.wakeups - b.wakeups, preempted: a.preempted - b.preempted });
const sum = (xs: readonly ProcTimes[]): ProcTimes =>
  xs.reduce((a, b) => ({ cpuMs: a.cpuMs + b.cpuMs, wakeups: a.wakeups + b.wakeups, preempted: a.preempted + b.preempted }), { cpuMs: 0, wakeups: 0, preempted: 0 });

/** A master and the children it has now (take it once every worker is ready); `usage()` is what they used since. */
export class TreeMeter {
  readonly #master: number;
  readonly #workers: number[];
  #start: { master: ProcTimes; workers: ProcTimes };

  constructor(masterPid: number) {
    this.#master = masterPid;
    this.#workers = childPids(masterPid);
    this.#start = this.#read();
  }

  #read(): { master: ProcTimes; workers: ProcTimes } {
    return { master: procTimes(this.#master), workers: sum(this.#workers.map(procTimes)) };
  }

  /** Starts counting again from now. */
  reset(): void {
    this.#start = this.#read();
  }

  usage(): TreeUsage {
    const now = this.#read();
    return { master: minus(now.master, this.#start.master), workers: minus(now.workers, this.#start.workers), workerCount: this.#workers.length };
  }
}
