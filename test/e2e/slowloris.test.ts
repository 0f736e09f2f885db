// Slowloris at a scale a 2-core CI machine can run: connections trickling a request head one byte a
// second are closed by headersTimeout while normal clients keep being served. Latency is not
// asserted here (a loaded machine says nothing about it): bench/slowloris.ts measures it at 1,000
// connections next to bare node:cluster.

import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { test, type TestContext } from 'node:test';
import { startServer } from '../helpers/server.ts';

const APP = 'examples/hello/app.ts';

interface Trickler {
  /** Resolves once the server closed the connection: what it answered, and how many head bytes were sent by then. */
  readonly closed: Promise<{ readonly text: string; readonly sent: number; readonly afterMs: number }>;
}

/** A head that would take `length` seconds to send at one byte a second. */
function trickle(port: number, length: number, t: TestContext): Trickler {
  const socket = net.connect(port, '127.0.0.1');
  t.after(() => socket.destroy());
  const head = `GET / HTTP/1.1\r\nHost: a\r\nX-Slow: ${'s'.repeat(length)}\r\n\r\n`;
  let text = '';
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;
  const started = Date.now();
  socket.setEncoding('latin1').on('data', (d: string) => (text += d));
  // The server ends the connection after its 408; a reset after that is the same end.
  socket.on('error', () => undefined);
  socket.on('connect', () => {
    socket.write(head.slice(0, 1));
    sent = 1;
    timer = setInterval(() => {
      if (sent < head.length && socket.writable) socket.write(head[sent++]!);
    }, 1_000);
  });
  const closed = new Promise<{ text: string; sent: number; afterMs: number }>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ text, sent, afterMs: Date.now() - started });
    }),
  );
  return { closed };
}

/** One request on a new connection: its status, or the error it failed with. */
function get(port: number): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** Requests one after another until `done` settles; resolves with each outcome. */
async function normalClient(port: number, done: Promise<unknown>): Promise<(number | string)[]> {
  let over = false;
  void done.then(() => (over = true));
  const outcomes: (number | string)[] = [];
  while (!over) outcomes.push(await get(port));
  return outcomes;
}

test('200 connections trickling their heads at 1 byte/s: each is closed by headersTimeout, normal clients all succeed', async (t) => {
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '2', '--headers-timeout', '2'] });
  const port = Number(new URL(await server.url()).port);
  // 60 bytes: a minute at one byte a second, thirty times headersTimeout.
  const tricklers = Array.from({ length: 200 }, () => trickle(port, 60, t));
  const all = Promise.all(tricklers.map((c) => c.closed));
  const normal = await Promise.all([normalClient(port, all), normalClient(port, all), normalClient(port, all)]);
  const ends = await all;

  const outcomes = normal.flat();
  t.diagnostic(`normal requests: ${outcomes.length}; tricklers closed after ${Math.min(...ends.map((e) => e.afterMs))}..${Math.max(...ends.map((e) => e.afterMs))} ms`);
  assert.ok(outcomes.length >= 3, 'normal clients made requests while the tricklers were connected');
  assert.deepEqual(
    outcomes.filter((o) => o !== 200),
    [],
    'every normal request succeeded',
  );
  for (const end of ends) {
    assert.match(end.text, /^HTTP\/1\.1 408 /, 'a trickler gets 408');
    // Closed by the server while its head was still coming, never before headersTimeout.
    assert.ok(end.sent < 70, `closed while still trickling (${end.sent} bytes sent)`);
    assert.ok(end.afterMs >= 2_000, `not before headersTimeout (${end.afterMs} ms)`);
  }
});

test('tricklers filling every workerConnections slot hold them only until headersTimeout: the clients behind them are served, none refused', async (t) => {
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '1', '--worker-connections', '50', '--headers-timeout', '1', '--log-level', 'debug'] });
  const port = Number(new URL(await server.url()).port);
  const tricklers = Array.from({ length: 100 }, () => trickle(port, 60, t));
  await server.waitFor((l) => l.event === 'worker.connections-capped');
  // Queued behind the tricklers in the backlog: served once headersTimeout has cut those ahead.
  const outcomes = await Promise.all(Array.from({ length: 10 }, () => get(port)));
  assert.deepEqual(outcomes, Array(10).fill(200));
  const ends = await Promise.all(tricklers.map((c) => c.closed));
  for (const end of ends) assert.match(end.text, /^HTTP\/1\.1 408 /);
});
