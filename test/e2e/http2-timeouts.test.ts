// bodyTimeout, sendTimeout and headersTimeout on HTTP/2 (h2c, prior knowledge) through the real CLI,
// with the meaning they have for HTTP/1: a stream whose body stops coming gets 408 (or a reset once
// its response began), a stream whose client reads nothing of its response is reset, a connection
// that opens no stream in time is closed; each logged as HTTP/1 logs it, and the session's other
// streams go on.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import http2, { type ClientHttp2Session, type ClientHttp2Stream } from 'node:http2';
import { test, type TestContext } from 'node:test';
import { startEdge, type Edge } from '../helpers/edge.ts';
import { h2Get } from '../helpers/h2-load.ts';
import { scaled } from '../helpers/time.ts';

const NODE_APP = 'test/fixtures/edge/node-app.mjs';
const H2C = ['--http-protocols', 'h1', '--http-protocols', 'h2c'];

function connect(t: TestContext, edge: Edge): ClientHttp2Session {
  const session = http2.connect(`http://127.0.0.1:${edge.port}`);
  session.on('error', () => undefined);
  t.after(() => session.destroy());
  return session;
}

/** The status of a stream's response (0 if none came) and its reset code once it closed. */
async function outcome(stream: ClientHttp2Stream): Promise<{ status: number; rstCode: number | undefined; body: string }> {
  let status = 0;
  let body = '';
  stream.on('response', (h) => (status = Number(h[':status'])));
  stream.on('error', () => undefined);
  stream.setEncoding('utf8').on('data', (d: string) => (body += d));
  await once(stream, 'close');
  return { status, rstCode: stream.rstCode, body };
}

test('bodyTimeout: an HTTP/2 stream whose body stops coming gets 408 on the stream, and the session goes on', async (t) => {
  const edge = await startEdge(t, NODE_APP, [...H2C, '--body-timeout', '1']);
  const session = connect(t, edge);
  const stalled = session.request({ ':method': 'POST', ':path': '/upload', 'content-length': '100' });
  stalled.write('0123456789');
  const result = await outcome(stalled);
  assert.equal(result.status, 408);
  const line = await edge.server.waitFor((l) => l.event === 'request.client-error' && l['code'] === 'BODY_TIMEOUT');
  assert.equal(line['reason'], 'body-timeout');
  assert.equal(line['status'], 408);
  // The connection is not the stream's: another stream on it is answered.
  assert.equal((await h2Get(session, '/')).status, 200);
  // A body that keeps coming, slower than the sweep but never a whole bodyTimeout apart, is not cut.
  const slow = session.request({ ':method': 'POST', ':path': '/upload', 'content-length': '30' });
  const slowResult = outcome(slow);
  for (let i = 0; i < 3; i++) {
    slow.write('0123456789');
    await new Promise((resolve) => setTimeout(resolve, 600));
  }
  slow.end();
  assert.deepEqual(await slowResult, { status: 200, rstCode: 0, body: '30\n' });
});

test('bodyTimeout: once the response began, a stalled HTTP/2 body resets the stream (no 408 inside the body)', async (t) => {
  const edge = await startEdge(t, NODE_APP, [...H2C, '--body-timeout', '1']);
  const session = connect(t, edge);
  const stream = session.request({ ':method': 'POST', ':path': '/stream' });
  stream.write('abc');
  const result = await outcome(stream);
  assert.equal(result.status, 200);
  assert.equal(result.rstCode, http2.constants.NGHTTP2_CANCEL);
  assert.doesNotMatch(result.body, /408/);
  const line = await edge.server.waitFor((l) => l.event === 'request.client-error' && l['code'] === 'BODY_TIMEOUT');
  assert.equal(line['status'], null);
  assert.equal((await h2Get(session, '/')).status, 200);
});

test('sendTimeout: an HTTP/2 stream whose client reads none of a large response is reset, and the worker keeps serving', async (t) => {
  const edge = await startEdge(t, NODE_APP, [...H2C, '--send-timeout', '1']);
  const session = connect(t, edge);
  const stream = session.request({ ':path': '/big' });
  // Reads nothing: the stream's flow-control window closes and the app's writes wait.
  stream.pause();
  const closed = once(stream, 'close');
  stream.on('error', () => undefined);
  // Regression: the worker held the response (up to 100 MiB) for as long as the client stayed.
  const line = await edge.server.waitFor((l) => l.event === 'request.client-error' && l['code'] === 'SEND_TIMEOUT');
  assert.equal(line['reason'], 'send-timeout');
  assert.equal(line['status'], null);
  await closed;
  assert.equal(stream.rstCode, http2.constants.NGHTTP2_CANCEL);
  const fresh = connect(t, edge);
  assert.equal((await h2Get(fresh, '/')).status, 200);
});

test('headersTimeout: an HTTP/2 connection that opens no stream is closed with GOAWAY, even while it sends PINGs', async (t) => {
  // keepAlive far above headersTimeout: what closes the session is not its idle timer.
  const edge = await startEdge(t, NODE_APP, [...H2C, '--headers-timeout', '1', '--keep-alive', '20']);
  const session = connect(t, edge);
  const goaway = once(session, 'goaway');
  const closed = once(session, 'close');
  await once(session, 'connect');
  // Frames that are not a request keep Node's idle timer alive; they must not keep the connection.
  const pinger = setInterval(() => {
    if (!session.closed && !session.destroyed) session.ping(() => undefined);
  }, 200);
  t.after(() => clearInterval(pinger));
  const line = await edge.server.waitFor((l) => l.event === 'request.client-error' && l['reason'] === 'head-timeout');
  assert.equal(line['code'], 'ERR_HTTP_REQUEST_TIMEOUT');
  assert.equal(line['status'], null);
  await goaway;
  await closed;
  clearInterval(pinger);
  assert.deepEqual(edge.calls(), []);
});

test('headersTimeout does not close an HTTP/2 connection that keeps sending requests, however long it lives', async (t) => {
  const edge = await startEdge(t, NODE_APP, [...H2C, '--headers-timeout', '1', '--keep-alive', '20']);
  const session = connect(t, edge);
  let goaway = false;
  session.on('goaway', () => (goaway = true));
  const until = Date.now() + scaled(3_000);
  let answered = 0;
  while (Date.now() < until) {
    assert.equal((await h2Get(session, '/')).status, 200);
    answered++;
  }
  assert.equal(goaway, false, `GOAWAY after ${answered} requests`);
  assert.equal(edge.server.events('request.client-error').length, 0);
});
