// The basic life of a server: start, serve from several workers, stop on TERM with exit 0.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, tempDir } from '../helpers/cli.ts';
import { getOnce } from '../helpers/load.ts';
import { startServer } from '../helpers/server.ts';

test('serves the hello example from two workers; TERM stops it cleanly', async (t) => {
  const dir = tempDir(t);
  const pidfile = join(dir, 'tsgun.pid');
  const server = await startServer(t, { args: ['--config', 'examples/hello/tsgun.config.ts', '-b', '127.0.0.1:0', '--pidfile', pidfile] });
  assert.equal(readFileSync(pidfile, 'utf8').trim(), String(server.pid));
  const url = await server.url();
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(!url.endsWith(':0'), 'the listening event reports the real port');
  const ready = server.events('worker.ready');
  assert.equal(ready.length, 2);
  const res = await getOnce(url);
  assert.equal(res.status, 200);
  assert.match(res.body, /^hello from worker \d+\n$/);
  assert.ok(server.liveWorkerPids().includes(Number(/\d+/.exec(res.body)![0])), 'answered by a worker, not the master');

  server.signal('SIGTERM');
  const exit = await server.exited;
  assert.deepEqual(exit, { code: 0, signal: null });
  assert.equal(existsSync(pidfile), false, 'pidfile removed');
  assert.ok(server.events('shutdown.started').length === 1);
  assert.ok(server.events('shutdown.completed').length === 1);
  assert.equal(server.events('worker.exited').length, 2);
  for (const line of server.lines) assert.ok(typeof line.time === 'string' && typeof line.level === 'string', 'every line is pino JSON');
  // Regression: master lines about a worker held "pid" twice (the master's, then the worker's).
  for (const raw of server.raw) assert.ok((raw.match(/"pid":/g) ?? []).length <= 1, `one pid per line: ${raw}`);
  const spawned = server.events('worker.spawned')[0]!;
  assert.equal(spawned['masterPid'], server.pid);
  assert.notEqual(spawned.pid, server.pid, 'pid names the worker');
});

test('serve is the default command and takes the app positionally', async (t) => {
  const server = await startServer(t, { args: ['test/fixtures/e2e/app.mjs', '-b', '127.0.0.1:0', '-w', '1'], cwd: repoRoot });
  const res = await getOnce(await server.url());
  assert.match(res.body, /^hello pid \d+/);
});
