// Log files that cannot be opened or written (issue 14, items 3 and 4). An access log a worker
// cannot open used to leave a half-dead worker that the master counted healthy (only the first
// request on a keep-alive connection was answered); an errorLog that was a directory killed the
// master with a raw "Unhandled 'error' event"; a USR1 after the log directory was replaced by a
// file took the whole server down. Two layers now: the config check (issue 12) refuses a log path
// that cannot be created or written before anything starts, for serve, check and reloads alike; and
// when the disk changes after that check (a directory replaced, a chmod), a worker that cannot open
// its log fails its boot with TSG_LOG_OPEN (a reload rolls back), and a reopen keeps the old file,
// as nginx does.

import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot, runCli, tempDir } from '../helpers/cli.ts';
import { eventually } from '../helpers/eventually.ts';
import { assertNothingDropped, assertServedBy, getOnce, startLoad } from '../helpers/load.ts';
import { appSource, BASE, generationPids, mjsConfig, project } from '../helpers/reload.ts';
import { startServer, type LogLine, type ServerProcess } from '../helpers/server.ts';

const APP = join(repoRoot, 'test/fixtures/e2e/app.mjs');
const isRoot = process.getuid?.() === 0;

/** JSON lines of a log file (the errorLog), as they are now. */
function linesOf(path: string): LogLine[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);
}

/** Polls a file the server writes (its errorLog) until a line matches; the events are not on stdout. */
function waitInFile(path: string, match: (l: LogLine) => boolean, what: string): Promise<LogLine> {
  return eventually(() => linesOf(path).find(match), {
    what: `${path} has ${what}`,
    intervalMs: 50,
    detail: () => (existsSync(path) ? readFileSync(path, 'utf8').slice(-3000) : '(missing)'),
  });
}

/** Polls a file until it includes `text` (lines are written asynchronously, after the response). */
function waitForText(path: string, text: string): Promise<string> {
  const now = (): string => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  return eventually(() => now().includes(text) && now(), { what: `${path} includes ${text}`, timeoutMs: 15_000, intervalMs: 50, detail: () => now().slice(-500) });
}

/** `count` GETs on one keep-alive connection, each answered 200 (the half-dead worker answered only the first). */
async function keepAliveRequests(url: string, count: number, path = '/'): Promise<Set<string>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const bodies = new Set<string>();
  try {
    for (let i = 0; i < count; i++) {
      const res = await getOnce(url, { agent, path: `${path}${path.includes('?') ? '&' : '?'}n=${i}`, timeoutMs: 5_000 });
      assert.equal(res.status, 200, res.body);
      bodies.add(res.body);
    }
  } finally {
    agent.destroy();
  }
  return bodies;
}

/**
 * A log path the config check refuses before anything starts (issue 12): `tsgun check` reports
 * `expected` as its only problem, and `serve` refuses the config (exit 1, TSG_CONFIG_INVALID) in the
 * same words, `where` being the flag or FILE:LINE:COLUMN, and prints nothing on stdout, where a
 * started master would log: no master ran, no worker was spawned, nothing was bound.
 */
async function assertRefusedBeforeStart(cwd: string, args: readonly string[], expected: { setting: string; code: string; message: string; where: string }): Promise<void> {
  const checked = await runCli(['check', '--no-app', '--format', 'json', ...args], { cwd });
  assert.equal(checked.code, 1, checked.stderr);
  const report = JSON.parse(checked.stdout) as { valid: boolean; errors: { code: string; path: string; message: string }[] };
  assert.equal(report.valid, false);
  assert.deepEqual(
    report.errors.map(({ code, path, message }) => ({ code, path, message })),
    [{ code: expected.code, path: expected.setting, message: expected.message }],
  );
  const served = await runCli([...args, '-b', '127.0.0.1:0'], { cwd });
  assert.equal(served.code, 1, served.stderr);
  assert.match(served.stderr, /\[TSG_CONFIG_INVALID\]/);
  assert.ok(served.stderr.includes(`${expected.where}: ${expected.setting}: ${expected.message}`), served.stderr);
  assert.equal(served.stdout, '', 'nothing started');
  assert.doesNotMatch(served.stderr, /Unhandled 'error' event/);
}

/**
 * SIGKILLs one of two workers. Its replacement boots with the config checked at the start, on the
 * disk as it is now. Resolves with the master's worker.boot-failed line for the replacement (which
 * must leave with exit 4, never counted ready) and the pid of the worker left alone.
 */
async function replacementFails(server: ServerProcess): Promise<{ failed: LogLine; survivor: number }> {
  const [victim, survivor] = server.liveWorkerPids();
  assert.ok(victim !== undefined && survivor !== undefined, 'two workers');
  const mark = server.lines.length;
  process.kill(victim, 'SIGKILL');
  await server.waitFor((l) => l.event === 'worker.exited' && l.pid === victim, { after: mark });
  const spawned = await server.waitFor((l) => l.event === 'worker.spawned' && l.pid !== victim, { after: mark });
  const failed = await server.waitFor((l) => l.event === 'worker.boot-failed' && l.role === 'master' && l.pid === spawned.pid, { after: mark });
  const exited = await server.waitFor((l) => l.event === 'worker.exited' && l.pid === spawned.pid, { after: mark });
  assert.equal(exited['code'], 4, 'the worker left instead of serving half-dead');
  assert.equal(server.lines.slice(mark).filter((l) => l.event === 'worker.ready').length, 0, 'no worker was counted ready');
  return { failed, survivor };
}

describe('log files that cannot be opened or written', { concurrency: 2 }, () => {
  test('an access log under a regular file is refused before anything starts, by check and by serve: TSG_PATH_ACCESS naming the setting and the path', async (t) => {
    const dir = tempDir(t);
    const plain = join(dir, 'plain');
    writeFileSync(plain, '');
    const accessLog = join(plain, 'access.log');
    const message = `cannot create ${accessLog}: ${plain} (in its directory path) is not a directory`;
    await assertRefusedBeforeStart(dir, ['--app', APP, '--access-log', accessLog], { setting: 'accessLog', code: 'TSG_PATH_ACCESS', message, where: 'flag --access-log' });
  });

  test('the access log directory replaced by a file after the start: the next worker fails its boot with TSG_LOG_OPEN naming the path, is not counted ready, and the other worker keeps serving', async (t) => {
    const dir = tempDir(t);
    const logs = join(dir, 'logs');
    const accessLog = join(logs, 'access.log');
    const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '2', '--access-log', accessLog], cwd: dir });
    const url = await server.url();
    // The config was checked with the directory in place; the disk changes under the running server.
    renameSync(logs, `${logs}.old`);
    writeFileSync(logs, 'a file where the log directory was\n');
    const { failed, survivor } = await replacementFails(server);
    assert.equal(failed['code'], 'TSG_LOG_OPEN');
    assert.match(String(failed['stack']), new RegExp(`cannot open the log file ${accessLog}: a part of its directory path is not a directory`));
    const bodies = await keepAliveRequests(url, 10, '/after');
    assert.deepEqual([...bodies], [`hello pid ${survivor}\n`], 'the other worker answers every request');
    // It goes on writing to the file it opened.
    await waitForText(join(`${logs}.old`, 'access.log'), 'GET /after?n=9 ');
    assert.equal(readFileSync(logs, 'utf8'), 'a file where the log directory was\n', 'nothing was written over the file');
  });

  test('user nobody and an access log in a root-only directory is refused before anything starts: the workers may not create it', async (t) => {
    if (!isRoot) return t.skip('needs root to switch workers to user nobody');
    const dir = tempDir(t);
    chmodSync(dir, 0o755);
    const locked = join(dir, 'locked');
    mkdirSync(locked, { mode: 0o700 });
    const accessLog = join(locked, 'access.log');
    const config = join(dir, 'tsgun.config.mjs');
    writeFileSync(config, mjsConfig({ app: APP, bind: ['127.0.0.1:0'], workers: 1, user: 'nobody', accessLog }));
    const message = `cannot create ${accessLog}: the workers (user "nobody") may not create files in ${locked} (mode 0700, owner 0:0)`;
    await assertRefusedBeforeStart(dir, ['--config', config], { setting: 'accessLog', code: 'TSG_PATH_ACCESS', message, where: 'tsgun.config.mjs:6:14' });
  });

  test('user nobody: the access log directory taken away from nobody after the start: the next worker fails its boot with EACCES naming the path, and the other keeps serving', async (t) => {
    if (!isRoot) return t.skip('needs root to switch workers to user nobody');
    const dir = tempDir(t);
    chmodSync(dir, 0o755);
    const logs = join(dir, 'logs');
    mkdirSync(logs);
    chmodSync(logs, 0o777);
    const accessLog = join(logs, 'access.log');
    const config = join(dir, 'tsgun.config.mjs');
    writeFileSync(config, mjsConfig({ app: APP, bind: ['127.0.0.1:0'], workers: 2, user: 'nobody', accessLog }));
    const server = await startServer(t, { args: ['--config', config], cwd: dir });
    const url = await server.url();
    await keepAliveRequests(url, 2, '/before');
    await waitForText(accessLog, 'GET /before?n=1 ');
    assert.equal(statSync(accessLog).uid, 65534, 'the workers created it as nobody');
    // Checked while nobody could write there; then root-only, as a careless chmod leaves it.
    chmodSync(logs, 0o700);
    const { failed, survivor } = await replacementFails(server);
    assert.equal(failed['code'], 'TSG_LOG_OPEN');
    assert.match(String(failed['stack']), new RegExp(`cannot open the log file ${accessLog}: permission denied as uid 65534`));
    const bodies = await keepAliveRequests(url, 10, '/after');
    assert.deepEqual([...bodies], [`hello pid ${survivor}\n`], 'the other worker answers every request');
    await waitForText(accessLog, 'GET /after?n=9 ');
  });

  test('user nobody and an errorLog in a directory nobody may not enter is refused before anything starts: the workers open it too', async (t) => {
    if (!isRoot) return t.skip('needs root to switch workers to user nobody');
    // Regression: the check asked only whether the master (root) could write the errorLog; such a
    // config passed check, then every worker failed its boot.
    const dir = tempDir(t);
    chmodSync(dir, 0o755);
    const locked = join(dir, 'locked');
    mkdirSync(locked, { mode: 0o700 });
    const errorLog = join(locked, 'error.log');
    const config = join(dir, 'tsgun.config.mjs');
    writeFileSync(config, mjsConfig({ app: APP, bind: ['127.0.0.1:0'], workers: 1, user: 'nobody', errorLog }));
    const message = `cannot open ${errorLog}: the workers (user "nobody") may not enter ${locked} (mode 0700, owner 0:0)`;
    await assertRefusedBeforeStart(dir, ['--config', config], { setting: 'errorLog', code: 'TSG_PATH_ACCESS', message, where: 'tsgun.config.mjs:6:13' });
  });

  test('user nobody: workers open the errorLog as nobody, never as root (its directory closed to nobody after the start fails the next boot; the other worker keeps serving)', async (t) => {
    if (!isRoot) return t.skip('needs root to switch workers to user nobody');
    // Regression (review): workers opened the errorLog before dropping privileges, as root. A log
    // the workers' user may rewrite could then be swapped for a symlink to a root-only file.
    const dir = tempDir(t);
    chmodSync(dir, 0o755);
    const logs = join(dir, 'logs');
    mkdirSync(logs);
    chmodSync(logs, 0o755);
    const errorLog = join(logs, 'error.log');
    const config = join(dir, 'tsgun.config.mjs');
    writeFileSync(config, mjsConfig({ app: APP, bind: ['127.0.0.1:0'], workers: 2, user: 'nobody', errorLog }));
    const server = await startServer(t, { args: ['--config', config], cwd: dir, waitFor: null });
    // The master logs to that file; a worker that cannot open it reports through its bootstrap logger on stdout.
    const listening = await waitInFile(errorLog, (l) => l.event === 'listening', 'listening');
    await waitInFile(errorLog, (l) => l.event === 'server.ready', 'server.ready');
    const url = `http://${(listening['addresses'] as string[])[0]}`;
    const [victim, survivor] = linesOf(errorLog)
      .filter((l) => l.event === 'worker.spawned')
      .map((l) => l.pid!);
    chmodSync(logs, 0o700);
    process.kill(victim!, 'SIGKILL');
    const failed = await server.waitFor((l) => l.event === 'worker.boot-failed' && l.role === 'worker');
    assert.equal(failed['code'], 'TSG_LOG_OPEN');
    assert.match(String(failed.msg), new RegExp(`cannot open the log file ${errorLog}: permission denied as uid 65534`));
    const exited = await waitInFile(errorLog, (l) => l.event === 'worker.exited' && l.pid === failed.pid, "the failed worker's worker.exited");
    assert.equal(exited['code'], 4);
    assert.ok(!linesOf(errorLog).some((l) => l.event === 'worker.ready' && l.pid === failed.pid), 'it was not counted ready');
    const bodies = await keepAliveRequests(url, 10, '/after');
    assert.deepEqual([...bodies], [`hello pid ${survivor}\n`], 'the other worker answers every request');
  });

  test('a reload to an access log under a regular file rolls back at its config read (TSG_CONFIG_INVALID naming the setting and the path); the old generation keeps answering keep-alive requests', async (t) => {
    const p = project(t, { 'app.mjs': appSource('v1'), plain: '' });
    p.write('tsgun.config.mjs', mjsConfig({ ...BASE, accessLog: 'logs/access.log' }));
    const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir });
    const url = await server.url();
    const old = server.liveWorkerPids();
    const load = startLoad(url, { connections: 4, maxMs: 40_000 });
    await load.reached(50);
    p.write('tsgun.config.mjs', mjsConfig({ ...BASE, accessLog: 'plain/access.log' }));
    const mark = server.lines.length;
    server.signal('SIGHUP');
    const rolledBack = await server.waitFor('reload.rolled-back', { after: mark });
    assert.equal(rolledBack['code'], 'TSG_CONFIG_INVALID');
    assert.equal(rolledBack['generation'], null, 'no generation was booted');
    assert.equal(rolledBack['serving'], 1);
    const reason = String(rolledBack['reason']);
    assert.match(reason, /^the new config is invalid; nothing changed\./);
    assert.ok(reason.includes(`accessLog: cannot create ${p.path('plain/access.log')}: ${p.path('plain')} (in its directory path) is not a directory`), reason);
    assert.deepEqual(generationPids(server, 2), [], 'no worker was spawned');
    await load.more(50);
    const result = await load.stop();
    assertNothingDropped(result, 100);
    assertServedBy(result, old, 'v1');
    const bodies = await keepAliveRequests(url, 10);
    for (const body of bodies) assert.match(body, /^v1 pid /);
    await waitForText(p.path('logs/access.log'), 'GET /?n=9 ');
  });

  test('a reload whose new workers cannot open the access log (its directory replaced by a file after the config was checked) rolls back with TSG_LOG_OPEN; the old generation keeps answering keep-alive requests', async (t) => {
    const p = project(t, { 'app.mjs': appSource('v1') });
    p.write('tsgun.config.mjs', mjsConfig({ ...BASE, accessLog: 'logs/access.log' }));
    const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir });
    const url = await server.url();
    const old = server.liveWorkerPids();
    const load = startLoad(url, { connections: 4, maxMs: 40_000 });
    await load.reached(50);
    // A deploy with the config unchanged: a HUP always boots a new generation. Its workers open the
    // access log after importing the app, which waits for the gate: the disk changes in between.
    const gate = p.path('gate');
    p.write('app.mjs', appSource('v2', { gate }));
    const mark = server.lines.length;
    server.signal('SIGHUP');
    await server.waitFor((l) => l.event === 'worker.spawned' && l.generation === 2, { after: mark });
    const logs = p.path('logs');
    renameSync(logs, `${logs}.old`);
    writeFileSync(logs, 'a file where the log directory was\n');
    writeFileSync(gate, '');
    const rolledBack = await server.waitFor('reload.rolled-back', { after: mark });
    assert.equal(rolledBack['code'], 'TSG_LOG_OPEN');
    assert.equal(rolledBack['generation'], 2);
    assert.match(String(rolledBack['reason']), /cannot open the log file logs\/access\.log: a part of its directory path is not a directory/);
    assert.equal(rolledBack['serving'], 1);
    assert.ok(
      server.lines.slice(mark).some((l) => l.event === 'worker.app-loaded' && l.generation === 2),
      'the new worker got past its app import',
    );
    for (const pid of generationPids(server, 2)) await server.waitFor((l) => l.event === 'worker.exited' && l.pid === pid);
    assert.equal(server.lines.slice(mark).filter((l) => l.event === 'worker.ready').length, 0, 'no new worker was counted ready');
    await load.more(50);
    const result = await load.stop();
    assertNothingDropped(result, 100);
    assertServedBy(result, old, 'v1');
    const bodies = await keepAliveRequests(url, 10);
    for (const body of bodies) assert.match(body, /^v1 pid /);
    await waitForText(join(`${logs}.old`, 'access.log'), 'GET /?n=9 ');
  });

  test('an errorLog that is a directory is refused before anything starts, by check and by serve', async (t) => {
    const dir = tempDir(t);
    const checked = await runCli(['check', '--app', APP, '--error-log', dir]);
    assert.equal(checked.code, 1, checked.stderr);
    assert.match(checked.stderr, new RegExp(`errorLog: ${dir} is a directory`));
    const served = await runCli([APP, '-b', '127.0.0.1:0', '--error-log', dir]);
    assert.equal(served.code, 1, served.stderr);
    assert.match(served.stderr, /\[TSG_CONFIG_INVALID\]/);
    assert.doesNotMatch(served.stderr + served.stdout, /Unhandled 'error' event/);
  });

  test('an errorLog under a regular file is refused before anything starts, by check and by serve: TSG_PATH_ACCESS naming the setting and the path', async (t) => {
    const dir = tempDir(t);
    const plain = join(dir, 'plain');
    writeFileSync(plain, '');
    const errorLog = join(plain, 'error.log');
    const message = `cannot create ${errorLog}: ${plain} (in its directory path) is not a directory`;
    await assertRefusedBeforeStart(dir, ['--app', APP, '--error-log', errorLog], { setting: 'errorLog', code: 'TSG_PATH_ACCESS', message, where: 'flag --error-log' });
  });

  test('USR1 after the log directory was replaced by a file: log.reopen-failed, and master and workers keep serving and logging to the old files', async (t) => {
    const dir = tempDir(t);
    const logs = join(dir, 'logs');
    const errorLog = join(logs, 'error.log');
    const accessLog = join(logs, 'access.log');
    const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '2', '--error-log', errorLog, '--access-log', accessLog], waitFor: null });
    const ready = await waitInFile(errorLog, (l) => l.event === 'server.ready', 'server.ready');
    assert.equal(ready.role, 'master');
    const listening = linesOf(errorLog).find((l) => l.event === 'listening')!;
    const url = `http://${(listening['addresses'] as string[])[0]}`;
    await keepAliveRequests(url, 5, '/before');

    renameSync(logs, `${logs}.old`);
    writeFileSync(logs, 'a file where the log directory was\n');
    server.signal('SIGUSR1');
    const oldError = join(`${logs}.old`, 'error.log');
    const masterFailed = await waitInFile(oldError, (l) => l.event === 'log.reopen-failed' && l.role === 'master', "the master's log.reopen-failed");
    assert.equal(masterFailed.level, 'error');
    assert.equal(masterFailed['code'], 'TSG_LOG_OPEN');
    assert.equal(masterFailed['path'], errorLog);
    // Each worker reports both of its files.
    for (const path of [errorLog, accessLog]) {
      await waitInFile(oldError, (l) => l.event === 'log.reopen-failed' && l.role === 'worker' && l['path'] === path, `a worker's log.reopen-failed for ${path}`);
    }
    await waitInFile(oldError, (l) => l.event === 'logs.reopened', 'logs.reopened, after the failure');

    process.kill(server.pid, 0); // the master is alive
    await keepAliveRequests(url, 10, '/after');
    const access = await waitForText(join(`${logs}.old`, 'access.log'), '/after?n=9');
    assert.ok(access.includes('/before?n=0'));
    assert.equal(readFileSync(logs, 'utf8'), 'a file where the log directory was\n', 'nothing was written over the file');
    assert.equal(linesOf(oldError).filter((l) => l.event === 'worker.exited' || l.event === 'worker.uncaught-exception').length, 0, 'no worker died');

    // The file system is mended: the next USR1 switches to the new files.
    renameSync(logs, `${logs}.file`);
    server.signal('SIGUSR1');
    await waitInFile(errorLog, (l) => l.event === 'logs.reopened', 'logs.reopened in the new errorLog');
  });

  test('an access log whose writes fail (a full disk): log.write-failed once, and keep-alive requests are all answered', { skip: !existsSync('/dev/full') && 'no /dev/full' }, async (t) => {
    const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '1', '--access-log', '/dev/full'] });
    const url = await server.url();
    await keepAliveRequests(url, 20);
    const failed = await server.waitFor('log.write-failed');
    assert.equal(failed.role, 'worker');
    assert.equal(failed['path'], '/dev/full');
    assert.equal(failed['code'], 'ENOSPC');
    await keepAliveRequests(url, 20);
    assert.equal(server.events('log.write-failed').length, 1, 'reported once, not per line');
    assert.equal(server.events('worker.exited').length, 0);
  });

  test("user nobody: after rotation and USR1 the worker reopens the errorLog the master recreated (the file is given to the workers' user)", async (t) => {
    if (!isRoot) return t.skip('needs root to switch workers to user nobody');
    const dir = tempDir(t);
    chmodSync(dir, 0o755);
    const errorLog = join(dir, 'error.log');
    const config = join(dir, 'tsgun.config.mjs');
    // accessLog '-': the worker's access lines go to its errorLog, which shows where it writes.
    writeFileSync(config, mjsConfig({ app: APP, bind: ['127.0.0.1:0'], workers: 1, user: 'nobody', errorLog, accessLog: '-' }));
    const server = await startServer(t, { args: ['--config', config], waitFor: null });
    const listening = await waitInFile(errorLog, (l) => l.event === 'listening', 'listening');
    await waitInFile(errorLog, (l) => l.event === 'server.ready', 'server.ready');
    const url = `http://${(listening['addresses'] as string[])[0]}`;
    assert.equal(statSync(errorLog).uid, 65534, "the errorLog belongs to the workers' user");
    renameSync(errorLog, `${errorLog}.1`);
    server.signal('SIGUSR1');
    await waitInFile(errorLog, (l) => l.event === 'logs.reopened', 'logs.reopened in the new file');
    assert.equal(statSync(errorLog).uid, 65534);
    // The worker reopens when it handles the master's message, which it does not log: ask until its access line lands there.
    let n = 0;
    await eventually(
      async () => {
        if (linesOf(errorLog).some((l) => l.event === 'access' && l.role === 'worker')) return true;
        await getOnce(url, { path: `/rotated?n=${n++}` });
        return false;
      },
      { what: 'the worker wrote to the new errorLog', timeoutMs: 15_000, intervalMs: 50, detail: () => readFileSync(`${errorLog}.1`, 'utf8').slice(-2000) },
    );
    assert.equal([...linesOf(errorLog), ...linesOf(`${errorLog}.1`)].filter((l) => l.event === 'log.reopen-failed').length, 0);
  });
});
