// listenOnFd passes the backlog where Node reads it for an fd listen: the second argument, never
// `options.backlog` (which Node ignores there, listening with 511). The kernel's value itself is read
// with ss in test/e2e/backlog.test.ts; this tier starts no process.

import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { parseBind } from '../../src/config/bind.ts';
import { listenOnFd } from '../../src/sys/listen-fd.ts';
import { openListener } from '../../src/sys/listeners.ts';

test('the backlog goes in the second argument; the options hold the fd alone', () => {
  const calls: unknown[][] = [];
  const onListening = (): void => {};
  listenOnFd({ listen: (...args: unknown[]) => calls.push(args) }, 7, 37, onListening);
  assert.deepEqual(calls, [[{ fd: 7 }, 37, onListening]]);
});

test('a real server listens on a bound fd through it and serves', async () => {
  const parsed = parseBind('127.0.0.1:0');
  if (!parsed.ok) throw new Error(parsed.reason);
  const listener = await openListener(parsed.address, { cwd: '/' });
  const server = net.createServer((socket) => socket.end('hi'));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      listenOnFd(server, listener.fd, 37, resolve);
    });
    const text = await new Promise<string>((resolve, reject) => {
      let got = '';
      net
        .createConnection({ host: '127.0.0.1', port: listener.port! })
        .setEncoding('utf8')
        .on('data', (d: string) => (got += d))
        .on('end', () => resolve(got))
        .on('error', reject);
    });
    assert.equal(text, 'hi');
  } finally {
    server.close();
    listener.close();
  }
});
