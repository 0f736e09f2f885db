// What the worker does when Node's parser refuses what a connection sent (src/worker/client-error.ts):
// the status, and when it may be written given what the connection still owes.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import { test } from 'node:test';
import { ClientErrors, clientErrorReason, clientErrorStatus, planClientError, type ParserError } from '../../src/worker/client-error.ts';
import { recordingLogger } from '../helpers/fake-port.ts';

const error = (code: string, extra: Partial<ParserError> = {}): ParserError => Object.assign(new Error(code), { code, ...extra });

test('statuses: 431/414 for an overflow, 408 for a slow head, 413 for chunk extensions, 400 for the rest of the parser', () => {
  assert.equal(clientErrorStatus(error('HPE_HEADER_OVERFLOW')), '431 Request Header Fields Too Large');
  const packet = Buffer.from(`GET /${'a'.repeat(100)}`);
  assert.equal(clientErrorStatus(error('HPE_HEADER_OVERFLOW', { rawPacket: packet, bytesParsed: packet.length })), '414 URI Too Long');
  assert.equal(clientErrorStatus(error('ERR_HTTP_REQUEST_TIMEOUT')), '408 Request Timeout');
  assert.equal(clientErrorStatus(error('HPE_CHUNK_EXTENSIONS_OVERFLOW')), '413 Payload Too Large');
  assert.equal(clientErrorStatus(error('HPE_INVALID_METHOD')), '400 Bad Request');
  // Regression: bytes after `Connection: close` were answered 400 (RFC 9112 9.6: stop reading).
  assert.equal(clientErrorStatus(error('HPE_CLOSED_CONNECTION')), null);
  assert.equal(clientErrorStatus(error('ECONNRESET')), null, 'a broken socket is not answered');
});

test("an overflow is 414 in the request line, 431 in the fields, whichever reads Node's parser saw the head in", async (t) => {
  // Node's own parser decides where it stops (at the end of the piece of head it was counting), so
  // this runs it: a budget of 1,000 bytes, each head written in pieces, a gap between them so that
  // they are read apart (if two are read together, the answer must be the same).
  const statuses: (string | null)[] = [];
  const server = http.createServer({ maxHeaderSize: 1_000 }, (_req, res) => res.end());
  server.on('clientError', (e: ParserError, socket: net.Socket) => {
    statuses.push(clientErrorStatus(e));
    socket.destroy();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => server.close());
  const { port } = server.address() as net.AddressInfo;
  const send = async (pieces: string[]): Promise<string | null> => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined).resume();
    const closed = once(socket, 'close');
    await once(socket, 'connect');
    for (const piece of pieces) {
      socket.write(piece);
      await new Promise((r) => setTimeout(r, 30));
    }
    await closed;
    assert.equal(statuses.length, 1, `one refusal for ${JSON.stringify(pieces.map((p) => p.slice(0, 20)))}`);
    return statuses.pop()!;
  };
  const target = `/${'a'.repeat(1_500)}`;
  const rest = ' HTTP/1.1\r\nHost: a\r\n\r\n';
  assert.equal(await send([`GET ${target}${rest}`]), '414 URI Too Long', 'a target read at once');
  // Regression (seen in CI under load): a long target read in two pieces was answered 431.
  assert.equal(await send([`GET ${target.slice(0, 600)}`, `${target.slice(600)}${rest}`]), '414 URI Too Long', 'a target read in two pieces');
  assert.equal(await send([`GET ${target.slice(0, 1_100)}`, `${target.slice(1_100)}${rest}`]), '414 URI Too Long', 'over the budget in the first piece');
  assert.equal(await send([`POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nokGET ${target.slice(0, 600)}`, `${target.slice(600)}${rest}`]), '414 URI Too Long', 'a pipelined request');
  const value = 'v'.repeat(1_500);
  assert.equal(await send([`GET / HTTP/1.1\r\nX-Long: ${value}\r\n\r\n`]), '431 Request Header Fields Too Large', 'a field value read at once');
  assert.equal(await send([`GET / HTTP/1.1\r\nX-Long: ${value.slice(0, 600)}`, `${value.slice(600)}\r\nHost: a\r\n\r\n`]), '431 Request Header Fields Too Large', 'a field value read in two pieces');
  assert.equal(await send([`GET / HTTP/1.1\r\nX${value.slice(0, 600)}`, `${value.slice(600)}: 1\r\nHost: a\r\n\r\n`]), '431 Request Header Fields Too Large', 'a field name read in two pieces');
  assert.equal(await send([`GET / HTTP/1.1\r\nX-Long: with spaces ${value.slice(0, 600)}`, `${value.slice(600)} and more \r\n\r\n`]), '431 Request Header Fields Too Large', 'a value with spaces');
  const fields = Array.from({ length: 30 }, (_, i) => `X-${i}: ${'q'.repeat(40)}\r\n`).join('');
  assert.equal(await send([`GET / HTTP/1.1\r\n${fields}\r\n`]), '431 Request Header Fields Too Large', 'many short fields');
});

test('an overflow in a read that neither starts nor ends its line is taken for a field line (the documented limit)', () => {
  const middle = Buffer.from('a'.repeat(600));
  assert.equal(clientErrorStatus(error('HPE_HEADER_OVERFLOW', { rawPacket: middle, bytesParsed: middle.length })), '431 Request Header Fields Too Large');
});

test('every parser code has a reason, unknown ones a generic one', () => {
  assert.equal(clientErrorReason('HPE_INVALID_CHUNK_SIZE'), 'invalid-framing');
  assert.equal(clientErrorReason('HPE_CLOSED_CONNECTION'), 'data-after-close');
  assert.equal(clientErrorReason('HPE_SOMETHING_NEW'), 'malformed');
  assert.equal(clientErrorReason('EPIPE'), 'connection-error');
  assert.equal(clientErrorReason(undefined), 'connection-error');
});

const flight = (headersSent: boolean, ended: boolean, requestComplete: boolean) => ({ headersSent, ended, requestComplete });

test('nothing in flight: answer at once, or close when no status is owed', () => {
  assert.deepEqual(planClientError('400 Bad Request', true, null), { kind: 'answer', status: '400 Bad Request' });
  assert.deepEqual(planClientError(null, true, null), { kind: 'close' });
  assert.deepEqual(planClientError('400 Bad Request', false, null), { kind: 'close' }, 'an unwritable socket');
});

test('a later pipelined request failed: the responses owed go first, then the status (regression: a 400 inside or instead of them)', () => {
  for (const [headersSent, ended] of [
    [false, false],
    [true, false],
    [true, true],
  ] as const) {
    assert.deepEqual(planClientError('400 Bad Request', true, flight(headersSent, ended, true)), { kind: 'after-responses', status: '400 Bad Request' });
  }
  // The client asked to close and sent more: its response is still owed, and nothing after it.
  assert.deepEqual(planClientError(null, true, flight(false, false, true)), { kind: 'after-responses', status: null });
});

test("the in-flight request's own body failed: answered if its response has not begun, else cut", () => {
  assert.deepEqual(planClientError('400 Bad Request', true, flight(false, false, false)), { kind: 'answer', status: '400 Bad Request' });
  assert.deepEqual(planClientError('400 Bad Request', true, flight(true, false, false)), { kind: 'close' }, 'a status would land inside the response');
  assert.deepEqual(planClientError('400 Bad Request', true, flight(true, true, false)), { kind: 'after-responses', status: null }, 'already answered whole: let it flush');
});

test('a body that breaks after its response was sent whole and detached gets no status of its own (regression: a 400 after the 200)', async (t) => {
  // The worker's wiring: its ClientErrors on a real server, whose app answers without reading the body.
  const server = http.createServer((_req, res) => res.end('answered\n'));
  const errors = new ClientErrors(recordingLogger().logger);
  server.on('clientError', (e: ParserError, socket: net.Socket) => errors.handle(e, socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => server.close());
  const { port } = server.address() as net.AddressInfo;
  const exchange = async (first: string, then: string): Promise<string> => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8').on('data', (d: string) => (text += d));
    socket.on('error', () => undefined);
    const closed = once(socket, 'close');
    await once(socket, 'connect');
    socket.write(first);
    while (!text.includes('answered')) await once(socket, 'data');
    // The 200 is out and its response detached; now the body breaks.
    socket.write(then);
    await closed;
    return text;
  };
  const head = 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n';
  for (const [name, first, then] of [
    ['a bad chunk', `${head}3\r\nabc\r\n`, 'zz\r\n'],
    ['a Content-Length trailer', `${head}3\r\nabc\r\n`, '0\r\nContent-Length: 3\r\n\r\n'],
  ] as const) {
    const text = await exchange(first, then);
    assert.equal(text.match(/HTTP\/1\.1 \d{3}/g)?.join(), 'HTTP/1.1 200', name);
  }
  // A head that breaks between requests is still answered.
  const text = await exchange('GET / HTTP/1.1\r\nHost: a\r\n\r\n', 'GET / HTTP/1.1\r\nBad Field: x\r\n\r\n');
  assert.equal(text.match(/HTTP\/1\.1 \d{3}/g)?.join(), 'HTTP/1.1 200,HTTP/1.1 400');
});
