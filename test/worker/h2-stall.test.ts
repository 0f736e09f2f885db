// bodyTimeout, sendTimeout and headersTimeout for HTTP/2 (src/worker/h2-stall.ts), on fake sessions
// and streams driven with explicit times; and the cleartext shutdown notice of http2-server.ts,
// written to a real loopback socket.

import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import type { ServerHttp2Session } from 'node:http2';
import net from 'node:net';
import { test } from 'node:test';
import { H2StallSweep, h2SweepInterval, sessionLimit, StallClock, streamState, type H2StallLimits } from '../../src/worker/h2-stall.ts';
import { SHUTDOWN_NOTICE, writeNotice } from '../../src/worker/http2-server.ts';
import type { Logger } from '../../src/log/logger.ts';

const LIMITS: H2StallLimits = { bodyMs: 1_000, sendMs: 2_000, headersMs: 500, idleMs: 5_000 };

test('the sweep runs at a quarter of the shortest limit, between 100 ms and 1 s; a session gets headersTimeout for its first stream, idle + headersTimeout between streams', () => {
  assert.equal(h2SweepInterval(LIMITS), 125);
  assert.equal(h2SweepInterval({ ...LIMITS, headersMs: 60_000, bodyMs: 0, sendMs: 0 }), 1_000);
  assert.equal(h2SweepInterval({ ...LIMITS, headersMs: 200 }), 100);
  assert.equal(sessionLimit(LIMITS, 0), 500);
  assert.equal(sessionLimit(LIMITS, 3), 5_500);
});

test('a stream is waiting on send before body; a body sitting unread in a buffer, a complete body or a limit of 0 is no stall', () => {
  const view = { bodyComplete: false, bufferedIn: 0, pendingOut: 0 };
  assert.equal(streamState(view, LIMITS), 'body');
  assert.equal(streamState({ ...view, pendingOut: 10 }, LIMITS), 'send');
  assert.equal(streamState({ ...view, bufferedIn: 10 }, LIMITS), null, "the app's delay, not the client's");
  assert.equal(streamState({ ...view, bodyComplete: true }, LIMITS), null);
  assert.equal(streamState(view, { bodyMs: 0, sendMs: 0 }), null);
  assert.equal(streamState({ ...view, bodyComplete: true, pendingOut: 1 }, { bodyMs: 1_000, sendMs: 0 }), null);
});

test('the clock fires after the whole limit with no progress; progress or another state starts it again', () => {
  const clock = new StallClock<object>(LIMITS);
  const key = {};
  assert.equal(clock.check(key, 'body', 0, 0), null);
  assert.equal(clock.check(key, 'body', 0, 999), null);
  assert.equal(clock.check(key, 'body', 0, 1_000), 'body');
  assert.equal(clock.check(key, 'body', 1, 1_500), null, 'a body byte came');
  assert.equal(clock.check(key, 'body', 1, 2_400), null);
  assert.equal(clock.check(key, 'send', 1, 2_500), null, 'now waiting on the client to read');
  assert.equal(clock.check(key, 'send', 1, 4_499), null);
  assert.equal(clock.check(key, 'send', 1, 4_500), 'send');
  assert.equal(clock.check(key, null, 1, 5_000), null);
  assert.equal(clock.check(key, 'send', 1, 5_000), null, 'a new watch after a pause');
});

// Fakes with Node's internal shapes, found as h2-stall.ts finds them: by their symbols' descriptions.
const STATE = Symbol('state');
const UPDATE_TIMER = Symbol('kUpdateTimer');
const REQUEST = Symbol('request');

class FakeStreamBase {
  [UPDATE_TIMER](): void {}
}

class FakeStream extends FakeStreamBase {
  destroyed = false;
  closed = false;
  readableLength = 0;
  readableEnded = false;
  _readableState = { ended: false };
  bufferSize = 0;
  headersSent = false;
  [REQUEST] = { readableLength: 0, complete: false };
  responded: Record<string, string | number> | null = null;
  closedWith: number | null = null;
  respond(headers: Record<string, string | number>): void {
    this.responded = headers;
    this.headersSent = true;
  }
  close(code: number): void {
    this.closedWith = code;
    this.closed = true;
  }
  /** What Node does on a body chunk read or a write completed. */
  activity(): void {
    (this as unknown as Record<symbol, () => void>)[UPDATE_TIMER]!();
  }
}

function fakeSession(): ServerHttp2Session & { streams: Map<number, FakeStream> } {
  const session = new EventEmitter() as EventEmitter & Record<string | symbol, unknown>;
  const streams = new Map<number, FakeStream>();
  session[STATE] = { streams };
  session['streams'] = streams;
  session['destroyed'] = false;
  session['closed'] = false;
  return session as unknown as ServerHttp2Session & { streams: Map<number, FakeStream> };
}

const silent = { debug: () => undefined } as unknown as Logger;

function sweepWith(limits: H2StallLimits): { sweep: H2StallSweep; closed: ServerHttp2Session[]; logged: Record<string, unknown>[] } {
  const closed: ServerHttp2Session[] = [];
  const logged: Record<string, unknown>[] = [];
  const logger = { debug: (fields: Record<string, unknown>) => logged.push(fields) } as unknown as Logger;
  return { sweep: new H2StallSweep(limits, logger, (s) => closed.push(s)), closed, logged };
}

test('headersTimeout: a session that opens no stream is closed; one that opens streams is not, until it stays without one for idle + headersTimeout', (t) => {
  const { sweep, closed, logged } = sweepWith(LIMITS);
  t.after(() => sweep.destroy());
  const start = Date.now();
  const quiet = fakeSession();
  const busy = fakeSession();
  sweep.add(quiet);
  sweep.add(busy);
  sweep.sweep(start + 100);
  busy.emit('stream');
  sweep.sweep(start + 499);
  assert.deepEqual(closed, []);
  sweep.sweep(start + 600);
  assert.deepEqual(closed, [quiet]);
  assert.deepEqual(logged, [{ event: 'request.client-error', code: 'ERR_HTTP_REQUEST_TIMEOUT', reason: 'head-timeout', status: null }]);
  // Regression guard: a stream that opened and closed between two sweeps counts as activity.
  busy.emit('stream');
  sweep.sweep(start + 5_000);
  sweep.sweep(start + 10_499);
  assert.deepEqual(closed, [quiet]);
  sweep.sweep(start + 10_500);
  assert.deepEqual(closed, [quiet, busy]);
});

test('bodyTimeout: a stalled body is answered 408 then RST_STREAM(NO_ERROR); once its response began, the stream is reset (CANCEL); a body byte in between restarts the clock', (t) => {
  const { sweep, logged } = sweepWith({ ...LIMITS, headersMs: 60_000 });
  t.after(() => sweep.destroy());
  const session = fakeSession();
  sweep.add(session);
  const fresh = new FakeStream();
  const begun = new FakeStream();
  begun.headersSent = true;
  session.streams.set(1, fresh);
  session.streams.set(3, begun);
  sweep.sweep(0);
  fresh.activity();
  sweep.sweep(900);
  sweep.sweep(1_000);
  assert.equal(fresh.closedWith, null, 'the byte at 900 ms restarted its clock');
  assert.equal(begun.closedWith, 8, 'NGHTTP2_CANCEL');
  sweep.sweep(1_900);
  assert.deepEqual(fresh.responded, { ':status': 408, 'content-length': '0' });
  assert.equal(fresh.closedWith, 0, 'NGHTTP2_NO_ERROR');
  assert.deepEqual(
    logged.map((l) => [l['code'], l['reason'], l['status']]),
    [
      ['BODY_TIMEOUT', 'body-timeout', null],
      ['BODY_TIMEOUT', 'body-timeout', 408],
    ],
  );
});

test('sendTimeout: a response the client reads none of is reset; one it keeps reading is not; a stream with nothing to wait on is never touched', (t) => {
  const { sweep } = sweepWith({ ...LIMITS, headersMs: 60_000 });
  t.after(() => sweep.destroy());
  const session = fakeSession();
  sweep.add(session);
  const stuck = new FakeStream();
  const reading = new FakeStream();
  const done = new FakeStream();
  for (const s of [stuck, reading, done]) {
    s._readableState.ended = true;
    s.headersSent = true;
  }
  stuck.bufferSize = 1 << 20;
  reading.bufferSize = 1 << 20;
  session.streams.set(1, stuck);
  session.streams.set(3, reading);
  session.streams.set(5, done);
  for (let now = 0; now <= 2_000; now += 500) {
    reading.activity();
    sweep.sweep(now);
  }
  assert.equal(stuck.closedWith, 8);
  assert.equal(reading.closedWith, null);
  assert.equal(done.closedWith, null);
  assert.ok(!Object.getOwnPropertySymbols(done).some((s) => s.description === 'tsgun.h2-activity'), 'no counter on a stream that never waited');
});

test('the cleartext shutdown notice is one GOAWAY frame (last stream 2^31-1, NO_ERROR), written whole to the socket; never over TLS', async (t) => {
  assert.deepEqual([...SHUTDOWN_NOTICE], [0, 0, 8, 7, 0, 0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
  const server = net.createServer();
  t.after(() => server.close());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  t.after(() => client.destroy());
  const [accepted] = (await once(server, 'connection')) as [net.Socket];
  t.after(() => accepted.destroy());
  assert.equal(writeNotice(accepted), true);
  const [chunk] = (await once(client, 'data')) as [Buffer];
  assert.deepEqual(chunk, SHUTDOWN_NOTICE);
  assert.equal(writeNotice(Object.assign(Object.create(accepted) as net.Socket, { encrypted: true })), false);
});
