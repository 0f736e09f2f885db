// How often idle workers wake the master, counted on the fake port (issue 13, item 3). With 4 workers
// on 2 cores every wake-up of the master takes a core from a worker: a heartbeat every 500 ms per
// worker and a liveness check every 250 ms were 3 master events a second per idle worker, to watch a
// `timeout` of 30 s. Beats and checks now come at periods derived from `timeout`.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { heartbeatInterval } from '../../src/ipc/heartbeat-interval.ts';
import { livenessInterval } from '../../src/master/watchdog.ts';
import { resolvedConfig } from '../helpers/config.ts';
import { harness, readyAll, type Harness } from './arbiter-harness.ts';

const WINDOW_MS = 60_000;

/** Counts the events the arbiter handles from now on. */
function countEvents(h: Harness): { readonly count: number; readonly kinds: Map<string, number> } {
  const counted = { count: 0, kinds: new Map<string, number>() };
  const handle = h.port.handle;
  h.port.handle = async (event) => {
    counted.count++;
    const kind = event.type === 'timer' ? event.kind : event.type === 'worker-message' ? event.message.type : event.type;
    counted.kinds.set(kind, (counted.kinds.get(kind) ?? 0) + 1);
    await handle(event);
  };
  return counted;
}

/**
 * Runs the fake clock for `ms`, each worker in `beating` sending a heartbeat every `beatMs` (each on
 * its own phase, as real workers do); the others stay silent.
 */
async function beat(h: Harness, beating: readonly number[], beatMs: number, ms: number): Promise<void> {
  const end = h.port.now() + ms;
  const next = beating.map((key, i) => ({ key, at: h.port.now() + ((i + 1) * beatMs) / beating.length }));
  for (;;) {
    const due = next.sort((a, b) => a.at - b.at)[0];
    if (due === undefined || due.at > end) break;
    await h.port.advance(due.at - h.port.now());
    await h.heartbeat(due.key);
    due.at += beatMs;
  }
  await h.port.advance(end - h.port.now());
}

test('the periods: beats every 2 s and checks every 1 s for the default timeout (30 s); 500 ms and 250 ms for 2 s, as before', () => {
  assert.equal(resolvedConfig({}).ms.timeout, 30_000);
  assert.deepEqual([30_000, 2_000, 1_000, 10_000, 0].map(heartbeatInterval), [2_000, 500, 500, 666, 2_000]);
  assert.deepEqual([30_000, 2_000, 1_000, 4_000, 0].map(livenessInterval), [1_000, 250, 250, 500, 1_000]);
});

test('4 idle workers with the default timeout wake the master at most 0.8 times a second each (3 before)', async () => {
  const h = await harness({ workers: 4 });
  await readyAll(h, [1, 2, 3, 4]);
  await h.port.advance(5_000); // past the first, short check
  const counted = countEvents(h);
  await beat(h, [1, 2, 3, 4], heartbeatInterval(h.arbiter.view().config.ms.timeout), WINDOW_MS);
  const perWorkerPerSecond = counted.count / 4 / (WINDOW_MS / 1000);
  assert.ok(perWorkerPerSecond <= 0.8, `${perWorkerPerSecond} master events a second per idle worker: ${JSON.stringify([...counted.kinds])}`);
  assert.equal(counted.kinds.get('heartbeat'), 4 * 30, 'one beat every 2 s per worker');
  assert.ok(counted.kinds.get('liveness')! <= 61, `${counted.kinds.get('liveness')} liveness checks in 60 s`);
  assert.deepEqual(h.events('worker.timeout'), [], 'no worker beating every 2 s is judged silent');
  assert.deepEqual(h.events('master.stalled'), [], 'a check every second is no stall of the master');
});

test('with the default timeout a stuck worker is still killed once silent for timeout, within one check interval (1 s)', async () => {
  const h = await harness({ workers: 2 });
  await readyAll(h, [1, 2]);
  const beatMs = heartbeatInterval(h.arbiter.view().config.ms.timeout);
  // Worker 1 beats once, then its loop blocks; worker 2 beats on.
  await h.port.advance(beatMs);
  await h.heartbeat(1);
  const lastBeat = h.port.now();
  await beat(h, [2], beatMs, 40_000);
  const timeouts = h.events('worker.timeout');
  assert.deepEqual(
    timeouts.map((e) => e['worker']),
    [1],
  );
  const silentMs = timeouts[0]!['silentMs'] as number;
  assert.ok(silentMs > 30_000 && silentMs <= 31_000, `silentMs ${silentMs}`);
  assert.ok(
    h.port.spawns.some((s) => s.id === 1 && s.at === lastBeat + silentMs),
    'replaced when the silence was seen',
  );
  assert.deepEqual(h.child(1).sent, [{ type: 'abort' }]);
  assert.deepEqual(h.child(2).sent, []);
});

test('a live reload that shortens timeout (30 s to 2 s) kills no worker that beats at its 2 s period; one silent for two periods is killed', async () => {
  const h = await harness({ workers: 2 });
  await readyAll(h, [1, 2]);
  h.next.push(resolvedConfig({ workers: 2, timeout: 2 }));
  await h.reload('watch');
  assert.equal(h.arbiter.view().config.ms.timeout, 2_000, 'applied in place');
  assert.equal(h.port.spawns.length, 2, 'no new workers: they keep the 2 s period of their timeout (30 s)');
  await beat(h, [1, 2], 2_000, 10_000);
  assert.deepEqual(h.events('worker.timeout'), []);
  // Worker 1 stops beating: silent for more than two of its periods (4 s), it is killed.
  await beat(h, [2], 2_000, 6_000);
  const timeouts = h.events('worker.timeout');
  assert.deepEqual(
    timeouts.map((e) => e['worker']),
    [1],
  );
  assert.ok((timeouts[0]!['silentMs'] as number) > 4_000);
});
