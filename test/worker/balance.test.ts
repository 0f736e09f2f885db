// balanceConnections (src/worker/balance.ts, src/sys/balance-table.ts, the gate's share policy) on a
// real shared table and fake listeners: who counts as another live worker, when a worker pauses and
// resumes, and the split a shared queue gives when it always offers the next connection to the same
// worker first (the 4/0 case). The real processes are in test/e2e/balance.test.ts.

import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { test, type TestContext } from 'node:test';
import { BalanceTable, fewestOfOthers, stampNow } from '../../src/sys/balance-table.ts';
import { AcceptGate, SHARE_POLL_MS, type ListenHandle, type SharePolicy } from '../../src/worker/accept-gate.ts';
import { FairShare, overShare, STALE_MS } from '../../src/worker/balance.ts';

class FakeHandle implements ListenHandle {
  reading = false;
  readStart(): number {
    this.reading = true;
    return 0;
  }
  readStop(): number {
    this.reading = false;
    return 0;
  }
}

class FakeListener extends EventEmitter {
  readonly _handle = new FakeHandle();
  accept(): EventEmitter {
    const socket = new EventEmitter();
    this.emit('connection', socket as unknown as Socket);
    return socket;
  }
}

/** A real table; closed after `gates` (which write their slot as they close). */
function table(t: TestContext, gates: AcceptGate[] = []): BalanceTable {
  const created = BalanceTable.create();
  t.after(() => {
    for (const gate of gates) gate.close();
    created.close();
  });
  return created;
}

test('fewestOfOthers: only other live slots with a fresh stamp count', (t) => {
  const shared = table(t);
  const now = stampNow();
  shared.write(0, true, 5, now, 1); // self
  shared.write(1, true, 3, now, 2);
  shared.write(2, false, 0, now, 3); // left (draining, capped)
  shared.write(3, true, 1, now - STALE_MS - 10, 4); // its event loop has not turned for too long
  shared.write(7, true, 2, now, 5);
  assert.equal(fewestOfOthers(shared.read(), 0, now, STALE_MS), 2);
  assert.equal(fewestOfOthers(shared.read(), 7, now, STALE_MS), 3);
  shared.clear(7);
  shared.clear(1);
  assert.equal(fewestOfOthers(shared.read(), 0, now, STALE_MS), Infinity, 'alone: never over its share');
});

test('stamps compare across the 2^31 wrap', (t) => {
  const shared = table(t);
  shared.write(1, true, 0, 0x7fffffff - 5, 2);
  assert.equal(fewestOfOthers(shared.read(), 0, 10, STALE_MS), 0, 'stamped 16 ms before the wrap: fresh');
});

test('overShare: exact against a worker with fewer than 4, then a quarter of its count as slack', () => {
  assert.equal(overShare(1, 0), true);
  assert.equal(overShare(1, 1), false);
  assert.equal(overShare(4, 3), true);
  assert.equal(overShare(5, 4), false);
  assert.equal(overShare(6, 4), true);
  assert.equal(overShare(30, 24), false);
  assert.equal(overShare(31, 24), true);
  assert.equal(overShare(100, Infinity), false);
});

test('a shared queue that always offers the next connection to worker A first still splits 2/2, then 4/4', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const gates: AcceptGate[] = [];
  const shared = table(t, gates);
  const workers = [0, 1].map((slot) => {
    const listener = new FakeListener();
    const gate = new AcceptGate(0, () => {}, new FairShare({ fd: shared.fd, slot }));
    gate.add(listener);
    gates.push(gate);
    return { listener, gate };
  });
  // The kernel's queue as the 4/0 runs saw it: A is always woken first; B only when A does not poll.
  const deliver = (): void => {
    const taker = workers.find((w) => w.listener._handle.reading);
    assert.ok(taker !== undefined, 'some worker accepts');
    taker.listener.accept();
  };
  for (let i = 0; i < 4; i++) {
    deliver();
    t.mock.timers.tick(SHARE_POLL_MS);
  }
  assert.deepEqual(
    workers.map((w) => w.gate.open),
    [2, 2],
  );
  for (let i = 0; i < 4; i++) {
    deliver();
    t.mock.timers.tick(SHARE_POLL_MS);
  }
  assert.deepEqual(
    workers.map((w) => w.gate.open),
    [4, 4],
  );
});

test('a paused worker resumes when another catches up or one of its own connections closes, and leaves the table when closed', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
  const gates: AcceptGate[] = [];
  const shared = table(t, gates);
  const a = new FakeListener();
  const gate = new AcceptGate(0, () => {}, new FairShare({ fd: shared.fd, slot: 0 }));
  gates.push(gate);
  gate.add(a);
  shared.write(1, true, 0, stampNow(), 999); // another worker, idle
  const first = a.accept();
  assert.equal(gate.state, 'paused', 'holds 1, the other 0');
  shared.write(1, true, 1, stampNow(), 999);
  t.mock.timers.tick(SHARE_POLL_MS);
  assert.equal(gate.state, 'accepting', 'the other caught up: seen on the next look');
  a.accept();
  assert.equal(gate.state, 'paused', 'holds 2, the other 1');
  first.emit('close');
  assert.equal(gate.state, 'accepting', 'a close is looked at at once');
  gate.close();
  assert.equal(shared.read()[0], 0, 'its slot says it no longer accepts');
});

test('the share is asked only after an accept or while paused; at the cap the worker records itself as not accepting', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const records: string[] = [];
  let over = false;
  let asked = 0;
  const share: SharePolicy = {
    record: (open, live) => void records.push(`${open}${live ? '' : ' capped'}`),
    over: () => (asked++, over),
    leave: () => void records.push('leave'),
  };
  const listener = new FakeListener();
  const pauses: number[] = [];
  const gate = new AcceptGate(2, (open) => pauses.push(open), share);
  gate.add(listener);
  const one = listener.accept();
  assert.equal(asked, 1);
  one.emit('close');
  assert.equal(asked, 1, 'a close while accepting asks nothing');
  listener.accept();
  const capped = listener.accept();
  assert.equal(gate.state, 'paused');
  assert.deepEqual(pauses, [2], 'the cap reports its pause; the share is not asked at the cap');
  assert.equal(asked, 2);
  over = true;
  capped.emit('close');
  assert.equal(gate.state, 'paused', 'under the cap, but over its share');
  assert.equal(asked, 3);
  gate.close();
  gate.close();
  assert.deepEqual(records, ['0', '1', '0', '1', '2 capped', '1', 'leave']);
});
