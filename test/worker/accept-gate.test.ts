// workerConnections' gate (src/worker/accept-gate.ts) on fake listeners and sockets: it pauses every
// listener's handle at the cap and resumes below it, counts connections across listeners, and never
// touches a handle once closed. The real handles are measured in test/e2e/overload.test.ts.

import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { test } from 'node:test';
import { AcceptGate, type ListenHandle } from '../../src/worker/accept-gate.ts';

class FakeHandle implements ListenHandle {
  readonly calls: string[] = [];
  readonly startResult: number;
  constructor(startResult = 0) {
    this.startResult = startResult;
  }
  readStart(): number {
    this.calls.push('start');
    return this.startResult;
  }
  readStop(): number {
    this.calls.push('stop');
    return 0;
  }
}

class FakeListener extends EventEmitter {
  readonly _handle: FakeHandle | null;
  constructor(handle: FakeHandle | null) {
    super();
    this._handle = handle;
  }
  accept(): EventEmitter {
    const socket = new EventEmitter();
    this.emit('connection', socket as unknown as Socket);
    return socket;
  }
}

test('the gate pauses every listener at the cap, counting connections across them, and resumes when one closes', () => {
  const a = new FakeListener(new FakeHandle());
  const b = new FakeListener(new FakeHandle());
  const pauses: number[] = [];
  const gate = new AcceptGate(3, (open) => pauses.push(open));
  assert.equal(gate.add(a), true);
  assert.equal(gate.add(b), true);
  // Armed: one readStart each, so that libuv's uv_read_stop has a "reading" handle to stop.
  assert.deepEqual(a._handle!.calls, ['start']);

  const first = a.accept();
  const second = b.accept();
  assert.equal(gate.state, 'accepting');
  a.accept();
  assert.equal(gate.state, 'paused');
  assert.deepEqual(pauses, [3]);
  assert.deepEqual(a._handle!.calls, ['start', 'stop']);
  assert.deepEqual(b._handle!.calls, ['start', 'stop']);

  first.emit('close');
  assert.equal(gate.state, 'accepting');
  assert.equal(gate.open, 2);
  assert.deepEqual(b._handle!.calls, ['start', 'stop', 'start']);
  // A further close while accepting changes nothing on the handles.
  second.emit('close');
  assert.deepEqual(b._handle!.calls, ['start', 'stop', 'start']);
  // Back at the cap: paused again, and told again.
  b.accept();
  b.accept();
  assert.equal(gate.state, 'paused');
  assert.deepEqual(pauses, [3, 3]);
});

test('a socket counts once, however many close events it emits', () => {
  const l = new FakeListener(new FakeHandle());
  const gate = new AcceptGate(2, () => undefined);
  gate.add(l);
  const s = l.accept();
  l.accept();
  assert.equal(gate.state, 'paused');
  s.emit('close');
  s.emit('close');
  assert.equal(gate.open, 1);
});

test('once closed (the drain), the gate never touches a handle again', () => {
  const l = new FakeListener(new FakeHandle());
  const gate = new AcceptGate(1, () => undefined);
  gate.add(l);
  const s = l.accept();
  assert.equal(gate.state, 'paused');
  gate.close();
  s.emit('close');
  assert.equal(gate.state, 'closed');
  assert.deepEqual(l._handle!.calls, ['start', 'stop']);
});

test('a listener whose handle cannot be paused is reported, and still counted', () => {
  const unpausable = new FakeListener(new FakeHandle(-107)); // UV_ENOTCONN: a socket Node bound itself
  const gate = new AcceptGate(1, () => undefined);
  assert.equal(gate.add(unpausable), false);
  assert.equal(gate.add(new FakeListener(null)), false);
  unpausable.accept();
  assert.equal(gate.open, 1);
  assert.deepEqual(unpausable._handle!.calls, ['start'], 'never stopped: the failed readStart left it as it was');
});
