// Polls a condition until it holds, for the few things a test cannot wait on as an event: a file
// another process writes, a port a foreign server (nginx, HAProxy) opens, an effect that needs a
// request to show. Everything with an event (a log line, a socket's close) waits on that instead.

import { setTimeout as delay } from 'node:timers/promises';
import { scaled } from './time.ts';

export interface EventuallyOptions {
  /** What the test waits for, in words: the failure reads "<what>: not within N ms". */
  readonly what: string;
  /** Nominal deadline, scaled by TSGUN_TEST_TIME_SCALE (default 20 s). */
  readonly timeoutMs?: number;
  /** Pause between two checks (default 20 ms). */
  readonly intervalMs?: number;
  /** More context for the failure message, computed only when the wait fails (e.g. the file's tail). */
  readonly detail?: () => string;
}

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/**
 * Resolves with the first truthy value `check` returns (it may be async, and may act each time, e.g.
 * send a request). A check that throws fails the wait at once: "not yet" is a falsy value.
 */
export async function eventually<T>(check: () => T | Promise<T>, options: EventuallyOptions): Promise<Truthy<T>> {
  const timeoutMs = scaled(options.timeoutMs ?? 20_000);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Truthy<T>;
    if (Date.now() >= deadline) {
      const detail = options.detail === undefined ? '' : `\n${options.detail()}`;
      throw new Error(`${options.what}: not within ${timeoutMs} ms${detail}`);
    }
    await delay(options.intervalMs ?? 20);
  }
}
