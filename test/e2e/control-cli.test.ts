// The control CLI against a real master (issue 11, items 1 and 6): `tsgun status`, `scale`, `stop`
// and `reopen-logs` over the control socket (and `stop`/`reopen-logs` through the pidfile), status
// in the middle of a reload, a stop that waits for slow requests, and who may use the sockets: the
// control socket's group lets a non-root member run `tsgun status` and refuses anyone else, and a
// root master gives its unix bind to `user`/`group` so that a member of the group can connect.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import type { StatusReport } from '../../src/ipc/control-protocol.ts';
import { cleanEnv, cliEntry, repoRoot, runCli, tempDir, type CliResult } from '../helpers/cli.ts';
import { eventually } from '../helpers/eventually.ts';
import { getOnce } from '../helpers/load.ts';
import { appSource, mjsConfig, project } from '../helpers/reload.ts';
import { startServer, type ServerProcess } from '../helpers/server.ts';
import { scaled } from '../helpers/time.ts';

const APP = join(repoRoot, 'test/fixtures/e2e/app.mjs');
const isRoot = process.getuid?.() === 0;

/** A master with a control socket (and whatever else `extra` sets), started from a config in a fresh directory. */
async function controlled(t: TestContext, extra: Record<string, unknown> = {}): Promise<{ server: ServerProcess; dir: string; config: string; socket: string }> {
  const dir = tempDir(t);
  const socket = join(dir, 'control.sock');
  const config = join(dir, 'tsgun.config.mjs');
  writeFileSync(config, mjsConfig({ app: APP, bind: ['127.0.0.1:0'], workers: 2, gracefulTimeout: 10, controlSocket: socket, ...extra }));
  const server = await startServer(t, { args: ['--config', config], cwd: dir });
  return { server, dir, config, socket };
}

function cli(config: string, ...args: string[]): Promise<CliResult> {
  return runCli([...args, '--config', config]);
}

async function status(config: string): Promise<StatusReport> {
  const r = await cli(config, 'status', '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as StatusReport;
}

test('tsgun status: a table, and --format json with the master, each worker and its heartbeat figures', async (t) => {
  const { server, config } = await controlled(t);
  await getOnce(await server.url());
  // Heartbeat figures come with each worker's first beat after ready, the request count with the next one.
  const report = await eventually(
    async () => {
      const r = await status(config);
      return r.workers.every((w) => w.rssBytes !== null) && r.workers.reduce((sum, w) => sum + (w.requests ?? 0), 0) >= 1 && r;
    },
    { what: 'heartbeat figures in tsgun status', intervalMs: 200 },
  );
  assert.equal(report.master.pid, server.pid);
  assert.equal(report.master.state, 'running');
  assert.ok(report.master.uptimeMs >= 0);
  assert.equal(report.generation, 1);
  assert.equal(report.targetWorkers, 2);
  assert.equal(report.reloading, false);
  assert.equal(report.lastReload, null);
  assert.deepEqual(report.workers.map((w) => w.pid).sort(), server.liveWorkerPids().sort());
  for (const w of report.workers) {
    assert.equal(w.generation, 1);
    assert.equal(w.state, 'ready');
    assert.equal(w.leaving, null);
    assert.ok(w.rssBytes !== null && w.rssBytes > 1 << 20, `rss ${w.rssBytes}`);
    assert.ok(w.elu !== null && w.elu >= 0 && w.elu <= 1);
    assert.ok(w.delayP99Ms !== null && w.delayMaxMs !== null && w.requests !== null && w.heapUsedBytes !== null);
  }

  const text = await cli(config, 'status');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`^master ${server.pid}, running, up `));
  assert.match(text.stdout, /\ngeneration 1 serving: 2 of 2 workers ready\n/);
  assert.match(text.stdout, /\nlast reload: none\n/);
  assert.match(text.stdout, /\nWORKER +PID +GEN +STATE +AGE +REQUESTS +RSS +ELU +DELAY p99\/max\n/);
  for (const pid of server.liveWorkerPids()) assert.match(text.stdout, new RegExp(`\\n\\d +${pid} +1 +ready +`));
});

test('tsgun status answers while a reload is in flight and shows both generations; then the last reload', async (t) => {
  const p = project(t, { 'app.mjs': appSource('v1') });
  const config = p.path('tsgun.config.mjs');
  p.write('tsgun.config.mjs', mjsConfig({ app: './app.mjs', bind: ['127.0.0.1:0'], workers: 2, gracefulTimeout: 3, keepAlive: 1, controlSocket: p.path('control.sock') }));
  const server = await startServer(t, { args: ['--config', config], cwd: p.dir });
  // Generation 2's app waits for a gate file: the reload stays in flight for as long as the test needs.
  p.write('app.mjs', appSource('v2', { gate: p.path('gate') }));
  const reload = cli(config, 'reload');
  await server.waitForCount('worker.spawned', 4);
  const during = await status(config);
  assert.equal(during.reloading, true);
  assert.equal(during.generation, 1, 'generation 1 still serves');
  const byGeneration = (g: number) => during.workers.filter((w) => w.generation === g);
  assert.deepEqual(
    byGeneration(1).map((w) => w.state),
    ['ready', 'ready'],
  );
  assert.deepEqual(
    byGeneration(2).map((w) => w.state),
    ['booting', 'booting'],
  );
  const text = await cli(config, 'status');
  assert.match(text.stdout, /a reload is in progress/);
  assert.match(text.stdout, / +2 +booting +/);

  writeFileSync(p.path('gate'), '');
  const done = await reload;
  assert.equal(done.code, 0, done.stderr);
  await server.waitFor('reload.committed');
  const after = await status(config);
  assert.equal(after.reloading, false);
  assert.equal(after.generation, 2);
  assert.ok(after.lastReload !== null);
  assert.equal(after.lastReload.ok, true);
  assert.equal(after.lastReload.trigger, 'control');
  assert.equal(after.lastReload.generation, 2);
  assert.equal(after.lastReload.code, null);
  assert.ok(Date.parse(after.lastReload.finishedAt) >= Date.parse(after.lastReload.startedAt));

  // A rolled-back reload is the last one, with its code and reason.
  p.copy('throws-on-import.mjs', 'app.mjs');
  const bad = await cli(config, 'reload');
  assert.equal(bad.code, 7, bad.stderr);
  const rolled = await status(config);
  assert.equal(rolled.lastReload?.ok, false);
  assert.equal(rolled.lastReload?.code, 'TSG_APP_LOAD');
  assert.match(rolled.lastReload?.reason ?? '', /DATABASE_URL is not set/);
  assert.match((await cli(config, 'status')).stdout, /last reload: rolled back at .* \(control\) \[TSG_APP_LOAD\]: /);
});

test('tsgun scale N, +N, -N: answers once the workers settled; refuses outside 1..1024 and nonsense', async (t) => {
  const { server, config } = await controlled(t);
  const up = await cli(config, 'scale', '+2');
  assert.equal(up.code, 0, up.stderr);
  assert.match(up.stdout, /^workers: 2 -> 4; 4 ready \(\d+ ms\)\n$/);
  // Answered once ready: the master's own books show every worker ready (its log lines may reach
  // this process later than the reply).
  const states = async () => (await status(config)).workers.map((w) => w.state);
  assert.deepEqual(await states(), ['ready', 'ready', 'ready', 'ready']);

  const down = await cli(config, 'scale', '-1');
  assert.equal(down.code, 0, down.stderr);
  assert.match(down.stdout, /^workers: 4 -> 3; 3 ready/);
  // Answered once the surplus worker exited: none is left draining.
  assert.deepEqual(await states(), ['ready', 'ready', 'ready']);
  assert.equal((await server.waitFor('worker.exited'))['reason'], 'scaled-down');

  const absolute = await cli(config, 'scale', '1');
  assert.equal(absolute.code, 0, absolute.stderr);
  assert.match(absolute.stdout, /^workers: 3 -> 1; 1 ready/);
  assert.deepEqual(await states(), ['ready']);

  const same = await cli(config, 'scale', '1');
  assert.match(same.stdout, /^workers: 1, unchanged; 1 ready/);

  const below = await cli(config, 'scale', '-1');
  assert.equal(below.code, 2);
  // The master's code, once; not TSG_USAGE with a --help hint (regression: both were printed).
  assert.equal(below.stderr.split('\n')[0], 'tsgun: the master refused scale: workers must stay from 1 to 1024 (asked for 0, now 1) [TSG_SCALE_REFUSED]');
  assert.doesNotMatch(below.stderr, /TSG_USAGE|--help/);
  const above = await cli(config, 'scale', '2000');
  assert.equal(above.code, 2);
  assert.match(above.stderr, /asked for 2000/);
  await server.waitForCount('workers.scale-refused', 2);
  for (const nonsense of ['many', '0', '+']) {
    const r = await cli(config, 'scale', nonsense);
    assert.equal(r.code, 2, `${nonsense}: ${r.stdout}`);
    assert.match(r.stderr, /scale/);
  }
  assert.equal((await status(config)).targetWorkers, 1);
});

test('tsgun stop of a master with slow requests: they complete, and stop reports once the master exited', async (t) => {
  const { server, config, socket } = await controlled(t);
  const url = await server.url();
  const slow = Array.from({ length: 3 }, () => getOnce(url, { path: '/slow?ms=1500' }));
  await server.waitForCount('test.request-started', 3);
  const stop = await cli(config, 'stop');
  assert.equal(stop.code, 0, stop.stderr);
  assert.match(stop.stdout, new RegExp(`^master ${server.pid} stopped \\(graceful stop, exit code 0\\) in \\d+\\.\\d s\\n$`));
  // It reported after the exit: the master is gone, and so is its socket.
  assert.throws(() => process.kill(server.pid, 0), { code: 'ESRCH' });
  assert.equal(existsSync(socket), false);
  for (const r of await Promise.all(slow)) assert.equal(r.status, 200, r.body);
  assert.deepEqual(await server.exited, { code: 0, signal: null });
  assert.equal(server.events('control.command')[0]!['action'], 'stop');
  assert.equal(server.events('shutdown.started')[0]!['mode'], 'graceful');
});

test('tsgun stop --fast, and stop and reopen-logs through a pidfile', async (t) => {
  const fast = await controlled(t);
  const r = await cli(fast.config, 'stop', '--fast');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /stopped \(fast stop, exit code 0\)/);
  assert.deepEqual(await fast.server.exited, { code: 0, signal: null });
  assert.equal(fast.server.events('shutdown.started')[0]!['mode'], 'fast');

  const dir = tempDir(t);
  const config = join(dir, 'tsgun.config.mjs');
  const pidfile = join(dir, 'tsgun.pid');
  writeFileSync(config, mjsConfig({ app: APP, bind: ['127.0.0.1:0'], workers: 1, pidfile }));
  const server = await startServer(t, { args: ['--config', config], cwd: dir });
  const reopen = await cli(config, 'reopen-logs');
  assert.equal(reopen.code, 0, reopen.stderr);
  assert.equal(reopen.stdout, `master ${server.pid} asked to reopen its log files\n`);
  await server.waitFor('logs.reopened');
  assert.equal(server.events('signal.received')[0]!['signal'], 'SIGUSR1');
  const status = await cli(config, 'status');
  assert.equal(status.code, 2);
  assert.match(status.stderr, /control socket/);
  const stopped = await cli(config, 'stop');
  assert.equal(stopped.code, 0, stopped.stderr);
  assert.match(stopped.stdout, new RegExp(`^master ${server.pid} stopped \\(graceful stop\\) in `));
  assert.equal(existsSync(pidfile), false);
  const again = await cli(config, 'stop');
  assert.equal(again.code, 2);
  assert.match(again.stderr, /no master is running/);
});

test('--control-socket and --pidfile alone find the master: from a directory without a config file, or past a config that hangs', async (t) => {
  const dir = tempDir(t);
  const config = join(dir, 'tsgun.config.mjs');
  const socket = join(dir, 'control.sock');
  const pidfile = join(dir, 'tsgun.pid');
  writeFileSync(config, mjsConfig({ app: APP, bind: ['127.0.0.1:0'], workers: 1, controlSocket: socket, pidfile }));
  const server = await startServer(t, { args: ['--config', config], cwd: dir });
  const elsewhere = tempDir(t);
  // Regression: both failed with TSG_CONFIG_NOT_FOUND, though the flag named the master.
  const status = await runCli(['status', '--format', 'json', '--control-socket', socket], { cwd: elsewhere });
  assert.equal(status.code, 0, status.stderr);
  assert.equal((JSON.parse(status.stdout) as StatusReport).master.pid, server.pid);
  // Named on the command line, the master is found without reading the config: a config function
  // that hangs (regression: status waited on it for ever) or prints does not stand in the way.
  const hangs = join(elsewhere, 'hangs.mjs');
  writeFileSync(hangs, "console.log('from the config');\nexport default async () => new Promise(() => setInterval(() => {}, 1000));\n");
  const despite = await runCli(['status', '--format', 'json', '--config', hangs, '--control-socket', socket], { cwd: elsewhere, timeoutMs: 20_000 });
  assert.equal(despite.code, 0, despite.stderr);
  assert.equal((JSON.parse(despite.stdout) as StatusReport).master.pid, server.pid);
  const stopped = await runCli(['stop', '--pidfile', pidfile], { cwd: elsewhere });
  assert.equal(stopped.code, 0, stopped.stderr);
  assert.deepEqual(await server.exited, { code: 0, signal: null });
  // With neither, the missing config is still the error.
  const none = await runCli(['status'], { cwd: elsewhere });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no config file found .*\[TSG_CONFIG_NOT_FOUND\]/);
});

test('a pidfile whose pid went to another program: commands do not signal it, and a new master takes the file', async (t) => {
  const dir = tempDir(t);
  const config = join(dir, 'tsgun.config.mjs');
  const pidfile = join(dir, 'tsgun.pid');
  writeFileSync(config, mjsConfig({ app: APP, bind: ['127.0.0.1:0'], workers: 1, pidfile }));
  // The master died without removing its pidfile, and its pid now runs something else.
  const other = spawn('sleep', ['300'], { stdio: 'ignore' });
  t.after(() => other.kill('SIGKILL'));
  writeFileSync(pidfile, `${other.pid}\n`);
  // Regression: stop killed the sleep and reported "master … stopped"; reload, upgrade and
  // reopen-logs sent it HUP, USR2 and USR1.
  for (const command of ['stop', 'reload', 'upgrade', 'reopen-logs']) {
    const r = await cli(config, command);
    assert.equal(r.code, 2, `${command}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`pidfile .* is stale: pid ${other.pid} is not a tsgun master \\(it runs \`sleep 300\`\\)`), command);
  }
  assert.deepEqual([other.exitCode, other.signalCode], [null, null], 'the other program was not signalled');
  // Starting no longer refuses such a pidfile ("names a running process").
  const server = await startServer(t, { args: ['--config', config], cwd: dir });
  assert.equal(readFileSync(pidfile, 'utf8').trim(), String(server.pid));
});

test('tsgun reopen-logs over the control socket; a command without a master exits 2', async (t) => {
  const { server, config, socket } = await controlled(t);
  const r = await cli(config, 'reopen-logs');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `master ${server.pid} asked to reopen its log files\n`);
  await server.waitFor('logs.reopened');
  assert.equal(server.events('control.command')[0]!['action'], 'reopen-logs');
  // A malformed request over the real socket: refused, logged, and the master goes on.
  const answer = await new Promise<string>((resolve, reject) => {
    let text = '';
    const s = net.connect(socket, () => s.write('{"command":"launch"}\n'));
    s.setEncoding('utf8').on('data', (d: string) => (text += d));
    s.on('end', () => resolve(text)).on('error', reject);
  });
  assert.match(answer, /^\{"ok":false,"error":"unknown command \\"launch\\"; expected status, reload, config, scale, stop, reopen-logs"\}\n$/);
  await server.waitFor('control.refused');
  assert.equal((await cli(config, 'stop')).code, 0);
  await server.exited;
  for (const command of [['status'], ['scale', '+1'], ['stop'], ['reopen-logs']]) {
    const none = await cli(config, ...command);
    assert.equal(none.code, 2, `${command.join(' ')}: ${none.stdout}`);
    assert.match(none.stderr, /no master is listening.*\[TSG_CONTROL\]/);
    assert.doesNotMatch(none.stderr, /TSG_USAGE|--help/, 'a master that is not there is no usage error');
  }
});

/** Runs the CLI as uid/gid 65534 with `groups` as its only supplementary groups (setpriv, util-linux). */
function runAsNobody(groups: readonly number[], args: readonly string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('setpriv', ['--reuid=65534', '--regid=65534', `--groups=${groups.join(',')}`, '--', process.execPath, '--conditions=tsgun-source', cliEntry, ...args], {
      cwd,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: scaled(30_000),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

const hasSetpriv = (): boolean => ['/usr/bin/setpriv', '/bin/setpriv'].some((p) => existsSync(p));

/** Two gids no account uses here: the deploy group, and one the other user has. */
const DEPLOY_GID = 48_211;
const OTHER_GID = 48_212;

test('controlSocketGroup with mode 0660: a non-root member runs tsgun status, another user is refused', async (t) => {
  if (!isRoot) return t.skip('needs root to give the socket a group and to run a client as nobody');
  if (!hasSetpriv()) return t.skip('setpriv (util-linux) is not installed');
  const { server, dir, config, socket } = await controlled(t, { controlSocketMode: '0660', controlSocketGroup: DEPLOY_GID });
  // nobody must reach the socket and read the config: the temp directory is root's 0700.
  chmodSync(dir, 0o755);
  chmodSync(config, 0o644);
  const stat = statSync(socket);
  assert.equal(stat.mode & 0o777, 0o660);
  assert.equal(stat.uid, 0, "the master's user keeps the socket");
  assert.equal(stat.gid, DEPLOY_GID);

  const member = await runAsNobody([DEPLOY_GID], ['status', '--format', 'json', '--config', config], dir);
  assert.equal(member.code, 0, member.stderr);
  assert.equal((JSON.parse(member.stdout) as StatusReport).master.pid, server.pid);

  const other = await runAsNobody([OTHER_GID], ['status', '--config', config], dir);
  assert.equal(other.code, 2, other.stdout);
  assert.match(other.stderr, /cannot reach the master on the control socket .*: permission denied/);
  // Nor can another user stop it.
  const stop = await runAsNobody([OTHER_GID], ['stop', '--config', config], dir);
  assert.equal(stop.code, 2);
  assert.equal((await status(config)).master.state, 'running');
});

test('the default control socket is 0600: a member of the group is refused too', async (t) => {
  if (!isRoot) return t.skip('needs root to run a client as nobody');
  if (!hasSetpriv()) return t.skip('setpriv (util-linux) is not installed');
  const { dir, config, socket } = await controlled(t, { controlSocketGroup: DEPLOY_GID });
  chmodSync(dir, 0o755);
  chmodSync(config, 0o644);
  assert.equal(statSync(socket).mode & 0o777, 0o600);
  const member = await runAsNobody([DEPLOY_GID], ['status', '--config', config], dir);
  assert.equal(member.code, 2);
  assert.match(member.stderr, /permission denied/);
});

test('a root master gives its unix bind to user:group, mode 0660 (or the bind’s), and a member of the group connects', async (t) => {
  if (!isRoot) return t.skip('needs root to switch users and chown');
  if (!hasSetpriv()) return t.skip('setpriv (util-linux) is not installed');
  const dir = tempDir(t);
  chmodSync(dir, 0o755);
  const sock = join(dir, 'app.sock');
  const explicit = join(dir, 'explicit.sock');
  const config = join(dir, 'tsgun.config.mjs');
  writeFileSync(config, mjsConfig({ app: APP, bind: [`unix:${sock}`, `unix:${explicit}|640`], workers: 1, user: 65534, group: DEPLOY_GID }));
  const server = await startServer(t, { args: ['--config', config], cwd: dir });
  const stat = statSync(sock);
  assert.deepEqual([stat.uid, stat.gid, stat.mode & 0o777], [65534, DEPLOY_GID, 0o660]);
  const stat2 = statSync(explicit);
  assert.deepEqual([stat2.uid, stat2.gid, stat2.mode & 0o777], [65534, DEPLOY_GID, 0o640]);

  // nginx-like: a process of another user that is in the group gets an answer; one outside it does not.
  const probe = `const r = require('node:http').get({ socketPath: ${JSON.stringify(sock)}, path: '/' }, (res) => { process.stdout.write(String(res.statusCode)); res.resume(); }); r.on('error', (e) => { process.stdout.write(e.code); });`;
  const ask = (groups: number[]) =>
    new Promise<string>((resolve, reject) => {
      const child = spawn('setpriv', ['--reuid=65533', '--regid=65533', `--groups=${groups.join(',')}`, '--', process.execPath, '-e', probe], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.on('error', reject).on('close', () => resolve(out));
    });
  assert.equal(await ask([DEPLOY_GID]), '200');
  assert.equal(await ask([OTHER_GID]), 'EACCES');
  assert.equal((await getOnce('http://localhost/', { socketPath: sock })).status, 200, 'root still connects');
  server.signal('SIGTERM');
  await server.exited;
});
