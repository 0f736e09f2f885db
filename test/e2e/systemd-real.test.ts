// tsgun under a real systemd (issue 11), not a fake NOTIFY_SOCKET (sd-notify.test.ts does that):
// systemd runs as PID 1 of its own namespaces (test/helpers/systemd-sandbox.ts) and the unit and the
// config are the ones docs/deploy.md shows, read from it, so a change to the documented unit is
// tried here. `systemctl start` returns once the first generation serves; `systemctl reload` only
// once the reload committed (or rolled back, for a broken config, leaving the unit active);
// `systemctl stop` ends in a graceful shutdown with exit code 0.
//
// Type=notify-reload needs systemd >= 253. Debian 12's is 252: there the test runs the unit the docs
// give for older systemd (Type=notify, ExecReload=tsgun reload), and the notify-reload case is
// skipped unless TSGUN_TEST_SYSTEMD_ROOT names an unpacked newer systemd (bookworm-backports' 254:
// see the helper). The sandbox needs root, unshare and nsenter; without them, everything is skipped.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { cliEntry, linkTsgun, repoRoot } from '../helpers/cli.ts';
import { eventually } from '../helpers/eventually.ts';
import { getOnce } from '../helpers/load.ts';
import { ask, project, type Project } from '../helpers/reload.ts';
import type { LogLine } from '../helpers/server.ts';
import { ROOT_VARIABLE, sandboxSystemd, sandboxUnavailable, SystemdSandbox } from '../helpers/systemd-sandbox.ts';
import { scaled } from '../helpers/time.ts';

const unavailable = sandboxUnavailable();
const version = unavailable === null ? sandboxSystemd().version : 0;
const NOTIFY_RELOAD = 253;

/** A fenced block of docs/deploy.md from its line `firstLine` to the fence, without its indentation. */
function documented(firstLine: string): string {
  const lines = readFileSync(join(repoRoot, 'docs/deploy.md'), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trim() === firstLine);
  assert.ok(start !== -1, `docs/deploy.md has no block with the line ${firstLine}`);
  const indent = lines[start]!.length - lines[start]!.trimStart().length;
  const end = lines.findIndex((l, i) => i > start && l.trim() === '```');
  return `${lines
    .slice(start, end)
    .map((l) => l.slice(indent))
    .join('\n')}\n`;
}

/** Replaces one whole line that starts with `prefix` (which must be there once). */
function replaceLine(text: string, prefix: string, replacement: string | null): string {
  const lines = text.split('\n');
  const at = lines.filter((l) => l.startsWith(prefix));
  assert.equal(at.length, 1, `the documented unit has one ${prefix} line`);
  return lines.flatMap((l) => (l.startsWith(prefix) ? (replacement === null ? [] : [replacement]) : [l])).join('\n');
}

const tsgun = (args: string) => `${process.execPath} --conditions=tsgun-source ${cliEntry} ${args}`;

/**
 * docs/deploy.md's unit for this project: its own ExecStart= (tsgun from source), WorkingDirectory=,
 * and no User=/Group= (no myapp user here). `reload`: the older-systemd lines the docs give instead.
 */
function unit(p: Project, kind: 'notify-reload' | 'notify'): string {
  let text = documented('# /etc/systemd/system/myapp.service');
  text = replaceLine(text, 'ExecStart=', `ExecStart=${tsgun(`--config ${p.path('tsgun.config.ts')}`)}`);
  text = replaceLine(text, 'WorkingDirectory=', `WorkingDirectory=${p.dir}`);
  text = replaceLine(text, 'User=', null);
  text = replaceLine(text, 'Group=', null);
  if (kind === 'notify') {
    const older = documented('Type=notify').trim().split('\n');
    assert.deepEqual(older.slice(0, 2), ['Type=notify', 'NotifyAccess=all']);
    assert.match(older[2]!, /^ExecReload=\S+ \S+ reload --config \S+$/);
    text = replaceLine(text, 'Type=notify-reload', 'Type=notify');
    text = text.replace('NotifyAccess=all\n', `NotifyAccess=all\nExecReload=${tsgun(`reload --config ${p.path('tsgun.config.ts')}`)}\n`);
  }
  return text;
}

/**
 * What the test adds to the documented unit: its log in a file (read for events), and no default
 * dependencies (they pull in sysinit.target: udev, mounts, tmpfiles, which a sandbox must not run).
 */
const dropIn = (log: string) => `[Unit]\nDefaultDependencies=no\n\n[Service]\nStandardOutput=append:${log}\nStandardError=append:${log}\n`;

/** docs/deploy.md's config, verbatim, with its app at ./dist/server.js answering `<version> pid <pid>`. */
function documentedProject(t: TestContext): Project {
  const config = documented('// /srv/myapp/current/tsgun.config.ts');
  const p = project(t, { 'tsgun.config.ts': config, 'dist/server.js': app('v1') });
  linkTsgun(p.dir);
  return p;
}

/** `<version> pid <pid>`; /slow prints a line (an output.printed event) and answers a second later. */
const app = (v: string) =>
  `export default (req, res) => {\n` +
  `  const answer = () => res.end(\`${v} pid \${process.pid}\\n\`);\n` +
  `  if (req.url !== '/slow') return answer();\n` +
  `  console.log('slow request begun');\n` +
  `  setTimeout(answer, 1000);\n` +
  `};\n`;

class Log {
  readonly #path: string;
  constructor(path: string) {
    this.#path = path;
  }

  get lines(): LogLine[] {
    let text = '';
    try {
      text = readFileSync(this.#path, 'utf8');
    } catch {
      return [];
    }
    return text
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogLine);
  }

  events(name: string, after = 0): LogLine[] {
    return this.lines.slice(after).filter((l) => l.event === name);
  }

  tail(): string {
    return this.lines
      .slice(-30)
      .map((l) => JSON.stringify(l))
      .join('\n');
  }
}

async function ok(sandbox: SystemdSandbox, args: string[], log: Log, timeoutMs?: number): Promise<void> {
  const result = await sandbox.systemctl(args, timeoutMs);
  if (result.code === 0) return;
  const status = await sandbox.systemctl(['status', '--no-pager', '-l', 'myapp']);
  assert.fail(`systemctl ${args.join(' ')} exited ${result.code}: ${result.stderr}\n${status.stdout}\nlog:\n${log.tail()}\nsystemd:\n${sandbox.console()}`);
}

const pick = (record: Record<string, string>, ...keys: string[]) => Object.fromEntries(keys.map((k) => [k, record[k]]));

const STATE = ['ActiveState', 'SubState', 'StatusText', 'MainPID', 'Result', 'ExecMainStatus', 'Type'];

async function startStopCycle(t: TestContext, kind: 'notify-reload' | 'notify'): Promise<void> {
  const sandbox = await SystemdSandbox.start(t);
  const p = documentedProject(t);
  const logPath = join(sandbox.dir, 'myapp.log');
  const log = new Log(logPath);
  await sandbox.install({ 'myapp.service': unit(p, kind), 'myapp.service.d/test.conf': dropIn(logPath) });
  const socket = sandbox.hostPath('/run/myapp/tsgun.sock');

  // start returns once READY=1 came: the first generation already serves.
  await ok(sandbox, ['start', 'myapp'], log, 120_000);
  assert.equal(log.events('server.ready').length, 1, `server.ready before systemctl start returned:\n${log.tail()}`);
  const master = log.events('listening')[0]!.pid;
  const workers = log.events('worker.ready').length;
  let state = await sandbox.show('myapp', STATE);
  assert.deepEqual(pick(state, 'ActiveState', 'SubState', 'StatusText', 'MainPID', 'Type'), {
    ActiveState: 'active',
    SubState: 'running',
    StatusText: `serving generation 1, ${workers} workers`,
    MainPID: String(master),
    Type: kind,
  });
  const first = await ask('http://localhost/', { socketPath: socket });
  assert.equal(first.version, 'v1');

  // reload returns only after the reload committed: the new generation is already the one serving.
  p.write('dist/server.js', app('v2'));
  let mark = log.lines.length;
  await ok(sandbox, ['reload', 'myapp'], log, 120_000);
  const committed = log.events('reload.committed', mark);
  assert.equal(committed.length, 1, `reload.committed before systemctl reload returned:\n${log.tail()}`);
  assert.equal(committed[0]!['generation'], 2);
  const generation2 = log
    .events('worker.ready', mark)
    .filter((l) => l.generation === 2)
    .map((l) => l.pid);
  const second = await ask('http://localhost/', { socketPath: socket });
  assert.equal(second.version, 'v2');
  assert.ok(generation2.includes(second.pid), `answered by ${second.pid}, one of generation 2's workers ${generation2.join(', ')}`);
  state = await sandbox.show('myapp', STATE);
  assert.deepEqual([state['ActiveState'], state['SubState'], state['StatusText'], state['MainPID']], ['active', 'running', `serving generation 2, ${workers} workers`, String(master)]);
  assert.equal(log.events('reload.started').length, 1, 'one reload per systemctl reload');

  // A broken config (the documented one with an invalid `workers`): the master refuses it and rolls
  // the reload back. notify-reload: it still sends READY=1 (the old generation serves), so systemctl
  // reload succeeds. notify: ExecReload='s `tsgun reload` exits 7, so systemctl reload fails. Either
  // way the unit stays active and serves.
  const config = readFileSync(p.path('tsgun.config.ts'), 'utf8');
  assert.ok(config.includes("workers: 'auto',"));
  p.write('tsgun.config.ts', config.replace("workers: 'auto',", "workers: 'many',"));
  mark = log.lines.length;
  const broken = await sandbox.systemctl(['reload', 'myapp'], 120_000);
  if (kind === 'notify-reload') assert.equal(broken.code, 0, `systemctl reload of a broken config: ${broken.stderr}\n${log.tail()}`);
  else {
    assert.notEqual(broken.code, 0, 'systemctl reload fails when ExecReload= (tsgun reload) does');
    const execReload = (await sandbox.show('myapp', ['ExecReload']))['ExecReload'] ?? '';
    assert.match(execReload, /code=exited ; status=7 /, 'tsgun reload exits 7: the reload was rolled back');
  }
  const rolledBack = log.events('reload.rolled-back', mark);
  assert.equal(rolledBack.length, 1, `reload.rolled-back before systemctl reload returned:\n${log.tail()}`);
  assert.equal(rolledBack[0]!['code'], 'TSG_CONFIG_INVALID');
  state = await sandbox.show('myapp', STATE);
  assert.deepEqual([state['ActiveState'], state['SubState'], state['MainPID']], ['active', 'running', String(master)], `the unit stays active: ${JSON.stringify(state)}\n${sandbox.console()}`);
  if (kind === 'notify-reload') assert.equal(state['StatusText'], `serving generation 2, ${workers} workers; the last reload was rolled back (TSG_CONFIG_INVALID)`);
  assert.equal((await ask('http://localhost/', { socketPath: socket })).version, 'v2');

  // stop: TERM to the master (KillMode=mixed), a graceful shutdown that lets a request in flight
  // finish, exit code 0, nothing killed.
  mark = log.lines.length;
  const slow = getOnce('http://localhost/', { socketPath: socket, path: '/slow' });
  await eventually(() => log.lines.slice(mark).some((l) => l.event === 'output.printed' && l.msg === 'slow request begun'), { what: 'the slow request to reach the app', detail: () => log.tail() });
  await ok(sandbox, ['stop', 'myapp'], log, 120_000);
  const answered = await slow;
  assert.equal(answered.status, 200, 'the request in flight was answered');
  assert.ok(
    generation2.some((pid) => answered.body === `v2 pid ${pid}\n`),
    `answered by generation 2: ${answered.body}`,
  );
  assert.equal(log.events('shutdown.completed', mark).length, 1, `shutdown.completed before systemctl stop returned:\n${log.tail()}`);
  assert.equal(log.events('worker.killed', mark).length + log.events('worker.drain-cut', mark).length, 0, log.tail());
  state = await sandbox.show('myapp', STATE);
  assert.deepEqual(pick(state, 'ActiveState', 'SubState', 'Result', 'ExecMainStatus'), { ActiveState: 'inactive', SubState: 'dead', Result: 'success', ExecMainStatus: '0' }, sandbox.console());
}

describe('tsgun under a real systemd, with the unit and config of docs/deploy.md', { skip: unavailable ?? false, concurrency: false, timeout: scaled(240_000) }, () => {
  test(
    'Type=notify-reload: start returns when serving; reload returns after the commit; a broken config leaves the unit active; stop is graceful',
    { skip: version >= NOTIFY_RELOAD ? false : `systemd ${version} < ${NOTIFY_RELOAD} has no Type=notify-reload (set ${ROOT_VARIABLE} to an unpacked newer systemd)` },
    (t) => startStopCycle(t, 'notify-reload'),
  );

  test('Type=notify with ExecReload=tsgun reload (older systemd): the same, except that a rolled-back reload fails systemctl reload', (t) => startStopCycle(t, 'notify'));
});
