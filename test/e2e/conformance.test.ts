// The HTTP/1 edge, request by request: raw bytes written from RFC 9110/9112 and from the classes of
// issue 10 (framing and routing ambiguities, versions, limits counted as Gunicorn counts them,
// trailers, pipelining), each on a fresh connection to one real tsgun. Every case asserts the
// statuses the connection read, in order, and how many times the app was called (the fixture
// records each call; cases run one at a time, so the count of new lines is this case's).

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/cli.ts';
import { replies, talk } from '../helpers/raw-http.ts';
import { startServer } from '../helpers/server.ts';

interface Case {
  readonly what: string;
  /** What the client writes, in one write per element (a short gap between them). */
  readonly send: string | readonly string[];
  /** The status of every response read on the connection, in order ([]: closed without one). */
  readonly statuses: readonly number[];
  /** How many times the app was called. */
  readonly calls: number;
  /** The `request.client-error` reason logged, when tsgun refused something. */
  readonly reason?: string;
  /** Shut the client's writing side after sending (a half-closed connection). */
  readonly halfClose?: boolean;
  /** Further checks on everything the connection read. */
  readonly check?: (text: string) => void;
}

/** A request: the request line, the fields, `Connection: close` unless `keepAlive`, and a body. */
function req(line: string, fields: readonly string[] = ['Host: a.example'], body = '', keepAlive = false): string {
  return `${line}\r\n${fields.map((f) => `${f}\r\n`).join('')}${keepAlive ? '' : 'Connection: close\r\n'}\r\n${body}`;
}

const HOST = 'Host: a.example';
const CHUNKED = 'Transfer-Encoding: chunked';
const FIELD_LIMIT = 8190; // limitRequestFieldSize's default
const LINE_LIMIT = 4094; // limitRequestLine's default
/** A field line of exactly `bytes` bytes, CRLF included: `X-Long: vvv…\r\n`. */
const fieldOf = (bytes: number): string => `X-Long: ${'v'.repeat(bytes - 'X-Long: '.length - 2)}`;
/** A request line of exactly `bytes` bytes, CRLF excluded: `GET /aaa… HTTP/1.1`. */
const lineOf = (bytes: number): string => `GET /${'a'.repeat(bytes - 'GET / HTTP/1.1'.length)} HTTP/1.1`;

const bodyIs = (expected: string) => (text: string) => assert.ok(text.includes(expected), `${JSON.stringify(expected)} in ${JSON.stringify(text.slice(0, 400))}`);

const VALID: Case[] = [
  { what: 'GET in origin-form', send: req('GET / HTTP/1.1'), statuses: [200], calls: 1 },
  { what: 'a query with brackets and percent-encoding', send: req('GET /s?a[]=1&b=%20c HTTP/1.1'), statuses: [200], calls: 1 },
  { what: 'a path starting with //', send: req('GET //double/slash HTTP/1.1'), statuses: [200], calls: 1 },
  { what: 'a backslash in the path (llhttp takes it; passed on as sent)', send: req('GET /a\\b HTTP/1.1'), statuses: [200], calls: 1 },
  { what: 'OPTIONS * (asterisk-form, RFC 9112 3.2.4)', send: req('OPTIONS * HTTP/1.1'), statuses: [200], calls: 1 },
  { what: 'PUT, DELETE and PATCH', send: req('PUT /x HTTP/1.1', [HOST, 'Content-Length: 0']), statuses: [200], calls: 1 },
  { what: 'DELETE', send: req('DELETE /x HTTP/1.1'), statuses: [200], calls: 1 },
  { what: 'PATCH with a body', send: req('PATCH /x HTTP/1.1', [HOST, 'Content-Length: 3'], 'abc'), statuses: [200], calls: 1, check: bodyIs('body=3') },
  { what: 'POST with Content-Length', send: req('POST / HTTP/1.1', [HOST, 'Content-Length: 5'], 'hello'), statuses: [200], calls: 1, check: bodyIs('body=5') },
  { what: 'POST chunked', send: req('POST / HTTP/1.1', [HOST, CHUNKED], '5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n'), statuses: [200], calls: 1, check: bodyIs('body=11') },
  { what: 'chunked, coding name in capitals', send: req('POST / HTTP/1.1', [HOST, 'Transfer-Encoding: CHUNKED'], '5\r\nhello\r\n0\r\n\r\n'), statuses: [200], calls: 1 },
  { what: 'a chunk extension (RFC 9112 7.1.1; ignored)', send: req('POST / HTTP/1.1', [HOST, CHUNKED], '5;name=value\r\nhello\r\n0\r\n\r\n'), statuses: [200], calls: 1, check: bodyIs('body=5') },
  {
    what: 'a trailer field that may be a trailer reaches the app',
    send: req('POST / HTTP/1.1', [HOST, CHUNKED], '5\r\nhello\r\n0\r\nX-Checksum: abc\r\n\r\n'),
    statuses: [200],
    calls: 1,
    check: bodyIs('trailers=["X-Checksum","abc"]'),
  },
  { what: 'HTTP/1.0 without Host', send: 'GET / HTTP/1.0\r\n\r\n', statuses: [200], calls: 1 },
  { what: 'HTTP/1.0 with Host', send: req('GET / HTTP/1.0'), statuses: [200], calls: 1 },
  { what: 'absolute-form naming the Host (RFC 9112 3.2.2)', send: req('GET http://a.example/x?y=1 HTTP/1.1'), statuses: [200], calls: 1 },
  { what: 'absolute-form with the default port written out', send: req('GET http://a.example:80/x HTTP/1.1'), statuses: [200], calls: 1 },
  { what: 'absolute-form https, case aside', send: req('GET HTTPS://A.example/x HTTP/1.1'), statuses: [200], calls: 1 },
  { what: 'Host with a port', send: req('GET / HTTP/1.1', ['Host: a.example:8080']), statuses: [200], calls: 1 },
  { what: 'Host as an IPv6 literal', send: req('GET / HTTP/1.1', ['Host: [::1]:8080']), statuses: [200], calls: 1 },
  { what: 'an empty Host (RFC 9110 7.2 allows it)', send: req('GET / HTTP/1.1', ['Host:']), statuses: [200], calls: 1 },
  { what: 'an empty line before the request line (RFC 9112 2.2)', send: `\r\n${req('GET / HTTP/1.1')}`, statuses: [200], calls: 1 },
  { what: 'a field value with obs-text (RFC 9110 5.5)', send: req('GET / HTTP/1.1', [HOST, 'X-Name: caf\u00e9']), statuses: [200], calls: 1 },
  { what: 'a field with no space after the colon', send: req('GET / HTTP/1.1', [HOST, 'X-A:b']), statuses: [200], calls: 1 },
  { what: 'a field with a tab as OWS', send: req('GET / HTTP/1.1', [HOST, 'X-A:\tb\t']), statuses: [200], calls: 1 },
  { what: 'field names in lower case', send: 'GET / HTTP/1.1\r\nhost: a.example\r\nconnection: close\r\n\r\n', statuses: [200], calls: 1 },
  { what: 'a list field on two lines (RFC 9110 5.3)', send: req('GET / HTTP/1.1', [HOST, 'Accept: text/html', 'Accept: */*']), statuses: [200], calls: 1 },
  { what: 'Cookie on two lines', send: req('GET / HTTP/1.1', [HOST, 'Cookie: a=1', 'Cookie: b=2']), statuses: [200], calls: 1 },
  { what: 'an underscore in a field name (Gunicorn refuses; Node keeps names apart)', send: req('GET / HTTP/1.1', [HOST, 'X_Forwarded_For: 1.2.3.4']), statuses: [200], calls: 1 },
  { what: 'Expect: 100-continue', send: req('POST / HTTP/1.1', [HOST, 'Expect: 100-continue', 'Content-Length: 2'], 'hi'), statuses: [100, 200], calls: 1 },
  { what: 'a field line of exactly limitRequestFieldSize bytes, CRLF included', send: req('GET / HTTP/1.1', [HOST, fieldOf(FIELD_LIMIT)]), statuses: [200], calls: 1 },
  { what: 'a request line of exactly limitRequestLine bytes', send: req(lineOf(LINE_LIMIT)), statuses: [200], calls: 1 },
];

const REFUSED: Case[] = [
  // Routing: Host (RFC 9112 3.2).
  { what: 'two Host lines', send: req('GET / HTTP/1.1', ['Host: a.example', 'Host: b.example']), statuses: [400], calls: 0, reason: 'duplicate-field' },
  { what: 'two Host lines with the same value', send: req('GET / HTTP/1.1', [HOST, HOST]), statuses: [400], calls: 0, reason: 'duplicate-field' },
  { what: 'no Host in HTTP/1.1', send: req('GET / HTTP/1.1', []), statuses: [400], calls: 0, reason: 'missing-host' },
  { what: 'a Host with a space', send: req('GET / HTTP/1.1', ['Host: a b']), statuses: [400], calls: 0, reason: 'invalid-host' },
  { what: 'a Host with userinfo', send: req('GET / HTTP/1.1', ['Host: good.example@evil.example']), statuses: [400], calls: 0, reason: 'invalid-host' },
  { what: 'a Host with a path', send: req('GET / HTTP/1.1', ['Host: a.example/x']), statuses: [400], calls: 0, reason: 'invalid-host' },
  // Singleton fields (RFC 9110 5.3).
  {
    what: 'two Content-Type lines',
    send: req('POST / HTTP/1.1', [HOST, 'Content-Type: text/plain', 'Content-Type: application/json', 'Content-Length: 0']),
    statuses: [400],
    calls: 0,
    reason: 'duplicate-field',
  },
  { what: 'two Authorization lines', send: req('GET / HTTP/1.1', [HOST, 'Authorization: Basic YTpi', 'Authorization: Basic Yzpk']), statuses: [400], calls: 0, reason: 'duplicate-field' },
  // Framing (RFC 9112 6).
  {
    what: 'Transfer-Encoding in HTTP/1.0',
    send: 'POST / HTTP/1.0\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
    statuses: [400],
    calls: 0,
    reason: 'transfer-encoding-http10',
  },
  { what: 'Transfer-Encoding and Content-Length in HTTP/1.0', send: 'POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc', statuses: [400], calls: 0 },
  // Regression: the app was called, then the connection was reset with no answer.
  { what: 'Transfer-Encoding: identity alone', send: req('POST / HTTP/1.1', [HOST, 'Transfer-Encoding: identity'], 'abc'), statuses: [400], calls: 0, reason: 'invalid-transfer-coding' },
  { what: 'Transfer-Encoding: identity with Content-Length', send: req('POST / HTTP/1.1', [HOST, 'Transfer-Encoding: identity', 'Content-Length: 3'], 'abc'), statuses: [400], calls: 0 },
  {
    what: 'Transfer-Encoding: gzip, chunked (a coding tsgun does not decode)',
    send: req('POST / HTTP/1.1', [HOST, 'Transfer-Encoding: gzip, chunked'], '0\r\n\r\n'),
    statuses: [501],
    calls: 0,
    reason: 'unsupported-transfer-coding',
  },
  { what: 'Transfer-Encoding: chunked, gzip (chunked not last)', send: req('POST / HTTP/1.1', [HOST, 'Transfer-Encoding: chunked, gzip'], '0\r\n\r\n'), statuses: [400], calls: 0 },
  { what: 'Transfer-Encoding twice chunked', send: req('POST / HTTP/1.1', [HOST, CHUNKED, CHUNKED], '0\r\n\r\n'), statuses: [400], calls: 0 },
  { what: 'Content-Length with Transfer-Encoding', send: req('POST / HTTP/1.1', [HOST, 'Content-Length: 3', CHUNKED], '0\r\n\r\n'), statuses: [400], calls: 0 },
  { what: 'two Content-Length lines', send: req('POST / HTTP/1.1', [HOST, 'Content-Length: 5', 'Content-Length: 5'], 'hello'), statuses: [400], calls: 0 },
  { what: 'Content-Length as a list', send: req('POST / HTTP/1.1', [HOST, 'Content-Length: 5, 5'], 'hello'), statuses: [400], calls: 0 },
  { what: 'Content-Length with a sign', send: req('POST / HTTP/1.1', [HOST, 'Content-Length: +5'], 'hello'), statuses: [400], calls: 0 },
  { what: 'Content-Length not a number', send: req('POST / HTTP/1.1', [HOST, 'Content-Length: five'], 'hello'), statuses: [400], calls: 0 },
  { what: 'an empty Transfer-Encoding', send: req('POST / HTTP/1.1', [HOST, 'Transfer-Encoding:']), statuses: [400], calls: 0 },
  // Targets (RFC 9112 3.2).
  { what: 'GET * (asterisk-form is for OPTIONS only)', send: req('GET * HTTP/1.1'), statuses: [400], calls: 0, reason: 'asterisk-form' },
  { what: 'a malformed absolute-form target: PUT s://]ufd/:', send: req('PUT s://]ufd/: HTTP/1.1', [HOST, 'Content-Length: 0']), statuses: [400], calls: 0, reason: 'invalid-target' },
  { what: 'absolute-form naming another host than Host', send: req('GET http://b.example/x HTTP/1.1'), statuses: [400], calls: 0, reason: 'target-host-mismatch' },
  { what: 'absolute-form with another port than Host', send: req('GET http://a.example:8080/x HTTP/1.1'), statuses: [400], calls: 0, reason: 'target-host-mismatch' },
  { what: 'absolute-form for another scheme', send: req('GET ftp://a.example/x HTTP/1.1'), statuses: [400], calls: 0, reason: 'invalid-target' },
  { what: 'absolute-form with userinfo (RFC 9110 4.2.4)', send: req('GET http://user@a.example/x HTTP/1.1'), statuses: [400], calls: 0, reason: 'invalid-target' },
  { what: 'absolute-form with an empty host (RFC 9110 4.2.1)', send: req('GET http:///x HTTP/1.1'), statuses: [400], calls: 0, reason: 'invalid-target' },
  { what: 'a fragment in the target', send: req('GET /a#frag HTTP/1.1'), statuses: [400], calls: 0, reason: 'invalid-target' },
  { what: 'authority-form on GET', send: req('GET a.example:443 HTTP/1.1'), statuses: [400], calls: 0 },
  { what: 'a relative target', send: req('GET foo/bar HTTP/1.1'), statuses: [400], calls: 0 },
  { what: 'a target of only a query', send: req('GET ?a=b HTTP/1.1'), statuses: [400], calls: 0 },
  { what: 'a non-ASCII byte in the target', send: req('GET /caf\u00e9 HTTP/1.1'), statuses: [400], calls: 0 },
  { what: 'a tab in the target', send: req('GET /a\tb HTTP/1.1'), statuses: [400], calls: 0 },
  { what: 'two spaces after the version', send: 'GET / HTTP/1.1 \r\nHost: a.example\r\n\r\n', statuses: [400], calls: 0 },
  // Versions (RFC 9112 2.3).
  { what: 'HTTP/2.0 over HTTP/1 framing', send: req('GET / HTTP/2.0'), statuses: [505], calls: 0, reason: 'unsupported-version' },
  { what: 'HTTP/0.9 with a version', send: req('GET / HTTP/0.9'), statuses: [505], calls: 0, reason: 'unsupported-version' },
  { what: 'a request line without a version (HTTP/0.9)', send: 'GET /\r\n\r\n', statuses: [505], calls: 0, reason: 'unsupported-version' },
  { what: 'HTTP/1.2', send: req('GET / HTTP/1.2'), statuses: [400], calls: 0 },
  { what: 'HTTP/3.0', send: req('GET / HTTP/3.0'), statuses: [400], calls: 0 },
  { what: 'HTTP/1.10', send: req('GET / HTTP/1.10'), statuses: [400], calls: 0 },
  { what: 'the protocol name in lower case', send: req('GET / http/1.1'), statuses: [400], calls: 0 },
  { what: "HTTP/2's connection preface", send: 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', statuses: [400], calls: 0 },
  // Regression: an HTTP/1 request line claiming HTTP/2.0 was taken for an HTTP/2 stream: 400 from
  // the HTTP/2 checks instead of 505, and a CONNECT with it crashed the worker (its socket used as a response).
  { what: 'HTTP/2.0 over HTTP/1 framing, with two Host lines', send: req('GET / HTTP/2.0', [HOST, 'Host: b.example']), statuses: [505], calls: 0, reason: 'unsupported-version' },
  { what: 'CONNECT claiming HTTP/2.0 over HTTP/1 framing', send: 'CONNECT a.example:443 HTTP/2.0\r\nHost: a.example:443\r\n\r\n', statuses: [501], calls: 0, reason: 'connect-method' },
  // Methods.
  { what: 'an unknown method', send: req('FOO / HTTP/1.1'), statuses: [400], calls: 0, reason: 'invalid-method' },
  { what: 'a method in lower case', send: req('get / HTTP/1.1'), statuses: [400], calls: 0 },
  { what: 'a NUL in the method', send: 'GET\u0000 / HTTP/1.1\r\nHost: a.example\r\n\r\n', statuses: [400], calls: 0 },
  // Regression: the socket was reset without an answer.
  { what: 'CONNECT (tsgun is no tunnel)', send: 'CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\n\r\n', statuses: [501], calls: 0, reason: 'connect-method' },
  // Field syntax (RFC 9112 5).
  { what: 'obs-fold (RFC 9112 5.2)', send: req('GET / HTTP/1.1', [HOST, 'X-A: one', ' two']), statuses: [400], calls: 0, reason: 'invalid-field' },
  { what: 'bare LF line ends', send: 'GET / HTTP/1.1\nHost: a.example\n\n', statuses: [400], calls: 0 },
  { what: 'a bare LF after a field', send: 'GET / HTTP/1.1\r\nHost: a.example\nX-A: b\r\n\r\n', statuses: [400], calls: 0 },
  { what: 'whitespace before the colon (RFC 9112 5.1)', send: req('GET / HTTP/1.1', ['Host : a.example']), statuses: [400], calls: 0 },
  { what: 'whitespace before the first field line (RFC 9112 2.2)', send: req('GET / HTTP/1.1', [' Host: a.example']), statuses: [400], calls: 0 },
  { what: 'a NUL in a field value', send: req('GET / HTTP/1.1', [HOST, 'X-A: a\u0000b']), statuses: [400], calls: 0 },
  { what: 'a DEL in a field value', send: req('GET / HTTP/1.1', [HOST, 'X-A: a\u007fb']), statuses: [400], calls: 0 },
  { what: 'a non-ASCII byte in a field name', send: req('GET / HTTP/1.1', [HOST, 'Content-Length\u00df: 3']), statuses: [400], calls: 0 },
  { what: 'a field line with no colon', send: req('GET / HTTP/1.1', [HOST, 'X-A b']), statuses: [400], calls: 0 },
  // Limits, counted as Gunicorn counts them.
  { what: 'a field line one byte over limitRequestFieldSize', send: req('GET / HTTP/1.1', [HOST, fieldOf(FIELD_LIMIT + 1)]), statuses: [431], calls: 0, reason: 'field-too-large' },
  { what: 'a field line two bytes over limitRequestFieldSize', send: req('GET / HTTP/1.1', [HOST, fieldOf(FIELD_LIMIT + 2)]), statuses: [431], calls: 0, reason: 'field-too-large' },
  { what: 'a request line one byte over limitRequestLine', send: req(lineOf(LINE_LIMIT + 1)), statuses: [414], calls: 0, reason: 'request-line-too-long' },
  { what: 'more fields than limitRequestFields', send: req('GET / HTTP/1.1', [HOST, ...Array.from({ length: 100 }, (_, i) => `X-${i}: v`)]), statuses: [431], calls: 0, reason: 'too-many-fields' },
  // Bodies that break after the app got the request: it was called, and the client gets its 400.
  // Regression: the connection was reset without a status.
  { what: 'an invalid chunk size', send: req('POST / HTTP/1.1', [HOST, CHUNKED], 'zz\r\nhello\r\n0\r\n\r\n'), statuses: [400], calls: 1, reason: 'invalid-framing' },
  { what: 'a negative chunk size', send: req('POST / HTTP/1.1', [HOST, CHUNKED], '-5\r\nhello\r\n0\r\n\r\n'), statuses: [400], calls: 1, reason: 'invalid-framing' },
  { what: 'a bare CR in a chunk extension', send: req('POST / HTTP/1.1', [HOST, CHUNKED], '5;a=b\rc\r\nhello\r\n0\r\n\r\n'), statuses: [400], calls: 1 },
  { what: 'Content-Length in the trailers (llhttp refuses it)', send: req('POST / HTTP/1.1', [HOST, CHUNKED], '5\r\nhello\r\n0\r\nContent-Length: 99\r\n\r\n'), statuses: [400], calls: 1 },
  { what: 'Transfer-Encoding in the trailers', send: req('POST / HTTP/1.1', [HOST, CHUNKED], '5\r\nhello\r\n0\r\nTransfer-Encoding: chunked\r\n\r\n'), statuses: [400], calls: 1 },
  // Forbidden trailers llhttp passes on: kept from the app, and the connection closes (no Connection: close was asked).
  {
    what: 'Host in the trailers',
    send: req('POST / HTTP/1.1', [HOST, CHUNKED], '5\r\nhello\r\n0\r\nHost: evil.example\r\n\r\n', true),
    statuses: [200],
    calls: 1,
    reason: 'forbidden-trailer',
    check: (text) => {
      bodyIs('trailers=[]')(text);
      assert.match(text, /\r\nConnection: close\r\n/);
    },
  },
  {
    what: 'Authorization in the trailers, next to an allowed one',
    send: req('POST / HTTP/1.1', [HOST, CHUNKED], '5\r\nhello\r\n0\r\nAuthorization: Basic YTpi\r\nX-Checksum: abc\r\n\r\n', true),
    statuses: [200],
    calls: 1,
    reason: 'forbidden-trailer',
    check: bodyIs('trailers=["X-Checksum","abc"]'),
  },
];

const GARBAGE = 'G\u0001RBAGE / HTTP/1.1\r\n\r\n';
const BIG = 1_000_000;

const PIPELINED: Case[] = [
  {
    what: 'a valid request, then a malformed one: the response, then a 400',
    send: req('GET /one HTTP/1.1', [HOST, 'X-Case: -'], '', true) + GARBAGE,
    statuses: [200, 400],
    calls: 1,
    reason: 'invalid-method',
    check: bodyIs('case=- body=0'),
  },
  {
    what: 'a response answered later, then a malformed request: not cut, no 400 inside it',
    send: req('GET /later HTTP/1.1', [HOST], '', true) + GARBAGE,
    statuses: [200, 400],
    calls: 1,
  },
  {
    what: 'a 1 MB response in flight, then a malformed request: every byte, then the 400',
    send: req(`GET /big?n=${BIG} HTTP/1.1`, [HOST], '', true) + GARBAGE,
    statuses: [200, 400],
    calls: 1,
    check: (text) => {
      const [big, bad] = replies(text);
      assert.equal(big!.body.length, BIG);
      assert.ok(/^x+$/.test(big!.body), 'the body is whole and nothing is inside it');
      assert.equal(bad!.status, 400);
    },
  },
  {
    what: 'two valid requests, then a malformed one',
    send: req('GET /later HTTP/1.1', [HOST], '', true) + req('GET / HTTP/1.1', [HOST], '', true) + GARBAGE,
    statuses: [200, 200, 400],
    calls: 2,
  },
  {
    what: 'a valid request, then one the conformance check refuses',
    send: req('GET / HTTP/1.1', [HOST], '', true) + req('GET / HTTP/1.1', ['Host: a.example', 'Host: b.example'], '', true),
    statuses: [200, 400],
    calls: 1,
    reason: 'duplicate-field',
  },
  // Regression: the response was cut and nothing came back; RFC 9112 9.6 has the server stop reading.
  {
    what: 'Connection: close, then garbage: the response and no 400',
    send: req('GET /later HTTP/1.1') + GARBAGE,
    statuses: [200],
    calls: 1,
    reason: 'data-after-close',
  },
  { what: 'Connection: close, then a valid request: only the first is answered', send: req('GET / HTTP/1.1') + req('GET / HTTP/1.1'), statuses: [200], calls: 1 },
  {
    what: 'a malformed request sent after the first response came',
    send: [req('GET / HTTP/1.1', [HOST], '', true), GARBAGE],
    statuses: [200, 400],
    calls: 1,
  },
  {
    what: 'a valid request, then half a request and a half-close',
    send: req('GET /later HTTP/1.1', [HOST], '', true) + 'GET / HTT',
    halfClose: true,
    statuses: [200, 400],
    calls: 1,
    reason: 'incomplete-request',
  },
  { what: 'half a request line and a half-close', send: 'GET / HTT', halfClose: true, statuses: [400], calls: 0 },
];

const CASES: readonly Case[] = [...VALID, ...REFUSED, ...PIPELINED];

test(`${CASES.length} raw requests, each on a fresh connection to one tsgun`, async (t) => {
  assert.ok(CASES.length >= 60);
  const dir = tempDir(t);
  const file = join(dir, 'calls.txt');
  writeFileSync(file, '');
  const server = await startServer(t, { args: ['test/fixtures/edge/conformance-app.mjs', '-b', '127.0.0.1:0', '-w', '1', '--log-level', 'debug'], env: { EDGE_TEST_CALLS: file } });
  const port = Number(new URL(await server.url()).port);
  const calls = (): number => readFileSync(file, 'utf8').split('\n').length - 1;

  for (const c of CASES) {
    await t.test(c.what, async () => {
      const before = calls();
      const mark = server.lines.length;
      const text = await converse(port, typeof c.send === 'string' ? [c.send] : c.send, c.halfClose ?? false);
      assert.deepEqual(statusesOf(text), c.statuses, `read: ${JSON.stringify(text.length > 600 ? `${text.slice(0, 300)}…${text.slice(-300)}` : text)}`);
      assert.equal(calls() - before, c.calls, 'calls to the app');
      c.check?.(text);
      if (c.reason !== undefined) await server.waitFor((l) => l.event === 'request.client-error' && l['reason'] === c.reason, { after: mark, timeoutMs: 5_000 });
    });
  }

  const refusals = server.events('request.client-error');
  assert.ok(
    refusals.every((l) => l.level === 'debug' && typeof l['reason'] === 'string'),
    'each refusal is logged at debug with a reason',
  );
  assert.deepEqual(
    server.lines.filter((l) => l.level === 'error' || l.level === 'fatal'),
    [],
  );
  assert.equal(server.events('worker.exited').length, 0, 'the worker never crashed');
});

/** The status of each response, in order, from everything a connection read. */
function statusesOf(text: string): number[] {
  return [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
}

/** Writes each chunk on a new connection (the next once something came back for the earlier ones), then reads until the server closes. */
function converse(port: number, chunks: readonly string[], halfClose: boolean): Promise<string> {
  return talk({ port }, async (socket) => {
    for (const [i, chunk] of chunks.entries()) {
      if (socket.destroyed) return;
      socket.write(Buffer.from(chunk, 'latin1'));
      if (i < chunks.length - 1) await new Promise<void>((r) => socket.once('data', () => r()));
    }
    if (halfClose) socket.end();
  });
}
