// The in-process parts of the USR2 upgrade (upgrade.ts; the processes are test/e2e/upgrade.test.ts):
// which Node and directory a new master starts with, the messages between the masters, how the
// listener pool adopts and hands over sockets, how a unix socket's file survives the old master,
// the pidfile's hand-over, and what the arbiter decides on USR2 and on the upgrade's events.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseBind } from '../../src/config/bind.ts';
import { ListenerPool } from '../../src/master/listener-pool.ts';
import { installedNode, parseUpgradeMessage, startDirectory, upgradeStatusPath, type UpgradeStep } from '../../src/master/upgrade.ts';
import { openListener, type OpenListener } from '../../src/sys/listeners.ts';
import { readPid, writePidfile } from '../../src/sys/pidfile.ts';
import { tempDir } from '../helpers/cli.ts';
import { harness, readyAll } from './arbiter-harness.ts';
import { actAsMaster } from '../helpers/master-title.ts';

function bind(text: string) {
  const parsed = parseBind(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.address;
}

test('the new master runs the Node found now by the name the old one was started as, else the running binary', () => {
  const found = new Set(['/opt/node-24/bin/node', '/usr/local/bin/node', '/srv/app/bin/node']);
  const isExecutable = (file: string): boolean => found.has(file);
  // `node` through PATH, first match wins, not resolved further (a symlink there is followed later by exec).
  assert.equal(installedNode('node', '/srv/app', '/usr/local/bin:/opt/node-24/bin', '/old/node', isExecutable), '/usr/local/bin/node');
  // A path is kept as typed (relative to the start directory), not replaced by execPath.
  assert.equal(installedNode('./bin/node', '/srv/app', '/usr/bin', '/old/node', isExecutable), '/srv/app/bin/node');
  assert.equal(installedNode('/usr/local/bin/node', '/srv/app', undefined, '/old/node', isExecutable), '/usr/local/bin/node');
  // Nothing found: the binary that runs now.
  assert.equal(installedNode('node', '/srv/app', '/nowhere', '/old/node', isExecutable), '/old/node');
  assert.equal(installedNode('/gone/node', '/srv/app', '/usr/bin', '/old/node', isExecutable), '/old/node');
});

test('the new master starts in the directory as the shell named it ($PWD), so a moved `current` symlink is followed', (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'releases/1'), { recursive: true });
  symlinkSync(join(dir, 'releases/1'), join(dir, 'current'));
  const real = join(dir, 'releases/1');
  assert.equal(startDirectory(real, join(dir, 'current')), join(dir, 'current'));
  // $PWD naming another directory (stale, or never set by a shell) is not trusted.
  assert.equal(startDirectory(real, dir), real);
  assert.equal(startDirectory(real, undefined), real);
  assert.equal(startDirectory(real, 'relative'), real);
});

test('messages between the masters are parsed from unknown; the status file sits next to the pidfile, else the control socket', () => {
  assert.deepEqual(parseUpgradeMessage({ type: 'upgrade-ready', keys: ['127.0.0.1:0'] }), { type: 'upgrade-ready', keys: ['127.0.0.1:0'] });
  assert.deepEqual(parseUpgradeMessage({ type: 'upgrade-commit', extra: 1 }), { type: 'upgrade-commit' });
  assert.equal(parseUpgradeMessage({ type: 'upgrade-ready', keys: [1] }), undefined);
  assert.equal(parseUpgradeMessage({ type: 'ready' }), undefined);
  assert.equal(parseUpgradeMessage(null), undefined);
  assert.equal(upgradeStatusPath({ pidfile: '/run/a.pid', controlSocket: '/run/a.sock' }), '/run/a.pid.upgrade.json');
  assert.equal(upgradeStatusPath({ pidfile: null, controlSocket: '/run/a.sock' }), '/run/a.sock.upgrade.json');
  assert.equal(upgradeStatusPath({ pidfile: null, controlSocket: null }), null);
});

function fakeListener(address: string, log: string[]): OpenListener {
  return {
    fd: 40,
    kind: address.startsWith('unix:') ? 'unix' : 'tcp',
    address,
    source: address,
    port: null,
    close: () => log.push(`close ${address}`),
    ownFile: (owns) => log.push(`own ${address} ${owns}`),
  };
}

test('a new master serves the handed-over socket of each bind it still has, closes its copy of the others, and hands them all over in turn', async () => {
  const log: string[] = [];
  const kept = fakeListener('127.0.0.1:41234', log);
  const dropped = fakeListener('unix:/run/old.sock', log);
  const pool = new ListenerPool(
    '/srv/app',
    [],
    [
      { key: '127.0.0.1:0', listener: kept },
      { key: 'unix:/run/old.sock', listener: dropped },
    ],
  );
  const acquired = await pool.acquire([bind('127.0.0.1:0')]);
  assert.deepEqual(acquired, [kept], 'the same socket: a port-0 bind keeps its port');
  assert.deepEqual(log, ['close unix:/run/old.sock']);
  assert.deepEqual(pool.keys, ['127.0.0.1:0']);
  assert.deepEqual(
    pool.handOver().map((h) => h.entry),
    [{ key: '127.0.0.1:0', kind: 'tcp', address: '127.0.0.1:41234', source: '127.0.0.1:41234', port: null }],
  );
  pool.ownFiles(true);
  assert.deepEqual(log.slice(1), ['own 127.0.0.1:41234 true']);
});

test('systemd sockets handed over stay systemd sockets in the new master (the config does not replace them)', async () => {
  const log: string[] = [];
  const activated = fakeListener('fd://3', log);
  const pool = new ListenerPool('/srv/app', [], [{ key: null, listener: activated }]);
  assert.equal(pool.activated, true);
  assert.deepEqual(await pool.acquire([bind('127.0.0.1:0')]), [activated]);
  assert.deepEqual(
    pool.handOver().map((h) => h.entry.key),
    [null],
  );
});

test('regression: a unix socket handed to a new master keeps its file when the old master closes its copy (libuv unlinks a bound pipe on close)', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'app.sock');
  const listener = await openListener(bind(`unix:${path}`), { cwd: dir });
  assert.ok(existsSync(path));
  listener.ownFile(false);
  listener.close();
  assert.ok(existsSync(path), 'the file is the new master’s now');
  const owned = await openListener(bind(`unix:${join(dir, 'b.sock')}`), { cwd: dir });
  owned.close();
  assert.ok(!existsSync(join(dir, 'b.sock')), 'an owned socket’s file goes with it');
});

test('the pidfile moves in one write at the commit; the new master may take over a pidfile naming its old master', (t) => {
  actAsMaster(t);
  const dir = tempDir(t);
  const path = join(dir, 'tsgun.pid');
  // The test runner stands for a live old master, and its parent for the new master.
  const old = writePidfile(path, process.pid);
  assert.throws(() => writePidfile(path, process.ppid), /names a running process/);
  old.handOver(process.ppid);
  assert.equal(readPid(path), process.ppid);
  old.remove();
  assert.equal(readPid(path), process.ppid, 'the old master’s exit leaves the new master’s pidfile');
  writeFileSync(path, `${process.pid}\n`);
  const taken = writePidfile(path, process.ppid, process.pid);
  assert.equal(readFileSync(path, 'utf8'), `${process.ppid}\n`);
  taken.remove();
  assert.ok(!existsSync(path));
});

function fakeUpgrader() {
  const calls: string[] = [];
  let commit = false;
  return {
    calls,
    commitNext: () => (commit = true),
    upgrader: {
      start: (refusal: string | null) => void calls.push(`start ${refusal ?? 'ok'}`),
      handle: (step: UpgradeStep) => {
        calls.push(`handle ${step.kind}`);
        return step.kind === 'ready' && commit;
      },
      abandon: () => void calls.push('abandon'),
    },
  };
}

test('the arbiter: USR2 starts an upgrade, refused during a reload or a stop; a commit drains every worker and exits; a stop abandons the upgrade', async () => {
  const fake = fakeUpgrader();
  const h = await harness({ workers: 2 }, { upgrader: fake.upgrader });
  await readyAll(h, h.keysOf(1));
  await h.signal('SIGUSR2');
  assert.deepEqual(fake.calls, ['start ok']);

  h.next.push(new Promise(() => {})); // a reload whose config read hangs: still in progress
  await h.reload();
  await h.signal('SIGUSR2');
  assert.deepEqual(fake.calls.slice(1), ['start a reload is in progress']);

  // The new master is ready but not committed to (it died meanwhile): nothing changes.
  await h.port.deliver({ type: 'upgrade', step: { kind: 'ready', attempt: 1, keys: [] } });
  assert.equal(h.arbiter.view().state, 'running');
  fake.commitNext();
  await h.port.deliver({ type: 'upgrade', step: { kind: 'ready', attempt: 1, keys: [] } });
  assert.equal(h.arbiter.view().state, 'stopping');
  assert.deepEqual(h.drained().sort(), h.keysOf(1).sort(), 'every worker drains, as on TERM');
  assert.ok(fake.calls.includes('abandon'), 'abandon is told (a committed upgrade ignores it)');
  await h.signal('SIGUSR2');
  assert.equal(fake.calls.at(-1), 'start this master is stopping');
});
