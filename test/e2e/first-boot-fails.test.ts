// A first generation that never boots (issue 11): before, the master respawned the failing worker
// for ever while clients waited in the listen backlog. Now it gives up after `bootAttempts` boots in
// a row of one worker slot (1 by default, as Gunicorn halts), logs server.boot-failed with the
// worker's reason and exits with code 8 (BOOT_FAILED). The faults used are ones `tsgun check` does
// not catch: a postWorkerInit hook that throws (check runs no hook), and an app that throws on import
// only in a worker (check imports the app, with --no-app it does not).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExitCode } from '../../src/errors/exit-codes.ts';
import { runCli } from '../helpers/cli.ts';
import { BASE, mjsConfig, project } from '../helpers/reload.ts';
import { startServer } from '../helpers/server.ts';

const APP = "export default (req, res) => res.end('ok');\n";

test('a postWorkerInit that throws (check says valid): server.boot-failed with the reason, the other worker stopped, exit 8', async (t) => {
  const p = project(t, {
    'app.mjs': APP,
    'tsgun.config.mjs': mjsConfig({ ...BASE, workers: 2 }, "  postWorkerInit: () => { throw new Error('cannot reach the database at db:5432'); },\n"),
  });
  const check = await runCli(['check', '--config', 'tsgun.config.mjs'], { cwd: p.dir });
  assert.equal(check.code, 0, `check does not run hooks: ${check.stdout}${check.stderr}`);

  const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir, waitFor: null });
  assert.deepEqual(await server.exited, { code: ExitCode.BOOT_FAILED, signal: null });
  await server.waitFor('shutdown.completed');
  const [failed, ...more] = server.events('server.boot-failed');
  assert.ok(failed !== undefined && more.length === 0, server.raw.join('\n'));
  assert.equal(failed.level, 'fatal');
  assert.equal(failed['code'], 'TSG_HOOK');
  assert.equal(failed['attempts'], 1);
  assert.equal(failed['exitCode'], 8);
  assert.match(String(failed['reason']), /^worker [12] failed to boot: the postWorkerInit hook failed: cannot reach the database at db:5432 \(its only boot attempt\)$/);
  assert.equal(server.events('shutdown.completed')[0]?.['exitCode'], 8);
  assert.equal(server.events('server.ready').length, 0);
  // One attempt per slot: nothing was respawned, and no worker is left behind.
  assert.equal(server.events('worker.spawned').length, 2);
  assert.equal(server.events('worker.exited').length, 2);
  for (const pid of server.events('worker.spawned').map((l) => l.pid!)) assert.throws(() => process.kill(pid, 0), /ESRCH/, `worker ${pid} is gone`);
});

test('bootAttempts 3: an app that throws on import is tried three times (with the crash backoff), then exit 8 naming the error', async (t) => {
  const p = project(t, { 'app.mjs': "throw new Error('missing SECRET_KEY');\n", 'tsgun.config.mjs': mjsConfig({ ...BASE, workers: 1, bootAttempts: 3 }) });
  const check = await runCli(['check', '--no-app', '--config', 'tsgun.config.mjs'], { cwd: p.dir });
  assert.equal(check.code, 0, `${check.stdout}${check.stderr}`);

  const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir, waitFor: null });
  assert.deepEqual(await server.exited, { code: ExitCode.BOOT_FAILED, signal: null });
  await server.waitFor('shutdown.completed');
  assert.equal(server.events('worker.spawned').length, 3);
  assert.equal(server.events('worker.boot-failed').filter((l) => l.role === 'master').length, 3);
  const failed = server.events('server.boot-failed')[0];
  assert.ok(failed !== undefined);
  assert.equal(failed['code'], 'TSG_APP_LOAD');
  assert.equal(failed['attempts'], 3);
  assert.match(String(failed['reason']), /^worker 1 failed to boot: .*missing SECRET_KEY.* \(3 boot attempts in a row\)$/);
});

test('bootAttempts 0 keeps the old behaviour: the master keeps respawning until it is told to stop', async (t) => {
  const p = project(t, { 'app.mjs': "throw new Error('not yet');\n", 'tsgun.config.mjs': mjsConfig({ ...BASE, workers: 1 }) });
  const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs', '--boot-attempts', '0'], cwd: p.dir, waitFor: 'worker.crash-loop' });
  assert.equal(server.events('server.boot-failed').length, 0);
  server.signal('SIGTERM');
  assert.deepEqual(await server.exited, { code: 0, signal: null });
});
