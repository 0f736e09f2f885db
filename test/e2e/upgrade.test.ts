// USR2 / `tsgun upgrade`: the master starts a new master from the installed tsgun (here a release
// entry in the project, `bin/tsgun.mjs`, that a deploy replaces), hands it the listening sockets,
// and hands over only once the new master's workers are ready; a release that cannot start, or
// that is not ready within bootTimeout, is stopped and the old master keeps serving. Under client
// load (keep-alive, and a new connection per request, which a closed socket would refuse), not one
// request fails. Every master is tracked through upgrade.started and the pidfile; t.after kills the
// process group of each one the test saw, and the test checks that none is left at its end.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { cleanEnv, repoRoot, runCli } from '../helpers/cli.ts';
import { eventually } from '../helpers/eventually.ts';
import { assertNothingDropped, getOnce, startLoad } from '../helpers/load.ts';
import { appSource, mjsConfig, project, type Project } from '../helpers/reload.ts';
import { ServerProcess, startServer } from '../helpers/server.ts';
import { scaled } from '../helpers/time.ts';

const MAIN = `${repoRoot}/src/cli/main.ts`;

/** A tsgun release as a deploy installs it: it says which release runs (releases.log), then runs the CLI. */
function release(name: string): string {
  return `import { appendFileSync } from 'node:fs';
appendFileSync(new URL('../releases.log', import.meta.url), ${JSON.stringify(name)} + ' ' + process.pid + '\\n');
await import(${JSON.stringify(MAIN)});
`;
}

/** A release whose entry fails before it starts anything: the classic broken build. */
const BROKEN_RELEASE = `throw new Error('this release of tsgun is broken');\n`;

/** Gone, or a zombie nobody reaped yet (it holds no socket and runs no code). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** Starts the first master from the project's release entry, in its own process group, and tracks every master it leads to. */
async function startMaster(t: TestContext, p: Project, env: Record<string, string> = {}): Promise<{ server: ServerProcess; masters: Set<number> }> {
  const child = spawn(process.execPath, ['--conditions=tsgun-source', p.path('bin/tsgun.mjs'), '--config', 'tsgun.config.mjs'], {
    cwd: p.dir,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const server = new ServerProcess(child);
  const masters = new Set<number>([child.pid!]);
  t.after(() => {
    // Every new master started detached, in a group of its own with its workers.
    for (const pid of [...masters, ...server.events('upgrade.started').map((l) => l.pid!)]) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
  await Promise.race([
    server.waitFor('server.ready', { timeoutMs: 30_000 }),
    server.exited.then(({ code }) => {
      throw new Error(`tsgun exited with ${code} before server.ready\nstderr: ${server.stderr}\nstdout:\n${server.raw.join('\n')}`);
    }),
  ]);
  return { server, masters };
}

function pidfileOf(p: Project): number {
  return Number(readFileSync(p.path('tsgun.pid'), 'utf8').trim());
}

test('five upgrades in a row under load, one of them to a broken release that rolls back: nothing dropped, the pidfile follows, nothing left behind', async (t) => {
  const p = project(t, {
    'app.mjs': appSource('v1'),
    'bin/tsgun.mjs': release('r0'),
    'tsgun.config.mjs': mjsConfig({ app: './app.mjs', bind: ['127.0.0.1:0'], workers: 2, gracefulTimeout: 3, keepAlive: 1, pidfile: './tsgun.pid', bootTimeout: 30 }),
  });
  const { server, masters } = await startMaster(t, p);
  const url = await server.url();
  assert.equal(pidfileOf(p), server.pid);

  const keepAlive = startLoad(url, { connections: 6, maxMs: 120_000, maxRequests: 400_000 });
  const fresh = startLoad(url, { connections: 2, keepAlive: false, maxMs: 120_000, maxRequests: 400_000 });
  await Promise.all([keepAlive.reached(100), fresh.reached(20)]);

  const plan = ['r1', 'r2', 'broken', 'r3', 'r4'];
  for (const [i, name] of plan.entries()) {
    const before = pidfileOf(p);
    p.write('bin/tsgun.mjs', name === 'broken' ? BROKEN_RELEASE : release(name));
    const mark = server.lines.length;
    // Alternately the signal and the command, which waits for the outcome.
    const viaCli = i % 2 === 1;
    const cli = viaCli ? runCli(['upgrade', '--config', 'tsgun.config.mjs'], { cwd: p.dir, timeoutMs: 60_000 }) : null;
    if (!viaCli) process.kill(before, 'SIGUSR2');
    const started = await server.waitFor((l) => l.event === 'upgrade.started' && l['masterPid'] === before, { after: mark, timeoutMs: 30_000 });
    const next = started.pid!;
    masters.add(next);
    if (name === 'broken') {
      const rolledBack = await server.waitFor((l) => l.event === 'upgrade.rolled-back' && l['masterPid'] === before, { after: mark, timeoutMs: 60_000 });
      assert.equal(rolledBack['reason'], 'exited');
      assert.equal(rolledBack.pid, next);
      await eventually(() => gone(next), { what: `the broken new master ${next} is gone` });
      assert.equal(pidfileOf(p), before, 'the pidfile still names the old master');
      assert.ok(!gone(before), 'the old master serves on');
    } else {
      const committed = await server.waitFor((l) => l.event === 'upgrade.committed' && l['masterPid'] === before, { after: mark, timeoutMs: 60_000 });
      assert.equal(committed.pid, next);
      await server.waitFor((l) => l.event === 'upgrade.adopted' && l['masterPid'] === next, { after: mark });
      assert.equal(pidfileOf(p), next, 'the pidfile names the new master');
      assert.notEqual(next, before);
      // The old master drains its workers and exits.
      await server.waitFor((l) => l.event === 'shutdown.completed' && l['masterPid'] === before, { after: mark });
      await eventually(() => gone(before), { what: `the old master ${before} is gone` });
      assert.match(readFileSync(p.path('releases.log'), 'utf8'), new RegExp(`^${name} ${next}$`, 'm'), 'the new master runs the release installed now');
    }
    if (cli !== null) {
      const result = await cli;
      assert.equal(result.code, name === 'broken' ? 7 : 0, `tsgun upgrade: ${result.stdout}${result.stderr}`);
      assert.match(name === 'broken' ? result.stderr : result.stdout, name === 'broken' ? /upgrade rolled back/ : new RegExp(`upgraded: master ${next} serves`));
    }
    await Promise.all([keepAlive.more(50), fresh.more(10)]);
  }

  const [kept, opened] = await Promise.all([keepAlive.stop(), fresh.stop()]);
  assertNothingDropped(kept, 200);
  assertNothingDropped(opened, 50);
  assert.equal(server.events('upgrade.committed').length, 4);
  assert.equal(server.events('upgrade.rolled-back').length, 1);

  // The last master stops as any master does, and takes everything with it.
  const last = pidfileOf(p);
  process.kill(last, 'SIGTERM');
  await server.waitFor((l) => l.event === 'shutdown.completed' && l['masterPid'] === last);
  const pids = [...masters, ...server.events('worker.spawned').map((l) => l.pid!)];
  await eventually(() => pids.every(gone), { what: 'every master and worker gone', detail: () => pids.filter((pid) => !gone(pid)).join(', ') });
  assert.ok(!existsSync(p.path('tsgun.pid')), 'the last master removed the pidfile');
});

test('a new master not ready within bootTimeout is stopped with its workers; a second USR2 meanwhile is refused', async (t) => {
  const bootTimeout = Math.ceil(scaled(8_000) / 1000);
  const p = project(t, {
    'app.mjs': appSource('v1'),
    'bin/tsgun.mjs': release('r0'),
    'tsgun.config.mjs': mjsConfig({ app: './app.mjs', bind: ['127.0.0.1:0'], workers: 2, gracefulTimeout: 2, keepAlive: 1, pidfile: './tsgun.pid', bootTimeout }),
  });
  const { server, masters } = await startMaster(t, p);
  const url = await server.url();
  const load = startLoad(url, { connections: 4, maxMs: 60_000 });
  await load.reached(50);
  // The new release's app never finishes its import (the old workers loaded it long ago).
  p.write('app.mjs', appSource('v2', { gate: p.path('never') }));
  p.write('bin/tsgun.mjs', release('r1'));
  const mark = server.lines.length;
  const cli = runCli(['upgrade', '--config', 'tsgun.config.mjs'], { cwd: p.dir, timeoutMs: 60_000 });
  const started = await server.waitFor('upgrade.started', { after: mark });
  const next = started.pid!;
  masters.add(next);
  process.kill(server.pid, 'SIGUSR2');
  const refused = await server.waitFor('upgrade.refused', { after: mark });
  assert.match(String(refused['reason']), /an upgrade is in progress/);
  // The new master's workers are booting (so its group holds more than itself) when the deadline comes.
  await server.waitFor((l) => l.event === 'worker.spawned' && l['masterPid'] === next, { after: mark });
  const rolledBack = await server.waitFor('upgrade.rolled-back', { after: mark, timeoutMs: 30_000 + bootTimeout * 1000 });
  assert.equal(rolledBack['reason'], 'timeout');
  const result = await cli;
  assert.equal(result.code, 7, result.stderr);
  assert.match(result.stderr, /upgrade rolled back \(new master \d+\): the new master was not ready within bootTimeout/);
  const theirs = server
    .events('worker.spawned')
    .filter((l) => l['masterPid'] === next)
    .map((l) => l.pid!);
  await eventually(() => [next, ...theirs].every(gone), { what: 'the new master and its workers gone', timeoutMs: 30_000 });
  assert.equal(pidfileOf(p), server.pid);
  await load.more(50);
  assertNothingDropped(await load.stop(), 100);
  const answer = await getOnce(url);
  assert.match(answer.body, /^v1 pid /, 'the old workers, with the old code, still serve');
});

const has = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const missing = ['systemd-notify', 'python3'].filter((c) => !has(c));
const inCi = process.env['CI'] !== undefined && process.env['CI'] !== '';
const noSystemdNotify = missing.length > 0 && !inCi ? `needs ${missing.join(' and ')} (.ci/run installs them)` : false;

/** The first line of each datagram on a fake NOTIFY_SOCKET (test/fixtures/systemd/notify-receiver.py), watchdog pings and barriers left out. */
async function notifyReceiver(t: TestContext, socket: string): Promise<{ states: string[]; until: (what: string, done: (states: string[]) => boolean) => Promise<void> }> {
  const child = spawn('python3', [join(repoRoot, 'test/fixtures/systemd/notify-receiver.py'), socket], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => child.kill('SIGKILL'));
  const states: string[] = [];
  let bound!: () => void;
  const isBound = new Promise<void>((resolve) => (bound = resolve));
  let buffer = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line === 'bound') bound();
      else {
        const first = (JSON.parse(line) as { message: string }).message.split('\n')[0]!;
        if (first !== 'BARRIER=1' && first !== 'WATCHDOG=1') states.push(first);
      }
    }
  });
  await isBound;
  const until = (what: string, done: (states: string[]) => boolean): Promise<void> =>
    eventually(() => done(states), { what, timeoutMs: 30_000, detail: () => JSON.stringify(states) }).then(() => undefined);
  return { states, until };
}

// A container's first process: unshare gives the master PID 1 in a PID namespace of its own.
const CONTAINER = ['unshare', '--pid', '--fork', '--mount-proc'];
const noPidNamespace = spawnSync(CONTAINER[0]!, [...CONTAINER.slice(1), 'true']).status === 0 ? false : 'needs unshare --pid (root, or user namespaces)';

test('a master that is PID 1 (a container) refuses to upgrade and keeps serving (regression: its exit killed the new master)', { skip: noPidNamespace }, async (t) => {
  const server = await startServer(t, { args: ['examples/hello/app.ts', '-b', '127.0.0.1:0', '-w', '1'], wrap: CONTAINER });
  const url = await server.url();
  assert.equal(server.lines.find((l) => l.event === 'listening')?.['masterPid'], 1);
  // The master's pid outside its namespace: the one child of unshare.
  const [hostPid] = spawnSync('pgrep', ['-P', String(server.child.pid)], { encoding: 'utf8' })
    .stdout.trim()
    .split('\n')
    .map(Number);
  assert.ok(hostPid !== undefined && hostPid > 1);
  process.kill(hostPid, 'SIGUSR2');
  const refused = await server.waitFor('upgrade.refused');
  assert.match(String(refused['reason']), /PID 1/);
  assert.equal((await getOnce(url)).status, 200);
  assert.equal(server.lines.filter((l) => l.event === 'upgrade.started').length, 0);
});

test('under systemd: MAINPID moves to the new master at the commit; neither the old master nor a rolled-back new one says STOPPING=1', { skip: noSystemdNotify }, async (t) => {
  const p = project(t, {
    'app.mjs': appSource('v1'),
    'bin/tsgun.mjs': release('r0'),
    'tsgun.config.mjs': mjsConfig({ app: './app.mjs', bind: ['127.0.0.1:0'], workers: 1, gracefulTimeout: 2, keepAlive: 1, pidfile: './tsgun.pid' }),
  });
  const socket = p.path('notify.sock');
  const systemd = await notifyReceiver(t, socket);
  const { server, masters } = await startMaster(t, p, { NOTIFY_SOCKET: socket });
  await systemd.until('READY=1 of the first master', (s) => s.includes('READY=1'));

  // A new master whose app cannot load: it gives up (bootAttempts) and stops, rolled back, quietly.
  p.write('app.mjs', `throw new Error('this release of the app is broken');\n`);
  let mark = server.lines.length;
  process.kill(server.pid, 'SIGUSR2');
  const hung = (await server.waitFor('upgrade.started', { after: mark })).pid!;
  masters.add(hung);
  await server.waitFor('upgrade.rolled-back', { after: mark, timeoutMs: 30_000 });
  await eventually(() => gone(hung), { what: `the rolled-back new master ${hung} is gone` });

  // A good one: the old master names the new one, which then says it is ready.
  p.write('app.mjs', appSource('v3'));
  mark = server.lines.length;
  process.kill(server.pid, 'SIGUSR2');
  const next = (await server.waitFor('upgrade.started', { after: mark })).pid!;
  masters.add(next);
  await server.waitFor((l) => l.event === 'shutdown.completed' && l['masterPid'] === server.pid, { after: mark, timeoutMs: 30_000 });
  await systemd.until('MAINPID of the new master, from both, and its READY=1', (s) => s.filter((m) => m === `MAINPID=${next}`).length === 2 && s.filter((m) => m === 'READY=1').length === 2);
  assert.ok(!systemd.states.includes('STOPPING=1'), `no STOPPING=1 so far: ${JSON.stringify(systemd.states)}`);
  assert.ok(!systemd.states.some((m) => m.startsWith('MAINPID=') && m !== `MAINPID=${next}`), 'only the committed new master is named');

  process.kill(next, 'SIGTERM');
  await systemd.until('STOPPING=1 from the new master', (s) => s.includes('STOPPING=1'));
  await server.waitFor((l) => l.event === 'shutdown.completed' && l['masterPid'] === next);
  // The two MAINPID= (old and new master) may arrive in either order with the new READY=1.
  assert.deepEqual([...systemd.states].sort(), [`MAINPID=${next}`, `MAINPID=${next}`, 'READY=1', 'READY=1', 'STOPPING=1'], JSON.stringify(systemd.states));
  assert.equal(systemd.states[0], 'READY=1');
  assert.equal(systemd.states.at(-1), 'STOPPING=1');
});

test('socket activation: the sockets systemd gave the old master are the new master’s too, whatever its config binds', async (t) => {
  const BoundSocket = (net as unknown as { BoundSocket: new (o: object) => { fd(): number; address(): { port: number }; close(): void } }).BoundSocket;
  const socket = new BoundSocket({ host: '127.0.0.1', port: 0 });
  t.after(() => socket.close());
  const p = project(t, {
    'app.mjs': appSource('v1'),
    // A bind that would fail if used (port 1): the activated socket replaces it in both masters.
    'tsgun.config.mjs': mjsConfig({ app: './app.mjs', bind: ['127.0.0.1:1'], workers: 1, gracefulTimeout: 2, keepAlive: 1, pidfile: './tsgun.pid' }),
  });
  const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir, env: { LISTEN_FDS: '1' }, listenPidSelf: true, extraFds: [socket.fd()] });
  const url = `http://127.0.0.1:${socket.address().port}`;
  assert.match((await getOnce(url)).body, /^v1 pid /);
  p.write('app.mjs', appSource('v2'));
  const mark = server.lines.length;
  server.signal('SIGUSR2');
  const next = (await server.waitFor('upgrade.started', { after: mark })).pid!;
  t.after(() => {
    try {
      process.kill(-next, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  const listening = await server.waitFor((l) => l.event === 'listening' && l['masterPid'] === next, { after: mark });
  assert.deepEqual(listening['binds'], ['LISTEN_FDS']);
  await server.waitFor('upgrade.committed', { after: mark });
  await server.waitFor((l) => l.event === 'shutdown.completed' && l['masterPid'] === server.pid, { after: mark });
  assert.match((await getOnce(url)).body, /^v2 pid /, 'the new master’s worker answers on the activated socket');
  assert.equal(pidfileOf(p), next);
  process.kill(next, 'SIGTERM');
  await server.waitFor((l) => l.event === 'shutdown.completed' && l['masterPid'] === next);
});

test('with only a control socket: tsgun upgrade finds the master there, and the new master answers on it once it took over', async (t) => {
  const p = project(t, {
    'app.mjs': appSource('v1'),
    'tsgun.config.mjs': mjsConfig({ app: './app.mjs', bind: ['127.0.0.1:0'], workers: 1, gracefulTimeout: 2, keepAlive: 1, controlSocket: './control.sock' }),
  });
  const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir });
  const result = await runCli(['upgrade', '--config', 'tsgun.config.mjs'], { cwd: p.dir, timeoutMs: 60_000 });
  const started = server.events('upgrade.started')[0];
  assert.ok(started !== undefined, 'an upgrade started');
  const next = started.pid!;
  t.after(() => {
    try {
      process.kill(-next, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`^upgraded: master ${next} serves \\(was ${server.pid}, `));
  await server.waitFor((l) => l.event === 'upgrade.adopted' && l['masterPid'] === next);
  let last = '';
  const status = await eventually(
    async () => {
      const answer = await runCli(['status', '--format', 'json', '--config', 'tsgun.config.mjs'], { cwd: p.dir });
      last = `exit ${answer.code}: ${answer.stdout.slice(0, 300)}${answer.stderr}`;
      return answer.code === 0 && (JSON.parse(answer.stdout) as { master: { pid: number } }).master.pid === next ? answer : null;
    },
    { what: `tsgun status answered by the new master ${next}`, detail: () => `the last answer: ${last}` },
  );
  assert.equal(status.code, 0);
  process.kill(next, 'SIGTERM');
  await server.waitFor((l) => l.event === 'shutdown.completed' && l['masterPid'] === next);
  assert.ok(!existsSync(p.path('control.sock')), 'the last master removed the control socket');
  assert.ok(!existsSync(p.path('control.sock.upgrade.json')), 'and the upgrade status file');
});
