// balanceConnections: a worker that holds more connections than another live worker stops
// accepting until that one has caught up (the spirit of nginx's accept mutex, without a lock). All
// workers accept from the one queue of the master's socket, and with a few long-lived keep-alive
// connections (a proxy's upstream pool) one worker could take them all and run a CPU-heavy app on
// one core. The counts come from the table the master shares (sys/balance-table.ts); the pausing is
// the accept gate's (accept-gate.ts): nothing is closed, so a connection the paused worker does not
// take waits in the kernel queue for the worker with the fewest, which never pauses.

import { BalanceTable, fewestOfOthers, stampNow } from '../sys/balance-table.ts';
import type { SharePolicy } from './accept-gate.ts';

/** How often a worker restamps its slot: a slot not restamped for STALE_MS is a worker nobody waits for. */
const STAMP_EVERY_MS = 200;
/**
 * A worker whose event loop has not turned for this long (blocked by the app, or dead before the
 * master cleared its slot) accepts nothing, so the others stop pausing for it; a connection that
 * came meanwhile waited at most this long in the queue, and was not refused.
 */
export const STALE_MS = 1_000;

/** What a worker got at boot: the inherited fd of the table and its own slot in it. */
export interface BalanceSlot {
  readonly fd: number;
  readonly slot: number;
}

/**
 * How many more connections than the least loaded other worker a worker may hold before it pauses:
 * none while that one holds fewer than 4 (so 4 connections on 2 workers split 2/2, 8 split 4/4),
 * then a quarter of its count, so that workers with ~25 connections each do not take turns
 * accepting one at a time: each accept of a busy worker waits for a turn of its event loop (libuv
 * accepts one connection per poll), and 50 connections opened together on two busy workers of a
 * loaded machine were not all accepted after 3 s with an eighth (nor without the setting).
 */
export function slack(fewest: number): number {
  return fewest >> 2;
}

/** Whether a worker holding `open` connections should pause, the least loaded other holding `fewest`. */
export function overShare(open: number, fewest: number): boolean {
  return open > fewest + slack(fewest);
}

export class FairShare implements SharePolicy {
  readonly #table: BalanceTable;
  readonly #slot: number;
  #timer: NodeJS.Timeout | null = null;
  #open = 0;
  #live = false;

  constructor({ fd, slot }: BalanceSlot) {
    this.#table = new BalanceTable(fd);
    this.#slot = slot;
  }

  record(open: number, live: boolean): void {
    this.#open = open;
    this.#live = live;
    this.#table.write(this.#slot, live, open, stampNow(), process.pid);
    if (this.#timer === null && live) {
      this.#timer = setInterval(() => this.#table.write(this.#slot, this.#live, this.#open, stampNow(), process.pid), STAMP_EVERY_MS);
      this.#timer.unref();
    }
  }

  over(open: number): boolean {
    return overShare(open, fewestOfOthers(this.#table.read(), this.#slot, stampNow(), STALE_MS));
  }

  leave(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    this.#live = false;
    this.#table.write(this.#slot, false, this.#open, stampNow(), process.pid);
  }
}
