// The effects runner and its book: user code runs in a later turn and reports back as an event
// (a throw included), each effect has its own timeout on the port's clock, and the result of one
// that timed out or was abandoned is ignored.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Effects, runEffect } from '../../src/master/effects.ts';
import type { EffectEvent } from '../../src/master/events.ts';
import { resolvedConfig } from '../helpers/config.ts';
import { FakePort } from '../helpers/fake-port.ts';

test('runEffect reports a value, a rejection and a synchronous throw as events, never inline', async () => {
  const events: EffectEvent[] = [];
  runEffect({ kind: 'hook', id: 1, name: 'whenReady', run: () => 42 }, (e) => events.push(e));
  runEffect({ kind: 'hook', id: 2, name: 'childExit', run: () => Promise.reject(new Error('no')) }, (e) => events.push(e));
  runEffect(
    {
      kind: 'hook',
      id: 3,
      name: 'preFork',
      run: () => {
        throw 'a string';
      },
    },
    (e) => events.push(e),
  );
  const config = resolvedConfig({});
  runEffect({ kind: 'config-read', id: 4, run: async () => config }, (e) => events.push(e));
  assert.equal(events.length, 0, 'nothing runs before the caller returns');
  await new Promise((resolve) => setImmediate(resolve));
  const byId = new Map(events.map((e) => [e.effect, e]));
  assert.deepEqual(byId.get(1), { type: 'hook-done', effect: 1, name: 'whenReady', result: { ok: true, value: 42 } });
  const rejected = byId.get(2)!;
  assert.ok(rejected.type === 'hook-done' && !rejected.result.ok && rejected.result.error.message === 'no' && !rejected.result.timedOut);
  const thrown = byId.get(3)!;
  assert.ok(!thrown.result.ok && thrown.result.error instanceof Error && thrown.result.error.message === 'a string');
  const read = byId.get(4)!;
  assert.ok(read.type === 'config-read' && read.result.ok && read.result.value === config);
});

test('the book: a result is taken once; a timeout on the port clock settles it as timed out; a late result is ignored', async () => {
  const port = new FakePort();
  const effects = new Effects<string>(port);
  const never = () => new Promise(() => {});
  const a = effects.hook('onReload', never, 5_000, 'reload');
  const b = effects.hook('childExit', never, 1_000, 'notify');
  assert.equal(
    effects.count((p) => p === 'notify'),
    1,
  );
  assert.deepEqual(
    port.pending('effect-timeout').map((t) => t.ms),
    [5_000, 1_000],
  );

  const fired: number[] = [];
  port.handle = async (event) => {
    if (event.type === 'timer' && event.kind === 'effect-timeout') fired.push(event.effect);
  };
  await port.advance(1_000);
  assert.deepEqual(fired, [b]);
  const expired = effects.expired(b);
  assert.ok(expired !== undefined && expired.purpose === 'notify');
  assert.ok(expired.event.type === 'hook-done' && !expired.event.result.ok && expired.event.result.timedOut);
  assert.match(expired.event.result.ok ? '' : expired.event.result.error.message, /hook childExit did not settle within 1000 ms/);
  assert.equal(effects.settled(b), undefined, 'its result after the timeout is ignored');
  assert.equal(effects.expired(b), undefined);

  assert.equal(effects.settled(a), 'reload');
  assert.equal(port.pending('effect-timeout').length, 0, 'settling cancels the timeout');
  assert.equal(effects.settled(a), undefined, 'taken once');
});

test('the book: an abandoned effect neither settles nor times out', () => {
  const port = new FakePort();
  const effects = new Effects<string>(port);
  const id = effects.readConfig(() => new Promise(() => {}), 60_000, 'reload');
  assert.equal(port.effects[0]!.effect.kind, 'config-read');
  effects.abandon(id);
  assert.equal(port.pending('effect-timeout').length, 0);
  assert.equal(effects.settled(id), undefined);
  assert.equal(effects.expired(id), undefined);
  assert.equal(
    effects.count(() => true),
    0,
  );
});

test('a config read is told to stop (its reader is killed) when it times out or is abandoned, never when it settles', async () => {
  const port = new FakePort();
  const effects = new Effects<string>(port);
  const signals: AbortSignal[] = [];
  const read = (signal: AbortSignal) => {
    signals.push(signal);
    return new Promise<never>(() => {});
  };
  const timedOut = effects.readConfig(read, 1_000, 'reload');
  const abandoned = effects.readConfig(read, 60_000, 'reload');
  const settled = effects.readConfig(read, 60_000, 'reload');
  for (const { effect } of port.effects) void (effect as { run: () => Promise<unknown> }).run();
  assert.equal(signals.length, 3);
  assert.ok(signals.every((s) => !s.aborted));
  assert.ok(effects.expired(timedOut) !== undefined);
  effects.abandon(abandoned);
  assert.equal(effects.settled(settled), 'reload');
  assert.deepEqual(
    signals.map((s) => s.aborted),
    [true, true, false],
  );
});
