// The Fetch bridge's fast paths (fetch-bridge.ts, lazy-request.ts, light-response.ts,
// response-writer.ts) on in-process node:http and HTTP/2 servers: what a request builds only when the
// app reads it, bodies known at once written with a Content-Length in one call, streams with
// backpressure, Set-Cookie lists, HEAD, aborts, errors before and after the head. Edge cases after
// @hono/node-server's tests (its listener, request and response suites), written for tsgun.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import http2 from 'node:http2';
import net, { type AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { fetchListener, type FetchHandler } from '../../src/worker/fetch-bridge.ts';
import { guard, request, serve, type Listener } from '../helpers/fetch-bridge.ts';
import { createPlainHttp2Server, http2Options } from '../../src/worker/http2-server.ts';
import { LazyRequest } from '../../src/worker/lazy-request.ts';
import { BadRequestTarget, requestHref, requestUrl } from '../../src/worker/request-url.ts';

/** Counts getReader() calls: a known body must never go through a stream reader. */
function countReaders(t: TestContext): { count: number } {
  const counter = { count: 0 };
  const original = ReadableStream.prototype.getReader;
  ReadableStream.prototype.getReader = function (this: ReadableStream, ...args: unknown[]) {
    counter.count++;
    return (original as (...a: unknown[]) => ReadableStreamDefaultReader).apply(this, args);
  } as typeof original;
  t.after(() => (ReadableStream.prototype.getReader = original));
  return counter;
}

test('a string body: Content-Length and text/plain, one write, and no Headers, signal or native Request built', async (t) => {
  let seen: LazyRequest | undefined;
  const port = await serve(t, (request) => {
    seen = request as unknown as LazyRequest;
    assert.equal(request.method, 'GET');
    assert.equal(request.url, `http://127.0.0.1:${port}/hello?x=1`);
    return new Response('hello');
  });
  const readers = countReaders(t);
  const reply = await request(port, { path: '/hello?x=1' });
  assert.equal(reply.status, 200);
  assert.equal(reply.body.toString(), 'hello');
  assert.equal(reply.headers['content-length'], '5');
  assert.equal(reply.headers['content-type'], 'text/plain;charset=UTF-8');
  assert.equal(reply.headers['transfer-encoding'], undefined);
  assert.deepEqual(LazyRequest.built(seen!), { request: false, headers: false, signal: false });
  assert.equal(readers.count, 0, 'the body went out without a stream reader');
});

test('bytes bodies (Uint8Array, Buffer, ArrayBuffer, a DataView) get their length and no content-type; null gets none', async (t) => {
  const bytes = new Uint8Array([0, 1, 2, 250, 255]);
  const port = await serve(t, (request) => {
    const kind = new URL(request.url).pathname.slice(1);
    if (kind === 'u8') return new Response(bytes);
    if (kind === 'buffer') return new Response(Buffer.from('buffer'));
    if (kind === 'ab') return new Response(bytes.buffer);
    if (kind === 'view') return new Response(new DataView(bytes.buffer, 1, 3));
    if (kind === 'empty') return new Response(null, { status: 204, headers: { 'x-kind': 'empty' } });
    return new Response(null);
  });
  const readers = countReaders(t);
  const u8 = await request(port, { path: '/u8' });
  assert.deepEqual([...u8.body], [...bytes]);
  assert.equal(u8.headers['content-length'], '5');
  assert.equal(u8.headers['content-type'], undefined);
  assert.equal((await request(port, { path: '/buffer' })).body.toString(), 'buffer');
  assert.deepEqual([...(await request(port, { path: '/ab' })).body], [...bytes]);
  const view = await request(port, { path: '/view' });
  assert.deepEqual([...view.body], [1, 2, 250]);
  assert.equal(view.headers['content-length'], '3');
  const empty = await request(port, { path: '/empty' });
  assert.equal(empty.status, 204);
  assert.equal(empty.headers['x-kind'], 'empty');
  const none = await request(port, { path: '/none' });
  assert.equal(none.status, 200);
  assert.equal(none.body.length, 0);
  assert.equal(readers.count, 0);
});

test('headers: one writeHead call, Set-Cookie as a list, names in any case, changes made after construction written', async (t) => {
  const heads: unknown[][] = [];
  const port = await serve(
    t,
    (request) => {
      const path = new URL(request.url).pathname;
      if (path === '/record') return new Response('{}', { status: 201, headers: { 'Content-Type': 'application/json', 'X-A': 'b' } });
      if (path === '/mixed') return new Response('x', { headers: { 'x-a': '1', 'X-A': '2' } });
      const headers = new Headers({ 'x-first': '1' });
      headers.append('set-cookie', 'a=1; Path=/');
      headers.append('set-cookie', 'b=2, c; Path=/');
      const response = new Response('cookies', { headers });
      response.headers.set('x-after', 'yes'); // middleware after the handler, as Hono's do
      return response;
    },
    (_req, res) => {
      const writeHead = res.writeHead;
      res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
        heads.push(args);
        return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
      } as typeof res.writeHead;
    },
  );
  const record = await request(port, { path: '/record' });
  assert.equal(record.status, 201);
  assert.equal(record.headers['content-type'], 'application/json');
  assert.equal(record.headers['x-a'], 'b');
  assert.equal(record.headers['content-length'], '2');
  // Two spellings of one name are joined, as Headers joins them.
  assert.equal((await request(port, { path: '/mixed' })).headers['x-a'], '1, 2');
  const cookies = await request(port, { path: '/cookies' });
  assert.deepEqual(cookies.headers['set-cookie'], ['a=1; Path=/', 'b=2, c; Path=/']);
  assert.equal(cookies.headers['x-after'], 'yes');
  assert.equal(cookies.headers['x-first'], '1');
  assert.equal(heads.length, 3, 'one writeHead per response');
});

test('the Response the app builds: Response to instanceof, its members answered, its errors thrown where the native one throws them', async () => {
  fetchListener(() => new Response('')); // the bridge's globals, as in a worker
  const response = new Response('text', { status: 202, headers: { 'x-a': '1' } });
  assert.ok(response instanceof Response);
  assert.equal(response.status, 202);
  assert.equal(response.ok, true);
  assert.equal(response.statusText, '');
  assert.equal(response.headers.get('x-a'), '1');
  assert.equal(response.headers.get('content-type'), 'text/plain;charset=UTF-8');
  assert.equal(response.bodyUsed, false);
  const copy = response.clone();
  assert.equal(copy.status, 202);
  assert.throws(() => new Response('x', { status: 99 }), RangeError);
  assert.throws(() => new Response('x', { status: 204 }), TypeError);
  assert.throws(() => new Response('x', { headers: { 'bad name': 'x' } }), TypeError);
  assert.ok(Response.json({ a: 1 }) instanceof Response);
  assert.equal(await response.text(), 'text');
  assert.equal(await copy.text(), 'text');
});

test('a streamed body keeps streaming with backpressure: the app produces no further than the client reads', async (t) => {
  let pulls = 0;
  const chunk = new Uint8Array(64 * 1024).fill(97);
  const port = await serve(t, () => {
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (++pulls > 400) controller.close();
        else controller.enqueue(chunk);
      },
    });
    return new Response(body);
  });
  const socket = net.connect({ host: '127.0.0.1', port });
  t.after(() => socket.destroy());
  await once(socket, 'connect');
  socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  await once(socket, 'data');
  socket.pause();
  // The client reads nothing more: the pulls stop once the socket's buffers are full.
  let settled = -1;
  for (let i = 0; i < 50 && settled !== pulls; i++) {
    settled = pulls;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.ok(pulls < 400, `the app was pulled ${pulls} times while the client read nothing`);
  let received = 0;
  socket.on('data', (c: Buffer) => (received += c.length));
  socket.resume();
  await new Promise<void>((resolve) => {
    const check = (): void => void (pulls > 400 ? resolve() : setTimeout(check, 10));
    check();
  });
  assert.ok(received > 0);
});

test('a stream that fails after its head cuts the connection; one that fails before it gets the guard 500', async (t) => {
  const port = await serve(t, (request) => {
    const late = new URL(request.url).pathname === '/late';
    let step = 0;
    if (!late) {
      // Fails at its first read, before anything was written.
      return new Response(new ReadableStream<Uint8Array>({ start: (controller) => controller.error(new Error('the body failed')) }));
    }
    return new Response(
      new ReadableStream<Uint8Array>({
        async pull(controller) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (step++ === 0) controller.enqueue(new TextEncoder().encode('partial'));
          else controller.error(new Error('the body failed'));
        },
      }),
    );
  });
  const late = await request(port, { path: '/late' }).then(
    () => 'ended cleanly',
    (error: NodeJS.ErrnoException) => error.code ?? error.message,
  );
  assert.notEqual(late, 'ended cleanly', 'a truncated body must not look complete');
  const early = await request(port, { path: '/early' });
  assert.equal(early.status, 500);
});

test('request bodies stream in; text(), json() and body each work; Hono reads headers without building the Request', async (t) => {
  let seen: LazyRequest | undefined;
  const app = new Hono();
  app.get('/agent', (c) => {
    seen = c.req.raw as unknown as LazyRequest;
    return c.text(c.req.header('user-agent') ?? '-');
  });
  app.post('/echo', (c) => new Response(c.req.raw.body));
  app.post('/json', async (c) => c.json({ got: await c.req.json() }));
  app.post('/text', async (c) => c.text((await c.req.text()).toUpperCase()));
  const port = await serve(t, (request, env) => app.fetch(request, env as never));
  assert.equal((await request(port, { path: '/agent', headers: { 'user-agent': 'ua' } })).body.toString(), 'ua');
  assert.deepEqual(LazyRequest.built(seen!), { request: false, headers: true, signal: false });
  const echo = await request(port, { path: '/echo', method: 'POST', body: ['streamed ', 'in two'] });
  assert.equal(echo.body.toString(), 'streamed in two');
  const json = await request(port, { path: '/json', method: 'POST', headers: { 'content-type': 'application/json' }, body: ['{"a":', '1}'] });
  assert.deepEqual(JSON.parse(json.body.toString()), { got: { a: 1 } });
  assert.equal((await request(port, { path: '/text', method: 'POST', body: ['abc'] })).body.toString(), 'ABC');
});

test('text(), json(), arrayBuffer() and bytes() read the node request straight, without a native Request; once only, as a native body', async (t) => {
  const port = await serve(t, async (request) => {
    const kind = new URL(request.url).pathname.slice(1);
    let out: string;
    if (kind === 'text') out = await request.text();
    else if (kind === 'json') out = JSON.stringify(await request.json());
    else if (kind === 'arrayBuffer') out = `${(await request.arrayBuffer()).byteLength} bytes`;
    else out = `${[...(await request.bytes())].join(',')}`;
    const used = request.bodyUsed;
    const built = LazyRequest.built(request as unknown as LazyRequest).request;
    const again = await request.text().then(
      () => 'read twice',
      (error: Error) => error.name,
    );
    const cloned = (() => {
      try {
        request.clone();
        return 'cloned';
      } catch (error) {
        return (error as Error).name;
      }
    })();
    return new Response(`${out} ${used} ${built} ${again} ${cloned} ${request.body?.locked}`);
  });
  const reply = async (path: string, body: string[]) => (await request(port, { path, method: 'POST', body })).body.toString();
  assert.equal(await reply('/text', ['h\u00e9', 'llo']), 'h\u00e9llo true false TypeError TypeError true');
  assert.equal(await reply('/json', ['{"a":[1,', '2]}']), '{"a":[1,2]} true false TypeError TypeError true');
  assert.equal(await reply('/arrayBuffer', ['12345']), '5 bytes true false TypeError TypeError true');
  assert.equal(await reply('/bytes', ['AB']), '65,66 true false TypeError TypeError true');
});

test('Hono: cookies as a list, HEAD without a body, JSON, a status, and { incoming, outgoing }', async (t) => {
  const app = new Hono<{ Bindings: { incoming: IncomingMessage; outgoing: ServerResponse } }>();
  app.get('/', (c) => {
    setCookie(c, 'a', '1');
    setCookie(c, 'b', '2');
    return c.json({ from: c.env.incoming.socket.remoteAddress, via: c.env.outgoing.constructor.name }, 201);
  });
  const port = await serve(t, (request, env) => app.fetch(request, env as never));
  const reply = await request(port);
  assert.equal(reply.status, 201);
  assert.deepEqual(reply.headers['set-cookie'], ['a=1; Path=/', 'b=2; Path=/']);
  assert.deepEqual(JSON.parse(reply.body.toString()), { from: '127.0.0.1', via: 'ServerResponse' });
  assert.equal(reply.headers['content-length'], String(reply.body.length));
  const head = await request(port, { method: 'HEAD' });
  assert.equal(head.status, 201);
  assert.equal(head.body.length, 0);
  assert.deepEqual(head.headers['set-cookie'], ['a=1; Path=/', 'b=2; Path=/']);
});

test("request.signal aborts when the client goes away, also when first read after it went; and with the worker's requestTimeout signal", async (t) => {
  const aborted: string[] = [];
  const timeouts = new Map<string, AbortController>();
  const port = await serve(
    t,
    async (request, env) => {
      const path = new URL(request.url).pathname;
      if (path === '/early') {
        request.signal.addEventListener('abort', () => aborted.push('early'));
        return new Promise<Response>(() => undefined);
      }
      if (path === '/late') {
        const outgoing = (env as { outgoing: ServerResponse }).outgoing;
        if (!outgoing.destroyed) await once(outgoing, 'close');
        if (request.signal.aborted) aborted.push('late');
        return new Response('nobody reads this');
      }
      const signal = request.signal;
      timeouts.get('t')!.abort(new Error('requestTimeout'));
      return new Response(String(signal.aborted && (signal.reason as Error).message));
    },
    (req) => {
      // As the worker server's requestTimeout does.
      const controller = new AbortController();
      timeouts.set('t', controller);
      Object.defineProperty(req, 'signal', { value: controller.signal, configurable: true });
    },
  );
  for (const path of ['/early', '/late']) {
    const socket = net.connect({ host: '127.0.0.1', port });
    await once(socket, 'connect');
    socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
    await new Promise((resolve) => setTimeout(resolve, 30));
    socket.destroy();
  }
  for (let i = 0; i < 200 && aborted.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(aborted.sort(), ['early', 'late']);
  assert.equal((await request(port, { path: '/timeout' })).body.toString(), 'requestTimeout');
});

test('the lazy Request is a Request: instanceof, new Request(request, init), fetch(request), clone(), members read through', async (t) => {
  const target = http.createServer((req, res) => res.end(`upstream got ${req.method} ${req.url} ${req.headers['x-a']}`));
  target.listen({ host: '127.0.0.1', port: 0 });
  await once(target, 'listening');
  t.after(() => target.close());
  const upstream = (target.address() as AddressInfo).port;
  const port = await serve(t, async (request) => {
    assert.ok(request instanceof Request);
    if (new URL(request.url).pathname === '/proxy') {
      // Host names the upstream, so the Request's URL is the upstream's: fetch it as it is.
      const reply = await fetch(request);
      return new Response(await reply.text(), { headers: { 'x-native': String(reply instanceof Response) } });
    }
    const clone = request.clone();
    // As Hono's bodyLimit does; a Request made from one with a body takes that body (native rules).
    const copy = new Request(clone, { headers: { 'x-copy': '1' } });
    return Response.json({ copy: copy.url, header: copy.headers.get('x-copy'), clone: clone.bodyUsed, cache: request.cache, mode: request.mode, text: await request.text() });
  });
  const json = JSON.parse((await request(port, { path: '/copy', method: 'PUT', body: ['payload'] })).body.toString());
  assert.deepEqual(json, { copy: `http://127.0.0.1:${port}/copy`, header: '1', clone: true, cache: 'default', mode: 'cors', text: 'payload' });
  const proxied = await request(port, { path: '/proxy', headers: { host: `127.0.0.1:${upstream}`, 'x-a': 'fwd' } });
  assert.equal(proxied.body.toString(), 'upstream got GET /proxy fwd');
  assert.equal(proxied.headers['x-native'], 'true');
});

test('what is not a Response is a 500; a bad Host a 400 without calling the app', async (t) => {
  let calls = 0;
  const port = await serve(t, () => {
    calls++;
    return { status: 200 } as unknown as Response;
  });
  assert.equal((await request(port)).status, 500);
  assert.equal((await request(port, { headers: { host: '1.2.3.999' } })).status, 400);
  assert.equal(calls, 1);
});

test('HTTP/2: the URL from :authority, no pseudo-headers in headers, cookies as a list, a stream body; a reset stream aborts the signal and cancels the body', async (t) => {
  const events: string[] = [];
  const listener = guard(
    fetchListener((request) => {
      const headers = new Headers({ 'x-names': [...request.headers.keys()].join(',') });
      headers.append('set-cookie', 'a=1');
      headers.append('set-cookie', 'b=2');
      const path = new URL(request.url).pathname;
      if (path === '/hang') {
        request.signal.addEventListener('abort', () => events.push('signal aborted'));
        return new Promise<Response>(() => undefined);
      }
      if (path === '/forever') {
        const chunk = new Uint8Array(1024);
        return new Response(new ReadableStream<Uint8Array>({ pull: (controller) => controller.enqueue(chunk), cancel: () => void events.push('stream cancelled') }));
      }
      if (request.method === 'POST') return new Response(request.body, { headers });
      return new Response(request.url, { headers });
    }) as Listener,
  );
  const server = http2.createServer((req, res) => listener(req as unknown as IncomingMessage, res as unknown as ServerResponse));
  server.listen({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const session = http2.connect(`http://127.0.0.1:${port}`);
  t.after(() => {
    session.destroy();
    server.close();
  });
  const exchange = (headers: http2.OutgoingHttpHeaders, body?: string): Promise<{ headers: http2.IncomingHttpHeaders; body: string }> =>
    new Promise((resolve, reject) => {
      const stream = session.request(headers);
      let text = '';
      let head: http2.IncomingHttpHeaders = {};
      stream.on('response', (h) => (head = h));
      stream.setEncoding('utf8').on('data', (d: string) => (text += d));
      stream.on('end', () => resolve({ headers: head, body: text }));
      stream.on('error', reject);
      stream.end(body);
    });
  const get = await exchange({ ':path': '/h2?q=1', 'x-a': '1' });
  assert.equal(get.body, `http://127.0.0.1:${port}/h2?q=1`);
  assert.equal(get.headers['x-names'], 'x-a');
  assert.deepEqual(get.headers['set-cookie'], ['a=1', 'b=2']);
  assert.equal(get.headers['content-length'], String(get.body.length));
  const post = await exchange({ ':path': '/echo', ':method': 'POST' }, 'over h2');
  assert.equal(post.body, 'over h2');
  // Regression: HTTP/2's response says writableFinished once its stream closed, even by RST_STREAM,
  // so a client's cancel neither aborted request.signal nor stopped the app's stream.
  for (const path of ['/hang', '/forever']) {
    const stream = session.request({ ':path': path });
    stream.on('error', () => undefined);
    stream.resume();
    if (path === '/forever') await once(stream, 'data');
    stream.close(http2.constants.NGHTTP2_CANCEL);
  }
  for (let i = 0; i < 300 && events.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(events.sort(), ['signal aborted', 'stream cancelled']);
});

test("an upstream's connection fields are dropped: no Transfer-Encoding beside Content-Length, and tsgun's HTTP/2 server answers", async (t) => {
  // What `return fetch(upstream)` hands back: undici keeps the upstream connection's fields.
  const upstream = { connection: 'keep-alive', 'keep-alive': 'timeout=5', 'transfer-encoding': 'chunked', 'proxy-connection': 'keep-alive', upgrade: 'h2c', 'x-kept': '1' };
  const handler: FetchHandler = (request) => {
    const path = new URL(request.url).pathname;
    if (path === '/record') return new Response('ten bytes!', { headers: { ...upstream, 'Transfer-Encoding': 'chunked' } });
    if (path === '/native') return new Response(new Blob(['ten bytes!']).stream(), { headers: upstream });
    if (path === '/close') return new Response('closing', { headers: { connection: 'close' } });
    return new Response('ten bytes!', { headers: new Headers(upstream) });
  };
  const port = await serve(t, handler);
  for (const path of ['/headers', '/record', '/native']) {
    const res = await request(port, { path });
    assert.equal(res.body.toString(), 'ten bytes!', path);
    // A known body goes with its length; a stream (the Blob's) chunked by node: never both.
    if (path === '/native') assert.deepEqual([res.headers['content-length'], res.headers['transfer-encoding']], [undefined, 'chunked'], path);
    else assert.deepEqual([res.headers['content-length'], res.headers['transfer-encoding']], ['10', undefined], path);
    assert.equal(res.headers['keep-alive'], undefined, path);
    assert.equal(res.headers['proxy-connection'], undefined, path);
    assert.equal(res.headers['upgrade'], undefined, path);
    assert.equal(res.headers['x-kept'], '1', path);
  }
  // HTTP/1.1: an app still closes its connection with `connection: close`.
  assert.equal((await request(port, { path: '/close' })).headers['connection'], 'close');
  // HTTP/2 refuses every connection field (Node's response threw): tsgun's HTTP/2 response drops them.
  const listener = guard(fetchListener(handler) as Listener);
  const server = createPlainHttp2Server(http2Options({ maxConcurrentStreams: 100, maxHeaderListSize: 65_536, initialWindowSize: 65_535 }));
  server.on('request', (req, res) => listener(req as unknown as IncomingMessage, res as unknown as ServerResponse));
  server.listen({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const session = http2.connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  t.after(() => {
    session.destroy();
    server.close();
  });
  for (const path of ['/headers', '/record', '/native', '/close']) {
    const stream = session.request({ ':path': path });
    let body = '';
    stream.setEncoding('utf8').on('data', (d: string) => (body += d));
    const [headers] = (await once(stream, 'response')) as [http2.IncomingHttpHeaders];
    await once(stream, 'end');
    assert.equal(headers[':status'], 200, path);
    assert.equal(body, path === '/close' ? 'closing' : 'ten bytes!', path);
  }
});

test('requestHref is what the URL parser serialises, with or without its fast path', () => {
  const hosts = [
    'a.example',
    'A.Example',
    'a.example:8080',
    'a.example:80',
    'a.example:443',
    'a.example:080',
    'a.example:',
    'under_score.local',
    '1.2.3.4',
    '1.2.3.4:81',
    '0x7f.1',
    '127.1',
    'a.1',
    'a.1a',
    '3com.example',
    'a.',
    'a..b',
    '[::1]',
    '[::1]:80',
    'xn--nxasmq6b.example',
    'a-.example',
  ];
  const targets = ['/', '/a/b?c=d', '/a/../b', '/a/./b', '/%2e%2E/x', '/a/%2e', "/it's?q='x'", '/a?x=/../y', '/%zz', '/%41', '/~user/', '/a b', '//x/y', '/.hidden', '/a?b#c', '/é'];
  for (const scheme of ['http', 'https'] as const) {
    for (const host of hosts) {
      for (const target of targets) {
        const url = requestUrl(scheme, target, host, () => 'x');
        if (URL.canParse(url))
          assert.equal(
            requestHref(scheme, target, host, () => 'x'),
            new URL(url).href,
            `${scheme} ${host} ${target}`,
          );
        else assert.throws(() => requestHref(scheme, target, host, () => 'x'), BadRequestTarget, `${scheme} ${host} ${target}`);
      }
    }
  }
  assert.throws(() => requestHref('http', '/', '1.2.3.999', () => 'x'), BadRequestTarget);
});
