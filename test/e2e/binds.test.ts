// Every kind of listener the master can hold: IPv6 loopback, a unix socket with a mode (and a stale
// one left behind), an inherited fd, and systemd socket activation (LISTEN_FDS / LISTEN_PID).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/cli.ts';
import { getOnce } from '../helpers/load.ts';
import { startServer } from '../helpers/server.ts';

const APP = 'test/fixtures/e2e/app.mjs';

test('binds IPv6 loopback with port 0 and reports the real port', async (t) => {
  const server = await startServer(t, { args: [APP, '-b', '[::1]:0', '-w', '1'] });
  const [address] = await server.addresses();
  assert.match(address!, /^\[::1\]:\d+$/);
  assert.ok(!address!.endsWith(':0'));
  const res = await getOnce(`http://${address}`);
  assert.equal(res.status, 200);
});

test('binds a unix socket with a mode, replaces a stale socket file, removes it on exit', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'app.sock');
  // A socket file left by a dead server: bound, then its owner gone without unlinking.
  // (libuv unlinks the file on a clean close, so the owner has to die with SIGKILL.)
  const owner = spawnSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`]);
  assert.equal(owner.signal, 'SIGKILL');
  assert.ok(statSync(path).isSocket());

  const server = await startServer(t, { args: [APP, '-b', `unix:${path}|600`, '-w', '1'] });
  assert.deepEqual(await server.addresses(), [`unix:${path}`]);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const res = await getOnce('http://localhost', { socketPath: path });
  assert.equal(res.status, 200);
  server.signal('SIGTERM');
  assert.equal((await server.exited).code, 0);
  assert.throws(() => statSync(path), /ENOENT/, 'socket file removed');
});

test('a unix socket a live server answers on is in use: the master says so and exits with the bind code', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'busy.sock');
  const busy = net.createServer(() => {});
  await new Promise<void>((resolve) => busy.listen(path, resolve));
  t.after(() => busy.close());
  const server = await startServer(t, { args: [APP, '-b', `unix:${path}`, '-w', '1'], waitFor: null });
  const { code } = await server.exited;
  assert.equal(code, 6);
  const fatal = server.events('master.start-failed')[0]!;
  assert.equal(fatal['code'], 'TSG_BIND');
  assert.match(String(fatal.msg), /cannot bind unix:.*busy\.sock: the address is already in use/);
});

test('a TCP port in use fails with TSG_BIND, naming the address', async (t) => {
  const busy = net.createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  t.after(() => busy.close());
  const port = (busy.address() as net.AddressInfo).port;
  const server = await startServer(t, { args: [APP, '-b', `127.0.0.1:${port}`, '-w', '1'], waitFor: null });
  assert.equal((await server.exited).code, 6);
  assert.match(String(server.events('master.start-failed')[0]!.msg), new RegExp(`cannot bind 127\\.0\\.0\\.1:${port}: the address is already in use`));
});

function boundSocket(): { fd: number; port: number; close(): void } {
  const BoundSocket = (net as unknown as { BoundSocket: new (o: object) => { fd(): number; address(): { port: number }; close(): void } }).BoundSocket;
  const bound = new BoundSocket({ host: '127.0.0.1', port: 0 });
  return { fd: bound.fd(), port: bound.address().port, close: () => bound.close() };
}

test('fd://N serves on a socket inherited from the parent', async (t) => {
  const socket = boundSocket();
  t.after(() => socket.close());
  const server = await startServer(t, { args: [APP, '-b', 'fd://3', '-w', '1'], extraFds: [socket.fd] });
  assert.deepEqual(await server.addresses(), ['fd://3']);
  const res = await getOnce(`http://127.0.0.1:${socket.port}`);
  assert.equal(res.status, 200);
});

test('systemd socket activation: LISTEN_FDS sockets replace the configured binds', async (t) => {
  const socket = boundSocket();
  t.after(() => socket.close());
  const dir = tempDir(t);
  writeFileSync(join(dir, 'tsgun.config.json'), JSON.stringify({ app: `${process.cwd()}/test/fixtures/e2e/app.mjs`, bind: ['127.0.0.1:1'], workers: 1 }));
  const server = await startServer(t, {
    args: ['--config', join(dir, 'tsgun.config.json')],
    env: { LISTEN_FDS: '1' },
    listenPidSelf: true,
    extraFds: [socket.fd],
  });
  const listening = await server.waitFor('listening');
  assert.deepEqual(listening['binds'], ['LISTEN_FDS']);
  const res = await getOnce(`http://127.0.0.1:${socket.port}`);
  assert.equal(res.status, 200);
  assert.match(res.body, /^hello pid \d+/);
});
