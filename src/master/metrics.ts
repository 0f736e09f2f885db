// The master's Prometheus metrics and health answers (docs/metrics.md), imported only when
// `metricsBind` is set. prom-client renders them; every value is read at scrape time from the
// arbiter's workers and from the books of metrics-book.ts (the workers' request counts, exits,
// reloads), so a scrape costs nothing between scrapes and never waits on a worker.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type * as Prom from 'prom-client';
import { REQUEST_DURATION_BUCKETS, STATUS_CLASSES, type RequestStats } from '../ipc/messages.ts';
import type { ArbiterState } from './arbiter.ts';
import type { MasterEvent, ReloadOutcome } from './events.ts';
import { MetricsBook } from './metrics-book.ts';
import type { WorkerHandle } from './worker-handle.ts';

/** What the metrics read from the arbiter (its view, arbiter-view.ts). */
export interface MetricsSource {
  readonly state: ArbiterState;
  readonly generation: number;
  readonly target: number;
  readonly workers: readonly WorkerHandle[];
}

/** A health answer: 200 with `ok`, or 503 with why not. */
export interface Health {
  readonly ok: boolean;
  readonly text: string;
}

/**
 * The master is not live when one event has held its queue this long: the arbiter handles an event
 * in microseconds to milliseconds and never awaits user code (that runs as an effect), so a handler
 * still running after 10 s is stuck, and so is every signal, exit and reload queued behind it.
 */
export const STUCK_MS = 10_000;

const NETSTAT = '/proc/net/netstat';

// The three classes, not the package's index: the index also loads the Pushgateway (node:https and
// OpenSSL's setup) and the cluster aggregator. Measured: 21 MiB and ~450 ms for the index, 3.5 MiB
// and ~100 ms for these (prom-client has no exports map: these paths are its files, pinned by ^15).
const require = createRequire(import.meta.url);
const Registry = require('prom-client/lib/registry') as typeof Prom.Registry;
const Counter = require('prom-client/lib/counter') as typeof Prom.Counter;
const Gauge = require('prom-client/lib/gauge') as typeof Prom.Gauge;
type Registry = Prom.Registry;
type Metric = Prom.Metric;

export class MasterMetrics {
  readonly book = new MetricsBook();
  readonly registry = new Registry();
  #source: (() => MetricsSource) | null = null;
  /** When the event being handled began (performance.now()), or null when the queue is idle. */
  #busySince: number | null = null;
  #lastEventAt: number | null = null;
  readonly #now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
    this.#register();
  }

  /** The arbiter's view, once it exists: until then the health answers say the master is starting. */
  attach(source: () => MetricsSource): void {
    this.#source = source;
  }

  /** A worker's report, taken before the queue (bookkeeping, no decision hangs on it). */
  stats(key: number, stats: RequestStats): void {
    this.book.record(key, stats);
  }

  /**
   * The request counts an event carries go to the books, before the queue: those on a heartbeat
   * (which still goes on to the arbiter), or a worker's last report before it exits (which is all
   * that event is: true, nothing left to queue). The book keeps a reference to the totals; they
   * are summed and rendered only at scrape time.
   */
  takeCounts(event: MasterEvent): boolean {
    if (event.type !== 'worker-message') return false;
    const message = event.message;
    if (message.type === 'stats') {
      this.book.record(event.key, message.stats);
      return true;
    }
    if (message.type === 'heartbeat' && message.stats !== undefined) this.book.record(event.key, message.stats);
    return false;
  }

  reloaded(outcome: ReloadOutcome): void {
    this.book.reloaded(outcome);
  }

  /**
   * The queue begins handling `event`; the returned function is called once it is done. A worker's
   * exit is looked up now (the arbiter forgets the worker while handling it) and counted afterwards
   * with the reason the arbiter gave it.
   */
  handling(event: MasterEvent): () => void {
    this.#busySince = this.#now();
    const leaving = event.type === 'worker-exit' ? this.#source?.().workers.find((w) => w.key === event.key) : undefined;
    return () => {
      this.#busySince = null;
      this.#lastEventAt = this.#now();
      if (leaving !== undefined && leaving.state === 'exited') this.book.exited(leaving);
    };
  }

  /** Liveness: the event queue is idle or moving, answered from its own last turn (a timer would keep firing while it is stuck). */
  livez(): Health {
    const busy = this.#busySince === null ? 0 : this.#now() - this.#busySince;
    if (busy > STUCK_MS) return { ok: false, text: `the master's event queue has been handling one event for ${Math.round(busy)} ms` };
    const last = this.#lastEventAt === null ? 'none yet' : `${Math.round(this.#now() - this.#lastEventAt)} ms ago`;
    return { ok: true, text: `ok (last event handled: ${last})` };
  }

  /** Readiness: running (no stop begun) with at least one ready worker of the serving generation. */
  readyz(): Health {
    const source = this.#source?.() ?? null;
    if (source === null || source.state === 'starting') return { ok: false, text: 'starting' };
    if (source.state !== 'running') return { ok: false, text: `not accepting new traffic: the master is ${source.state}` };
    const ready = source.workers.filter((w) => w.generation === source.generation && w.state === 'ready').length;
    if (ready === 0) return { ok: false, text: `no worker of generation ${source.generation} is ready yet` };
    return { ok: true, text: `ok (${ready} of ${source.target} workers of generation ${source.generation} ready)` };
  }

  async render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  #register(): void {
    const registers = [this.registry];
    const book = this.book;
    const live = (): readonly WorkerHandle[] => (this.#source?.().workers ?? []).filter((w) => w.state !== 'exited');
    new Gauge({
      name: 'tsgun_workers',
      help: 'Worker processes by state, every generation (during a reload, both).',
      labelNames: ['state'],
      registers,
      collect() {
        const counts: Record<string, number> = { booting: 0, ready: 0, draining: 0 };
        for (const w of live()) counts[w.state] = (counts[w.state] ?? 0) + 1;
        for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      },
    });
    const source = (): MetricsSource | null => this.#source?.() ?? null;
    new Gauge({
      name: 'tsgun_workers_target',
      help: 'The worker count the serving generation aims at (workers, or what scale/TTIN/TTOU made it).',
      registers,
      collect() {
        const s = source();
        if (s !== null) this.set(s.target);
      },
    });
    new Gauge({
      name: 'tsgun_generation',
      help: 'The serving generation: 1 at start, +1 per reload that booted new workers.',
      registers,
      collect() {
        const s = source();
        if (s !== null) this.set(s.generation);
      },
    });
    counterOf('tsgun_reloads_total', 'Reloads by outcome: committed (new config serving) or rolled-back (the serving generation kept).', 'outcome', () => book.reloads, registers);
    counterOf('tsgun_worker_exits_total', 'Worker processes that exited, by reason (docs/metrics.md).', 'reason', () => book.exits, registers);
    counterOf(
      'tsgun_http_requests_total',
      'Requests answered by the workers, by status class (none: the connection closed before a status was sent).',
      'status_class',
      () => new Map(book.requests().byClass.map((n, i) => [STATUS_CLASSES[i]!, n])),
      registers,
    );
    this.registry.registerMetric(requestDurations(book));
    new Gauge({
      name: 'tsgun_http_requests_in_flight',
      help: "Requests begun and not yet answered, as of the workers' last reports (sent with their heartbeats).",
      registers,
      collect() {
        this.set(book.requests().inFlight);
      },
    });
    workerGauge('tsgun_worker_resident_memory_bytes', "Each worker's resident set size, from its last heartbeat.", (m) => m.rss, live, registers);
    workerGauge('tsgun_worker_heap_used_bytes', "Each worker's V8 heap in use, from its last heartbeat.", (m) => m.heapUsed, live, registers);
    workerGauge('tsgun_worker_event_loop_utilization', "Each worker's event-loop utilisation (0..1) over its last heartbeat interval.", (m) => m.elu, live, registers);
    workerGauge('tsgun_worker_event_loop_delay_p99_seconds', "Each worker's 99th percentile event-loop delay over its last heartbeat interval.", (m) => m.delayP99Ms / 1000, live, registers);
    new Gauge({
      name: 'tsgun_master_resident_memory_bytes',
      help: "The master's resident set size.",
      registers,
      collect() {
        this.set(process.memoryUsage.rss());
      },
    });
    netstatCounter('tsgun_tcp_listen_overflows_total', 'ListenOverflows', registers);
    netstatCounter('tsgun_tcp_listen_drops_total', 'ListenDrops', registers);
  }
}

/** A counter whose values are a book's, set at scrape time (they only grow). */
function counterOf(name: string, help: string, label: string, values: () => ReadonlyMap<string, number>, registers: Registry[]): void {
  new Counter({
    name,
    help,
    labelNames: [label],
    registers,
    collect() {
      this.reset();
      for (const [value, n] of values()) this.inc({ [label]: value }, n);
    },
  });
}

/** A gauge per live worker (labels worker and generation) from its latest heartbeat; none before its first. */
function workerGauge(name: string, help: string, pick: (m: NonNullable<WorkerHandle['metrics']>) => number, live: () => readonly WorkerHandle[], registers: Registry[]): void {
  new Gauge({
    name,
    help,
    labelNames: ['worker', 'generation'],
    registers,
    collect() {
      // Workers gone since the last scrape must not linger as series.
      this.reset();
      for (const w of live()) if (w.metrics !== null) this.set({ worker: w.id, generation: w.generation }, pick(w.metrics));
    },
  });
}

/**
 * The kernel's count of connections refused or dropped because a listen queue was full (TcpExt
 * ListenOverflows, ListenDrops in /proc/net/netstat). For the whole network namespace, not only
 * tsgun's listeners: on a host, every TCP listener of the host; in a container or a Kubernetes pod,
 * that pod's. Absent (no sample) where the file is not (not Linux).
 */
function netstatCounter(name: string, field: string, registers: Registry[]): void {
  new Counter({
    name,
    help: `TCP connections the kernel refused or dropped for a full listen queue (TcpExt ${field}), for the whole network namespace: every listener of the host or pod, not only tsgun's.`,
    registers,
    async collect() {
      this.reset();
      const value = await readNetstat(field);
      if (value !== null) this.inc(value);
    },
  });
}

async function readNetstat(field: string): Promise<number | null> {
  let text: string;
  try {
    text = await readFile(NETSTAT, 'utf8');
  } catch {
    return null;
  }
  const lines = text.split('\n').filter((l) => l.startsWith('TcpExt:'));
  if (lines.length < 2) return null;
  const names = lines[0]!.split(/\s+/);
  const values = lines[1]!.split(/\s+/);
  const i = names.indexOf(field);
  const value = i === -1 ? NaN : Number(values[i]);
  return Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/**
 * The request-duration histogram, merged from the workers' bucket counts: prom-client's Histogram
 * only takes observations one by one, so this is a metric of its own shape that the registry
 * renders like one of its histograms.
 */
function requestDurations(book: MetricsBook): Metric {
  const name = 'tsgun_http_request_duration_seconds';
  const help = 'Time from the request head to the response closing, in seconds, of every request the workers answered.';
  const get = async () => {
    const totals = book.requests();
    const le = [...REQUEST_DURATION_BUCKETS.map(String), '+Inf'];
    return {
      name,
      help,
      type: 'histogram' as const,
      aggregator: 'sum' as const,
      values: [
        ...totals.cumulative.map((value, i) => ({ metricName: `${name}_bucket`, labels: { le: le[i]! }, value })),
        { metricName: `${name}_sum`, labels: {}, value: totals.durationSum },
        { metricName: `${name}_count`, labels: {}, value: totals.count },
      ],
    };
  };
  return { name, help, type: 'histogram', aggregator: 'sum', get } as unknown as Metric;
}
