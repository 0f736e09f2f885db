// With metricsBind, a worker's request counts ride on its heartbeat: one message per beat, so the
// master reads (and wakes for) one message, not a heartbeat and a report after it. The parser keeps
// the beat whatever the counts look like: a malformed metrics field must never cost liveness.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWorkerMessage, REQUEST_DURATION_BUCKETS, STATUS_CLASSES, type RequestStats } from '../../src/ipc/messages.ts';

const metrics = { rss: 1, heapUsed: 2, elu: 0.1, delayP99Ms: 1, delayMaxMs: 2, requests: 5 };
const stats: RequestStats = { byClass: [0, 5, 0, 0, 0, 0], buckets: [...REQUEST_DURATION_BUCKETS.map(() => 0), 5], durationSum: 0.01, inFlight: 1 };

test('a heartbeat carries the request counts, parsed with it', () => {
  const parsed = parseWorkerMessage(JSON.parse(JSON.stringify({ type: 'heartbeat', metrics, stats })));
  assert.deepEqual(parsed, { type: 'heartbeat', metrics, stats });
});

test('a heartbeat without counts (metrics off, or none changed) has no stats field', () => {
  const parsed = parseWorkerMessage({ type: 'heartbeat', metrics });
  assert.deepEqual(parsed, { type: 'heartbeat', metrics });
  assert.equal(parsed !== undefined && 'stats' in parsed, false);
});

test('malformed counts are dropped and the beat is kept', () => {
  const bad = [{ ...stats, byClass: [1, 2] }, { ...stats, inFlight: -1 }, { ...stats, durationSum: 'x' }, 'stats', null];
  for (const counts of bad) {
    assert.deepEqual(parseWorkerMessage({ type: 'heartbeat', metrics, stats: counts }), { type: 'heartbeat', metrics }, JSON.stringify(counts));
  }
  assert.equal(STATUS_CLASSES.length, stats.byClass.length);
});
