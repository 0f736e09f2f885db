// With every worker gone, connections wait in the kernel backlog of the master's socket and are
// served by the replacement: none is refused. And a worker that cannot boot is retried with
// backoff, reported as a crash loop, while the master stays up.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getOnce } from '../helpers/load.ts';
import { startServer } from '../helpers/server.ts';

test('workers: 1, the worker SIGKILLed: connections made in the gap succeed (0 refused)', async (t) => {
  const server = await startServer(t, { args: ['test/fixtures/e2e/app.mjs', '-b', '127.0.0.1:0', '-w', '1'] });
  const url = await server.url();
  const [pid] = server.liveWorkerPids();
  process.kill(pid!, 'SIGKILL');
  await server.waitFor((l) => l.event === 'worker.exited' && l.pid === pid);
  // The only worker is dead: these connect while nobody accepts.
  const gap = await Promise.all(
    Array.from({ length: 20 }, () =>
      getOnce(url).then(
        (r) => r,
        (e: Error) => e,
      ),
    ),
  );
  const failed = gap.filter((r) => r instanceof Error);
  assert.deepEqual(failed, [], 'no connection refused or reset');
  const spawned = server.events('worker.spawned');
  assert.equal(spawned.length, 2, 'a replacement was spawned');
  for (const r of gap) assert.match((r as { body: string }).body, new RegExp(`^hello pid ${spawned[1]!.pid}`));
});

test('a worker that crashes on boot: backoff between spawns, crash-loop event, master alive', async (t) => {
  const server = await startServer(t, { args: ['test/fixtures/e2e/crash-on-boot.mjs', '-b', '127.0.0.1:0', '-w', '1', '--boot-attempts', '0'], waitFor: 'worker.crash-loop' });
  await server.waitForCount('worker.spawned', 5, 15_000);
  const times = server.events('worker.spawned').map((l) => Date.parse(l.time!));
  const gaps = times.slice(1).map((time, i) => time - times[i]!);
  // 0, 250, 500, 1000 ms of backoff plus the boot itself: each gap at least the backoff, growing.
  assert.ok(gaps[2]! >= 250 && gaps[3]! >= 500 && gaps[3]! > gaps[1]!, `gaps grow: ${gaps.join(', ')}`);
  const failed = server.events('worker.boot-failed');
  assert.ok(failed.length >= 3);
  assert.equal(failed[0]!['code'], 'TSG_APP_LOAD');
  assert.ok(failed.some((l) => String(l.msg).includes('this app cannot start')));
  const exits = server.events('worker.exited');
  assert.ok(
    exits.every((l) => l['code'] === 3),
    'workers exit with the documented APP_LOAD code',
  );
  const loop = server.events('worker.crash-loop');
  assert.ok(loop.length >= 1 && (loop[0]!['failures'] as number) >= 3);
  assert.equal(server.child.exitCode, null, 'the master is still running');
  server.signal('SIGTERM');
  assert.deepEqual(await server.exited, { code: 0, signal: null });
});
