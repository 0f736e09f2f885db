// A worker's request counts (request-stats.ts): counted when the response closes, by status class
// (or `none` when nothing was sent), into the duration bucket it falls in; reported only on change.

import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { test } from 'node:test';
import type { RequestStats } from '../../src/ipc/messages.ts';
import { RequestCounter } from '../../src/worker/request-stats.ts';

function response(status: number, headersSent = true): ServerResponse & EventEmitter {
  return Object.assign(new EventEmitter(), { statusCode: status, headersSent }) as unknown as ServerResponse & EventEmitter;
}

test('requests are counted by status class when their response closes, and in flight until then', () => {
  const counter = new RequestCounter();
  const responses = [response(200), response(204), response(404), response(503), response(101), response(200, false)];
  for (const res of responses) counter.track(res);
  assert.equal(counter.snapshot().inFlight, 6);
  assert.deepEqual(counter.snapshot().byClass, [0, 0, 0, 0, 0, 0]);
  for (const res of responses) res.emit('close');
  const stats = counter.snapshot();
  assert.deepEqual(stats.byClass, [1, 2, 0, 1, 1, 1], '1xx, 2xx ×2, 4xx, 5xx, none (closed before a status)');
  assert.equal(stats.inFlight, 0);
  assert.equal(
    stats.buckets.reduce((a, b) => a + b, 0),
    6,
  );
  assert.ok(stats.durationSum >= 0);
});

test('a slow request lands in a later bucket than a fast one', async () => {
  const counter = new RequestCounter();
  const fast = response(200);
  const slow = response(200);
  counter.track(fast);
  counter.track(slow);
  fast.emit('close');
  await new Promise((resolve) => setTimeout(resolve, 30));
  slow.emit('close');
  const { buckets } = counter.snapshot();
  const first = buckets.findIndex((n) => n > 0);
  const last = buckets.findLastIndex((n) => n > 0);
  assert.ok(last > first, `buckets ${buckets.join(',')}`);
});

test('report gives the totals only when something changed since the last report', () => {
  const counter = new RequestCounter();
  const sent: RequestStats[] = [];
  const beat = (): void => {
    const stats = counter.report();
    if (stats !== undefined) sent.push(stats);
  };
  beat();
  assert.equal(sent.length, 0, 'an idle worker reports nothing');
  const res = response(200);
  counter.track(res);
  beat();
  res.emit('close');
  beat();
  beat();
  assert.equal(sent.length, 2);
  assert.equal(sent[0]!.inFlight, 1);
  assert.deepEqual(sent[1]!.byClass, [0, 1, 0, 0, 0, 0]);
});

test("the counting never reads the global `performance` (Node's lazy getter runs on every read): one listener function serves every response", (t) => {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'performance')!;
  Object.defineProperty(globalThis, 'performance', {
    configurable: true,
    get() {
      throw new Error('the global performance was read');
    },
  });
  t.after(() => Object.defineProperty(globalThis, 'performance', descriptor));
  const counter = new RequestCounter();
  const a = response(200);
  const b = response(500);
  counter.track(a);
  counter.track(b);
  assert.equal(a.listeners('close')[0], b.listeners('close')[0], 'no closure per request');
  a.emit('close');
  b.emit('close');
  assert.deepEqual(counter.snapshot().byClass, [0, 1, 0, 0, 1, 0]);
});
