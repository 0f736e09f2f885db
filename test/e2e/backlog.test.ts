// `backlog` reaches the kernel on every listener: the value is read back with ss (iproute2), which
// shows a listening socket's backlog as its Send-Q (/proc/net/tcp does not show it at all). A value
// no runtime or tool picks by itself (37, not Node's 511, tsgun's default 2048 or systemd's 4096)
// on TCP, IPv6 and unix listeners, on both of the master's bind paths, after a worker respawn, after
// a reload, and on a socket systemd passed already listening with its own backlog (which keeps
// tsgun's value once tsgun has stopped).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseBind } from '../../src/config/bind.ts';
import { listenOnFd } from '../../src/sys/listen-fd.ts';
import { openListener, type BindImpl } from '../../src/sys/listeners.ts';
import { repoRoot, tempDir } from '../helpers/cli.ts';
import { startServer } from '../helpers/server.ts';

const BACKLOG = 37;
const APP = join(repoRoot, 'test/fixtures/e2e/app.mjs');

const onLinux = process.platform === 'linux';
// The kernel caps listen()'s backlog at net.core.somaxconn: below it, what we set is what it keeps.
const somaxconn = onLinux ? Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8')) : 0;
// ss comes from iproute2 (.ci/run installs it): without it the suite fails in CI (CI set), so that CI
// cannot pass without having read the kernel, and skips with a message elsewhere.
const ssMissing = onLinux && spawnSync('ss', ['-V']).error !== undefined;
const inCi = process.env['CI'] !== undefined && process.env['CI'] !== '';
const skip = !onLinux
  ? 'ss and the Send-Q of a listener are Linux'
  : somaxconn <= BACKLOG
    ? `net.core.somaxconn is ${somaxconn}, at most ${BACKLOG}`
    : ssMissing && !inCi
      ? 'ss is not installed (apt-get install iproute2; .ci/run installs it)'
      : false;

/** Send-Q of the listening socket whose local address is `local`: ss prints it just before the address. */
function sendQueueOf(ssOutput: string, local: string): number | null {
  for (const line of ssOutput.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const at = fields.indexOf(local);
    if (at > 0 && fields.includes('LISTEN')) return Number(fields[at - 1]);
  }
  return null;
}

/** The kernel's backlog of a listener, by tsgun's address text (`127.0.0.1:N`, `[::1]:N`, `unix:/path`). */
function kernelBacklog(address: string): number | null {
  const unix = address.startsWith('unix:');
  const run = spawnSync('ss', [unix ? '-lxH' : '-ltnH'], { encoding: 'utf8' });
  if (run.error !== undefined) throw new Error(`ss could not run (${run.error.message}): install iproute2 (.ci/run does)`);
  assert.equal(run.status, 0, run.stderr);
  return sendQueueOf(run.stdout, unix ? address.slice('unix:'.length) : address);
}

const ipv6 = await new Promise<boolean>((resolve) => {
  const probe = net.createServer();
  probe.once('error', () => resolve(false));
  probe.listen(0, '::1', () => probe.close(() => resolve(true)));
});

test('sendQueueOf reads Send-Q of TCP and unix listeners from ss output', () => {
  const tcp = 'LISTEN 0      37     127.0.0.1:44235 0.0.0.0:*\nLISTEN 0      41       [::1]:40385    [::]:*\nLISTEN 0      511    127.0.0.1:4423 0.0.0.0:*\n';
  assert.equal(sendQueueOf(tcp, '127.0.0.1:44235'), 37);
  assert.equal(sendQueueOf(tcp, '[::1]:40385'), 41);
  assert.equal(sendQueueOf(tcp, '127.0.0.1:4423'), 511);
  assert.equal(sendQueueOf(tcp, '127.0.0.1:1'), null);
  assert.equal(sendQueueOf('u_str LISTEN 0      37     /tmp/x/s.sock 12852595 * 0\n', '/tmp/x/s.sock'), 37);
});

describe('the kernel keeps the configured backlog', { skip }, () => {
  test('somaxconn is read, and ss is installed', () => {
    assert.ok(somaxconn > BACKLOG, `net.core.somaxconn ${somaxconn}`);
    assert.ok(!ssMissing, 'ss is not installed (apt-get install iproute2; .ci/run installs it)');
  });

  // Both of the master's bind paths, in this process: each gives a socket with no backlog yet, and
  // the worker's listen (listenOnFd) sets it. The server-handle path is Node 22's, present on 24 too.
  const impls: BindImpl[] = typeof (net as { BoundSocket?: unknown }).BoundSocket === 'function' ? ['bound-socket', 'server-handle'] : ['server-handle'];
  for (const impl of impls) {
    test(`${impl}: a worker-style listen on the bound fd sets the backlog (TCP and unix)`, async (t) => {
      const binds = ['127.0.0.1:0', `unix:${join(tempDir(t), 's.sock')}`, ...(ipv6 ? ['[::1]:0'] : [])];
      for (const text of binds) {
        const parsed = parseBind(text);
        if (!parsed.ok) throw new Error(parsed.reason);
        const listener = await openListener(parsed.address, { cwd: '/', impl });
        const server = net.createServer();
        try {
          await new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            listenOnFd(server, listener.fd, BACKLOG, resolve);
          });
          assert.equal(kernelBacklog(listener.address), BACKLOG, `${impl} ${listener.address}`);
        } finally {
          await new Promise((resolve) => server.close(resolve));
          listener.close();
        }
      }
    });
  }

  test('tsgun with backlog 37: every listener, after a worker respawn and after a reload', async (t) => {
    const dir = tempDir(t);
    const unixPath = join(dir, 'app.sock');
    const config = join(dir, 'tsgun.config.json');
    const bind = ['127.0.0.1:0', ...(ipv6 ? ['[::1]:0'] : []), `unix:${unixPath}`];
    writeFileSync(config, JSON.stringify({ app: APP, bind, workers: 2, backlog: BACKLOG, gracefulTimeout: 3, keepAlive: 1 }));
    const server = await startServer(t, { args: ['--config', config] });
    const addresses = await server.addresses();
    assert.equal(addresses.length, bind.length);
    const expectEvery = (when: string): void => {
      for (const address of addresses) assert.equal(kernelBacklog(address), BACKLOG, `${address} ${when}`);
    };
    expectEvery('at start');

    const [victim, other] = server.liveWorkerPids();
    const mark = server.lines.length;
    process.kill(victim!, 'SIGKILL');
    const replaced = await server.waitFor((l) => l.event === 'worker.ready' && l.pid !== victim && l.pid !== other, { after: mark });
    assert.ok(!server.liveWorkerPids().includes(victim!));
    expectEvery(`after worker ${victim} was replaced by ${replaced.pid}`);

    server.signal('SIGHUP');
    const committed = await server.waitFor('reload.committed', { after: mark });
    // A new generation of workers listened again on the same sockets.
    assert.equal(committed['newGeneration'], true);
    assert.equal(committed.generation, 2);
    expectEvery('after the reload to generation 2');
  });

  test('socket activation: a socket systemd listened on with its own backlog takes tsgun backlog', async (t) => {
    // Stands in for systemd's Backlog=: the socket is already listening, with 200, when tsgun gets it.
    const systemd = net.createServer();
    await new Promise<void>((resolve) => systemd.listen({ host: '127.0.0.1', port: 0, backlog: 200 }, resolve));
    t.after(() => systemd.close());
    const address = `127.0.0.1:${(systemd.address() as net.AddressInfo).port}`;
    assert.equal(kernelBacklog(address), 200);
    const fd = (systemd as unknown as { _handle: { fd: number } })._handle.fd;
    const dir = tempDir(t);
    writeFileSync(join(dir, 'tsgun.config.json'), JSON.stringify({ app: APP, bind: ['127.0.0.1:1'], workers: 1, backlog: BACKLOG }));
    const server = await startServer(t, { args: ['--config', join(dir, 'tsgun.config.json')], env: { LISTEN_FDS: '1' }, listenPidSelf: true, extraFds: [fd] });
    assert.deepEqual((await server.waitFor('listening'))['binds'], ['LISTEN_FDS']);
    assert.equal(kernelBacklog(address), BACKLOG);
    // tsgun gone (a restart), the socket keeps the value of the last listen(): tsgun's, not systemd's.
    server.signal('SIGTERM');
    assert.equal((await server.exited).code, 0);
    assert.equal(kernelBacklog(address), BACKLOG);
  });
});
