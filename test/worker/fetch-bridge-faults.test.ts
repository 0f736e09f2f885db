// Faults an adversarial run found in the Fetch bridge, each a regression test: body chunks that are
// not bytes, Content-Lengths that disagree with the body (the response desync), a proxied fetch()
// response whose body fetch() decoded, a request body the app began and left, TRACE, a Response
// that comes after requestTimeout answered, the reason phrase of tsgun's own 500, HEAD on a known
// native body, and an absolute-form target with the default port.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { gzipSync } from 'node:zlib';
import { answerInPlace } from '../../src/worker/answer-in-place.ts';
import { fetchListener } from '../../src/worker/fetch-bridge.ts';
import { request, serve } from '../helpers/fetch-bridge.ts';
import { exchange, replies, talk } from '../helpers/raw-http.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A response stream that enqueues `chunks` (what an app might wrongly give), then closes. */
function streamOf(...chunks: unknown[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk as Uint8Array);
      controller.close();
    },
  });
}

test('a body stream chunk that is not a Uint8Array is a 500 before the head, a cut after it (regression: content-length NaN, or an empty reply)', async (t) => {
  const port = await serve(t, (req) => {
    const path = new URL(req.url).pathname;
    if (path === '/late') {
      // Bytes first (the head goes), then a string.
      let step = 0;
      return new Response(
        new ReadableStream({
          async pull(controller) {
            await new Promise((resolve) => setTimeout(resolve, 5));
            if (step++ === 0) controller.enqueue(bytes('partial'));
            else controller.enqueue('a string' as unknown as Uint8Array);
          },
        }),
      );
    }
    const chunk = { '/string': 'a string chunk\n', '/number': 42, '/array-buffer': new ArrayBuffer(4), '/u16': new Uint16Array(2) }[path];
    return new Response(streamOf(chunk));
  });
  for (const path of ['/string', '/number', '/array-buffer', '/u16']) {
    const reply = await request(port, { path });
    assert.equal(reply.status, 500, path);
    assert.equal(reply.body.toString(), 'failed', `${path}: the guard's own answer`);
  }
  const late = await request(port, { path: '/late' }).then(
    () => 'ended cleanly',
    (error: NodeJS.ErrnoException) => error.code ?? error.message,
  );
  assert.notEqual(late, 'ended cleanly', 'a truncated body must not look complete');
});

test('a Content-Length that disagrees with a known body is the body’s own; a streamed body past or short of it is cut (regression: the next response on the connection was misframed)', async (t) => {
  const port = await serve(t, (req) => {
    const path = new URL(req.url).pathname;
    if (path === '/small') return new Response('hello world, this is long\n', { headers: { 'content-length': '5' } });
    if (path === '/big') return new Response('hi\n', { headers: { 'content-length': '100' } });
    if (path === '/bytes') return new Response(bytes('four'), { headers: new Headers({ 'content-length': '1' }) });
    if (path === '/native') return new Response(streamOf(bytes('all at once\n')), { headers: { 'content-length': '3' } });
    if (path === '/stream-long' || path === '/stream-short') {
      let step = 0;
      return new Response(
        new ReadableStream({
          async pull(controller) {
            await new Promise((resolve) => setTimeout(resolve, 5));
            if (step++ < 2) controller.enqueue(bytes('0123456789'));
            else controller.close();
          },
        }),
        { headers: { 'content-length': path === '/stream-long' ? '5' : '100' } },
      );
    }
    return new Response('next\n');
  });
  // Each known body pipelined with a second request on one connection: both come back whole.
  for (const [path, body] of [
    ['/small', 'hello world, this is long\n'],
    ['/big', 'hi\n'],
    ['/bytes', 'four'],
    ['/native', 'all at once\n'],
  ] as const) {
    const text = await exchange({ port }, [`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`]);
    const [first, second] = replies(text);
    assert.equal(first?.body, body, path);
    assert.equal(first?.headers['content-length'], String(Buffer.byteLength(body)), path);
    assert.equal(second?.status, 200, `${path}: the next response is its own`);
    assert.equal(second?.body, 'next\n', path);
  }
  for (const path of ['/stream-long', '/stream-short']) {
    const outcome = await request(port, { path }).then(
      (reply) => `ended cleanly with ${reply.body.length} bytes`,
      (error: NodeJS.ErrnoException) => error.code ?? error.message,
    );
    assert.doesNotMatch(outcome, /ended cleanly/, `${path}: a body that disagrees with its Content-Length is cut`);
  }
});

test('a proxied fetch() response whose body fetch() decoded goes out without the upstream’s Content-Encoding and Content-Length (regression: gzip header on plain text)', async (t) => {
  const text = 'a compressible line of text\n'.repeat(40);
  const upstream = http.createServer((req, res) => {
    const gzipped = gzipSync(text);
    res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': req.url === '/unknown' ? 'compress' : 'gzip', 'content-length': gzipped.byteLength });
    res.end(gzipped);
  });
  upstream.listen({ host: '127.0.0.1', port: 0 });
  await once(upstream, 'listening');
  t.after(() => {
    upstream.closeAllConnections();
    upstream.close();
  });
  const up = (upstream.address() as AddressInfo).port;
  const port = await serve(t, (req) => fetch(`http://127.0.0.1:${up}${new URL(req.url).pathname}`));
  const text2 = await exchange({ port }, ['GET /gzip HTTP/1.1\r\nHost: x\r\n\r\nGET /gzip HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
  const [first, second] = replies(text2);
  assert.equal(first?.headers['content-encoding'], undefined);
  assert.equal(first?.body, text, 'the decoded body, framed as such');
  assert.equal(second?.body, text, 'and the next response on the connection intact');
  // A coding fetch() does not decode is passed on as it came, with its length.
  const raw = await request(port, { path: '/unknown' });
  assert.equal(raw.headers['content-encoding'], 'compress');
  assert.deepEqual(raw.body, gzipSync(text));
});

test('a request body the app began to read and left closes the connection after the response; one it never touched keeps it (regression: the next request waited for a timeout)', async (t) => {
  const port = await serve(t, async (req) => {
    const path = new URL(req.url).pathname;
    if (path === '/touch') void req.body;
    if (path === '/partial') await req.body!.getReader().read();
    return new Response(path);
  });
  const upload = (path: string): string => `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n${'x'.repeat(2_000_000)}GET /next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`;
  for (const path of ['/touch', '/partial']) {
    const got = replies(await talk({ port }, (socket) => void socket.write(upload(path)), path));
    assert.equal(got[0]?.body, path);
    assert.equal(got[0]?.headers['connection'], 'close', `${path}: the client is told`);
    assert.equal(got.length, 1, `${path}: the connection closed after it`);
  }
  const untouched = replies(await talk({ port }, (socket) => void socket.write(upload('/ignore')), '/ignore'));
  assert.deepEqual(
    untouched.map((r) => r.body),
    ['/ignore', '/next'],
    'an untouched body is discarded and the connection goes on',
  );
});

test('TRACE reaches the app with its method and a null body (regression: reading the body was a 500)', async (t) => {
  const port = await serve(t, (req) => new Response(`method=${req.method} body=${String(req.body)} mode=${req.mode}`));
  const reply = await request(port, { method: 'TRACE', path: '/t' });
  assert.equal(reply.status, 200);
  assert.equal(reply.body.toString(), 'method=TRACE body=null mode=cors');
});

test('a Response that comes after the request was answered (requestTimeout’s 503) is dropped without an error (regression: logged as the app failing)', async (t) => {
  const listener = fetchListener(async () => {
    await new Promise((resolve) => setTimeout(resolve, 60));
    return new Response(streamOf(bytes('late')));
  });
  const outcomes: string[] = [];
  const server = http.createServer((req, res) => {
    setTimeout(() => {
      res.writeHead(503);
      res.end('timed out');
    }, 10);
    Promise.resolve(listener(req, res)).then(
      () => outcomes.push('settled'),
      (error: Error) => outcomes.push(error.message),
    );
  });
  server.listen({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const reply = await request((server.address() as AddressInfo).port);
  assert.equal(reply.status, 503);
  while (outcomes.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(outcomes, ['settled']);
});

test('tsgun’s own 500 after a writeHead Node refused says "Internal Server Error", not "OK"', async (t) => {
  const server = http.createServer((req, res) => {
    try {
      res.writeHead(200, { 'x-u': '€' });
    } catch {
      answerInPlace(res, 500, 'Internal Server Error', { warn: () => undefined } as never);
    }
  });
  server.listen({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const text = await exchange({ port: (server.address() as AddressInfo).port }, ['GET / HTTP/1.1\r\nHost: x\r\n\r\n']);
  assert.match(text, /^HTTP\/1\.1 500 Internal Server Error\r\n/);
});

test('HEAD of a native Response whose body is known (Response.json()) has its Content-Length; an absolute-form target with the default port matches its Host', async (t: TestContext) => {
  const port = await serve(t, () => Response.json({ hello: 'world' }));
  const head = await request(port, { method: 'HEAD' });
  assert.equal(head.headers['content-length'], String(JSON.stringify({ hello: 'world' }).length));
  assert.equal(head.body.length, 0);
  const text = await exchange({ port }, ['GET http://a.b:80/url HTTP/1.1\r\nHost: a.b\r\nConnection: close\r\n\r\n']);
  assert.match(text, /^HTTP\/1\.1 200 /);
});
