// Worker liveness and recycling through the real CLI: a loop blocked forever, an import that hangs,
// a request past requestTimeout, maxRequests with jitter and maxMemory under a steady client loop.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getOnce, startLoad } from '../helpers/load.ts';
import { startServer, type LogLine, type ServerProcess } from '../helpers/server.ts';
import { scaled } from '../helpers/time.ts';

const APP = 'test/fixtures/liveness/app.mjs';
const ms = (line: LogLine): number => Date.parse(String(line.time));

/**
 * The number of ready workers after each lifecycle event, from `server.ready` on: a worker counts
 * from its worker.ready until it starts draining, is timed out, or exits.
 */
function readyCounts(server: ServerProcess): number[] {
  const ready = new Set<number>();
  const counts: number[] = [];
  let started = false;
  for (const line of server.lines) {
    if (line.role !== 'master') continue;
    if (line.event === 'worker.ready') ready.add(line.pid!);
    else if (line.event === 'worker.draining' || line.event === 'worker.timeout' || line.event === 'worker.exited') ready.delete(line.pid!);
    else if (line.event === 'server.ready') started = true;
    else continue;
    if (started) counts.push(ready.size);
  }
  return counts;
}

test('a route that blocks the loop forever: killed within timeout + 1 s, replaced, other requests keep succeeding', async (t) => {
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '2', '--timeout', '2'] });
  const url = await server.url();
  // One connection per request: keep-alive connections owned by the stuck worker would hang with it.
  const load = startLoad(url, { connections: 4, keepAlive: false, maxMs: 30_000, maxRequests: 20_000 });
  await load.reached(50);
  const blocked = getOnce(url, { path: '/block', timeoutMs: 20_000 }).then(
    (r) => r,
    (e: Error) => e,
  );
  const blocking = await server.waitFor('test.blocking');
  const timedOut = await server.waitFor('worker.timeout', { timeoutMs: 15_000 });
  assert.equal(timedOut.pid, blocking.pid);
  assert.equal(typeof timedOut['generation'], 'number');
  assert.ok(Number(timedOut['silentMs']) > 2_000, 'silent for longer than timeout');
  const exited = await server.waitFor((l) => l.event === 'worker.exited' && l.pid === blocking.pid);
  assert.equal(exited['signal'], 'SIGKILL');
  assert.equal(exited['reason'], 'timed-out');
  // The slack is the master's scheduling lag, which a loaded machine stretches (TSGUN_TEST_TIME_SCALE).
  assert.ok(ms(exited) - ms(blocking) <= 3_000 + scaled(250), `killed ${ms(exited) - ms(blocking)} ms after it blocked (timeout 2 s + 1 s)`);
  // The replacement was spawned when the silence was noticed, before the stuck worker was gone.
  const spawnedAfter = server.lines.findIndex((l) => l.event === 'worker.spawned' && ms(l) >= ms(timedOut));
  const exitIdx = server.lines.indexOf(exited);
  assert.ok(spawnedAfter !== -1 && spawnedAfter < exitIdx, 'replacement spawned before the old worker exited');
  await server.waitForCount('worker.ready', 3);
  const during = await load.stop();
  // Connections the stuck worker had already accepted when it blocked die with it (as with
  // Gunicorn; a proxy retries them): at most one per client, and only resets.
  assert.ok(during.errors.length <= 4, `at most the stuck worker's connections failed: ${during.errors.join(', ')}`);
  for (const error of during.errors) assert.match(error, /ECONNRESET|socket hang up/);
  // Once the stuck worker is gone, nothing fails.
  const after = await startLoad(url, { connections: 4, keepAlive: false, maxRequests: 200, maxMs: 20_000 }).done;
  assert.deepEqual(after.errors, [], 'no request failed after the replacement');
  assert.ok(after.ok === 200);
  assert.ok((await blocked) instanceof Error, 'the blocked request itself was cut');
  assert.equal(server.liveWorkerPids().length, 2);
  assert.equal((await getOnce(url)).status, 200);
});

test('an app whose import hangs is killed at bootTimeout; the boot failure is reported; the master lives', async (t) => {
  const server = await startServer(t, { args: ['test/fixtures/liveness/hang-on-import.mjs', '-b', '127.0.0.1:0', '-w', '1', '--boot-timeout', '1', '--boot-attempts', '0'], waitFor: 'listening' });
  const first = await server.waitFor('worker.boot-timeout', { timeoutMs: 10_000 });
  assert.equal(first['bootTimeout'], 1);
  const exited = await server.waitFor((l) => l.event === 'worker.exited' && l.pid === first.pid);
  assert.equal(exited['reason'], 'boot-timeout');
  assert.equal(exited['signal'], 'SIGKILL');
  await server.waitForCount('worker.boot-timeout', 2, 15_000);
  assert.equal(server.child.exitCode, null, 'the master is still running');
  server.signal('SIGTERM');
  assert.deepEqual(await server.exited, { code: 0, signal: null });
});

for (const [kind, app] of [
  ['a Node listener (req.signal)', APP],
  ['a Fetch app (request.signal)', 'test/fixtures/liveness/fetch-app.mjs'],
] as const) {
  test(`requestTimeout: ${kind} that never answers gets a 503 at the limit and sees its abort signal`, async (t) => {
    const server = await startServer(t, { args: [app, '-b', '127.0.0.1:0', '-w', '1', '--request-timeout', '1'] });
    const url = await server.url();
    const started = Date.now();
    const res = await getOnce(url, { path: '/hang' });
    const took = Date.now() - started;
    assert.equal(res.status, 503);
    assert.ok(took >= 900, `answered after ${took} ms, not before the limit`);
    const aborted = await server.waitFor('test.aborted');
    assert.match(String(aborted['reason']), /requestTimeout/);
    const logged = await server.waitFor('request.timed-out');
    assert.equal(logged['url'], '/hang');
    assert.equal((await getOnce(url)).status, 200, 'the worker goes on serving');
    assert.equal(server.events('worker.exited').length, 0);
  });
}

test('maxRequests 100 + jitter 20 under a steady loop: workers recycle new-before-old, 0 failures, never fewer than 2 ready', async (t) => {
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '2', '--max-requests', '100', '--max-requests-jitter', '20', '--keep-alive', '1'] });
  const url = await server.url();
  // The load runs until the replacements have been recycled in turn (bounded in count and time).
  const load = startLoad(url, { connections: 6, maxRequests: 30_000, maxMs: 40_000 });
  await server.waitForCount('worker.max-requests', 4, 35_000);
  while (server.events('worker.exited').filter((l) => l['reason'] === 'replaced').length < 4) {
    await server.waitFor((l) => l.event === 'worker.exited', { after: server.lines.length, timeoutMs: 20_000 });
  }
  const result = await load.stop();
  assert.deepEqual(result.errors, []);
  assert.deepEqual(Object.keys(result.statuses), ['200']);
  for (const line of server.events('worker.max-requests')) {
    assert.ok(Number(line['requests']) >= 100 && Number(line['requests']) <= 120, `limit ${line['requests']} within maxRequests + jitter`);
  }
  const counts = readyCounts(server);
  assert.ok(counts.length > 8, 'recycling happened');
  assert.ok(Math.min(...counts) >= 2, `ready workers never below 2: ${counts.join(' ')}`);
  assert.ok(result.pids.size >= 3, 'requests were answered by the replacements too');
});

test('maxMemory: a leaking worker is recycled soon after passing the limit, with 0 failed requests', async (t) => {
  const limit = 200 << 20;
  // --timeout 5: a heartbeat (which carries the RSS the master judges) every 500 ms, the shortest
  // period (heartbeat-interval.ts); the default 30 s beats every 2 s, 400 MiB of leaks apart.
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '1', '--max-memory', '200MiB', '--timeout', '5'] });
  const url = await server.url();
  const steady = startLoad(url, { connections: 2, maxMs: 30_000, maxRequests: 50_000 });
  // One leak of 8 MiB every 40 ms at most: 100 MiB per 500 ms heartbeat at most.
  const leaks = (async () => {
    const errors: string[] = [];
    for (let i = 0; i < 150 && server.events('worker.memory-exceeded').length === 0; i++) {
      await getOnce(url, { path: '/leak' }).catch((e: Error) => errors.push(e.message));
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    return errors;
  })();
  const exceeded = await server.waitFor('worker.memory-exceeded', { timeoutMs: 25_000 });
  assert.equal(exceeded['limit'], limit);
  const rss = Number(exceeded['rss']);
  assert.ok(rss > limit, 'reported above the limit');
  assert.ok(rss < limit + (110 << 20), `caught within one check interval of leaking (${Math.round(rss / 2 ** 20)} MiB)`);
  assert.deepEqual(await leaks, []);
  await server.waitFor((l) => l.event === 'worker.exited' && l.pid === exceeded.pid && l['reason'] === 'replaced');
  const result = await steady.stop();
  assert.deepEqual(result.errors, []);
  assert.ok(Math.min(...readyCounts(server)) >= 1);
});
