// A worker's request counts for the master's Prometheus metrics (docs/metrics.md), imported only
// when `metricsBind` is set. Plain integers in plain arrays: no metrics library in the worker, no
// allocation per request beyond the one `close` listener; the master merges the totals the worker
// reports on its heartbeats and exposes them with prom-client.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_DURATION_BUCKETS, STATUS_CLASSES, type RequestStats } from '../ipc/messages.ts';

const NONE = STATUS_CLASSES.length - 1;

/** What a response is seen through: HTTP/1's and HTTP/2's compatibility response both have these. */
type Response = ServerResponse<IncomingMessage>;

export class RequestCounter {
  readonly #byClass: number[] = STATUS_CLASSES.map(() => 0);
  readonly #buckets: number[] = [...REQUEST_DURATION_BUCKETS.map(() => 0), 0];
  #durationSum = 0;
  #inFlight = 0;
  /** Bumped on every change, so that an idle worker sends nothing. */
  #changes = 0;
  #sent = 0;

  /**
   * One call per request, from the request guard: counted when its response closes, which it does
   * once finished and also when the client went away first (then by the status it sent, or `none`).
   */
  track(res: Response): void {
    const start = performance.now();
    this.#inFlight++;
    this.#changes++;
    res.on('close', () => this.#done(res, start));
  }

  #done(res: Response, start: number): void {
    const seconds = (performance.now() - start) / 1000;
    this.#inFlight--;
    this.#changes++;
    const status = res.headersSent ? res.statusCode : 0;
    this.#byClass[status >= 100 && status < 600 ? Math.floor(status / 100) - 1 : NONE]!++;
    const bounds = REQUEST_DURATION_BUCKETS;
    let i = 0;
    while (i < bounds.length && seconds > bounds[i]!) i++;
    this.#buckets[i]!++;
    this.#durationSum += seconds;
  }

  snapshot(): RequestStats {
    return { byClass: [...this.#byClass], buckets: [...this.#buckets], durationSum: this.#durationSum, inFlight: this.#inFlight };
  }

  /**
   * The totals if anything changed since the last report, else undefined (an idle worker reports
   * nothing): what rides on each heartbeat, and what goes once more before the worker exits.
   */
  report(): RequestStats | undefined {
    if (this.#changes === this.#sent) return undefined;
    this.#sent = this.#changes;
    return this.snapshot();
  }
}
