// Overload settings against the real CLI, with raw sockets: workerConnections (a worker at its cap
// stops accepting and further connections wait in the kernel backlog, never reset),
// limitRequestBody (413), and that headersTimeout and keepAlive are what the server really does.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import http2 from 'node:http2';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { tempDir } from '../helpers/cli.ts';
import { eventually } from '../helpers/eventually.ts';
import { exchange, replies, talk } from '../helpers/raw-http.ts';
import { startEdge } from '../helpers/edge.ts';
import { startServer } from '../helpers/server.ts';

const NODE_APP = 'test/fixtures/edge/node-app.mjs';

/** Connections the kernel has queued on the listener at 127.0.0.1:`port` and nobody accepted yet (/proc/net/tcp, rx_queue of the LISTEN row). */
function acceptQueue(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f[1] === `0100007F:${hexPort}` && f[3] === '0A') return parseInt(f[4]!.split(':')[1]!, 16);
  }
  throw new Error(`no listener on 127.0.0.1:${port} in /proc/net/tcp`);
}

/** A keep-alive client on its own connection: sends one GET and records its answer and any socket error. */
class KeepAlive {
  readonly socket: net.Socket;
  text = '';
  error: NodeJS.ErrnoException | null = null;

  constructor(target: number | (() => net.Socket), t: TestContext) {
    this.socket = typeof target === 'number' ? net.connect(target, '127.0.0.1') : target();
    t.after(() => this.socket.destroy());
    this.socket.setEncoding('latin1').on('data', (d: string) => (this.text += d));
    this.socket.on('error', (e: NodeJS.ErrnoException) => (this.error = e));
    this.socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
  }

  get answered(): boolean {
    return this.text.endsWith('\r\n\r\nok\n');
  }
}

test('workerConnections: connections above the cap wait in the backlog, unreset, and are served once a slot frees', async (t) => {
  const edge = await startEdge(t, NODE_APP, ['--worker-connections', '2']);
  // All five at once: a worker that accepted a burst whole would serve them all.
  const clients = Array.from({ length: 5 }, () => new KeepAlive(edge.port, t));
  const served = () => clients.filter((c) => c.answered).length;
  await eventually(() => served() === 2, { what: 'two connections served' });
  await edge.server.waitFor((l) => l.event === 'worker.connections-capped' && l['connections'] === 2);
  // The other three are not in the worker: the kernel still holds them, unaccepted.
  await eventually(() => acceptQueue(edge.port) === 3, { what: 'three connections in the accept queue', detail: () => `queue: ${acceptQueue(edge.port)}` });
  assert.equal(served(), 2, 'still only two served');

  // Each served connection that closes lets exactly one waiting connection in.
  clients.find((c) => c.answered)!.socket.end();
  await eventually(() => served() === 3, { what: 'a third connection served' });
  assert.equal(acceptQueue(edge.port), 2, 'one waiting connection was let in, two still wait');
  for (const c of clients.filter((c) => c.answered && !c.socket.writableEnded)) c.socket.end();
  await eventually(() => served() === 5, { what: 'all five served' });
  assert.deepEqual(
    clients.map((c) => c.error?.code ?? null),
    [null, null, null, null, null],
    'no connection was reset',
  );
  assert.equal(edge.calls().length, 5);
});

test('workerConnections holds on a unix socket listener too: the connection over the cap waits in its backlog', async (t) => {
  const path = join(tempDir(t), 'app.sock');
  const dir = tempDir(t);
  const calls = join(dir, 'calls.txt');
  writeFileSync(calls, '');
  const server = await startServer(t, { args: [NODE_APP, '-b', `unix:${path}`, '-w', '1', '--worker-connections', '1', '--log-level', 'debug'], env: { EDGE_TEST_CALLS: calls } });
  const connect = (): KeepAlive => new KeepAlive(() => net.connect(path), t);
  const first = connect();
  await eventually(() => first.answered, { what: 'the first connection served' });
  const second = connect();
  // `ss` shows a listening unix socket's accept queue as its Recv-Q.
  const queued = (): number => Number(spawnSync('ss', ['-xlnH', 'src', path], { encoding: 'utf8' }).stdout.trim().split(/\s+/)[2]);
  await eventually(() => queued() === 1, { what: 'the second connection in the accept queue', detail: () => `ss: ${spawnSync('ss', ['-xln'], { encoding: 'utf8' }).stdout}` });
  assert.equal(second.answered, false);
  assert.equal(server.events('worker.connections-uncapped').length, 0);
  first.socket.end();
  await eventually(() => second.answered, { what: 'the second connection served once the first closed' });
  assert.equal(second.error, null);
});

test('limitRequestBody: a declared Content-Length over it gets 413 before the app runs; one at the limit passes', async (t) => {
  const edge = await startEdge(t, NODE_APP, ['--limit-request-body', '100']);
  const head = (length: number) => `POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`;
  const [over] = replies(await exchange({ port: edge.port }, [head(101), 'x'.repeat(101)]));
  assert.equal(over!.status, 413);
  assert.deepEqual(edge.calls(), [], 'the app never ran');
  await edge.server.waitFor((l) => l.event === 'request.client-error' && l['reason'] === 'body-too-large' && l['status'] === 413);
  const [fits] = replies(await exchange({ port: edge.port }, [head(100), 'x'.repeat(100)]));
  assert.equal(fits!.status, 200);
  assert.equal(fits!.body, '100\n');
});

test('limitRequestBody with Expect: 100-continue: 413 without a 100 first, and the body is never asked for; one that fits gets its 100', async (t) => {
  const edge = await startEdge(t, NODE_APP, ['--limit-request-body', '100']);
  const head = (length: number) => `POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: ${length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`;
  // Regression: Node wrote "100 Continue" at once, then tsgun the 413, and the client sent its body.
  const over = await talk({ port: edge.port }, (socket) => void socket.write(head(101)), 'the refused upload');
  assert.match(over, /^HTTP\/1\.1 413 /);
  assert.doesNotMatch(over, /100 Continue/);
  assert.deepEqual(edge.calls(), [], 'the app never ran');
  const fits = await talk(
    { port: edge.port },
    (socket) => {
      socket.write(head(100));
      socket.on('data', (d: string) => d.startsWith('HTTP/1.1 100 Continue') && socket.write('x'.repeat(100)));
    },
    'the upload that fits',
  );
  assert.match(fits, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
  assert.equal(replies(fits.slice(fits.indexOf('\r\n\r\n') + 4))[0]!.body, '100\n');
});

test('limitRequestBody: a chunked body that grows past it gets 413 and the app never reads past the limit', async (t) => {
  const edge = await startEdge(t, NODE_APP, ['--limit-request-body', '100']);
  const head = (url: string) => `POST ${url} HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n`;
  const chunk = (size: number) => `${size.toString(16)}\r\n${'y'.repeat(size)}\r\n`;
  // 60 + 60 bytes: the second chunk crosses the limit while the app still waits for the body.
  const text = await exchange({ port: edge.port }, [head('/upload'), chunk(60), chunk(60), chunk(60), '0\r\n\r\n']);
  assert.match(text, /^HTTP\/1\.1 413 /);
  assert.equal(text.match(/HTTP\/1\.1 /g)?.length, 1, `one answer only: ${JSON.stringify(text)}`);
  await edge.server.waitFor((l) => l.event === 'request.client-error' && l['reason'] === 'body-too-large' && l['status'] === 413);
  // Within the limit, a chunked body reaches the app whole.
  const [fits] = replies(await exchange({ port: edge.port }, [head('/upload').replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n'), chunk(50), chunk(50), '0\r\n\r\n']));
  assert.equal(fits!.status, 200);
  assert.equal(fits!.body, '100\n');
  // Once the response has begun, the only signal left is cutting the connection.
  const streamed = await exchange({ port: edge.port }, [head('/stream'), chunk(60), chunk(60), chunk(60), '0\r\n\r\n']);
  assert.match(streamed, /^HTTP\/1\.1 200 /);
  assert.ok(!streamed.includes('done'), `the response was cut: ${JSON.stringify(streamed)}`);
  assert.ok(!streamed.includes('got 60\r\n\r\n') || (streamed.match(/got /g)?.length ?? 0) <= 1, 'the app read no byte past the limit');
  await edge.server.waitFor((l) => l.event === 'request.client-error' && l['reason'] === 'body-too-large' && l['status'] === null);
});

test('limitRequestBody over HTTP/2: 413 on the stream for a declared or a growing body, and the session goes on', async (t) => {
  const edge = await startEdge(t, NODE_APP, ['--limit-request-body', '100', '--http-protocols', 'h1', '--http-protocols', 'h2c']);
  const session = http2.connect(`http://127.0.0.1:${edge.port}`);
  t.after(() => session.destroy());
  const request = (headers: http2.OutgoingHttpHeaders, chunks: readonly Buffer[]): Promise<{ status: number | undefined; body: string; code: number }> =>
    new Promise((resolve, reject) => {
      const stream = session.request({ ':method': 'POST', ':path': '/upload', ...headers });
      let status: number | undefined;
      let body = '';
      stream.on('response', (h) => (status = h[':status']));
      stream.setEncoding('utf8').on('data', (d: string) => (body += d));
      // A reset with NO_ERROR after a complete response is how the server says "stop sending".
      stream.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ERR_HTTP2_STREAM_ERROR' ? undefined : reject(error)));
      stream.on('close', () => resolve({ status, body, code: stream.rstCode }));
      const send = (i: number): void => {
        if (stream.destroyed) return;
        if (i === chunks.length) return void stream.end();
        stream.write(chunks[i], () => setTimeout(() => send(i + 1), 20));
      };
      send(0);
    });
  const declared = await request({ 'content-length': '101' }, [Buffer.alloc(101, 120)]);
  assert.equal(declared.status, 413);
  // No content-length: the third 60-byte DATA frame crosses the limit.
  const grown = await request({}, [Buffer.alloc(60, 121), Buffer.alloc(60, 121), Buffer.alloc(60, 121)]);
  assert.equal(grown.status, 413);
  assert.equal(grown.code, http2.constants.NGHTTP2_NO_ERROR);
  await edge.server.waitFor((l) => l.event === 'request.client-error' && l['reason'] === 'body-too-large' && l['status'] === 413);
  // The same session still serves a body within the limit.
  const fits = await request({}, [Buffer.alloc(50, 122), Buffer.alloc(50, 122)]);
  assert.equal(fits.status, 200);
  assert.equal(fits.body, '100\n');
  assert.deepEqual(edge.calls(), ['POST /upload', 'POST /upload'], 'the declared body never reached the app');
});

test("headersTimeout is the server's: a connection trickling its head is answered 408 and closed, not kept while bytes come", async (t) => {
  const edge = await startEdge(t, NODE_APP, ['--headers-timeout', '1']);
  const socket = net.connect(edge.port, '127.0.0.1');
  t.after(() => socket.destroy());
  let text = '';
  socket.setEncoding('latin1').on('data', (d: string) => (text += d));
  socket.on('error', () => undefined);
  const head = `GET / HTTP/1.1\r\nHost: a\r\nX-Slow: ${'z'.repeat(200)}\r\n\r\n`;
  const started = Date.now();
  let sent = 0;
  // One byte every 50 ms: the whole head would take ~11 s, ten times headersTimeout.
  const trickle = setInterval(() => {
    if (sent < head.length && socket.writable) socket.write(head[sent++]!);
  }, 50);
  t.after(() => clearInterval(trickle));
  await new Promise((resolve) => socket.once('close', resolve));
  clearInterval(trickle);
  const elapsed = Date.now() - started;
  t.diagnostic(`closed after ${elapsed} ms, ${sent} of ${head.length} bytes sent`);
  assert.match(text, /^HTTP\/1\.1 408 /);
  assert.ok(sent < head.length, 'closed while the head was still coming');
  assert.ok(elapsed >= 1_000, `not before headersTimeout (${elapsed} ms)`);
  assert.deepEqual(edge.calls(), []);
});

test('headersTimeout also closes a connection that sends nothing (it would otherwise hold a workerConnections slot)', async (t) => {
  const edge = await startEdge(t, NODE_APP, ['--headers-timeout', '1']);
  const started = Date.now();
  const text = await exchange({ port: edge.port }, []);
  const elapsed = Date.now() - started;
  t.diagnostic(`closed after ${elapsed} ms`);
  assert.match(text, /^HTTP\/1\.1 408 /);
  assert.ok(elapsed >= 1_000, `not before headersTimeout (${elapsed} ms)`);
});

test("keepAlive is the server's idle timeout: an idle keep-alive connection is closed by the server after it", async (t) => {
  const edge = await startEdge(t, NODE_APP, ['--keep-alive', '1']);
  const client = new KeepAlive(edge.port, t);
  const closed = once(client.socket, 'close');
  await eventually(() => client.answered, { what: 'the request answered' });
  const answeredAt = Date.now();
  assert.match(client.text, /\r\nKeep-Alive: timeout=1\r\n/i, 'the client is told the setting');
  await closed;
  const idle = Date.now() - answeredAt;
  t.diagnostic(`closed after ${idle} ms idle`);
  assert.ok(idle >= 900, `not before keepAlive (${idle} ms)`);
  assert.equal(client.error, null);
  assert.ok(client.socket.readableEnded, 'the server ended it (a FIN, not a reset)');
});
