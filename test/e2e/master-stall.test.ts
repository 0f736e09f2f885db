// A stalled master (SIGSTOP, a VM pause, swap) must not kill healthy workers when it resumes
// (issue 14, item 2). Before the fix, a master stopped for longer than `timeout` killed every worker
// on SIGCONT (`worker.timeout`, silentMs ~10 s) and cut the requests in flight: libuv ran the overdue
// heartbeat check before it read the heartbeats queued in the IPC pipes. Gunicorn killed none.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { tempDir } from '../helpers/cli.ts';
import { getOnce } from '../helpers/load.ts';
import { startServer } from '../helpers/server.ts';

const APP = 'test/fixtures/liveness/stall-app.mjs';
const TIMEOUT_S = 2;
/** The fault itself, not a wait for something: the master stays stopped for 3× `timeout`. */
const STOPPED_MS = 3 * TIMEOUT_S * 1000;

test('a master SIGSTOPped for 3× timeout kills no worker on SIGCONT, and a request in flight across the stall completes', async (t) => {
  const dir = tempDir(t);
  const release = join(dir, 'release');
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '2', '--timeout', String(TIMEOUT_S)] });
  // Whatever happens, the master this test stopped is continued before it is killed.
  t.after(() => {
    try {
      process.kill(server.pid, 'SIGCONT');
    } catch {
      // already gone
    }
    server.killAll();
  });
  const url = await server.url();
  const workers = server.liveWorkerPids().sort();
  assert.equal(workers.length, 2);

  const inFlight = getOnce(url, { path: `/slow?until=${encodeURIComponent(release)}`, timeoutMs: 60_000 }).then(
    (r) => r,
    (e: Error) => e,
  );
  const serving = await server.waitFor('test.slow-started');
  process.kill(server.pid, 'SIGSTOP');
  await sleep(STOPPED_MS);
  process.kill(server.pid, 'SIGCONT');

  // A barrier through the master's event queue: SIGWINCH is only logged, and it is handled after
  // the overdue timers (the heartbeat check) that run first on resume.
  const from = server.lines.length;
  process.kill(server.pid, 'SIGWINCH');
  await server.waitFor((l) => l.event === 'signal.received' && l['signal'] === 'SIGWINCH', { after: from });

  assert.deepEqual(server.events('worker.timeout'), [], 'no worker was judged on the time the master was stopped');

  writeFileSync(release, '');
  const answer = await inFlight;
  assert.ok(!(answer instanceof Error), `the request in flight across the stall completed (${answer instanceof Error ? answer.message : ''})`);
  assert.equal(answer.status, 200);
  assert.equal(answer.body, `slow ok pid ${serving.pid}\n`);

  // The same two workers go on serving.
  for (let i = 0; i < 10; i++) {
    const res = await getOnce(url);
    assert.equal(res.status, 200);
    assert.ok(workers.includes(Number(/pid (\d+)/.exec(res.body)?.[1])), `answered by one of the original workers: ${res.body}`);
  }
  assert.deepEqual(server.events('worker.timeout'), []);
  assert.deepEqual(server.events('worker.exited'), []);
  assert.deepEqual(server.liveWorkerPids().sort(), workers);
  const stalled = server.events('master.stalled');
  assert.equal(stalled.length, 1, 'the master noticed its own stall');
  assert.ok(Number(stalled[0]!['stalledMs']) > TIMEOUT_S * 1000, `the stall (${stalled[0]!['stalledMs']} ms) was longer than timeout`);
});
