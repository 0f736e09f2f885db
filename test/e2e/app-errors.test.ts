// An app that throws gets a 500 for that request and a log line; the worker keeps serving.
// An unhandled rejection is logged, and with unhandledRejection: recycle the worker is replaced.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getOnce } from '../helpers/load.ts';
import { startServer } from '../helpers/server.ts';

const APP = 'test/fixtures/e2e/app.mjs';

test('a throw and a rejection in a handler are 500s; the same worker keeps serving', async (t) => {
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '1'] });
  const url = await server.url();
  const [pid] = server.liveWorkerPids();
  for (const path of ['/throw', '/reject']) {
    const res = await getOnce(url, { path });
    assert.equal(res.status, 500, path);
    assert.equal(res.body, 'Internal Server Error\n');
  }
  const failures = await server.waitForCount('request.failed', 2);
  assert.match(JSON.stringify(failures[0]), /boom from \/throw/);
  assert.match(JSON.stringify(failures[1]), /boom from \/reject/);
  assert.equal((await getOnce(url)).status, 200);
  assert.deepEqual(server.liveWorkerPids(), [pid]);
});

test('an unhandled rejection is logged; with recycle the worker is replaced new-before-old', async (t) => {
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '1', '--unhandled-rejection', 'recycle'] });
  const url = await server.url();
  const [pid] = server.liveWorkerPids();
  assert.equal((await getOnce(url, { path: '/unhandled' })).status, 200);
  const logged = await server.waitFor('worker.unhandled-rejection');
  assert.match(JSON.stringify(logged), /nobody handles this/);
  const exited = await server.waitFor('worker.exited');
  assert.equal(exited.pid, pid);
  assert.equal(exited['code'], 0, 'drained, not killed');
  const readyIdx = server.lines.findIndex((l) => l.event === 'worker.ready' && l.pid !== pid);
  const drainIdx = server.lines.findIndex((l) => l.event === 'worker.draining' && l.pid === pid);
  assert.ok(readyIdx !== -1 && readyIdx < drainIdx, 'the replacement was ready before the old one drained');
  assert.equal((await getOnce(url)).status, 200);
});
