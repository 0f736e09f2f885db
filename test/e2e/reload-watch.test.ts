// `watch: true`: saving the config file, or a local module it imports, reloads by itself. A save
// that touches only live settings (`workers`) applies in place; one that needs new workers (`env`)
// boots a new generation; a save that breaks the config is rolled back while the old generation
// keeps serving, and the next good save commits.

import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { assertNothingDropped, assertServedBy, startLoad } from '../helpers/load.ts';
import { generationPids, project, type Project } from '../helpers/reload.ts';
import { startServer, type ServerProcess } from '../helpers/server.ts';

const CONFIG = `import { greeting, workers } from './settings.mjs';

export default {
  app: './app.mjs',
  bind: ['127.0.0.1:0'],
  workers,
  gracefulTimeout: 3,
  keepAlive: 1,
  watch: true,
  env: { GREETING: greeting },
};
`;

// The app answers with the greeting its generation's `env` gave it.
const APP = 'export default (req, res) => res.end(`${process.env.GREETING} pid ${process.pid}\\n`);\n';

const settings = (workers: unknown, greeting: string): string => `export const workers = ${JSON.stringify(workers)};\nexport const greeting = ${JSON.stringify(greeting)};\n`;

async function start(t: TestContext): Promise<{ p: Project; server: ServerProcess; url: string; old: number[] }> {
  const p = project(t, { 'app.mjs': APP, 'settings.mjs': settings(2, 'hello'), 'tsgun.config.mjs': CONFIG });
  const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir });
  const started = await server.waitFor('watch.started');
  assert.equal(started['files'], 2, 'the config file and the module it imports are watched');
  return { p, server, url: await server.url(), old: server.liveWorkerPids() };
}

test('a save that changes only `workers` applies in place: no new generation, one more worker', async (t) => {
  const { p, server, url, old } = await start(t);
  const load = startLoad(url, { connections: 8, maxMs: 30_000 });
  await load.reached(100);
  p.write('settings.mjs', settings(3, 'hello'));
  const triggered = await server.waitFor('watch.triggered');
  assert.equal(triggered['trigger'], 'watch');
  const committed = await server.waitFor('reload.committed');
  assert.equal(committed['trigger'], 'watch');
  assert.equal(committed['newGeneration'], false);
  assert.equal(committed.generation, 1);
  assert.deepEqual(committed['changed'], ['workers']);
  const scaled = await server.waitFor('workers.scaled');
  assert.equal(scaled['workers'], 3);
  assert.equal(scaled['previous'], 2);
  await server.waitForCount('worker.ready', 3);
  await load.more(100);
  const result = await load.stop();
  assertNothingDropped(result, 200);
  const live = server.liveWorkerPids();
  assert.equal(live.length, 3);
  assert.ok(
    old.every((pid) => live.includes(pid)),
    'the old workers stayed',
  );
  assert.equal(server.events('worker.exited').length, 0);
  assert.equal(server.events('reload.booting').length, 0);
  assertServedBy(result, live, 'hello');
});

test('a save that changes `env` boots a new generation that serves the new value', async (t) => {
  const { p, server, url, old } = await start(t);
  const load = startLoad(url, { connections: 8, maxMs: 30_000 });
  await load.reached(100);
  p.write('settings.mjs', settings(2, 'bonjour'));
  const committed = await server.waitFor('reload.committed');
  assert.equal(committed['trigger'], 'watch');
  assert.equal(committed['newGeneration'], true);
  assert.equal(committed.generation, 2);
  for (const pid of old) await server.waitFor((l) => l.event === 'worker.exited' && l.pid === pid);
  await load.more(100);
  const result = await load.stop();
  assertNothingDropped(result, 200);
  const fresh = generationPids(server, 2);
  for (const [pid, versions] of result.versions) assert.deepEqual([...versions], [fresh.includes(pid) ? 'bonjour' : 'hello'], `pid ${pid}`);
  assert.ok(
    fresh.some((pid) => result.versions.has(pid)),
    'the new generation answered part of the load',
  );
  assert.deepEqual(server.liveWorkerPids().sort(), [...fresh].sort());
});

test('a save that breaks the config is rolled back and the old generation keeps serving; the fix commits', async (t) => {
  const { p, server, url, old } = await start(t);
  const load = startLoad(url, { connections: 8, maxMs: 30_000 });
  await load.reached(100);
  p.write('settings.mjs', settings('lots', 'bonjour'));
  const rolledBack = await server.waitFor('reload.rolled-back');
  assert.equal(rolledBack['trigger'], 'watch');
  assert.equal(rolledBack['code'], 'TSG_CONFIG_INVALID');
  assert.match(String(rolledBack['reason']), /workers: .*"lots"/);
  assert.equal(rolledBack['serving'], 1);
  await load.more(100);
  const during = await load.stop();
  assertNothingDropped(during, 200);
  assertServedBy(during, old, 'hello');
  assert.deepEqual(server.liveWorkerPids().sort(), [...old].sort());
  assert.equal(server.events('worker.spawned').length, 2, 'no worker was started for the broken save');

  // The watcher still follows the files: the fix is picked up by itself.
  const again = startLoad(url, { connections: 8, maxMs: 30_000 });
  await again.reached(50);
  p.write('settings.mjs', settings(2, 'bonjour'));
  const committed = await server.waitFor('reload.committed');
  assert.equal(committed['trigger'], 'watch');
  assert.equal(committed.generation, 2);
  for (const pid of old) await server.waitFor((l) => l.event === 'worker.exited' && l.pid === pid);
  await again.more(100);
  const after = await again.stop();
  assertNothingDropped(after, 150);
  const fresh = generationPids(server, 2);
  for (const [pid, versions] of after.versions) assert.deepEqual([...versions], [fresh.includes(pid) ? 'bonjour' : 'hello'], `pid ${pid}`);
});
