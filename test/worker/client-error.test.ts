// What the worker does when Node's parser refuses what a connection sent (src/worker/client-error.ts):
// the status, and when it may be written given what the connection still owes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientErrorReason, clientErrorStatus, planClientError, type ParserError } from '../../src/worker/client-error.ts';

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
