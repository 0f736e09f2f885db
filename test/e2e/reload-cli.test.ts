// `tsgun reload` finds the running master through the control socket (and gets the outcome in the
// reply) or the pidfile (SIGHUP, then the status file the master writes), and reports how the
// reload ended: exit 0 committed, 7 rolled back, 2 when there is no master to ask.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { test, type TestContext } from 'node:test';
import { runCli } from '../helpers/cli.ts';
import { assertNothingDropped, startLoad } from '../helpers/load.ts';
import { appSource, ask, BASE, generationPids, mjsConfig, project } from '../helpers/reload.ts';
import { startServer } from '../helpers/server.ts';

/** Runs a server with `extra` settings, then `tsgun reload` twice: a good deploy, then a broken app. */
async function committedThenRolledBack(t: TestContext, extra: (p: ReturnType<typeof project>) => Record<string, unknown>, trigger: string): Promise<void> {
  const p = project(t, { 'app.mjs': appSource('v1') });
  p.write('tsgun.config.mjs', mjsConfig({ ...BASE, ...extra(p) }));
  const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir });
  const url = await server.url();
  const load = startLoad(url, { connections: 8, maxMs: 40_000 });
  await load.reached(100);

  p.write('app.mjs', appSource('v2'));
  const ok = await runCli(['reload', '--config', 'tsgun.config.mjs'], { cwd: p.dir });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^reload committed: generation 2 is serving \(\d+ ms\)\n$/);
  assert.equal(ok.stderr, '');
  // The reply and the master's log line travel separately: wait for the line.
  const committed = await server.waitFor('reload.committed');
  assert.equal(committed['trigger'], trigger);
  assert.equal(committed.generation, 2);
  const second = generationPids(server, 2);
  for (const pid of generationPids(server, 1)) await server.waitFor((l) => l.event === 'worker.exited' && l.pid === pid);

  p.copy('throws-on-import.mjs', 'app.mjs');
  const mark = load.ok;
  const bad = await runCli(['reload', '--config', 'tsgun.config.mjs'], { cwd: p.dir });
  assert.equal(bad.code, 7, bad.stdout + bad.stderr);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /^reload rolled back \[TSG_APP_LOAD\]: .*DATABASE_URL is not set/);
  assert.match(bad.stderr, /generation 2 keeps serving/);
  const rolledBack = await server.waitFor('reload.rolled-back');
  assert.equal(rolledBack['trigger'], trigger);
  assert.equal(rolledBack['code'], 'TSG_APP_LOAD');
  for (const pid of generationPids(server, 3)) await server.waitFor((l) => l.event === 'worker.exited' && l.pid === pid);
  await load.reached(mark + 100);
  const result = await load.stop();
  assertNothingDropped(result, 200);
  const after = await ask(url);
  assert.equal(after.version, 'v2');
  assert.ok(second.includes(after.pid), 'generation 2 still serves');
  const first = generationPids(server, 1);
  for (const [pid, versions] of result.versions) {
    assert.ok(first.includes(pid) || second.includes(pid), `pid ${pid} is not of generation 1 or 2`);
    assert.deepEqual([...versions], [first.includes(pid) ? 'v1' : 'v2'], `pid ${pid}`);
  }
}

test('tsgun reload through the control socket: exit 0 when committed, 7 with the code when rolled back', async (t) => {
  await committedThenRolledBack(t, (p) => ({ controlSocket: p.path('control.sock') }), 'control');
});

test('tsgun reload through the pidfile: exit 0 when committed, 7 with the code when rolled back', async (t) => {
  await committedThenRolledBack(t, (p) => ({ pidfile: p.path('tsgun.pid') }), 'signal');
});

test('tsgun reload without controlSocket or pidfile: exit 2 saying it needs one', async (t) => {
  const p = project(t, { 'app.mjs': appSource('v1'), 'tsgun.config.mjs': mjsConfig(BASE) });
  const r = await runCli(['reload', '--config', 'tsgun.config.mjs'], { cwd: p.dir });
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /controlSocket/);
  assert.match(r.stderr, /pidfile/);
});

test('tsgun reload with a pidfile naming a dead process: exit 2 (stale pidfile)', async (t) => {
  const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(gone, 'exit');
  const p = project(t, { 'app.mjs': appSource('v1') });
  p.write('tsgun.config.mjs', mjsConfig({ ...BASE, pidfile: p.path('tsgun.pid') }));
  writeFileSync(p.path('tsgun.pid'), `${gone.pid}\n`);
  const r = await runCli(['reload', '--config', 'tsgun.config.mjs'], { cwd: p.dir });
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, new RegExp(`pid ${gone.pid}`));
  assert.match(r.stderr, /stale/);

  // And with no control socket listening where the config says: exit 2 as well.
  p.write('tsgun.config.mjs', mjsConfig({ ...BASE, controlSocket: p.path('control.sock') }));
  const none = await runCli(['reload', '--config', 'tsgun.config.mjs'], { cwd: p.dir });
  assert.equal(none.code, 2, none.stderr);
  assert.match(none.stderr, /no master is listening/);
});

/**
 * Regression (issue 14, item 12): `tsgun reload` validated the new config itself and exited 1 on an
 * invalid one (or one whose app file is missing) without asking the master, where docs/reload.md
 * promises 7 (rolled back). Now the master re-reads it and rolls back; the command reports that.
 */
async function invalidNewConfigs(t: TestContext, locator: (p: ReturnType<typeof project>) => { setting: Record<string, string>; flag: string[] }, trigger: string): Promise<void> {
  const p = project(t, { 'app.mjs': appSource('v1') });
  const { setting, flag } = locator(p);
  const good = { ...BASE, workers: 1, ...setting };
  p.write('tsgun.config.mjs', mjsConfig(good));
  const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir });
  const url = await server.url();
  const serving = (await ask(url)).pid;
  const reload = (...extra: string[]) => runCli(['reload', '--config', 'tsgun.config.mjs', ...extra], { cwd: p.dir });
  let rollbacks = 0;
  const rolledBack = async (code: string): Promise<void> => {
    const line = (await server.waitForCount('reload.rolled-back', ++rollbacks))[rollbacks - 1]!;
    assert.equal(line['code'], code);
    assert.equal(line['trigger'], trigger);
  };

  p.write('tsgun.config.mjs', mjsConfig({ ...good, workers: 'many' }));
  const invalid = await reload();
  assert.equal(invalid.code, 7, invalid.stdout + invalid.stderr);
  assert.match(invalid.stderr, /^reload rolled back \[TSG_CONFIG_INVALID\]: /);
  assert.match(invalid.stderr, /workers: must be an integer from 1 to 1024 or "auto" \(got "many"\)/);
  await rolledBack('TSG_CONFIG_INVALID');

  p.write('tsgun.config.mjs', mjsConfig({ ...good, app: './gone.mjs' }));
  const missing = await reload();
  assert.equal(missing.code, 7, missing.stdout + missing.stderr);
  assert.match(missing.stderr, /^reload rolled back \[TSG_CONFIG_INVALID\]: /);
  assert.match(missing.stderr, /app: the app module .*gone\.mjs does not exist/);
  await rolledBack('TSG_CONFIG_INVALID');

  // A file that does not even load names no master: the command cannot ask one (exit 1, the
  // error), unless the master is named on the command line; then the master rolls back.
  p.write('tsgun.config.mjs', 'export default {\n');
  const unreadable = await reload();
  assert.equal(unreadable.code, 1, unreadable.stdout + unreadable.stderr);
  assert.match(unreadable.stderr, /\[TSG_CONFIG_LOAD\]/);
  const named = await reload(...flag);
  assert.equal(named.code, 7, named.stdout + named.stderr);
  assert.match(named.stderr, /^reload rolled back \[TSG_CONFIG_LOAD\]: /);
  await rolledBack('TSG_CONFIG_LOAD');

  assert.equal(server.events('reload.committed').length, 0);
  assert.equal(generationPids(server, 2).length, 0, 'no new generation was booted');
  assert.equal((await ask(url)).pid, serving, 'generation 1 keeps serving');
  p.write('tsgun.config.mjs', mjsConfig(good));
  const ok = await reload();
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
}

test('tsgun reload through the control socket: an invalid new config or a missing app file is exit 7 (rolled back), not 1', async (t) => {
  await invalidNewConfigs(t, (p) => ({ setting: { controlSocket: p.path('control.sock') }, flag: ['--control-socket', p.path('control.sock')] }), 'control');
});

test('tsgun reload through the pidfile: an invalid new config or a missing app file is exit 7 (rolled back), not 1', async (t) => {
  await invalidNewConfigs(t, (p) => ({ setting: { pidfile: p.path('tsgun.pid') }, flag: ['--pidfile', p.path('tsgun.pid')] }), 'signal');
});
