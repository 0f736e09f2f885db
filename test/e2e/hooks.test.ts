// Every hook runs at its documented moment, in its documented process; a throwing master hook is
// logged with its name and the server keeps running; a failing boot hook fails that worker's boot.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, tempDir } from '../helpers/cli.ts';
import { eventually } from '../helpers/eventually.ts';
import { getOnce } from '../helpers/load.ts';
import { startServer } from '../helpers/server.ts';

test('all hooks fire in order, master hooks in the master, worker hooks in the worker', async (t) => {
  const dir = tempDir(t);
  const hookLog = join(dir, 'hooks.log');
  writeFileSync(hookLog, '');
  const server = await startServer(t, { args: ['--config', 'test/fixtures/e2e/hooks.config.mjs'], env: { HOOK_LOG: hookLog } });
  const url = await server.url();
  assert.equal((await getOnce(url, { path: '/hooked' })).status, 200);
  // postRequest runs when the response is handed to the kernel: the client may see the response
  // first. Wait for it, so that the order below is the server's, not the race's.
  await eventually(() => readFileSync(hookLog, 'utf8').includes('postRequest'), { what: 'postRequest ran', timeoutMs: 10_000 });
  server.signal('SIGTTIN');
  await server.waitForCount('worker.ready', 2);
  server.signal('SIGHUP');
  await server.waitFor('reload.committed');
  server.signal('SIGTERM');
  assert.equal((await server.exited).code, 0);

  const lines = readFileSync(hookLog, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' '));
  const master = server.pid;
  const hooks = lines.map(([hook]) => hook);
  for (const [hook, role, pid] of lines) {
    if (role === 'master') assert.equal(Number(pid), master, `${hook} ran in the master`);
    else assert.notEqual(Number(pid), master, `${hook} ran in a worker`);
  }
  const order = ['onStarting', 'preFork', 'postFork', 'postWorkerInit', 'whenReady', 'preRequest', 'postRequest', 'nworkersChanged', 'onReload', 'preFork', 'workerExit', 'childExit', 'onExit'];
  let at = -1;
  for (const hook of order) {
    const i = hooks.indexOf(hook, at + 1);
    assert.ok(i > at, `${hook} after the ones before it: ${hooks.join(' ')}`);
    at = i;
  }
  assert.ok(lines.some(([h, , , d]) => h === 'preRequest' && d === '/hooked'));
  assert.ok(lines.some(([h, , , ...d]) => h === 'postRequest' && d.join(' ') === '/hooked 200'));
  assert.ok(lines.some(([h, , , d]) => h === 'nworkersChanged' && d === '1->2'));
  assert.ok(lines.some(([h, , , d]) => h === 'onReload' && d === 'gen=2'));
  assert.equal(hooks.filter((h) => h === 'childExit').length, 4, 'two workers of generation 1, two of generation 2');
  assert.equal(hooks.at(-1), 'onExit');
});

test('a master hook that throws is logged with its name; a postFork that throws fails the boot', async (t) => {
  const dir = tempDir(t);
  const config = join(dir, 'tsgun.config.mjs');
  writeFileSync(
    config,
    `export default {
  app: ${JSON.stringify(join(repoRoot, 'test/fixtures/e2e/app.mjs'))},
  bind: ['127.0.0.1:0'],
  workers: 1,
  hookTimeout: 1,
  onStarting() { throw new Error('onStarting is broken'); },
  whenReady() { return new Promise(() => {}); },
  postFork(w) { if (w.generation > 1) throw new Error('no second generation'); },
};\n`,
  );
  const server = await startServer(t, { args: ['--config', config] });
  const failed = server.events('hook.failed');
  assert.equal(failed[0]!['hook'], 'onStarting');
  assert.equal(failed[0]!['code'], 'TSG_HOOK');
  const hung = await server.waitFor((l) => l.event === 'hook.failed' && l['hook'] === 'whenReady');
  assert.equal(hung['timedOut'], true);
  assert.equal((await getOnce(await server.url())).status, 200, 'serving despite both');

  server.signal('SIGHUP');
  const rolledBack = await server.waitFor('reload.rolled-back');
  assert.match(String(rolledBack['reason']), /postFork hook failed/);
  const bootFailed = server.events('worker.boot-failed').find((l) => l.generation === 2)!;
  assert.ok(bootFailed);
  assert.equal((await getOnce(await server.url())).status, 200, 'generation 1 still serves');
});
