// The master takes the request counts off the events before its queue (MasterMetrics.takeCounts):
// those riding on a heartbeat are booked and the beat still goes on to the arbiter (liveness,
// memory); a worker's last report before its exit is booked and is all that event is.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REQUEST_DURATION_BUCKETS, type RequestStats } from '../../src/ipc/messages.ts';
import type { MasterEvent } from '../../src/master/events.ts';
import { MasterMetrics } from '../../src/master/metrics.ts';

const counts = (ok: number): RequestStats => ({ byClass: [0, ok, 0, 0, 0, 0], buckets: [ok, ...REQUEST_DURATION_BUCKETS.map(() => 0)], durationSum: ok / 1000, inFlight: 0 });
const metrics = { rss: 1, heapUsed: 2, elu: 0.1, delayP99Ms: 1, delayMaxMs: 2, requests: 5 };
const message = (key: number, m: Extract<MasterEvent, { type: 'worker-message' }>['message']): MasterEvent => ({ type: 'worker-message', key, message: m });

test('counts on a heartbeat are booked, and the heartbeat is still queued', () => {
  const master = new MasterMetrics();
  assert.equal(master.takeCounts(message(1, { type: 'heartbeat', metrics, stats: counts(7) })), false);
  assert.equal(master.takeCounts(message(2, { type: 'heartbeat', metrics, stats: counts(3) })), false);
  assert.equal(master.book.requests().byClass[1], 10);
  // Totals, not deltas: a later beat replaces the worker's earlier one.
  master.takeCounts(message(1, { type: 'heartbeat', metrics, stats: counts(9) }));
  assert.equal(master.book.requests().byClass[1], 12);
});

test('a heartbeat without counts books nothing; other events are left alone', () => {
  const master = new MasterMetrics();
  assert.equal(master.takeCounts(message(1, { type: 'heartbeat', metrics })), false);
  assert.equal(master.takeCounts(message(1, { type: 'ready' })), false);
  assert.equal(master.takeCounts({ type: 'worker-exit', key: 1, code: 0, signal: null }), false);
  assert.equal(master.book.requests().count, 0);
});

test("a worker's last report before its exit is booked and not queued", () => {
  const master = new MasterMetrics();
  assert.equal(master.takeCounts(message(1, { type: 'stats', stats: counts(4) })), true);
  assert.equal(master.book.requests().count, 4);
});
