// User code in the master runs as effects, never inside an event: a config function or a hook that
// hangs holds nothing. Before, the arbiter awaited them in its queue: a config function awaiting 8 s
// on reload held a TERM for 7.6 s, and heartbeats and exits waited too. Here a config read or hook
// that never settles meets TERM, exits and heartbeats; its late result is ignored; and where order
// matters (preFork before the fork, onExit last) a state waits for it instead.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResolvedConfig } from '../../src/config/resolved-config.ts';
import { resolvedConfig as config } from '../helpers/config.ts';
import { harness, readyAll, type Harness } from './arbiter-harness.ts';

/** Everything the master did since the reload that hangs: nothing of generation 2 may appear after TERM. */
function nothingOfGeneration2(h: Harness): void {
  assert.deepEqual(h.keysOf(2), [], 'no worker of generation 2 spawned');
  assert.deepEqual(h.events('reload.booting'), []);
  assert.deepEqual(h.events('reload.committed'), []);
}

test('a config read that never settles: exits, respawns and heartbeats go on; TERM is handled at once and the late result is ignored', async () => {
  const h = await harness({ workers: 2, timeout: 2 });
  await readyAll(h, [1, 2]);
  const read = Promise.withResolvers<ResolvedConfig>();
  h.next.push(read.promise);
  const outcomes = await h.reload('control');
  assert.equal(h.calls.readConfig, 1);
  assert.equal(h.events('reload.started').length, 1);

  // The queue is free: a crash is reaped and respawned, heartbeats count, a stuck worker would be seen.
  await h.exit(2, 1);
  await h.port.advance(0);
  const respawned = h.port.spawns.at(-1)!;
  assert.deepEqual([respawned.key, respawned.id, respawned.generation], [3, 2, 1]);
  await h.ready(3);
  for (let t = 0; t < 4_000; t += 500) {
    await h.heartbeat(1);
    await h.heartbeat(3);
    await h.port.advance(500);
  }
  assert.deepEqual(h.events('worker.timeout'), []);

  await h.signal('SIGTERM');
  assert.equal(h.arbiter.view().state, 'stopping');
  assert.equal(h.events('shutdown.started').length, 1);
  const [rolledBack, ...more] = h.events('reload.rolled-back');
  assert.ok(rolledBack !== undefined && more.length === 0);
  assert.equal(rolledBack['code'], 'TSG_RELOAD_FAILED');
  assert.match(String(rolledBack['reason']), /abandoned: tsgun began shutting down/);
  assert.equal(outcomes.length, 1);
  assert.equal(outcomes[0]!.ok, false);
  assert.deepEqual(h.child(1).types, ['drain']);
  assert.deepEqual(h.child(3).types, ['drain']);

  // The config function returns at last: nothing follows from it.
  read.resolve(config({ workers: 2, app: './app2.mjs' }, { '/srv/app/tsgun.config.mjs': 'v2' }));
  await h.port.settle();
  nothingOfGeneration2(h);
  assert.equal(h.events('reload.rolled-back').length, 1);
  assert.equal(outcomes.length, 1, 'the reply is not answered twice');

  await h.exit(1, 0);
  await h.exit(3, 0);
  assert.deepEqual(h.stopped, [0]);
});

test('an onReload that never settles: TERM abandons the reload at once; its late result is ignored and never times out', async () => {
  const hook = Promise.withResolvers<void>();
  let calls = 0;
  const h = await harness({
    workers: 1,
    hookTimeout: 5,
    onReload: () => {
      calls++;
      return hook.promise;
    },
  });
  await h.ready(1);
  await h.reload('signal');
  assert.equal(calls, 1);
  await h.port.advance(1_000);
  nothingOfGeneration2(h);

  await h.signal('SIGTERM');
  assert.equal(h.events('shutdown.started').length, 1);
  assert.match(String(h.events('reload.rolled-back')[0]!['reason']), /abandoned/);
  await h.port.advance(10_000);
  assert.deepEqual(h.events('hook.failed'), [], 'an abandoned hook does not time out later');
  hook.resolve();
  await h.port.settle();
  nothingOfGeneration2(h);
  await h.exit(1, 0);
  assert.deepEqual(h.stopped, [0]);
});

test('a preFork that never settles for the new generation: TERM drops the forks; no process is spawned afterwards', async () => {
  const hang = Promise.withResolvers<void>();
  const h = await harness({ workers: 2, preFork: (w: { generation: number }) => (w.generation > 1 ? hang.promise : undefined) });
  await readyAll(h, [1, 2]);
  await h.reload('signal');
  assert.equal(h.events('reload.booting').length, 1);
  assert.deepEqual(h.keysOf(2), [], 'preFork runs before the fork');

  await h.signal('SIGTERM');
  assert.equal(h.events('shutdown.started').length, 1);
  assert.equal(h.events('reload.rolled-back')[0]!['generation'], 2);
  hang.resolve();
  await h.port.settle();
  assert.deepEqual(h.keysOf(2), []);
  await h.exit(1, 0);
  await h.exit(2, 0);
  assert.deepEqual(h.stopped, [0]);
});

test('preFork settles before the fork: a worker is spawned only then, and a failing preFork is logged and does not stop it', async () => {
  const gate = Promise.withResolvers<void>();
  const h = await harness({
    workers: 2,
    preFork: (w: { id: number }) => (w.id === 1 ? gate.promise : Promise.reject(new Error('no lock today'))),
  });
  assert.deepEqual(
    h.port.spawns.map((s) => s.id),
    [2],
    'slot 2 is spawned once its preFork failed; slot 1 waits',
  );
  assert.deepEqual(
    h.events('hook.failed').map((e) => [e['hook'], e['code']]),
    [['preFork', 'TSG_HOOK']],
  );
  await h.ready(h.port.spawns[0]!.key);
  assert.equal(h.events('server.ready').length, 0);
  gate.resolve();
  await h.port.settle();
  assert.deepEqual(
    h.port.spawns.map((s) => s.id),
    [2, 1],
  );
});

test('a config read past bootTimeout rolls the reload back (TSG_CONFIG_LOAD); the next reload runs, the late result is ignored', async () => {
  const h = await harness({ workers: 1, bootTimeout: 5 });
  await h.ready(1);
  const hung = Promise.withResolvers<ResolvedConfig>();
  h.next.push(hung.promise);
  const outcomes = await h.reload('control');
  await h.port.advance(4_999);
  assert.equal(outcomes.length, 0);
  await h.port.advance(1);
  assert.equal(outcomes.length, 1);
  const [outcome] = outcomes;
  assert.ok(outcome !== undefined && !outcome.ok);
  assert.equal(outcome.code, 'TSG_CONFIG_LOAD');
  assert.match(outcome.reason, /did not load within bootTimeout \(5 s\)/);
  assert.equal(h.arbiter.view().generation, 1);

  const again = await h.reload('control');
  assert.deepEqual(h.keysOf(2), [2], 'the next reload boots generation 2');
  hung.resolve(config({ workers: 1, app: './late.mjs' }));
  await h.port.settle();
  await h.ready(2);
  assert.equal(again[0]!.ok, true);
  assert.equal(h.port.spawn(2).request.payload.config.app.module, '/srv/app/app.mjs', 'the late config was not used');
  assert.deepEqual(h.keysOf(3), []);
});

test('onExit runs last: after the hooks still running settle or time out; the master stops only once onExit settled', async () => {
  const childExit = Promise.withResolvers<void>();
  const onExit = Promise.withResolvers<void>();
  const order: string[] = [];
  const h = await harness({
    workers: 1,
    hookTimeout: 3,
    childExit: () => {
      order.push('childExit');
      return childExit.promise;
    },
    onExit: () => {
      order.push('onExit');
      return onExit.promise;
    },
  });
  await h.ready(1);
  await h.signal('SIGTERM');
  await h.exit(1, 0);
  assert.equal(h.arbiter.view().state, 'stopping', 'childExit is still running');
  assert.deepEqual(order, ['childExit']);
  await h.port.advance(3_000);
  assert.deepEqual(
    h.events('hook.failed').map((e) => [e['hook'], e['timedOut']]),
    [['childExit', true]],
  );
  assert.deepEqual(order, ['childExit', 'onExit']);
  assert.equal(h.arbiter.view().state, 'exiting');
  assert.deepEqual(h.stopped, []);
  onExit.resolve();
  await h.port.settle();
  assert.equal(h.arbiter.view().state, 'stopped');
  assert.deepEqual(h.stopped, [0]);
  // childExit settling now changes nothing.
  childExit.resolve();
  await h.port.settle();
  assert.deepEqual(h.stopped, [0]);
});

test('an onExit that never settles: the master stops at hookTimeout', async () => {
  const h = await harness({ workers: 1, hookTimeout: 2, onExit: () => new Promise(() => {}) });
  await h.ready(1);
  await h.signal('SIGINT');
  await h.exit(1, 0);
  assert.deepEqual(h.stopped, []);
  await h.port.advance(2_000);
  assert.deepEqual(h.stopped, [0]);
  assert.equal(h.events('hook.failed')[0]!['hook'], 'onExit');
});

test('a master hook that throws is logged with its name; whenReady and nworkersChanged hanging hold nothing', async () => {
  const h = await harness({
    workers: 1,
    whenReady: () => new Promise(() => {}),
    nworkersChanged: () => new Promise(() => {}),
    childExit: () => {
      throw new Error('childExit is broken');
    },
  });
  await h.ready(1);
  assert.equal(h.events('server.ready').length, 1);
  await h.signal('SIGTTIN');
  assert.deepEqual(
    h.port.spawns.map((s) => s.id),
    [1, 2],
  );
  await h.exit(1, 1);
  const failed = h.events('hook.failed');
  assert.deepEqual(
    failed.map((e) => e['hook']),
    ['childExit'],
  );
  assert.equal((failed[0]!['err'] as Error).message, 'childExit is broken');
  await h.port.advance(0);
  assert.deepEqual(
    h.port.spawns.map((s) => s.id),
    [1, 2, 1],
    'the crash is respawned',
  );
});
