// Regression (issue 14, item 6): the master unlinked whatever was at its `controlSocket` path (a
// regular file was deleted, and `tsgun check` called the config valid), and a second master with
// the same path silently took the socket over, so `tsgun reload` reloaded the wrong server. Now only
// a stale socket is replaced; a live one or a file of another kind fails the start.

import assert from 'node:assert/strict';
import { lstatSync, readFileSync, symlinkSync } from 'node:fs';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.ts';
import { appSource, BASE, mjsConfig, project } from '../helpers/reload.ts';
import { startServer } from '../helpers/server.ts';

const ONE = { ...BASE, workers: 1 };

test('a regular file (or a symlink) at the controlSocket path: check says invalid, start is refused, the file is kept', async (t) => {
  const p = project(t, { 'app.mjs': appSource('v1'), 'precious.txt': 'not a socket\n' });
  symlinkSync(p.path('precious.txt'), p.path('link.sock'));
  for (const name of ['precious.txt', 'link.sock']) {
    p.write('tsgun.config.mjs', mjsConfig({ ...ONE, controlSocket: p.path(name) }));
    const kind = name === 'link.sock' ? 'a symbolic link' : 'a regular file';
    const check = await runCli(['check', '--config', 'tsgun.config.mjs'], { cwd: p.dir });
    assert.equal(check.code, 1, check.stdout + check.stderr);
    assert.match(check.stderr, new RegExp(`controlSocket: ${p.path(name)} exists and is ${kind}, not a socket`));

    const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir, waitFor: null });
    const { code } = await server.exited;
    assert.equal(code, 1, server.stderr);
    assert.match(server.stderr, /\[TSG_CONFIG_INVALID\]/);
    assert.equal(server.events('listening').length, 0, 'nothing was bound');
    assert.equal(readFileSync(p.path('precious.txt'), 'utf8'), 'not a socket\n');
    assert.ok(lstatSync(p.path('link.sock')).isSymbolicLink());
  }
});

test('a file put at the path after the check (a race) is refused by the master itself: master.start-failed, file kept', async (t) => {
  const p = project(t, { 'app.mjs': appSource('v1'), 'precious.txt': 'not a socket\n' });
  // onStarting runs after the config was checked and before the master opens its control socket.
  const control = p.path('control.sock');
  p.write(
    'tsgun.config.mjs',
    mjsConfig({ ...ONE, controlSocket: control }, `  onStarting() { renameSync(${JSON.stringify(p.path('precious.txt'))}, ${JSON.stringify(control)}); },\n`, "import { renameSync } from 'node:fs';"),
  );
  const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir, waitFor: null });
  const failed = await server.waitFor('master.start-failed');
  assert.equal(failed['code'], 'TSG_CONTROL_SOCKET');
  assert.match(String(failed.msg), /is a regular file, not a socket/);
  assert.equal((await server.exited).code, 2);
  assert.equal(readFileSync(control, 'utf8'), 'not a socket\n');
});

test('two masters on one controlSocket: the second refuses to start, and tsgun reload still reaches the first', async (t) => {
  const first = project(t, { 'app.mjs': appSource('first') });
  const control = first.path('control.sock');
  first.write('tsgun.config.mjs', mjsConfig({ ...ONE, controlSocket: control, pidfile: first.path('first.pid') }));
  const a = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: first.dir });

  const second = project(t, { 'app.mjs': appSource('second') });
  second.write('tsgun.config.mjs', mjsConfig({ ...ONE, controlSocket: control, pidfile: second.path('second.pid') }));
  const b = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: second.dir, waitFor: null });
  const failed = await b.waitFor('master.start-failed');
  assert.equal(failed['code'], 'TSG_CONTROL_SOCKET');
  assert.match(String(failed.msg), /another tsgun master/);
  assert.equal((await b.exited).code, 2);
  assert.equal(b.events('listening').length, 0, 'the second master bound nothing');
  assert.equal(b.events('worker.spawned').length, 0, 'and spawned nothing');
  assert.throws(() => lstatSync(second.path('second.pid')), { code: 'ENOENT' }, 'the second master removed its own pidfile');

  // The first master's socket and pidfile are as they were.
  assert.ok(lstatSync(control).isSocket());
  assert.equal(readFileSync(first.path('first.pid'), 'utf8'), `${a.pid}\n`);

  // The second master's own config names the same socket: the reload reaches the first master.
  const r = await runCli(['reload', '--config', 'tsgun.config.mjs'], { cwd: second.dir });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const committed = await a.waitFor('reload.committed');
  assert.equal(committed['trigger'], 'control');
  assert.equal(a.events('control.request').length, 1);
  assert.equal(b.events('control.request').length, 0);
  assert.equal(b.events('reload.committed').length, 0);
});

test('a stale control socket left by a SIGKILLed master is replaced, and the new master answers on it', async (t) => {
  const p = project(t, { 'app.mjs': appSource('v1') });
  const control = p.path('control.sock');
  p.write('tsgun.config.mjs', mjsConfig({ ...ONE, controlSocket: control }));
  const dead = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir });
  dead.killAll();
  await dead.exited;
  assert.ok(lstatSync(control).isSocket(), 'the killed master left its socket behind');

  const next = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir });
  assert.equal(next.events('master.start-failed').length, 0);
  const r = await runCli(['reload', '--config', 'tsgun.config.mjs'], { cwd: p.dir });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const committed = await next.waitFor('reload.committed');
  assert.equal(committed['trigger'], 'control');

  next.signal('SIGTERM');
  assert.equal((await next.exited).code, 0);
  assert.throws(() => lstatSync(control), { code: 'ENOENT' }, 'the socket is removed at exit');
});
