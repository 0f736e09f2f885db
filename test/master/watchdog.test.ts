// The watchdog on the fake port: every clock the master keeps on its workers (boot timeout, heartbeat
// silence, memory, abort grace, drain and stop deadlines, crash backoff), with the master's own
// stalls left out of boot time and silence.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MasterEvent } from '../../src/master/events.ts';
import { backoffDelay, Watchdog, type WatchdogTimer } from '../../src/master/watchdog.ts';
import { WorkerHandle } from '../../src/master/worker-handle.ts';
import { resolvedConfig } from '../helpers/config.ts';
import { FakeChild, FakePort, recordingLogger } from '../helpers/fake-port.ts';

function setup(settings: Record<string, unknown> = {}) {
  const port = new FakePort();
  const { logger, events } = recordingLogger();
  const watchdog = new Watchdog(port, logger);
  const config = resolvedConfig(settings);
  const workers: WorkerHandle[] = [];
  const children = new Map<number, FakeChild>();
  let key = 1;
  const spawn = (): WorkerHandle => {
    const child = new FakeChild(1000 + key);
    const worker = new WorkerHandle(key, key, 1, child, port.now());
    children.set(key++, child);
    workers.push(worker);
    watchdog.spawned(worker, config.ms.bootTimeout);
    return worker;
  };
  const find = (k: number) => {
    const worker = workers.find((w) => w.key === k);
    return worker && { worker, generation: { config } };
  };
  // Every event first tells the watchdog time passed (as the arbiter does), then its timers go to it.
  port.handle = async (event: MasterEvent) => {
    watchdog.noticeStall(true);
    if (event.type === 'timer' && event.kind !== 'effect-timeout') watchdog.onTimer(event as WatchdogTimer, find, workers, config);
  };
  watchdog.start();
  return { port, events, watchdog, spawn, child: (k: number) => children.get(k)!, config };
}

test('crash backoff: 0, 250, 500 … 30 s; the third failure in a row is a crash loop; a stable run starts the count again', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 9, 10, 20].map(backoffDelay), [0, 250, 500, 1000, 2000, 30_000, 30_000, 30_000]);
  const s = setup();
  const worker = s.spawn();
  for (let n = 1; n <= 3; n++) {
    s.watchdog.crashed(worker);
    assert.equal(s.watchdog.owed, 1);
    s.watchdog.respawnLater(1);
    s.watchdog.settleOwed();
    assert.deepEqual([...s.watchdog.respawning], [1]);
    s.watchdog.cancelRespawn(1);
  }
  assert.deepEqual(
    s.port.timers.filter((t) => t.kind === 'respawn').map((t) => t.ms),
    [0, 250, 500],
  );
  assert.deepEqual(
    s.events('worker.crash-loop').map((e) => [e['worker'], e['failures']]),
    [[1, 3]],
  );
  // Served 10 s before dying: a fresh failure.
  worker.markReady(s.port.now());
  s.port.stall(10_000);
  s.watchdog.crashed(worker);
  s.watchdog.respawnLater(1);
  assert.equal(s.port.timers.filter((t) => t.kind === 'respawn').at(-1)!.ms, 0);
});

test('a crash that found no slot (the target shrank) is not carried over to a later event', () => {
  const s = setup();
  s.watchdog.crashed(s.spawn());
  s.watchdog.settleOwed();
  assert.equal(s.watchdog.owed, 0);
});

test('boot timeout: killed at bootTimeout; a boot across a master stall gets the time the master did not run back', async () => {
  const s = setup({ bootTimeout: 5 });
  const slow = s.spawn();
  await s.port.advance(4_999);
  assert.deepEqual(s.child(1).signals, []);
  await s.port.advance(1);
  assert.deepEqual(s.child(1).signals, ['SIGKILL']);
  assert.ok(slow.bootTimedOut);

  const paused = s.spawn();
  s.port.stall(8_000);
  await s.port.advance(0);
  assert.deepEqual(s.child(2).signals, [], 'not judged on the stall');
  await s.port.advance(4_499);
  assert.deepEqual(s.child(2).signals, []);
  await s.port.advance(1);
  assert.deepEqual(s.child(2).signals, ['SIGKILL']);
  assert.ok(paused.bootTimedOut);
});

test('liveness: a ready worker silent past `timeout` is told to abort, then SIGKILLed after 500 ms; silence leaves the master stall out', async () => {
  const s = setup({ timeout: 2 });
  const stuck = s.spawn();
  const beating = s.spawn();
  stuck.markReady(s.port.now());
  beating.markReady(s.port.now());
  s.port.stall(10_000);
  await s.port.advance(0);
  assert.deepEqual(s.events('worker.timeout'), [], 'a stalled master judges nobody on its own stall');
  for (let i = 0; i < 12 && s.events('worker.timeout').length === 0; i++) {
    beating.heartbeat(s.port.now(), null);
    s.watchdog.alive(beating);
    await s.port.advance(250);
  }
  assert.deepEqual(
    s.events('worker.timeout').map((e) => e['worker']),
    [1],
  );
  assert.deepEqual(s.child(1).sent, [{ type: 'abort' }]);
  assert.equal(stuck.exitReason, 'timed-out');
  await s.port.advance(499);
  assert.deepEqual(s.child(1).signals, []);
  await s.port.advance(1);
  assert.deepEqual(s.child(1).signals, ['SIGKILL']);
  assert.deepEqual(s.child(2).sent, []);
});

test('maxMemory: over the limit is reported once, only for a ready worker not already on its way out', () => {
  const s = setup();
  const worker = s.spawn();
  const metrics = (rss: number) => ({ rss, heapUsed: 1, elu: 0, delayP99Ms: 0, delayMaxMs: 0, requests: 0 });
  worker.heartbeat(0, metrics(200));
  assert.equal(s.watchdog.overMemory(worker, 100), false, 'still booting');
  worker.markReady(0);
  worker.heartbeat(0, metrics(90));
  assert.equal(s.watchdog.overMemory(worker, 100), false);
  assert.equal(s.watchdog.overMemory(worker, null), false);
  worker.heartbeat(0, metrics(200));
  assert.equal(s.watchdog.overMemory(worker, 100), true);
  worker.markReplacing('max-memory');
  assert.equal(s.watchdog.overMemory(worker, 100), false);
  assert.equal(s.events('worker.memory-exceeded').length, 1);
});

test('deadlines: a draining worker past gracefulTimeout + 2 s is SIGKILLed; at the stop deadline everyone is; periodic checks end with the stop', async () => {
  const s = setup({ gracefulTimeout: 3, keepAlive: 1 });
  const draining = s.spawn();
  draining.markReady(0);
  draining.drain('scaled-down', s.config.ms.gracefulTimeout);
  s.watchdog.drainDeadline(draining, s.config.ms.gracefulTimeout);
  await s.port.advance(4_999);
  assert.deepEqual(s.child(1).signals, []);
  await s.port.advance(1);
  assert.deepEqual(s.child(1).signals, ['SIGKILL']);

  s.spawn();
  s.watchdog.stop(false, s.config.ms.gracefulTimeout);
  assert.deepEqual(s.port.pending('liveness'), []);
  assert.deepEqual(s.port.pending('metrics'), []);
  assert.deepEqual(
    s.port.pending('stop-deadline').map((t) => t.ms),
    [5_000],
  );
  s.watchdog.stop(true, s.config.ms.gracefulTimeout);
  assert.deepEqual(
    s.port.pending('stop-deadline').map((t) => t.ms),
    [2_000],
    'INT during a graceful stop: 2 s from now',
  );
  await s.port.advance(2_000);
  assert.deepEqual(s.child(2).signals, ['SIGKILL']);
  assert.ok(s.events('worker.killed').some((e) => e['worker'] === 2));
  s.watchdog.stop(false, 1_000);
  s.watchdog.stopped();
  const own = s.port.pending().filter((t) => ['liveness', 'metrics', 'respawn', 'stop-deadline'].includes(t.kind));
  assert.deepEqual(own, [], "nothing of the watchdog keeps the master alive once stopped (workers' own timers go with them)");
});
