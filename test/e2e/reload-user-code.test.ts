// User code in the master never holds its event queue (issue 9, item 4). Before, the arbiter awaited
// the config function and master hooks inside the queue: with a config function awaiting 8 s on
// reload, HUP and then TERM 1 s later, `shutdown.started` came 7.6 s after the TERM; a hook that
// never settled held everything for `hookTimeout`. Now TERM is handled at once: the reload in
// progress is abandoned (`reload.rolled-back`), its new workers (if any) stop with everyone else,
// nothing under load is dropped, and the master exits 0.
//
// The one time bound asserted is against the fault itself: `shutdown.started` must be logged before
// the 8 s the config function (or the hook) holds could have elapsed, measured with the log lines'
// own timestamps. The figure is reported as a test diagnostic.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertNothingDropped, startLoad } from '../helpers/load.ts';
import { appSource, project } from '../helpers/reload.ts';
import { startServer, type LogLine, type ServerProcess } from '../helpers/server.ts';

/** How long the user code holds: the time the old master needed before it saw the TERM. */
const HOLD_MS = 8_000;
/** The fault's timing: TERM this long after the user code began (not a wait for anything). */
const TERM_AFTER_MS = 1_000;

const SAY = `const say = (event) => process.stdout.write(JSON.stringify({ level: 'info', time: new Date().toISOString(), event }) + '\\n');`;
const SETTINGS = `app: './app.mjs', bind: ['127.0.0.1:0'], workers: 2, gracefulTimeout: 10, keepAlive: 4, hookTimeout: 60`;

const time = (line: LogLine): number => Date.parse(String(line.time));

/**
 * Starts the project's config under load, arms the slow path (the `slow` file), sends HUP, waits
 * for the user code to say it is holding, and sends TERM 1 s later; then checks that the stop did
 * not wait for the user code, abandoned the reload, dropped nothing and exited 0.
 */
async function termWhileHeld(t: TestContext, config: string): Promise<ServerProcess> {
  const p = project(t, { 'app.mjs': appSource('v1'), 'tsgun.config.mjs': config });
  const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir });
  const url = await server.url();
  const load = startLoad(url, { connections: 8, maxMs: 60_000 });
  await load.reached(100);

  writeFileSync(p.path('slow'), '');
  server.signal('SIGHUP');
  const holding = await server.waitFor('test.holding');
  // The queue is not held: workers keep beating and serving while the user code runs.
  await sleep(TERM_AFTER_MS);
  await load.more(50);
  const termSentAt = Date.now();
  server.signal('SIGTERM');
  // No request is issued once the TERM is on its way: every one the load sent was sent before the
  // stop began, and each must be answered (the graceful drain finishes what is in flight).
  const stopped = load.stop();
  const started = await server.waitFor('shutdown.started');
  const seenAt = Date.now();

  const heldMs = time(started) - time(holding);
  t.diagnostic(`shutdown.started ${time(started) - termSentAt} ms after TERM by its log time (${seenAt - termSentAt} ms until the test saw it); user code had held ${heldMs} ms of its ${HOLD_MS} ms`);
  assert.ok(heldMs < HOLD_MS, `shutdown.started came ${heldMs} ms after the user code began holding: the stop waited for it`);
  assert.deepEqual(server.events('test.released'), [], 'the stop did not wait for the user code to return');

  const rolledBack = await server.waitFor('reload.rolled-back');
  assert.equal(rolledBack['code'], 'TSG_RELOAD_FAILED');
  assert.match(String(rolledBack['reason']), /abandoned: tsgun began shutting down/);
  assertNothingDropped(await stopped, 100);
  await server.waitFor('shutdown.completed');
  assert.deepEqual(await server.exited, { code: 0, signal: null });
  // Regression: the abandoned user code's pending timer kept the master alive until it fired.
  assert.deepEqual(server.events('test.released'), [], 'the master exited without waiting for the abandoned user code');
  assert.deepEqual(server.events('reload.committed'), []);
  assert.deepEqual(server.events('worker.killed'), [], 'nobody needed a SIGKILL');
  const spawned = server.events('worker.spawned').map((l) => l.pid);
  const exited = server.events('worker.exited').map((l) => l.pid);
  assert.deepEqual([...exited].sort(), [...spawned].sort(), 'every worker was reaped');
  return server;
}

test('a config function awaiting 8 s on reload: TERM 1 s after HUP starts the shutdown at once, nothing dropped', async (t) => {
  await termWhileHeld(
    t,
    `import { existsSync } from 'node:fs';
${SAY}
export default async () => {
  if (existsSync(new URL('./slow', import.meta.url))) {
    say('test.holding');
    await new Promise((resolve) => setTimeout(resolve, ${HOLD_MS}));
    say('test.released');
  }
  return { ${SETTINGS} };
};
`,
  );
});

test('an onReload hook that never settles: TERM starts the shutdown at once, nothing dropped', async (t) => {
  await termWhileHeld(
    t,
    `import { existsSync } from 'node:fs';
${SAY}
export default {
  ${SETTINGS},
  onReload() {
    if (!existsSync(new URL('./slow', import.meta.url))) return;
    say('test.holding');
    return new Promise(() => {});
  },
};
`,
  );
});

test('a preFork that never settles for the new generation: TERM starts the shutdown at once, no new worker is spawned', async (t) => {
  const server = await termWhileHeld(
    t,
    `${SAY}
export default {
  ${SETTINGS},
  preFork(worker) {
    if (worker.generation < 2) return;
    if (worker.id === 1) say('test.holding');
    return new Promise(() => {});
  },
};
`,
  );
  assert.deepEqual(
    server.events('worker.spawned').filter((l) => l.generation === 2),
    [],
    'the forks waiting for preFork were dropped',
  );
});
