// A worker's request counts for the master's Prometheus metrics (docs/metrics.md), imported only
// when `metricsBind` is set. Plain integers in plain arrays: no metrics library in the worker, no
// allocation per request (one listener function serves every response); the master merges the
// totals the worker reports on its heartbeats and exposes them with prom-client.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { REQUEST_DURATION_BUCKETS, STATUS_CLASSES, type RequestStats } from '../ipc/messages.ts';

const NONE = STATUS_CLASSES.length - 1;

/** When the request came (performance.now()), on its response: read back when the response closes. */
const START = Symbol('tsgun.requestStart');

/** What a response is seen through: HTTP/1's and HTTP/2's compatibility response both have these. */
type Response = ServerResponse<IncomingMessage> & { [START]?: number };

export class RequestCounter {
  readonly #byClass: number[] = STATUS_CLASSES.map(() => 0);
  readonly #buckets: number[] = [...REQUEST_DURATION_BUCKETS.map(() => 0), 0];
  #durationSum = 0;
  #inFlight = 0;
  /** Bumped on every change, so that an idle worker sends nothing. */
  #changes = 0;
  #sent = 0;
  /**
   * The `close` listener of every response (`this` is the response): a closure per request cost
   * an allocation. `performance` comes from node:perf_hooks, not the global, which Node defines as a
   * lazy getter that runs on every read (measured with callgrind in a worker, close mode: the
   * counting cost 2.4k instructions per request, ~460 of them in that getter and the global lookup).
   */
  readonly #onClose: (this: Response) => void;

  constructor() {
    const counter = this;
    this.#onClose = function (this: Response) {
      counter.#done(this);
    };
  }

  /**
   * One call per request, from the request guard: counted when its response closes, which it does
   * once finished and also when the client went away first (then by the status it sent, or `none`).
   */
  track(res: Response): void {
    res[START] = performance.now();
    this.#inFlight++;
    this.#changes++;
    res.on('close', this.#onClose);
  }

  #done(res: Response): void {
    // track() set it before it added this listener.
    const seconds = (performance.now() - res[START]!) / 1000;
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
