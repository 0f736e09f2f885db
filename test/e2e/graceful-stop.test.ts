// SIGTERM under load: in-flight requests finish, nothing is refused or reset; what outlives
// gracefulTimeout is cut; a worker that cannot even drain is SIGKILLed by the master.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/cli.ts';
import { getOnce } from '../helpers/load.ts';
import { startServer } from '../helpers/server.ts';

const APP = 'test/fixtures/e2e/app.mjs';

test('TERM while 50 keep-alive clients are mid-request: all complete, exit 0, pidfile gone', async (t) => {
  const dir = tempDir(t);
  const pidfile = join(dir, 'm.pid');
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '2', '--graceful-timeout', '15', '--pidfile', pidfile] });
  const url = await server.url();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 50 });
  t.after(() => agent.destroy());
  // Warm the 50 keep-alive connections first, so that TERM finds them open.
  await Promise.all(Array.from({ length: 50 }, () => getOnce(url, { agent })));
  const before = server.events('test.request-started').length;
  const inFlight = Array.from({ length: 50 }, () =>
    getOnce(url, { agent, path: '/slow?ms=1500' }).then(
      (r) => r,
      (e: Error) => e,
    ),
  );
  await server.waitForCount('test.request-started', before + 50);
  server.signal('SIGTERM');
  const results = await Promise.all(inFlight);
  const failures = results.filter((r) => r instanceof Error || r.status !== 200);
  assert.deepEqual(failures, [], 'every in-flight request completed');
  for (const r of results) if (!(r instanceof Error)) assert.equal(r.headers.connection, 'close', 'responses during drain close their connection');
  assert.deepEqual(await server.exited, { code: 0, signal: null });
  assert.equal(existsSync(pidfile), false);
  assert.equal(server.events('worker.killed').length, 0);
});

test('a request that outlives gracefulTimeout is cut; the worker still exits and the master exits 0', async (t) => {
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '1', '--graceful-timeout', '1', '--keep-alive', '0.5'] });
  const url = await server.url();
  const slow = getOnce(url, { path: '/slow?ms=60000' }).then(
    (r) => r,
    (e: Error) => e,
  );
  await server.waitFor('test.request-started');
  server.signal('SIGTERM');
  const result = await slow;
  assert.ok(result instanceof Error, 'the long request was cut');
  assert.match(String((result as NodeJS.ErrnoException).code ?? result.message), /ECONNRESET|socket hang up/);
  await server.waitFor('worker.drain-cut');
  assert.deepEqual(await server.exited, { code: 0, signal: null });
});

test('a worker whose loop is blocked past the deadline is SIGKILLed by the master', async (t) => {
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '1', '--graceful-timeout', '1', '--keep-alive', '0.5'] });
  const url = await server.url();
  const blocked = getOnce(url, { path: '/block?ms=60000' }).then(
    (r) => r,
    (e: Error) => e,
  );
  await server.waitFor('test.request-started');
  server.signal('SIGTERM');
  const killed = await server.waitFor('worker.killed', { timeoutMs: 15_000 });
  assert.equal(killed.worker, 1);
  const exited = await server.waitFor('worker.exited');
  assert.equal(exited['signal'], 'SIGKILL');
  assert.deepEqual(await server.exited, { code: 0, signal: null });
  assert.ok((await blocked) instanceof Error);
});
