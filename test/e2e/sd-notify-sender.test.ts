// The master's sd_notify sender (src/sys/sd-notify.ts) on a fake systemd-notify
// (test/fixtures/systemd/fake-notify.sh, which records its runs and can be held open): one message
// at a time in the order sent, a watchdog ping not queued twice, a bounded queue, failures reported
// with systemd-notify's own words, and a close that does not wait for a hung systemd. In e2e: it
// starts processes.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { SdNotify } from '../../src/sys/sd-notify.ts';
import { repoRoot, tempDir } from '../helpers/cli.ts';

const FAKE = join(repoRoot, 'test/fixtures/systemd/fake-notify.sh');

/** A sender on the fake, held until `open()`; `delivered(n)` waits for n delivered messages. */
function sender(t: TestContext, options: { command?: string } = {}) {
  const dir = tempDir(t, 'tsgun-sd-sender-');
  const log = join(dir, 'runs.log');
  const gate = join(dir, 'gate');
  const open = (): void => writeFileSync(gate, '');
  // A run still held when the test ends must not outlive it.
  t.after(() => existsSync(dir) && open());
  const failures: { message: string; reason: string }[] = [];
  let count = 0;
  let waiting: { n: number; resolve: () => void } | null = null;
  const sd = new SdNotify({
    socket: '/run/systemd/notify',
    env: { PATH: process.env['PATH'], FAKE_NOTIFY_LOG: log, FAKE_NOTIFY_GATE: gate },
    command: options.command ?? FAKE,
    onFailure: (message, reason) => failures.push({ message, reason }),
    onDelivered: () => {
      count++;
      if (waiting !== null && count >= waiting.n) waiting.resolve();
    },
  });
  const delivered = (n: number): Promise<void> => (count >= n ? Promise.resolve() : new Promise((resolve) => (waiting = { n, resolve })));
  const runs = (): string[] => (existsSync(log) ? readFileSync(log, 'utf8').trimEnd().split('\n') : []);
  return { sd, open, delivered, runs, failures };
}

test('one systemd-notify at a time, in the order sent; a WATCHDOG=1 already waiting is not queued again', async (t) => {
  const s = sender(t);
  s.sd.send(['READY=1', 'STATUS=serving generation 1, 2 workers']);
  s.sd.send(['WATCHDOG=1']);
  s.sd.send(['RELOADING=1', 'MONOTONIC_USEC=123']);
  s.sd.send(['WATCHDOG=1']);
  s.sd.send(['READY=1']);
  s.sd.send(['STATUS=-starts with a dash']);
  s.open();
  await s.delivered(5);
  assert.deepEqual(s.runs(), [
    'start READY=1 STATUS=serving generation 1, 2 workers',
    'end READY=1 STATUS=serving generation 1, 2 workers',
    'start WATCHDOG=1',
    'end WATCHDOG=1',
    'start RELOADING=1 MONOTONIC_USEC=123',
    'end RELOADING=1 MONOTONIC_USEC=123',
    'start READY=1',
    'end READY=1',
    'start STATUS=-starts with a dash',
    'end STATUS=-starts with a dash',
  ]);
  assert.deepEqual(s.failures, []);
});

test('a failing systemd-notify is reported with what it said, and the next message still goes', async (t) => {
  const s = sender(t);
  s.open();
  s.sd.send(['STATUS=FAIL']);
  s.sd.send(['READY=1']);
  await s.delivered(1);
  assert.deepEqual(s.failures, [{ message: 'STATUS=FAIL', reason: `${FAKE} exited with code 1: Failed to notify init system: Connection refused` }]);
  assert.deepEqual(s.runs(), ['start STATUS=FAIL', 'end STATUS=FAIL', 'start READY=1', 'end READY=1']);
});

test('no systemd-notify to run: each message is reported as failed, nothing throws', async (t) => {
  const s = sender(t, { command: '/nonexistent/systemd-notify' });
  s.sd.send(['READY=1']);
  s.sd.send(['STOPPING=1']);
  await s.sd.close();
  assert.deepEqual(
    s.failures.map((f) => f.message),
    ['READY=1', 'STOPPING=1'],
  );
  assert.match(s.failures[0]!.reason, /^\/nonexistent\/systemd-notify: spawn \/nonexistent\/systemd-notify ENOENT$/);
});

test('behind a hung systemd-notify the queue is bounded (the oldest waiting are dropped), and close() does not wait for it', async (t) => {
  const s = sender(t);
  for (let i = 0; i < 40; i++) s.sd.send([`STATUS=${i}`]);
  assert.equal(s.failures.length, 7);
  assert.deepEqual(
    s.failures.map((f) => f.message),
    ['STATUS=1', 'STATUS=2', 'STATUS=3', 'STATUS=4', 'STATUS=5', 'STATUS=6', 'STATUS=7'],
  );
  assert.ok(s.failures.every((f) => f.reason === 'dropped: 32 messages were waiting for systemd'));
  // STATUS=0 is held: close gives up waiting after its bound, and sends nothing more after that.
  await s.sd.close(50);
  s.sd.send(['STOPPING=1']);
  s.open();
  await s.delivered(33);
  assert.deepEqual(
    s.runs().filter((r) => r.startsWith('start')),
    ['STATUS=0', ...Array.from({ length: 32 }, (_, i) => `STATUS=${i + 8}`)].map((m) => `start ${m}`),
  );
});
