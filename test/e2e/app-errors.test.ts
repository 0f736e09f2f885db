// An app that throws gets a 500 for that request and a log line; the worker keeps serving.
// An unhandled rejection is logged, and with unhandledRejection: recycle the worker is replaced.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import http2 from 'node:http2';
import { test } from 'node:test';
import { getOnce } from '../helpers/load.ts';
import { startServer } from '../helpers/server.ts';

const APP = 'test/fixtures/e2e/app.mjs';

test('a throw and a rejection in a handler are 500s; the same worker keeps serving', async (t) => {
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '1'] });
  const url = await server.url();
  const [pid] = server.liveWorkerPids();
  for (const path of ['/throw', '/reject']) {
    const res = await getOnce(url, { path });
    assert.equal(res.status, 500, path);
    assert.equal(res.body, 'Internal Server Error\n');
  }
  const failures = await server.waitForCount('request.failed', 2);
  assert.match(JSON.stringify(failures[0]), /boom from \/throw/);
  assert.match(JSON.stringify(failures[1]), /boom from \/reject/);
  assert.equal((await getOnce(url)).status, 200);
  assert.deepEqual(server.liveWorkerPids(), [pid]);
});

test('the 500 drops the headers the app set; over HTTP/2 the fields it forbids are dropped, not a crashed worker', async (t) => {
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '1', '--http-protocols', 'h1', '--http-protocols', 'h2c'] });
  const url = await server.url();
  const [pid] = server.liveWorkerPids();
  // Regression: the 500 kept the app's Content-Length (1000) for its 22 bytes, and the client
  // waited for the rest until the connection closed under it.
  const misframed = await getOnce(url, { path: '/misframed' });
  assert.equal(misframed.status, 500);
  assert.equal(misframed.body, 'Internal Server Error\n');
  assert.notEqual(misframed.headers['content-length'], '1000');
  // Regression: Node refuses `keep-alive` on an HTTP/2 response, the app's end() threw, and so did
  // the 500 written with the field still set: the worker died, with every request it had.
  const session = http2.connect(url);
  t.after(() => session.destroy());
  for (let i = 0; i < 2; i++) {
    const stream = session.request({ ':path': '/hop' });
    stream.setEncoding('utf8');
    let body = '';
    stream.on('data', (d: string) => (body += d));
    const [headers] = (await once(stream, 'response')) as [http2.IncomingHttpHeaders];
    await once(stream, 'end');
    assert.equal(headers[':status'], 200);
    assert.equal(headers['keep-alive'], undefined);
    assert.equal(body, `hop pid ${pid}\n`);
  }
  const overHttp1 = await getOnce(url, { path: '/hop' });
  assert.equal(overHttp1.headers['keep-alive'], 'timeout=5', 'HTTP/1.1 keeps the field');
  await server.waitForCount('request.failed', 1);
  assert.deepEqual(server.liveWorkerPids(), [pid]);
  assert.equal(server.lines.filter((l) => l.event === 'worker.exited').length, 0);
});

test('an unhandled rejection is logged; with recycle the worker is replaced new-before-old', async (t) => {
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '1', '--unhandled-rejection', 'recycle'] });
  const url = await server.url();
  const [pid] = server.liveWorkerPids();
  assert.equal((await getOnce(url, { path: '/unhandled' })).status, 200);
  const logged = await server.waitFor('worker.unhandled-rejection');
  assert.match(JSON.stringify(logged), /nobody handles this/);
  const exited = await server.waitFor('worker.exited');
  assert.equal(exited.pid, pid);
  assert.equal(exited['code'], 0, 'drained, not killed');
  const readyIdx = server.lines.findIndex((l) => l.event === 'worker.ready' && l.pid !== pid);
  const drainIdx = server.lines.findIndex((l) => l.event === 'worker.draining' && l.pid === pid);
  assert.ok(readyIdx !== -1 && readyIdx < drainIdx, 'the replacement was ready before the old one drained');
  assert.equal((await getOnce(url)).status, 200);
});
