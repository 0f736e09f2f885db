// The master's metrics without a process: the books (totals merged per worker, kept across exits,
// late reports), the exposition prom-client renders from them (parsed by the strict parser), the
// health answers, and the parser's own strictness (a parser that accepts anything proves nothing).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REQUEST_DURATION_BUCKETS, STATUS_CLASSES, type RequestStats } from '../../src/ipc/messages.ts';
import { exitReasonOf, MetricsBook } from '../../src/master/metrics-book.ts';
import { MasterMetrics, STUCK_MS, type MetricsSource } from '../../src/master/metrics.ts';
import { WorkerHandle } from '../../src/master/worker-handle.ts';
import { parsePrometheusText, sampleValue } from '../helpers/prom-text.ts';

/** Stats of `ok` 2xx and `failed` 5xx requests, every one in the first bucket (≤ 1 ms). */
function stats(ok: number, failed = 0, inFlight = 0): RequestStats {
  const byClass = STATUS_CLASSES.map(() => 0);
  byClass[1] = ok;
  byClass[4] = failed;
  const buckets = [...REQUEST_DURATION_BUCKETS.map(() => 0), 0];
  buckets[0] = ok + failed;
  return { byClass, buckets, durationSum: (ok + failed) * 0.0005, inFlight };
}

const leaving = (key: number, fields: Partial<{ exitReason: string; replacing: string; bootTimedOut: boolean; bootError: unknown }> = {}) => ({
  key,
  exitReason: fields.exitReason ?? null,
  replacing: fields.replacing ?? null,
  bootTimedOut: fields.bootTimedOut ?? false,
  bootError: fields.bootError ?? null,
});

test('the book merges the workers’ totals and keeps an exited worker’s counts (counters never go down)', () => {
  const book = new MetricsBook();
  book.record(1, stats(10, 1, 2));
  book.record(2, stats(5));
  book.record(1, stats(20, 1, 1));
  assert.deepEqual(book.requests().byClass, [0, 25, 0, 0, 1, 0]);
  assert.equal(book.requests().inFlight, 1);
  book.exited(leaving(1));
  const after = book.requests();
  assert.deepEqual(after.byClass, [0, 25, 0, 0, 1, 0], 'an exit loses nothing');
  assert.equal(after.inFlight, 0, 'an exited worker has nothing in flight');
  assert.equal(after.count, 26);
  assert.equal(after.cumulative.at(-1), 26, 'the +Inf bucket is the count');
  assert.equal(book.exits.get('crashed'), 1);
});

test('a report that arrives after its worker’s exit adds only what it counted beyond its last report, once', () => {
  const book = new MetricsBook();
  book.record(7, stats(10));
  book.exited(leaving(7, { exitReason: 'reloaded' }));
  // The drain's final report, read from the pipe after the exit was reaped.
  book.record(7, stats(13));
  assert.equal(book.requests().byClass[1], 13);
  book.record(7, stats(13));
  assert.equal(book.requests().byClass[1], 13, 'the same totals twice count once');
  // A worker that exited before any report: its late report counts in full.
  book.exited(leaving(8));
  book.record(8, stats(4));
  assert.equal(book.requests().byClass[1], 17);
  assert.equal(book.exits.get('reloaded'), 1);
});

test('exit reasons are a bounded set: a replaced worker goes by what asked for its successor', () => {
  assert.equal(exitReasonOf(leaving(1)), 'crashed');
  assert.equal(exitReasonOf(leaving(1, { bootTimedOut: true })), 'boot-timeout');
  assert.equal(exitReasonOf(leaving(1, { bootError: { code: 'TSG_APP_LOAD' } })), 'boot-failed');
  assert.equal(exitReasonOf(leaving(1, { exitReason: 'timed-out' })), 'timed-out');
  assert.equal(exitReasonOf(leaving(1, { exitReason: 'replaced', replacing: 'max-requests' })), 'max-requests');
  assert.equal(exitReasonOf(leaving(1, { exitReason: 'replaced', replacing: 'max-memory' })), 'max-memory');
  assert.equal(exitReasonOf(leaving(1, { exitReason: 'replaced', replacing: 'unhandled promise rejection' })), 'unhandled-rejection');
  assert.equal(exitReasonOf(leaving(1, { exitReason: 'replaced', replacing: 'something new' })), 'replaced');
  assert.equal(exitReasonOf(leaving(1, { exitReason: 'shutdown' })), 'shutdown');
  assert.equal(exitReasonOf(leaving(1, { exitReason: 'never heard of' })), 'other'); // A reload's worker whose own boot failed or timed out is counted so (regression: both were
  // `rolled-back`, which an alert on boot failures misses); its siblings stopped with it are `rolled-back`.
  assert.equal(exitReasonOf(leaving(1, { exitReason: 'rolled-back', bootError: { code: 'TSG_APP_LOAD' } })), 'boot-failed');
  assert.equal(exitReasonOf(leaving(1, { exitReason: 'rolled-back', bootTimedOut: true })), 'boot-timeout');
  assert.equal(exitReasonOf(leaving(1, { exitReason: 'rolled-back' })), 'rolled-back');
});

function worker(key: number, id: number, generation: number, ready: boolean): WorkerHandle {
  const handle = new WorkerHandle(key, id, generation, { pid: 1000 + key, send() {}, kill() {} }, 0);
  if (ready) handle.markReady(1);
  return handle;
}

test('the exposition parses strictly and says what the books and the workers say', async () => {
  const metrics = new MasterMetrics();
  const w1 = worker(1, 1, 2, true);
  w1.heartbeat(2, { rss: 50_000_000, heapUsed: 9_000_000, elu: 0.25, delayP99Ms: 12, delayMaxMs: 20, requests: 3 });
  const source: MetricsSource = { state: 'running', generation: 2, target: 2, workers: [w1, worker(2, 2, 2, false)] };
  metrics.attach(() => source);
  metrics.stats(1, stats(30, 2, 1));
  metrics.reloaded({ ok: true, generation: 2, durationMs: 5, newGeneration: true });
  metrics.reloaded({ ok: false, generation: null, code: 'TSG_RELOAD_FAILED', reason: 'x' });
  metrics.reloaded({ ok: false, generation: null, code: 'TSG_CONFIG_INVALID', reason: 'x' });
  const families = parsePrometheusText(await metrics.render());
  assert.equal(sampleValue(families, 'tsgun_workers', { state: 'ready' }), 1);
  assert.equal(sampleValue(families, 'tsgun_workers', { state: 'booting' }), 1);
  assert.equal(sampleValue(families, 'tsgun_generation'), 2);
  assert.equal(sampleValue(families, 'tsgun_reloads_total', { outcome: 'committed' }), 1);
  assert.equal(sampleValue(families, 'tsgun_reloads_total', { outcome: 'rolled-back' }), 2);
  assert.equal(sampleValue(families, 'tsgun_http_requests_total', { status_class: '2xx' }), 30);
  assert.equal(sampleValue(families, 'tsgun_http_requests_total', { status_class: '5xx' }), 2);
  assert.equal(sampleValue(families, 'tsgun_http_request_duration_seconds_count'), 32);
  assert.equal(sampleValue(families, 'tsgun_http_request_duration_seconds_bucket', { le: '+Inf' }), 32);
  assert.equal(sampleValue(families, 'tsgun_http_requests_in_flight'), 1);
  assert.equal(sampleValue(families, 'tsgun_worker_resident_memory_bytes', { worker: '1', generation: '2' }), 50_000_000);
  assert.equal(sampleValue(families, 'tsgun_worker_event_loop_delay_p99_seconds', { worker: '1' }), 0.012);
  assert.equal(families.get('tsgun_worker_heap_used_bytes')!.samples.length, 1, 'a worker without a heartbeat has no sample');
  assert.equal(families.get('tsgun_http_request_duration_seconds')!.type, 'histogram');
  for (const [name, family] of families) {
    assert.ok(name.startsWith('tsgun_'), `${name}: the tsgun_ prefix`);
    if (family.type === 'counter') assert.ok(name.endsWith('_total'), `${name}: a counter ends in _total`);
    assert.ok(family.help !== null && family.help.length > 10, `${name} has a HELP`);
  }
});

test('readyz: not before the arbiter, not without a ready worker of the serving generation, not once a stop began', () => {
  const metrics = new MasterMetrics();
  assert.equal(metrics.readyz().ok, false);
  const source = { state: 'running' as MetricsSource['state'], generation: 2, target: 1, workers: [worker(1, 1, 1, true), worker(2, 1, 2, false)] };
  metrics.attach(() => source);
  assert.equal(metrics.readyz().ok, false, 'only the old generation is ready');
  source.workers[1]!.markReady(5);
  assert.equal(metrics.readyz().ok, true);
  source.state = 'stopping';
  assert.deepEqual(metrics.readyz(), { ok: false, text: 'not accepting new traffic: the master is stopping' });
});

test('livez: an idle queue is live however long it has been idle; one event held past STUCK_MS is not', () => {
  let now = 0;
  const metrics = new MasterMetrics(() => now);
  assert.equal(metrics.livez().ok, true);
  metrics.handling({ type: 'signal', signal: 'SIGHUP' })();
  now += 10 * STUCK_MS;
  assert.equal(metrics.livez().ok, true, 'nothing to handle is not a stuck queue');
  const done = metrics.handling({ type: 'signal', signal: 'SIGHUP' });
  now += STUCK_MS - 1;
  assert.equal(metrics.livez().ok, true);
  now += 2;
  assert.equal(metrics.livez().ok, false);
  assert.match(metrics.livez().text, /handling one event/);
  done();
  assert.equal(metrics.livez().ok, true);
});

test('a worker’s exit is counted with the reason the arbiter gave it while handling the exit', () => {
  const metrics = new MasterMetrics();
  const w = worker(3, 1, 1, true);
  metrics.attach(() => ({ state: 'running', generation: 1, target: 1, workers: [w] }));
  metrics.stats(3, stats(9));
  const done = metrics.handling({ type: 'worker-exit', key: 3, code: null, signal: 'SIGKILL' });
  w.transition('exited'); // what the arbiter does
  done();
  assert.equal(metrics.book.exits.get('crashed'), 1);
  assert.equal(metrics.book.requests().byClass[1], 9);
});

test('the parser refuses what the exposition format does not allow', () => {
  const good = '# HELP a_total A.\n# TYPE a_total counter\na_total{x="1"} 3\n';
  assert.equal(sampleValue(parsePrometheusText(good), 'a_total', { x: '1' }), 3);
  const bad: Record<string, string> = {
    'no final newline': 'a 1',
    'a name with a dash': 'a-b 1\n',
    'an unquoted label value': 'a{x=1} 1\n',
    'an invalid escape': 'a{x="\\t"} 1\n',
    'an unclosed label set': 'a{x="1" 1\n',
    'a value that is not a number': 'a 1x\n',
    'two spaces before the value': 'a  1\n',
    'the same series twice': 'a{x="1"} 1\na{x="1"} 2\n',
    'TYPE after samples': 'a 1\n# TYPE a gauge\n',
    'an unknown type': '# TYPE a meter\na 1\n',
    'two TYPE lines': '# TYPE a gauge\n# TYPE a gauge\na 1\n',
    'interleaved families': 'a 1\nb 1\na{x="2"} 1\n',
    'a negative counter': '# TYPE a_total counter\na_total -1\n',
    'a histogram without +Inf': '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n',
    'a histogram not cumulative': '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
    'a histogram whose +Inf is not its count': '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 1\n',
  };
  for (const [why, text] of Object.entries(bad)) assert.throws(() => parsePrometheusText(text), Error, why);
});
