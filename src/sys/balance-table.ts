// balanceConnections: the table the workers share to know how many connections each holds. Workers
// accept from one shared queue (DESIGN.md section 1), and with few long-lived connections one
// worker could take them all; a worker that holds more than another live one pauses accepting
// (worker/balance.ts), so it must see the others' counts at the moment it accepts: an IPC round
// trip through the master is too late for a burst of connections opened together, and Node has no
// memory shared between processes. So the master creates a small file on tmpfs, unlinks it at once
// (no path for anyone to open, nothing to clean up) and gives every worker its fd and a slot; each
// worker writes its own slot and reads the others' with pread (measured ~3 µs of CPU per call).

import { closeSync, constants, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Workers that can share one table (a generation and its successor during a reload, and scale-ups). */
export const BALANCE_SLOTS = 256;
/** A slot: live (1 while its worker accepts), open connections, stamp (monotonic ms), pid. */
const SLOT_INTS = 4;
const SLOT_BYTES = SLOT_INTS * 4;
export const TABLE_BYTES = BALANCE_SLOTS * SLOT_BYTES;
/** Stamps are monotonic milliseconds modulo 2^31 (CLOCK_MONOTONIC is the same clock in every process). */
const STAMP_MASK = 0x7fffffff;

/** CLOCK_MONOTONIC in ms, as stamped in the table (comparable between processes, unlike performance.now()). */
export function stampNow(): number {
  return Number((process.hrtime.bigint() / 1_000_000n) & 0x7fffffffn);
}

/** The age of a stamp in ms (wrapping). */
export function stampAge(now: number, stamp: number): number {
  return (now - stamp) & STAMP_MASK;
}

/**
 * The fewest connections any other live worker holds, given the table's ints: live slots whose
 * stamp is older than `staleMs` are skipped (a worker whose event loop has stopped turning accepts
 * nothing, so nobody should wait for it). Infinity when there is no other.
 */
export function fewestOfOthers(table: Int32Array, self: number, now: number, staleMs: number): number {
  let fewest = Infinity;
  for (let slot = 0, i = 0; i < table.length; slot++, i += SLOT_INTS) {
    if (slot === self || table[i] !== 1) continue;
    if (stampAge(now, table[i + 2]!) > staleMs) continue;
    const open = table[i + 1]!;
    if (open < fewest) fewest = open;
  }
  return fewest;
}

/** One process's view of the table: the fd it opened (master) or inherited (worker). */
export class BalanceTable {
  readonly fd: number;
  readonly #ints = new Int32Array(BALANCE_SLOTS * SLOT_INTS);
  readonly #bytes = new Uint8Array(this.#ints.buffer);
  readonly #slot = new Int32Array(SLOT_INTS);
  readonly #slotBytes = new Uint8Array(this.#slot.buffer);

  constructor(fd: number) {
    this.fd = fd;
  }

  /** In the master: a new, zeroed, already unlinked table. Throws when no temporary file can be made. */
  static create(): BalanceTable {
    const name = `tsgun-balance-${process.pid}-${Math.random().toString(36).slice(2)}`;
    let path: string;
    let fd: number;
    const flags = constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
    try {
      path = join('/dev/shm', name);
      fd = openSync(path, flags, 0o600);
    } catch {
      path = join(tmpdir(), name);
      fd = openSync(path, flags, 0o600);
    }
    unlinkSync(path);
    const table = new BalanceTable(fd);
    writeSync(fd, new Uint8Array(TABLE_BYTES), 0, TABLE_BYTES, 0);
    return table;
  }

  /** Writes one slot: pread by the others sees all four ints or (on a torn read) a harmless mix. */
  write(slot: number, live: boolean, open: number, stamp: number, pid: number): void {
    const s = this.#slot;
    s[0] = live ? 1 : 0;
    s[1] = open;
    s[2] = stamp;
    s[3] = pid;
    writeSync(this.fd, this.#slotBytes, 0, SLOT_BYTES, slot * SLOT_BYTES);
  }

  /** In the master: empties a slot whose worker exited, so that nobody waits for it. */
  clear(slot: number): void {
    this.write(slot, false, 0, 0, 0);
  }

  /** Reads the whole table; the returned array is reused by the next read. */
  read(): Int32Array {
    readSync(this.fd, this.#bytes, 0, TABLE_BYTES, 0);
    return this.#ints;
  }

  close(): void {
    closeSync(this.fd);
  }
}
