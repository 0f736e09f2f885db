// The arbiter on a fake port: no processes, no real timers. Each test feeds it MasterEvents (worker
// messages, exits, signals, reloads, and the timers advance() makes due) and reads what it did from
// the spawn records, what each fake child was sent, and the log events. Config reads and hooks run
// as effects; the fake port hands their results back after each event (port.deliver).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TsgunError } from '../../src/errors/tsgun-error.ts';
import type { WorkerMetrics } from '../../src/ipc/messages.ts';
import type { ArbiterView } from '../../src/master/arbiter-view.ts';
import { CONFIG_FILE, resolvedConfig } from '../helpers/config.ts';
import { harness, readyAll } from './arbiter-harness.ts';

const config = resolvedConfig;

// ---- start ----------------------------------------------------------------------------------

test('start spawns `workers` workers of generation 1; server.ready and whenReady once all are ready', async () => {
  let whenReady = 0;
  const h = await harness({ workers: 3, whenReady: () => void whenReady++ });
  assert.deepEqual(
    h.port.spawns.map((s) => [s.key, s.id, s.generation]),
    [
      [1, 1, 1],
      [2, 2, 1],
      [3, 3, 1],
    ],
  );
  const payload = h.port.spawns[0]!.request.payload;
  assert.equal(payload.config.app.module, '/srv/app/app.mjs');
  assert.deepEqual(payload.config.texts, { [CONFIG_FILE]: 'v1' });
  assert.equal(h.port.spawns[0]!.request.env['PATH'], '/usr/bin');
  assert.equal(h.arbiter.view().state, 'running');

  await h.ready(1);
  await h.ready(2);
  assert.equal(h.events('worker.ready').length, 2);
  assert.equal(h.events('server.ready').length, 0);
  assert.equal(whenReady, 0);
  await h.ready(3);
  assert.equal(h.events('worker.ready').length, 3);
  assert.equal(h.events('server.ready').length, 1);
  assert.equal(h.events('server.ready')[0]!['workers'], 3);
  assert.equal(whenReady, 1);

  // A duplicate ready, or a respawned worker becoming ready, announces nothing again.
  await h.ready(3);
  await h.exit(2, 1);
  await h.port.advance(0);
  const respawned = h.port.spawns.at(-1)!;
  assert.deepEqual([respawned.id, respawned.generation], [2, 1]);
  await h.ready(respawned.key);
  assert.equal(h.events('server.ready').length, 1);
  assert.equal(whenReady, 1);
});

// ---- view -----------------------------------------------------------------------------------

test('view() is one frozen snapshot: what a reader read stays as it was while later events move the arbiter on', async () => {
  const h = await harness({ workers: 2 });
  await readyAll(h, [1, 2]);
  const shape = (v: ArbiterView) => ({ state: v.state, generation: v.generation, nextGeneration: v.nextGeneration, target: v.target, reloading: v.reloading, workers: v.workers.map((w) => w.key) });
  const before = h.arbiter.view();
  const initial = before.config;
  assert.ok(Object.isFrozen(before) && Object.isFrozen(before.workers), 'a reader cannot write into it');
  const idle = { state: 'running', generation: 1, nextGeneration: 2, target: 2, reloading: false, workers: [1, 2] };
  assert.deepEqual(shape(before), idle);

  const v2 = config({ workers: 2, app: './app2.mjs' }, { [CONFIG_FILE]: 'v2' });
  h.next.push(v2);
  await h.reload();
  const during = h.arbiter.view();
  const booting = { ...idle, nextGeneration: 3, reloading: true, workers: [1, 2, 3, 4] };
  assert.deepEqual(shape(during), booting);
  assert.equal(during.config, initial, 'the serving config until the commit');
  assert.deepEqual(shape(before), idle, 'the earlier snapshot did not move');

  await readyAll(h, [3, 4]);
  const after = h.arbiter.view();
  assert.deepEqual(shape(after), { ...idle, generation: 2, nextGeneration: 3, workers: [1, 2, 3, 4] });
  assert.equal(after.config, v2);
  assert.deepEqual(shape(during), booting);
  assert.equal(before.config, initial);
});

// ---- crash respawn --------------------------------------------------------------------------

test('a worker crashing before ready is respawned with backoff 0, 250, 500, 1000 … capped at 30 s', async () => {
  const h = await harness({ workers: 1, bootAttempts: 0 });
  let key = 1;
  const delays: number[] = [];
  for (let n = 1; n <= 10; n++) {
    await h.exit(key, 1);
    const [timer, ...more] = h.port.pending('respawn');
    assert.ok(timer !== undefined && more.length === 0, `one respawn timer after failure ${n}`);
    delays.push(timer.ms);
    const before = h.port.spawns.length;
    if (timer.ms > 0) {
      await h.port.advance(timer.ms - 1);
      assert.equal(h.port.spawns.length, before, `no spawn before the ${timer.ms} ms backoff`);
    }
    const crashedAt = h.port.now() - Math.max(0, timer.ms - 1);
    await h.port.advance(timer.ms > 0 ? 1 : 0);
    assert.equal(h.port.spawns.length, before + 1);
    const spawned = h.port.spawns.at(-1)!;
    assert.deepEqual([spawned.id, spawned.generation], [1, 1]);
    assert.equal(spawned.at - crashedAt, timer.ms);
    key = spawned.key;
  }
  assert.deepEqual(delays, [0, 250, 500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  const loops = h.events('worker.crash-loop');
  assert.deepEqual(
    loops.map((e) => [e['worker'], e['failures'], e['delayMs']]),
    [3, 4, 5, 6, 7, 8, 9, 10].map((f) => [1, f, delays[f - 1]]),
  );
  assert.ok(loops.every((e) => e.level === 'error'));

  // Ready for less than 10 s: still the same loop.
  await h.ready(key);
  await h.port.advance(9_999);
  await h.exit(key, 1);
  assert.equal(h.port.pending('respawn')[0]!.ms, 30_000);
  assert.equal(h.events('worker.crash-loop').at(-1)!['failures'], 11);
  await h.port.advance(30_000);
  key = h.port.spawns.at(-1)!.key;

  // Ready for 10 s and then dead: a fresh failure, respawned at once, no crash-loop line.
  await h.ready(key);
  await h.port.advance(10_000);
  const loopsBefore = h.events('worker.crash-loop').length;
  await h.exit(key, 1);
  assert.equal(h.port.pending('respawn')[0]!.ms, 0);
  await h.port.advance(0);
  assert.equal(h.events('worker.crash-loop').length, loopsBefore);
  key = h.port.spawns.at(-1)!.key;
  // …and the count goes on from 1.
  await h.exit(key, 1);
  assert.equal(h.port.pending('respawn')[0]!.ms, 250);
});

// ---- scaling --------------------------------------------------------------------------------

test('TTIN adds a worker, TTOU drains the oldest, never below one worker', async () => {
  const h = await harness({ workers: 2 });
  await readyAll(h, [1, 2]);

  await h.signal('SIGTTIN');
  assert.deepEqual(
    h.events('workers.scaled').map((e) => [e['workers'], e['previous']]),
    [[3, 2]],
  );
  const third = h.port.spawns.at(-1)!;
  assert.deepEqual([third.key, third.id, third.generation], [3, 3, 1]);
  await h.ready(3);

  await h.signal('SIGTTOU');
  assert.deepEqual(h.drained(), [1]);
  assert.deepEqual(h.child(1).sent, [{ type: 'drain', timeoutMs: 30_000 }]);
  assert.deepEqual(
    h.events('worker.draining').map((e) => [e['worker'], e['reason']]),
    [[1, 'scaled-down']],
  );
  await h.exit(1, 0);
  assert.equal(h.port.spawns.length, 3, 'a scaled-down worker is not respawned');

  await h.signal('SIGTTOU');
  assert.deepEqual(h.drained(), [1, 2]);
  await h.exit(2, 0);
  assert.equal(h.events('workers.scale-refused').length, 0);

  await h.signal('SIGTTOU');
  assert.deepEqual(h.drained(), [1, 2], 'the last worker is kept');
  assert.deepEqual(
    h.events('workers.scale-refused').map((e) => e['workers']),
    [1],
  );
  assert.equal(h.serving(), 1);
  assert.deepEqual(
    h.events('workers.scaled').map((e) => [e['workers'], e['previous']]),
    [
      [3, 2],
      [2, 3],
      [1, 2],
    ],
  );
});

// Regression: TTOU retires the oldest worker (slot 1); a later crash of slot 3 (above the target
// of 2) was never respawned, leaving one worker short for good.
test('after TTOU retired slot 1, a crash of the highest slot is refilled into the free slot', async () => {
  const h = await harness({ workers: 2 });
  await readyAll(h, [1, 2]);
  await h.signal('SIGTTIN'); // slot 3
  await h.ready(3);
  await h.signal('SIGTTOU'); // drains slot 1 (the oldest), target 2, live slots {2, 3}
  await h.exit(1, 0);
  assert.equal(h.serving(), 2);

  await h.exit(3, 1); // slot 3 crashes
  await h.port.advance(60_000);
  const live = h.arbiter.view().workers.filter((w) => w.state === 'booting' || w.state === 'ready');
  assert.equal(live.length, 2, `target is 2 but ${live.length} worker(s) left`);
  assert.deepEqual(live.map((w) => w.id).sort(), [1, 2], 'the crash was refilled into slot 1');
});

// ---- reload: commit -------------------------------------------------------------------------

test('a reload boots generation 2 with the new texts and app, and drains the old only when all new are ready', async () => {
  const hookCalls: { generation: number; config: unknown; previous: unknown }[] = [];
  const h = await harness({ workers: 2, onReload: (ctx: { generation: number; config: unknown; previous: unknown }) => void hookCalls.push(ctx) });
  await readyAll(h, [1, 2]);
  const initial = h.arbiter.view().config;
  const v2 = config({ workers: 2, app: './app2.mjs' }, { [CONFIG_FILE]: 'v2' });
  h.next.push(v2);

  const outcomes = await h.reload('signal');
  assert.equal(h.calls.readConfig, 1);
  assert.equal(hookCalls.length, 1);
  assert.equal(hookCalls[0]!.generation, 2);
  assert.equal(hookCalls[0]!.config, v2);
  assert.equal(hookCalls[0]!.previous, initial);
  assert.deepEqual(h.keysOf(2), [3, 4]);
  for (const key of [3, 4]) {
    const payload = h.port.spawn(key).request.payload;
    assert.equal(payload.generation, 2);
    assert.equal(payload.config.app.module, '/srv/app/app2.mjs');
    assert.deepEqual(payload.config.texts, { [CONFIG_FILE]: 'v2' });
  }
  assert.deepEqual(h.drained(), []);
  assert.equal(outcomes.length, 0);

  await h.ready(3);
  assert.deepEqual(h.drained(), [], 'old workers keep serving until every new one is ready');
  assert.equal(h.arbiter.view().generation, 1);
  await h.ready(4);
  assert.deepEqual(h.drained(), [1, 2]);
  assert.ok(h.events('worker.draining').every((e) => e['reason'] === 'reloaded'));
  assert.deepEqual(
    h.events('reload.committed').map((e) => [e['generation'], e['previous'], e['newGeneration']]),
    [[2, 1, true]],
  );
  assert.equal(outcomes.length, 1);
  assert.equal(outcomes[0]!.ok, true);
  assert.equal(outcomes[0]!.generation, 2);
  assert.equal(h.arbiter.view().generation, 2);
  assert.equal(h.arbiter.view().config, v2);
  assert.deepEqual(h.changed, [v2]);

  // The retired workers exit: nothing is respawned.
  await h.exit(1, 0);
  await h.exit(2, 0);
  await h.port.advance(1000);
  assert.equal(h.port.spawns.length, 4);
  assert.equal(h.serving(), 2);
});

// ---- reload: rollbacks ----------------------------------------------------------------------

test('reload rollback: an invalid new config changes nothing', async () => {
  const h = await harness({ workers: 2 });
  await readyAll(h, [1, 2]);
  h.next.push(new TsgunError('TSG_CONFIG_INVALID', 'the config has 1 problem'));
  const outcomes = await h.reload('signal');
  assert.equal(outcomes.length, 1);
  const [outcome] = outcomes;
  assert.ok(outcome !== undefined && !outcome.ok);
  assert.equal(outcome.code, 'TSG_CONFIG_INVALID');
  assert.equal(outcome.generation, null);
  assert.equal(h.port.spawns.length, 2);
  assert.equal(h.calls.acquireListeners, 0);
  assert.deepEqual(h.drained(), []);
  assert.deepEqual(
    h.events('reload.rolled-back').map((e) => e['code']),
    ['TSG_CONFIG_INVALID'],
  );
  // The reload is over: the next one runs.
  const again = await h.reload('signal');
  assert.equal(h.calls.readConfig, 2);
  assert.deepEqual(h.keysOf(2), [3, 4]);
  assert.equal(again.length, 0);
});

test('reload rollback: a new worker reports boot-failed; the other new ones go, the old ones are untouched', async () => {
  const h = await harness({ workers: 3 });
  await readyAll(h, [1, 2, 3]);
  const outcomes = await h.reload('signal');
  assert.deepEqual(h.keysOf(2), [4, 5, 6]);
  await h.ready(4);
  await h.bootFailed(5, 'TSG_APP_LOAD');

  assert.equal(outcomes.length, 1);
  const [outcome] = outcomes;
  assert.ok(outcome !== undefined && !outcome.ok);
  assert.equal(outcome.code, 'TSG_APP_LOAD');
  assert.equal(outcome.generation, 2);
  assert.match(outcome.reason, /worker 2 of generation 2 failed to boot/);
  assert.equal(h.events('worker.boot-failed').length, 1);
  assert.deepEqual(
    h.events('reload.rolled-back').map((e) => [e['generation'], e['serving']]),
    [[2, 1]],
  );
  for (const key of [1, 2, 3]) {
    assert.deepEqual(h.child(key).sent, [], `old worker ${key} was sent nothing`);
    assert.deepEqual(h.child(key).signals, []);
  }
  assert.deepEqual(h.child(4).types, ['drain'], 'the ready new worker drains');
  assert.deepEqual(h.child(6).signals, ['SIGKILL'], 'the booting new worker is killed');
  assert.deepEqual(h.child(5).signals, [], 'the failed worker gets a moment to flush its logs');
  await h.port.advance(2000);
  assert.deepEqual(h.child(5).signals, ['SIGKILL']);

  for (const key of [4, 5, 6]) await h.exit(key, key === 6 ? null : 1, key === 6 ? 'SIGKILL' : null);
  await h.port.advance(1000);
  assert.equal(h.port.spawns.length, 6, 'nothing respawned');
  assert.equal(h.arbiter.view().generation, 1);
  assert.equal(h.serving(), 3);
});

test('reload rollback: a new worker exiting during boot rolls back', async () => {
  const h = await harness({ workers: 2 });
  await readyAll(h, [1, 2]);
  const outcomes = await h.reload('control');
  assert.deepEqual(h.keysOf(2), [3, 4]);
  await h.exit(3, 1);
  const [outcome] = outcomes;
  assert.ok(outcome !== undefined && !outcome.ok);
  assert.equal(outcome.code, 'TSG_RELOAD_FAILED');
  assert.match(outcome.reason, /exited during boot \(code 1\)/);
  assert.deepEqual(h.child(4).signals, ['SIGKILL']);
  assert.deepEqual(h.drained(), []);
  assert.equal(h.events('reload.rolled-back').length, 1);
  await h.exit(4, null, 'SIGKILL');
  await h.port.advance(1000);
  assert.deepEqual(h.keysOf(2), [3, 4], 'no generation-2 worker is respawned');
  assert.equal(h.port.spawns.length, 4);
  assert.equal(h.arbiter.view().generation, 1);
});

test('reload rollback: a new worker past its bootTimeout is SIGKILLed, and its exit rolls back', async () => {
  const h = await harness({ workers: 1 });
  await h.ready(1);
  h.next.push(config({ workers: 1, bootTimeout: 5 }));
  const outcomes = await h.reload('signal');
  assert.deepEqual(h.keysOf(2), [2]);
  await h.port.advance(4_999);
  assert.deepEqual(h.child(2).signals, []);
  await h.port.advance(1);
  assert.deepEqual(h.child(2).signals, ['SIGKILL']);
  assert.deepEqual(
    h.events('worker.boot-timeout').map((e) => [e['worker'], e['generation'], e['bootTimeout']]),
    [[1, 2, 5]],
  );
  assert.equal(outcomes.length, 0, 'the rollback waits for the exit');
  await h.exit(2, null, 'SIGKILL');
  const [outcome] = outcomes;
  assert.ok(outcome !== undefined && !outcome.ok);
  assert.match(outcome.reason, /bootTimeout \(5 s\)/);
  assert.equal(h.events('reload.rolled-back').length, 1);
  assert.deepEqual(h.child(1).sent, []);
  assert.equal(h.arbiter.view().generation, 1);
});

test('reload refused: a restart-class change (backlog) spawns nothing', async () => {
  let onReload = 0;
  const h = await harness({ workers: 2, onReload: () => void onReload++ });
  await readyAll(h, [1, 2]);
  h.next.push(config({ workers: 2, backlog: 100 }));
  const [outcome] = await h.reload('signal');
  assert.ok(outcome !== undefined && !outcome.ok);
  assert.equal(outcome.code, 'TSG_RELOAD_REFUSED');
  assert.match(outcome.reason, /backlog/);
  assert.equal(onReload, 0);
  assert.equal(h.calls.acquireListeners, 0);
  assert.equal(h.port.spawns.length, 2);
  assert.deepEqual(h.drained(), []);
});

test('reload rollback: acquireListeners throwing TSG_BIND spawns nothing', async () => {
  const h = await harness({ workers: 2 });
  await readyAll(h, [1, 2]);
  h.failBind(new TsgunError('TSG_BIND', 'cannot bind 127.0.0.1:8001: address in use'));
  h.next.push(config({ workers: 2, bind: ['127.0.0.1:8001'] }));
  const [outcome] = await h.reload('signal');
  assert.ok(outcome !== undefined && !outcome.ok);
  assert.equal(outcome.code, 'TSG_BIND');
  assert.equal(h.calls.acquireListeners, 1);
  assert.equal(h.port.spawns.length, 2);
  assert.deepEqual(h.drained(), []);
  assert.equal(h.events('reload.rolled-back').length, 1);
  assert.equal(h.arbiter.view().generation, 1);
});

// ---- reload in batches ----------------------------------------------------------------------

test('reloadBatch 1: one new worker at a time, one old drained per new ready, capacity never below 3', async () => {
  const h = await harness({ workers: 3, reloadBatch: 1 });
  await readyAll(h, [1, 2, 3]);
  const check = (step: string) => {
    assert.ok(h.serving() >= 3, `${step}: only ${h.serving()} workers serving`);
    const booting = h.arbiter.view().workers.filter((w) => w.generation === 2 && w.state === 'booting');
    assert.ok(booting.length <= 1, `${step}: ${booting.length} new workers booting at once`);
  };
  const outcomes = await h.reload('signal');
  check('reload');
  assert.deepEqual(h.keysOf(2), [4]);
  assert.deepEqual(h.drained(), []);

  const oldKeys = [1, 2, 3];
  for (let i = 0; i < 3; i++) {
    const key = h.keysOf(2)[i]!;
    await h.ready(key);
    check(`new worker ${key} ready`);
    if (i < 2) {
      assert.deepEqual(h.drained(), oldKeys.slice(0, i + 1), `exactly one more old worker drained after new worker ${key}`);
      assert.equal(h.keysOf(2).length, i + 2, 'the next new worker is spawned');
      // The retired worker exits in its own time.
      await h.exit(oldKeys[i]!, 0);
      check(`old worker ${oldKeys[i]} exited`);
    }
  }
  assert.deepEqual(h.drained(), [1, 2, 3]);
  assert.deepEqual(
    h.keysOf(2).map((k) => h.port.spawn(k).id),
    [1, 2, 3],
  );
  assert.equal(outcomes.length, 1);
  assert.equal(outcomes[0]!.ok, true);
  assert.equal(h.arbiter.view().generation, 2);
  await h.exit(3, 0);
  check('last old exited');
  assert.equal(h.port.spawns.length, 6);
});

// Regression: a rollback in a later batch drained the ready new workers at once while the old
// slots retired by the earlier batches still had to boot again: capacity dipped below the target.
test('reloadBatch 1: a failure in the second batch keeps a ready new worker serving until the old slot is back', async () => {
  const h = await harness({ workers: 3, reloadBatch: 1 });
  await readyAll(h, [1, 2, 3]);
  const outcomes = await h.reload('signal');
  const [first] = h.keysOf(2);
  await h.ready(first!); // batch 1 ready: old worker 1 drains
  await h.exit(1, 0);
  const second = h.keysOf(2)[1]!;
  await h.bootFailed(second); // batch 2 fails: rollback
  assert.equal(outcomes[0]!.ok, false);
  assert.ok(h.serving() >= 3, `right after the rollback: ${h.serving()} serving`);
  assert.ok(!h.drained().includes(first!), 'the ready new worker stands in for now');
  // The old generation's slot 1 boots again; once it is ready, the stand-in drains.
  const refill = h.keysOf(1).at(-1)!;
  assert.equal(h.port.spawn(refill).id, 1);
  await h.ready(refill);
  assert.ok(h.drained().includes(first!), 'the stand-in drains once the old slot is back');
  assert.equal(h.serving(), 3);
  assert.equal(h.arbiter.view().generation, 1);
});

// ---- coalescing and stop --------------------------------------------------------------------

test('reloads requested during a reload coalesce into one more, and both replies get its outcome', async () => {
  const h = await harness({ workers: 1 });
  await h.ready(1);
  const first = await h.reload('signal');
  assert.deepEqual(h.keysOf(2), [2]);
  const second = await h.reload('control');
  const third = await h.reload('signal');
  assert.equal(h.events('reload.queued').length, 2);
  assert.equal(h.calls.readConfig, 1);

  await h.ready(2);
  assert.equal(first.length, 1);
  assert.equal(first[0]!.ok, true);
  assert.equal(first[0]!.generation, 2);
  assert.equal(h.calls.readConfig, 2, 'the queued reload starts right after');
  assert.deepEqual(h.keysOf(3), [3]);
  assert.equal(second.length, 0);

  await h.ready(3);
  for (const replies of [second, third]) {
    assert.equal(replies.length, 1);
    assert.equal(replies[0]!.ok, true);
    assert.equal(replies[0]!.generation, 3);
  }
  assert.equal(h.calls.readConfig, 2, 'no third reload');
  assert.equal(h.port.spawns.length, 3);
  assert.equal(h.arbiter.view().generation, 3);
});

test('SIGTERM during a reload fails the reply, drains every worker, and stops once all are gone', async () => {
  let onExit = 0;
  const h = await harness({ workers: 2, onExit: () => void onExit++ });
  await readyAll(h, [1, 2]);
  const outcomes = await h.reload('signal');
  const queued = await h.reload('signal');
  assert.deepEqual(h.keysOf(2), [3, 4]);
  await h.ready(3);

  await h.signal('SIGTERM');
  assert.equal(h.arbiter.view().state, 'stopping');
  for (const replies of [outcomes, queued]) {
    assert.equal(replies.length, 1);
    assert.equal(replies[0]!.ok, false);
    assert.equal((replies[0] as { code: string }).code, 'TSG_RELOAD_FAILED');
  }
  for (const key of [1, 2, 3, 4]) assert.deepEqual(h.child(key).types.at(-1), 'drain', `worker ${key} drains`);
  assert.equal(h.calls.readConfig, 1, 'the queued reload does not start');

  // A late ready, a second SIGTERM, a reload request: nothing new.
  await h.ready(4);
  await h.signal('SIGTERM');
  const late = await h.reload('signal');
  assert.equal(late[0]!.ok, false);

  for (const key of [1, 2, 3]) {
    await h.exit(key, 0);
    assert.deepEqual(h.stopped, []);
  }
  await h.exit(4, 0);
  assert.deepEqual(h.stopped, [0]);
  assert.equal(onExit, 1);
  assert.equal(h.arbiter.view().state, 'stopped');
  await h.port.advance(60_000);
  assert.deepEqual(h.stopped, [0]);
  assert.equal(h.port.spawns.length, 4, 'nothing respawned during the stop');
});

// ---- liveness ---------------------------------------------------------------------------------

test('a ready worker silent past `timeout` is replaced at once, sent abort, and SIGKILLed 500 ms later', async () => {
  const h = await harness({ workers: 2, timeout: 2 });
  await readyAll(h, [1, 2]);
  // Worker 2 keeps its heartbeat; worker 1 is stuck.
  await h.port.advance(1000);
  await h.heartbeat(2);
  await h.port.advance(1000);
  await h.heartbeat(2);
  assert.equal(h.events('worker.timeout').length, 0);
  await h.port.advance(500);

  const timeouts = h.events('worker.timeout');
  assert.equal(timeouts.length, 1);
  assert.equal(timeouts[0]!['worker'], 1);
  const silentMs = timeouts[0]!['silentMs'] as number;
  assert.ok(silentMs > 2000 && silentMs <= 2250, `silentMs ${silentMs}`);
  assert.deepEqual(h.child(1).sent, [{ type: 'abort' }]);
  assert.deepEqual(h.child(1).signals, []);
  const replacement = h.port.spawns.at(-1)!;
  assert.deepEqual([replacement.key, replacement.id, replacement.generation], [3, 1, 1]);
  assert.equal(replacement.at, h.port.now() - 2500 + silentMs, 'spawned when the timeout was seen');
  assert.deepEqual(h.child(2).sent, []);

  const graceEnds = replacement.at + 500;
  await h.port.advance(graceEnds - 1 - h.port.now());
  assert.deepEqual(h.child(1).signals, []);
  await h.port.advance(1);
  assert.deepEqual(h.child(1).signals, ['SIGKILL']);
  await h.exit(1, null, 'SIGKILL');
  assert.equal(h.port.spawns.length, 3, 'its slot is already filled');
});

test('maxMemory: a worker past the limit is replaced new-before-old', async () => {
  const h = await harness({ workers: 1, maxMemory: '100MB' });
  await h.ready(1);
  const metrics = (rss: number): WorkerMetrics => ({ rss, heapUsed: rss / 2, elu: 0.1, delayP99Ms: 1, delayMaxMs: 2, requests: 10 });
  await h.heartbeat(1, metrics(90_000_000));
  assert.equal(h.events('worker.memory-exceeded').length, 0);
  assert.equal(h.port.spawns.length, 1);

  await h.heartbeat(1, metrics(150_000_000));
  assert.deepEqual(
    h.events('worker.memory-exceeded').map((e) => [e['worker'], e['rss'], e['limit']]),
    [[1, 150_000_000, 100_000_000]],
  );
  assert.equal(h.port.spawns.length, 2);
  const replacement = h.port.spawns[1]!;
  assert.deepEqual([replacement.id, replacement.generation], [1, 1]);
  assert.deepEqual(h.child(1).sent, [], 'the old worker serves until its replacement is ready');

  await h.heartbeat(1, metrics(160_000_000));
  assert.equal(h.port.spawns.length, 2, 'one replacement only');
  assert.equal(h.serving(), 1);

  await h.ready(replacement.key);
  assert.deepEqual(h.child(1).types, ['drain']);
  assert.deepEqual(
    h.events('worker.draining').map((e) => [e['worker'], e['reason']]),
    [[1, 'replaced']],
  );
  await h.exit(1, 0);
  assert.equal(h.port.spawns.length, 2);
  assert.equal(h.serving(), 1);
});

// A master stopped past `timeout` (SIGSTOP, a VM pause, swap) used to kill every healthy worker on
// resume: libuv runs the overdue liveness check before it reads the heartbeats queued in the pipes
// (issue 14, item 2). Silence is now counted in time the master ran.

test('a master stalled past `timeout` kills nobody: the check on resume discounts the stall, the queued heartbeats then count', async () => {
  const h = await harness({ workers: 2, timeout: 2 });
  await readyAll(h, [1, 2]);
  await h.port.advance(400);
  await h.heartbeat(1);
  await h.heartbeat(2);

  h.port.stall(10_000);
  await h.port.advance(0); // the overdue timers, before any message
  assert.deepEqual(
    h.events('master.stalled').map((e) => e['stalledMs']),
    [10_000 - 250 - 250],
    'the time since the last event beyond one check interval and its slack',
  );
  // Then the heartbeats the workers sent meanwhile, and ordinary life.
  for (let t = 0; t < 3_000; t += 500) {
    await h.heartbeat(1);
    await h.heartbeat(2);
    await h.port.advance(500);
  }
  assert.deepEqual(h.events('worker.timeout'), []);
  assert.equal(h.port.spawns.length, 2, 'nothing replaced');
  assert.deepEqual([h.child(1).sent, h.child(1).signals, h.child(2).sent, h.child(2).signals], [[], [], [], []]);
});

test('a worker stuck across a master stall is still killed, once silent for `timeout` of the time the master ran', async () => {
  const h = await harness({ workers: 2, timeout: 2 });
  await readyAll(h, [1, 2]);
  await h.port.advance(1000);
  await h.heartbeat(1);
  await h.heartbeat(2);
  // Worker 1 is stuck from here on; worker 2 beats every 500 ms.
  h.port.stall(10_000);
  await h.port.advance(0);
  assert.deepEqual(h.events('worker.timeout'), [], 'not judged on the stall');
  const resumedAt = h.port.now();
  while (h.events('worker.timeout').length === 0 && h.port.now() < resumedAt + 10_000) {
    await h.heartbeat(2);
    await h.port.advance(250);
  }
  const timeouts = h.events('worker.timeout');
  assert.deepEqual(
    timeouts.map((e) => e['worker']),
    [1],
  );
  assert.equal(timeouts[0]!['masterStalledMs'], 9_500);
  const silentMs = timeouts[0]!['silentMs'] as number;
  assert.ok(silentMs > 2000 && silentMs <= 2250, `silentMs ${silentMs}: timeout + at most one check interval`);
  assert.equal(h.port.now() - 1000 - 9_500, silentMs, 'silence is the time since its last beat minus the stall');
  assert.deepEqual(h.child(1).sent, [{ type: 'abort' }]);
  assert.deepEqual(h.child(2).sent, []);
});

test('a worker booting across a master stall is not killed for it; a boot that really hangs still is, in time the master ran', async () => {
  const h = await harness({ workers: 2, bootTimeout: 5 });
  h.port.stall(8_000);
  await h.port.advance(0); // the overdue boot-timeouts fire before the queued `ready`s are read
  assert.deepEqual(h.events('worker.boot-timeout'), []);
  await h.ready(1); // worker 1 had booted during the stall; worker 2 hangs in its import
  assert.equal(h.events('worker.ready').length, 1);

  // Worker 2 has had 500 ms of the master's time (8000 - a 7500 ms stall): 4500 ms are left.
  await h.port.advance(4_499);
  assert.deepEqual(h.events('worker.boot-timeout'), []);
  await h.port.advance(1);
  assert.deepEqual(
    h.events('worker.boot-timeout').map((e) => e['worker']),
    [2],
  );
  assert.deepEqual(h.child(2).signals, ['SIGKILL']);
  assert.deepEqual(h.child(1).signals, []);
});

// ---- recycle and scaling during a reload ----------------------------------------------------

test('recycle: the successor boots into the same slot; the old worker serves until it is ready, even across a crash of the successor', async () => {
  const h = await harness({ workers: 2 });
  await readyAll(h, [1, 2]);
  await h.recycle(1);
  assert.deepEqual(
    h.events('worker.replacing').map((e) => [e['worker'], e['reason']]),
    [[1, 'max-requests']],
  );
  const successor = h.port.spawns.at(-1)!;
  assert.deepEqual([successor.key, successor.id, successor.generation], [3, 1, 1]);
  await h.recycle(1);
  assert.equal(h.port.spawns.length, 3, 'one successor only');

  await h.exit(3, 1); // the successor crashes while booting: another one follows, after its backoff
  assert.deepEqual(h.child(1).sent, [], 'the old worker keeps serving');
  await h.port.advance(0);
  const second = h.port.spawns.at(-1)!;
  assert.deepEqual([second.key, second.id], [4, 1]);
  await h.ready(4);
  assert.deepEqual(
    h.events('worker.draining').map((e) => [e['worker'], e['pid'], e['reason']]),
    [[1, h.port.spawn(1).pid, 'replaced']],
  );
  assert.equal(h.serving(), 2);
});

test('TTIN during a reload: both generations follow, and the count after the commit is the one asked for', async () => {
  const h = await harness({ workers: 2 });
  await readyAll(h, [1, 2]);
  const outcomes = await h.reload('signal');
  assert.deepEqual(h.keysOf(2), [3, 4]);
  await h.signal('SIGTTIN');
  assert.deepEqual(
    h.keysOf(1).map((k) => h.port.spawn(k).id),
    [1, 2, 3],
    'the serving generation gets its third worker at once',
  );
  await readyAll(h, [3, 4, 5]);
  assert.deepEqual(
    h.keysOf(2).map((k) => h.port.spawn(k).id),
    [1, 2, 3],
    'and the new generation boots a third once its batch is ready',
  );
  assert.equal(h.events('reload.committed').length, 0);
  await h.ready(h.keysOf(2)[2]!);
  assert.equal(outcomes[0]!.ok, true);
  assert.equal(h.events('reload.committed')[0]!['workers'], 3);
  assert.equal(h.arbiter.view().workers.filter((w) => w.generation === 2 && w.isLive).length, 3);
  assert.ok(
    h.arbiter
      .view()
      .workers.filter((w) => w.generation === 1)
      .every((w) => !w.isLive),
    'every old worker retires',
  );
});

test('a scale to many workers forks four per turn of the event loop, the rest on the next turns (regression: one turn forked them all)', async () => {
  const h = await harness({ workers: 2 });
  await readyAll(h, [1, 2]);
  const decisions: unknown[] = [];
  await h.port.deliver({ type: 'scale', workers: 10, relative: true, max: 1024, reply: (d) => decisions.push(d) });
  assert.deepEqual(decisions, [{ ok: true, previous: 2, workers: 12 }]);
  assert.equal(h.port.spawns.length, 2 + 4, 'four forks in the turn of the scale');
  assert.equal(h.port.pending('reconcile').length, 1, 'one timer for the rest');
  // Each timer is a turn of its own (the fake fires the one a turn sets in the same advance).
  await h.port.advance(0);
  assert.equal(h.port.spawns.length, 12);
  assert.equal(h.port.timers.filter((t) => t.kind === 'reconcile' && t.fired).length, 2, 'four, then the last two');
  assert.equal(h.port.pending('reconcile').length, 0, 'nothing left: no timer');
  assert.deepEqual(
    h.port.spawns.map((s) => s.id),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  );
});
