// Before listening on a unix socket path, only a stale socket (one nothing answers on) is removed;
// a live one, and any file that is not a socket, are refused and left as they were.

import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { clearStaleSocket } from '../../src/sys/stale-socket.ts';
import { tempDir } from '../helpers/cli.ts';

async function listen(t: TestContext, path: string): Promise<net.Server> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(path, resolve));
  t.after(() => server.close());
  return server;
}

/** A socket file nobody listens on: Node unlinks its path on close, so move the file away first. */
async function staleSocket(t: TestContext, path: string): Promise<void> {
  const server = await listen(t, `${path}.live`);
  renameSync(`${path}.live`, path);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(lstatSync(path).isSocket());
}

test('a free path is left free', async (t) => {
  await clearStaleSocket(join(tempDir(t), 'none.sock'));
});

test('a stale socket is removed', async (t) => {
  const path = join(tempDir(t), 'stale.sock');
  await staleSocket(t, path);
  await clearStaleSocket(path);
  assert.throws(() => lstatSync(path), { code: 'ENOENT' });
});

test('a socket a server answers on is refused (EADDRINUSE) and kept', async (t) => {
  const path = join(tempDir(t), 'live.sock');
  await listen(t, path);
  await assert.rejects(clearStaleSocket(path), { code: 'EADDRINUSE' });
  assert.ok(lstatSync(path).isSocket());
});

test('a regular file, a directory and a symlink are refused (EEXIST) and kept', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'file'), 'precious\n');
  mkdirSync(join(dir, 'dir'));
  await staleSocket(t, join(dir, 'stale.sock'));
  symlinkSync(join(dir, 'stale.sock'), join(dir, 'link'));
  await assert.rejects(clearStaleSocket(join(dir, 'file')), { code: 'EEXIST', message: /is a regular file, not a socket/ });
  await assert.rejects(clearStaleSocket(join(dir, 'dir')), { code: 'EEXIST', message: /is a directory/ });
  await assert.rejects(clearStaleSocket(join(dir, 'link')), { code: 'EEXIST', message: /is a symbolic link/ });
  assert.equal(readFileSync(join(dir, 'file'), 'utf8'), 'precious\n');
  assert.ok(lstatSync(join(dir, 'dir')).isDirectory());
  assert.ok(lstatSync(join(dir, 'link')).isSymbolicLink());
  assert.ok(lstatSync(join(dir, 'stale.sock')).isSocket(), 'not even the stale socket the link points at is removed');
});
