// The signal table: TTIN/TTOU scale, USR1 reopens the log file, HUP restarts new-before-old,
// INT stops fast, and signals sent to a worker by mistake do not kill it.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/cli.ts';
import { eventually } from '../helpers/eventually.ts';
import { getOnce, startLoad } from '../helpers/load.ts';
import { startServer } from '../helpers/server.ts';

const APP = 'test/fixtures/e2e/app.mjs';

test('TTIN adds a worker, TTOU retires the oldest gracefully', async (t) => {
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '2'] });
  const oldest = server.events('worker.spawned')[0]!;
  server.signal('SIGTTIN');
  await server.waitForCount('worker.ready', 3);
  assert.deepEqual(
    server.events('workers.scaled').map((l) => l['workers']),
    [3],
  );
  assert.equal(server.liveWorkerPids().length, 3);

  server.signal('SIGTTOU');
  const exited = await server.waitFor('worker.exited');
  assert.equal(exited.pid, oldest.pid, 'the oldest worker went');
  assert.equal(exited['reason'], 'scaled-down');
  assert.equal(exited['code'], 0, 'it drained and exited by itself');
  assert.equal(server.liveWorkerPids().length, 2);

  // One at a time: two of the same signal sent back to back may reach the master as one.
  server.signal('SIGTTOU');
  await server.waitForCount('worker.exited', 2);
  server.signal('SIGTTOU');
  await server.waitFor((l) => l.event === 'workers.scale-refused');
  assert.equal(server.liveWorkerPids().length, 1, 'never below one worker');
  assert.equal((await getOnce(await server.url())).status, 200);
});

test('USR1 reopens the error log after it was moved (log rotation)', async (t) => {
  const dir = tempDir(t);
  const log = join(dir, 'tsgun.log');
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '1', '--error-log', log], waitFor: null });
  // The events go to the file, not to stdout: the file is all there is to wait on.
  await eventually(() => readFileSync(log, { encoding: 'utf8', flag: 'a+' }).includes('"server.ready"'), { what: 'server.ready in the log file' });
  renameSync(log, `${log}.1`);
  server.signal('SIGUSR1');
  await eventually(() => existsSync(log) && readFileSync(log, 'utf8').includes('"logs.reopened"'), { what: 'a new log file with the reopen event' });
  assert.ok(readFileSync(`${log}.1`, 'utf8').includes('"worker.ready"'), 'the old lines stayed in the moved file');
  server.signal('SIGTERM');
  assert.equal((await server.exited).code, 0);
  assert.ok(readFileSync(log, 'utf8').includes('"shutdown.completed"'), 'later lines go to the new file');
});

test('HUP restarts the workers new-before-old, dropping nothing under load', async (t) => {
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '2', '--keep-alive', '2'] });
  const url = await server.url();
  const first = server.liveWorkerPids();
  const load = startLoad(url, { connections: 10, maxMs: 20_000 });
  await load.reached(200);
  server.signal('SIGHUP');
  const committed = await server.waitFor('reload.committed');
  assert.equal(committed.generation, 2);
  await server.waitForCount('worker.exited', 2);
  const afterRestart = server.lines.length;
  // Keep the load on a little longer, so that the new generation answers part of it.
  await load.reached(400);
  const result = await load.stop();
  assert.deepEqual(result.errors, []);
  assert.ok(result.ok > 200);
  const now = server.liveWorkerPids();
  assert.equal(now.length, 2);
  assert.ok(
    now.every((p) => !first.includes(p)),
    'all workers are new',
  );
  // New-before-old: both generation-2 workers were ready before the first old worker drained.
  const lines = server.lines.slice(0, afterRestart);
  const readyIdx = lines.map((l, i) => (l.event === 'worker.ready' && l.generation === 2 ? i : -1)).filter((i) => i >= 0);
  const drainIdx = lines.findIndex((l) => l.event === 'worker.draining');
  assert.equal(readyIdx.length, 2);
  assert.ok(readyIdx.every((i) => i < drainIdx));
});

test('INT stops fast; signals sent to a worker do not kill it', async (t) => {
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '1'] });
  const [pid] = server.liveWorkerPids();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const) process.kill(pid!, signal);
  await server.waitForCount('worker.signal-ignored', 4);
  assert.equal((await getOnce(await server.url())).status, 200);
  assert.deepEqual(server.liveWorkerPids(), [pid]);
  server.signal('SIGINT');
  assert.deepEqual(await server.exited, { code: 0, signal: null });
  assert.equal(server.events('shutdown.started')[0]!['mode'], 'fast');
});

test('TERM while onStarting still runs: handled as a graceful stop once tsgun is up, exit 0', async (t) => {
  const dir = tempDir(t);
  const marker = join(dir, 'starting');
  const config = join(dir, 'tsgun.config.mjs');
  writeFileSync(
    config,
    `import { writeFileSync } from 'node:fs';
export default {
  app: ${JSON.stringify(join(process.cwd(), APP))},
  bind: ['127.0.0.1:0'],
  workers: 1,
  async onStarting() {
    writeFileSync(${JSON.stringify(marker)}, 'x');
    // The fault: a start hook that takes its time, still running when the test sends TERM.
    await new Promise((resolve) => setTimeout(resolve, 1500));
  },
};\n`,
  );
  const server = await startServer(t, { args: ['--config', config], waitFor: null });
  await eventually(() => existsSync(marker), { what: 'onStarting ran' });
  server.signal('SIGTERM');
  assert.deepEqual(await server.exited, { code: 0, signal: null }, 'not killed by the default action');
  assert.equal(server.events('shutdown.completed').length, 1);
  assert.equal(server.events('signal.received')[0]?.['signal'], 'SIGTERM');
});

test('HUP, USR1 and TTIN while the config is still being read are handled once tsgun is up (regression: HUP killed it, USR1 opened the inspector)', async (t) => {
  const dir = tempDir(t);
  const marker = join(dir, 'reading');
  const config = join(dir, 'tsgun.config.mjs');
  writeFileSync(
    config,
    `import { existsSync, writeFileSync } from 'node:fs';
export default async function () {
  // The first read only: a config function that takes its time, still running when the test signals.
  if (!existsSync(${JSON.stringify(marker)})) {
    writeFileSync(${JSON.stringify(marker)}, 'x');
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }
  return { app: ${JSON.stringify(join(process.cwd(), APP))}, bind: ['127.0.0.1:0'], workers: 1 };
}\n`,
  );
  const server = await startServer(t, { args: ['--config', config], waitFor: null });
  await eventually(() => existsSync(marker), { what: 'the config function ran' });
  for (const signal of ['SIGHUP', 'SIGUSR1', 'SIGTTIN'] as const) server.signal(signal);
  await server.waitFor('server.ready');
  await server.waitFor('reload.committed');
  await server.waitFor('logs.reopened');
  // Three signals pending at once come in whatever order libuv hands them over.
  assert.deepEqual(
    server
      .events('signal.received')
      .map((e) => e['signal'])
      .sort(),
    ['SIGHUP', 'SIGTTIN', 'SIGUSR1'],
  );
  assert.equal(server.events('workers.scaled')[0]?.['workers'], 2);
  assert.doesNotMatch(server.stderr, /Debugger listening/);
  assert.equal((await getOnce(await server.url())).status, 200);
});
