// The one reconcile step, as a pure function: every case where the arbiter used to count free slots
// on its own (start, TTIN/TTOU, a crash, a recycle, a stuck worker, reload batches, the refill after
// a rollback) is a snapshot here, and the steps that close the gap are checked one by one.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reconcile, type Member, type ReconcileView, type Step } from '../../src/master/reconcile.ts';

let nextKey = 1;
function m(id: number, state: Member['state'] = 'ready', extra: Partial<Member> = {}): Member {
  const key = nextKey++;
  return { key, id, state, spawnedAt: key, replacing: false, ...extra };
}

function view(current: readonly Member[], target: number, more: Partial<ReconcileView> = {}): ReconcileView {
  return { current: { number: 1, members: current, target }, respawning: new Set(), owed: 0, next: null, others: [], ...more };
}

const spawns = (steps: readonly Step[]) => steps.filter((s) => s.kind === 'spawn').map((s) => [s.generation, s.id]);
const drains = (steps: readonly Step[]) => steps.filter((s) => s.kind === 'drain').map((s) => [s.key, s.reason]);

test('start: every slot 1..workers is spawned into the serving generation', () => {
  assert.deepEqual(spawns(reconcile(view([], 3))), [
    [1, 1],
    [1, 2],
    [1, 3],
  ]);
});

test('nothing to do when the generation has its target, whatever their state', () => {
  assert.deepEqual(reconcile(view([m(1), m(2, 'booting'), m(3, 'forking')], 3)), []);
});

test('TTIN: the lowest free slot is spawned, a slot waiting for its respawn counts as filled', () => {
  assert.deepEqual(spawns(reconcile(view([m(1), m(2)], 3))), [[1, 3]]);
  assert.deepEqual(spawns(reconcile(view([m(2), m(3)], 3))), [[1, 1]]);
  assert.deepEqual(reconcile(view([m(2)], 2, { respawning: new Set([1]) })), [], 'slot 1 respawns after its backoff');
  assert.deepEqual(spawns(reconcile(view([m(2)], 3, { respawning: new Set([1]) }))), [[1, 3]]);
});

test('TTOU: a respawn still waiting is cancelled first (highest slot), then the oldest worker drains', () => {
  const [a, b, c] = [m(1), m(2), m(3)];
  assert.deepEqual(drains(reconcile(view([a!, b!, c!], 2))), [[a!.key, 'scaled-down']]);
  assert.deepEqual(reconcile(view([m(2), m(3)], 2, { respawning: new Set([1]) })), [{ kind: 'cancel-respawn', id: 1 }]);
  const [oldest, younger] = [m(3), m(2)];
  const steps = reconcile(view([younger!, oldest!], 1, { respawning: new Set([1]) }));
  assert.deepEqual(steps[0], { kind: 'cancel-respawn', id: 1 });
  assert.deepEqual(drains(steps), [[oldest!.key, 'scaled-down']]);
});

test('a crash is refilled after its backoff, into the lowest free slot (TTOU may have freed a lower one)', () => {
  assert.deepEqual(reconcile(view([m(1)], 2, { owed: 1 })), [{ kind: 'respawn-later', id: 2 }]);
  // Slot 3 crashed after TTOU had retired slot 1: the crash refills slot 1.
  assert.deepEqual(reconcile(view([m(2)], 2, { owed: 1 })), [{ kind: 'respawn-later', id: 1 }]);
  // A crash the target no longer needs (TTOU, then a crash) is not refilled.
  assert.deepEqual(reconcile(view([m(1), m(2)], 2, { owed: 1 })), []);
  // A crash and a free slot in the same event: the crash gets the backoff, the other slot spawns now.
  assert.deepEqual(reconcile(view([m(3)], 3, { owed: 1 })), [
    { kind: 'respawn-later', id: 1 },
    { kind: 'spawn', generation: 1, id: 2 },
  ]);
});

test('a stuck worker (aborted, no longer a member) is refilled at once, into its own slot', () => {
  assert.deepEqual(spawns(reconcile(view([m(2)], 2))), [[1, 1]]);
});

test('recycle: a successor boots into the slot; the old worker drains once the successor is ready', () => {
  const old = m(1, 'ready', { replacing: true });
  assert.deepEqual(spawns(reconcile(view([old, m(2)], 2))), [[1, 1]]);
  assert.deepEqual(reconcile(view([old, m(2), m(1, 'booting')], 2)), [], 'serving until its successor is ready');
  assert.deepEqual(drains(reconcile(view([old, m(2), m(1)], 2))), [[old.key, 'replaced']]);
  // After TTOU no successor is needed: the generation has its ready workers without it.
  assert.deepEqual(drains(reconcile(view([old, m(2)], 1))), [[old.key, 'replaced']]);
});

test('reload: the first batch boots next to the old workers, which stay until it is all ready', () => {
  const old = [m(1), m(2), m(3)];
  const next = (members: Member[], batch = 3) => ({ number: 2, members, target: 3, batch });
  assert.deepEqual(spawns(reconcile(view(old, 3, { next: next([]) }))), [
    [2, 1],
    [2, 2],
    [2, 3],
  ]);
  assert.deepEqual(reconcile(view(old, 3, { next: next([m(1), m(2), m(3, 'booting')]) })), [], 'the batch is still booting');
  assert.deepEqual(reconcile(view(old, 3, { next: next([m(1), m(2), m(3)]) })), [{ kind: 'commit' }]);
});

test('reloadBatch 1: one new worker at a time, one old drained per new one ready, oldest first', () => {
  const old = [m(1), m(2), m(3)];
  const next = (members: Member[]) => ({ number: 2, members, target: 3, batch: 1 });
  assert.deepEqual(spawns(reconcile(view(old, 3, { next: next([]) }))), [[2, 1]]);
  assert.deepEqual(drains(reconcile(view(old, 3, { next: next([m(1, 'booting')]) }))), [], 'the canary leaves the old generation untouched');
  const steps = reconcile(view(old, 3, { next: next([m(1)]) }));
  assert.deepEqual(drains(steps), [[old[0]!.key, 'reloaded']]);
  assert.deepEqual(spawns(steps), [[2, 2]]);
  // The serving generation is not refilled for the worker the reload retired.
  assert.deepEqual(reconcile(view(old.slice(1), 3, { next: next([m(1), m(2, 'booting')]) })), []);
  // But a crash of an old worker still is, up to what the reload still needs of it.
  assert.deepEqual(reconcile(view([old[2]!], 3, { owed: 1, next: next([m(1), m(2, 'booting')]) })), [{ kind: 'respawn-later', id: 1 }]);
});

test('reload to more workers: no extra old worker is spawned, the old ones retire as new ones are ready', () => {
  const old = [m(1), m(2)];
  const next = (members: Member[]) => ({ number: 2, members, target: 4, batch: 1 });
  assert.deepEqual(reconcile(view(old, 2, { next: next([m(1, 'booting')]) })), []);
  assert.deepEqual(drains(reconcile(view(old, 2, { next: next([m(1), m(2), m(3)]) }))), [[old[0]!.key, 'reloaded']]);
});

test('rollback refill: a retired slot boots again, a ready worker of the failed generation stands in until then', () => {
  const standIn = m(1);
  // Slot 1 was retired by the first batch; the second batch failed.
  const steps = reconcile(view([m(2), m(3)], 3, { others: [standIn] }));
  assert.deepEqual(spawns(steps), [[1, 1]]);
  assert.deepEqual(drains(steps), [], 'the stand-in keeps serving');
  assert.deepEqual(drains(reconcile(view([m(2), m(3), m(1, 'booting')], 3, { others: [standIn] }))), [], 'until the refill is ready');
  assert.deepEqual(drains(reconcile(view([m(2), m(3), m(1)], 3, { others: [standIn] }))), [[standIn.key, 'rolled-back']]);
  // A rollback with nothing retired: every ready worker of the failed generation drains at once.
  const [x, y] = [m(1), m(2)];
  assert.deepEqual(drains(reconcile(view([m(1), m(2)], 2, { others: [x!, y!] }))), [
    [x!.key, 'rolled-back'],
    [y!.key, 'rolled-back'],
  ]);
});
