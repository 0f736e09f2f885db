// What systemd hears for each lifecycle change (Type=notify-reload), on a fake sender and clocks:
// the order systemd expects, MONOTONIC_USEC read when the reload starts, the watchdog's pace, and
// systemd's variables taken out of the environment the workers inherit. No process is started here.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProcessNotifier, SystemdNotifier } from '../../src/master/systemd-notifier.ts';
import { watchdogIntervalMs } from '../../src/sys/sd-notify.ts';
import { recordingLogger } from '../helpers/fake-port.ts';

function notifier(watchdogMs: number | null = null) {
  const sent: string[][] = [];
  const clock = { now: 0, usec: 1_000_000n };
  const n = new SystemdNotifier({ send: (m) => sent.push([...m]), watchdogMs, now: () => clock.now, monotonicUsec: () => clock.usec });
  return { n, sent, clock };
}

test('READY=1, then RELOADING=1 with MONOTONIC_USEC and READY=1 per reload (committed or rolled back), then STOPPING=1 and nothing after', () => {
  const { n, sent, clock } = notifier();
  n.on({ kind: 'ready', generation: 1, workers: 2 });
  clock.usec = 5_000_123n;
  n.on({ kind: 'reloading', generation: 1, workers: 2 });
  clock.usec = 9_000_000n;
  n.on({ kind: 'reloaded', ok: true, code: null, generation: 2, workers: 2 });
  n.on({ kind: 'reloading', generation: 2, workers: 2 });
  n.on({ kind: 'reloaded', ok: false, code: 'TSG_APP_LOAD', generation: 2, workers: 2 });
  n.on({ kind: 'scaled', generation: 2, workers: 1 });
  n.on({ kind: 'stopping', status: 'graceful shutdown' });
  n.on({ kind: 'reloaded', ok: false, code: 'TSG_RELOAD_FAILED', generation: 2, workers: 1 });
  n.on({ kind: 'ready', generation: 2, workers: 1 });
  assert.deepEqual(sent, [
    ['READY=1', 'STATUS=serving generation 1, 2 workers'],
    ['RELOADING=1', 'MONOTONIC_USEC=5000123', 'STATUS=reloading; serving generation 1, 2 workers'],
    ['READY=1', 'STATUS=serving generation 2, 2 workers'],
    ['RELOADING=1', 'MONOTONIC_USEC=9000000', 'STATUS=reloading; serving generation 2, 2 workers'],
    ['READY=1', 'STATUS=serving generation 2, 2 workers; the last reload was rolled back (TSG_APP_LOAD)'],
    ['STATUS=serving generation 2, 1 worker'],
    ['STOPPING=1', 'STATUS=graceful shutdown'],
  ]);
});

test('before the first READY=1 a reload is not reported; one that commits then sends READY=1, one rolled back sends nothing', () => {
  const { n, sent } = notifier();
  n.on({ kind: 'reloading', generation: 1, workers: 1 });
  n.on({ kind: 'reloaded', ok: false, code: 'TSG_APP_LOAD', generation: 1, workers: 1 });
  n.on({ kind: 'scaled', generation: 1, workers: 2 });
  assert.deepEqual(sent, []);
  n.on({ kind: 'reloading', generation: 1, workers: 2 });
  n.on({ kind: 'reloaded', ok: true, code: null, generation: 2, workers: 2 });
  n.on({ kind: 'ready', generation: 2, workers: 2 });
  assert.deepEqual(sent, [['READY=1', 'STATUS=serving generation 2, 2 workers']]);
});

test('a reload begun before READY=1 and ended after it updates only the status', () => {
  const { n, sent } = notifier();
  n.on({ kind: 'reloading', generation: 1, workers: 1 });
  n.on({ kind: 'ready', generation: 1, workers: 1 });
  n.on({ kind: 'reloaded', ok: true, code: null, generation: 2, workers: 1 });
  assert.deepEqual(sent, [['READY=1', 'STATUS=serving generation 1, 1 worker'], ['STATUS=serving generation 2, 1 worker']]);
});

test('a stop before the server was ready (the first generation never booted) still says STOPPING=1 and why', () => {
  const { n, sent } = notifier();
  n.on({ kind: 'stopping', status: 'failed: worker 1 failed to boot: boom (its only boot attempt)' });
  assert.deepEqual(sent, [['STOPPING=1', 'STATUS=failed: worker 1 failed to boot: boom (its only boot attempt)']]);
});

test('a status from user code is sent on one line: a newline in an error message cannot add an assignment', () => {
  const { n, sent } = notifier();
  n.on({ kind: 'stopping', status: 'failed: worker 1 failed to boot: bad\nMAINPID=1\r\n  READY=1 (its only boot attempt)' });
  assert.deepEqual(sent, [['STOPPING=1', 'STATUS=failed: worker 1 failed to boot: bad MAINPID=1 READY=1 (its only boot attempt)']]);
});

test('WATCHDOG=1 at most once per half WATCHDOG_USEC, as events are handled; never without WATCHDOG_USEC', () => {
  const { n, sent, clock } = notifier(500);
  for (const at of [0, 250, 499, 500, 750, 1_000, 1_250, 3_000]) {
    clock.now = at;
    n.alive();
  }
  assert.equal(sent.length, 4, JSON.stringify(sent));
  assert.ok(sent.every((m) => m.length === 1 && m[0] === 'WATCHDOG=1'));

  const off = notifier(null);
  for (const at of [0, 10_000, 20_000]) {
    off.clock.now = at;
    off.n.alive();
  }
  assert.deepEqual(off.sent, []);
});

test('MAINPID= names a new main process', () => {
  const { n, sent } = notifier();
  n.mainPid(4242);
  assert.deepEqual(sent, [['MAINPID=4242']]);
});

test('watchdogIntervalMs: half of WATCHDOG_USEC, only when WATCHDOG_PID is unset or names this process', () => {
  assert.equal(watchdogIntervalMs({ WATCHDOG_USEC: '30000000' }, 10), 15_000);
  assert.equal(watchdogIntervalMs({ WATCHDOG_USEC: '30000000', WATCHDOG_PID: '10' }, 10), 15_000);
  assert.equal(watchdogIntervalMs({ WATCHDOG_USEC: '30000000', WATCHDOG_PID: '11' }, 10), null);
  assert.equal(watchdogIntervalMs({ WATCHDOG_USEC: '1' }, 10), 1);
  for (const usec of [undefined, '', '0', '-5', 'abc', '1.5']) assert.equal(watchdogIntervalMs({ WATCHDOG_USEC: usec }, 10), null, String(usec));
});

test('createProcessNotifier: null without NOTIFY_SOCKET; with it, systemd variables leave the env that hooks and workers inherit', () => {
  const { logger } = recordingLogger();
  const unset: Record<string, string | undefined> = { PATH: '/usr/bin', WATCHDOG_USEC: '1000' };
  assert.equal(createProcessNotifier(unset, logger, 10), null);
  assert.deepEqual(unset, { PATH: '/usr/bin', WATCHDOG_USEC: '1000' });
  assert.equal(createProcessNotifier({ NOTIFY_SOCKET: '' }, logger, 10), null);

  const env: Record<string, string | undefined> = { PATH: '/usr/bin', NOTIFY_SOCKET: '@tsgun-test', WATCHDOG_USEC: '1000', WATCHDOG_PID: '10', KEEP: 'me' };
  const created = createProcessNotifier(env, logger, 10);
  assert.ok(created !== null);
  assert.equal(created.socket, '@tsgun-test');
  assert.deepEqual(env, { PATH: '/usr/bin', KEEP: 'me' });
});
