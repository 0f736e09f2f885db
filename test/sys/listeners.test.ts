// Both ways the master binds a listener: net.BoundSocket (Node >= 24.19) and the handle factory
// node:cluster uses (the Node 22 path). Each gives an fd a server can listen on, with the real port.

import assert from 'node:assert/strict';
import net from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseBind } from '../../src/config/bind.ts';
import { defaultBindImpl, openListener, type BindImpl } from '../../src/sys/listeners.ts';
import { tempDir } from '../helpers/cli.ts';

function bind(text: string) {
  const parsed = parseBind(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.address;
}

async function roundTrip(fd: number, connect: net.NetConnectOpts): Promise<string> {
  const server = net.createServer((socket) => socket.end('hi'));
  await new Promise<void>((resolve) => server.listen({ fd }, resolve));
  try {
    return await new Promise<string>((resolve, reject) => {
      let text = '';
      net
        .createConnection(connect)
        .setEncoding('utf8')
        .on('data', (d: string) => (text += d))
        .on('end', () => resolve(text))
        .on('error', reject);
    });
  } finally {
    server.close();
  }
}

const impls: BindImpl[] = typeof (net as { BoundSocket?: unknown }).BoundSocket === 'function' ? ['bound-socket', 'server-handle'] : ['server-handle'];

test('the runtime default is BoundSocket where it exists', () => {
  assert.equal(defaultBindImpl(), impls[0]);
});

for (const impl of impls) {
  test(`${impl}: TCP on 127.0.0.1:0 reports the real port and serves through its fd`, async () => {
    const listener = await openListener(bind('127.0.0.1:0'), { cwd: '/', impl });
    try {
      assert.ok(listener.port !== null && listener.port > 0);
      assert.equal(listener.address, `127.0.0.1:${listener.port}`);
      assert.equal(await roundTrip(listener.fd, { host: '127.0.0.1', port: listener.port! }), 'hi');
    } finally {
      listener.close();
    }
  });

  test(`${impl}: a unix socket with a mode, removed on close`, async (t) => {
    const path = join(tempDir(t), 's.sock');
    const listener = await openListener(bind(`unix:${path}|600`), { cwd: '/', impl });
    assert.equal(listener.address, `unix:${path}`);
    assert.equal(await roundTrip(listener.fd, { path }), 'hi');
    listener.close();
    assert.throws(() => (process.getBuiltinModule('node:fs') as typeof import('node:fs')).statSync(path), /ENOENT/);
  });

  test(`${impl}: a busy port is TSG_BIND naming the address`, async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as net.AddressInfo;
    try {
      await assert.rejects(openListener(bind(`127.0.0.1:${port}`), { cwd: '/', impl }), (e: { code?: string; message: string }) => e.code === 'TSG_BIND' && e.message.includes(`127.0.0.1:${port}`));
    } finally {
      busy.close();
    }
  });
}
