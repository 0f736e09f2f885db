// The conformance check over what llhttp parsed (src/worker/conformance.ts): each rule on its own,
// the limits at their exact boundaries, Host and absolute-form syntax, and the trailer filter.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allowedTrailers, CHUNKED, checkRequest, isHost, type RequestHead, type RequestLimits } from '../../src/worker/conformance.ts';

const LIMITS: RequestLimits = { requestLine: 4094, fields: 100, fieldSize: 8190, headersSize: 32768 };

function head(overrides: Partial<RequestHead> = {}): RequestHead {
  return { method: 'GET', url: '/', httpVersionMajor: 1, httpVersionMinor: 1, rawHeaders: ['Host', 'example.com'], ...overrides };
}

const reason = (h: RequestHead, limits: RequestLimits = LIMITS): string | null => {
  const verdict = checkRequest(h, limits);
  return verdict === null || verdict === CHUNKED ? verdict : verdict.reason;
};

test('an ordinary request passes, with no verdict to act on', () => {
  assert.equal(checkRequest(head(), LIMITS), null);
  assert.equal(checkRequest(head({ httpVersionMinor: 0, rawHeaders: [] }), LIMITS), null, 'HTTP/1.0 needs no Host');
  assert.equal(checkRequest(head({ method: 'POST', rawHeaders: ['host', 'a', 'Transfer-Encoding', 'chunked'] }), LIMITS), CHUNKED);
  assert.equal(checkRequest(head({ method: 'POST', rawHeaders: ['host', 'a', 'transfer-encoding', 'CHUNKED'] }), LIMITS), CHUNKED, 'codings are case-insensitive');
});

test('versions other than HTTP/1.0 and HTTP/1.1 get 505', () => {
  for (const [major, minor] of [
    [0, 9],
    [2, 0],
    [1, 2],
    [3, 0],
  ] as const) {
    const verdict = checkRequest(head({ httpVersionMajor: major, httpVersionMinor: minor }), LIMITS);
    assert.ok(verdict !== null && verdict !== CHUNKED);
    assert.equal(verdict.status, 505, `HTTP/${major}.${minor}`);
    assert.equal(verdict.reason, 'unsupported-version');
  }
});

test('Host: required in HTTP/1.1, once, and a host[:port]', () => {
  assert.equal(reason(head({ rawHeaders: [] })), 'missing-host');
  assert.equal(reason(head({ rawHeaders: ['Host', 'a', 'HOST', 'b'] })), 'duplicate-field');
  assert.equal(reason(head({ rawHeaders: ['Host', 'a', 'Host', 'a'] })), 'duplicate-field', 'even the same value twice');
  assert.equal(reason(head({ rawHeaders: ['Host', 'a b'] })), 'invalid-host');
  assert.equal(reason(head({ rawHeaders: ['Host', 'user@a'] })), 'invalid-host');
  assert.equal(reason(head({ rawHeaders: ['Host', 'a/b'] })), 'invalid-host');
  assert.equal(reason(head({ rawHeaders: ['Host', 'a:99999'] })), 'invalid-host');
  assert.equal(reason(head({ rawHeaders: ['Host', ''] })), null, 'an empty Host is in the grammar (RFC 9110 7.2)');
  assert.equal(reason(head({ rawHeaders: ['Host', '[::1]:8080'] })), null);
  assert.equal(reason(head({ rawHeaders: ['Host', 'a.example:8080'] })), null);
});

test('singleton fields twice are refused; list fields twice are not', () => {
  assert.equal(reason(head({ rawHeaders: ['Host', 'a', 'Content-Type', 'text/plain', 'content-type', 'text/html'] })), 'duplicate-field');
  assert.equal(reason(head({ rawHeaders: ['Host', 'a', 'Authorization', 'x', 'Authorization', 'y'] })), 'duplicate-field');
  assert.equal(reason(head({ rawHeaders: ['Host', 'a', 'Proxy-Authorization', 'x', 'proxy-authorization', 'y'] })), 'duplicate-field');
  assert.equal(reason(head({ rawHeaders: ['Host', 'a', 'Accept', 'a', 'Accept', 'b', 'Cookie', 'a=1', 'Cookie', 'b=2'] })), null);
  // A name of the same length as a singleton's is not taken for it.
  assert.equal(reason(head({ rawHeaders: ['Host', 'a', 'Content-Tipe', 'x', 'Content-Tipe', 'y', 'Hist', '1', 'Hist', '2'] })), null);
});

test('Transfer-Encoding: never in HTTP/1.0, and chunked only', () => {
  assert.equal(reason(head({ httpVersionMinor: 0, rawHeaders: ['Transfer-Encoding', 'chunked'] })), 'transfer-encoding-http10');
  assert.equal(reason(head({ rawHeaders: ['Host', 'a', 'Transfer-Encoding', 'identity'] })), 'invalid-transfer-coding');
  assert.equal(reason(head({ rawHeaders: ['Host', 'a', 'Transfer-Encoding', 'chunked, gzip'] })), 'invalid-transfer-coding');
  assert.equal(reason(head({ rawHeaders: ['Host', 'a', 'Transfer-Encoding', 'gzip, chunked'] })), 'unsupported-transfer-coding');
  assert.equal(reason(head({ rawHeaders: ['Host', 'a', 'Transfer-Encoding', 'identity', 'Transfer-Encoding', 'chunked'] })), 'unsupported-transfer-coding');
  const verdict = checkRequest(head({ rawHeaders: ['Host', 'a', 'Transfer-Encoding', 'gzip,chunked'] }), LIMITS);
  assert.ok(verdict !== null && verdict !== CHUNKED && verdict.status === 501);
});

test('targets: origin-form, * for OPTIONS only, absolute-form http(s) naming the Host', () => {
  assert.equal(reason(head({ url: '/a?b=c&d[]=1' })), null);
  assert.equal(reason(head({ url: '/a#frag' })), 'invalid-target');
  assert.equal(reason(head({ method: 'OPTIONS', url: '*' })), null);
  assert.equal(reason(head({ method: 'GET', url: '*' })), 'asterisk-form');
  assert.equal(reason(head({ url: 'http://example.com/x' })), null);
  assert.equal(reason(head({ url: 'HTTP://EXAMPLE.com/x' })), null, 'scheme and host compare without case');
  assert.equal(reason(head({ url: 'http://example.com' })), null, 'an empty path');
  assert.equal(reason(head({ url: 'http://example.com:80/x' })), null, 'the default port is the same authority');
  assert.equal(reason(head({ url: 'https://example.com:443/x' })), null);
  assert.equal(reason(head({ url: 'http://example.com:8080/x' })), 'target-host-mismatch');
  assert.equal(reason(head({ url: 'http://other.example/x' })), 'target-host-mismatch');
  assert.equal(reason(head({ url: 'http://other.example/x', httpVersionMinor: 0, rawHeaders: [] })), null, 'no Host to disagree with');
  assert.equal(reason(head({ url: 's://]ufd/:' })), 'invalid-target');
  assert.equal(reason(head({ url: 'http://]ufd/' })), 'invalid-target');
  assert.equal(reason(head({ url: 'ftp://example.com/x' })), 'invalid-target');
  assert.equal(reason(head({ url: 'http:/x' })), 'invalid-target');
  assert.equal(reason(head({ url: 'http:///x' })), 'invalid-target', 'an http URI with an empty host (RFC 9110 4.2.1)');
  assert.equal(reason(head({ url: 'http://u:p@example.com/x' })), 'invalid-target', 'userinfo (RFC 9110 4.2.4)');
  assert.equal(reason(head({ url: 'http://example.com/x#y' })), 'invalid-target');
});

test('limitRequestLine counts the request line as Gunicorn does: method SP target SP version, no CRLF', () => {
  const limits = { ...LIMITS, requestLine: 100 };
  // GET + SP + target + SP + HTTP/1.1 = 3 + 1 + n + 1 + 8
  const target = (n: number) => `/${'a'.repeat(n - 1)}`;
  assert.equal(reason(head({ url: target(87) }), limits), null, 'exactly 100 bytes');
  assert.equal(reason(head({ url: target(88) }), limits), 'request-line-too-long');
  assert.equal(reason(head({ url: target(5000) }), { ...limits, requestLine: 0 }), null, '0: no limit of its own');
});

test('limitRequestFieldSize counts the whole field line with its CRLF, as Gunicorn does', () => {
  const limits = { ...LIMITS, fieldSize: 8190 };
  // `X-Long: ` (8) + value + CRLF (2): the line is 8190 bytes with a value of 8180.
  const field = (valueLength: number) => ['Host', 'a', 'X-Long', 'v'.repeat(valueLength)];
  assert.equal(reason(head({ rawHeaders: field(8180) }), limits), null, 'a line of exactly 8190 bytes');
  // Regression: name + value + 2 was counted, so lines of 8191 and 8192 bytes passed.
  assert.equal(reason(head({ rawHeaders: field(8181) }), limits), 'field-too-large', 'one byte over');
  assert.equal(reason(head({ rawHeaders: field(8182) }), limits), 'field-too-large', 'two bytes over');
  assert.equal(reason(head({ rawHeaders: field(20_000) }), { ...limits, fieldSize: 0, headersSize: 65536 }), null, '0: no limit of its own');
});

test('limitRequestFields and limitRequestHeadersSize', () => {
  const many = (n: number) => ['Host', 'a', ...Array.from({ length: n - 1 }, (_, i) => [`X-${i}`, 'v']).flat()];
  assert.equal(reason(head({ rawHeaders: many(100) })), null);
  assert.equal(reason(head({ rawHeaders: many(101) })), 'too-many-fields');
  assert.equal(reason(head({ rawHeaders: many(500) }), { ...LIMITS, fields: 0 }), null);
  // `Host: a` with CRLF (9 bytes) + 4 lines of `X-n: ` + 1000 + CRLF (1007 each) = 4037.
  const sized = ['Host', 'a', ...Array.from({ length: 4 }, (_, i) => [`X-${i}`, 'v'.repeat(1000)]).flat()];
  assert.equal(reason(head({ rawHeaders: sized }), { ...LIMITS, headersSize: 4037 }), null);
  assert.equal(reason(head({ rawHeaders: sized }), { ...LIMITS, headersSize: 4036 }), 'header-section-too-large');
});

test('statuses: 414 and 431 for limits, 400 for ambiguities, 501 and 505', () => {
  const status = (h: RequestHead, limits = LIMITS) => {
    const v = checkRequest(h, limits);
    return v === null || v === CHUNKED ? 200 : v.status;
  };
  assert.equal(status(head({ url: `/${'a'.repeat(5000)}` })), 414);
  assert.equal(status(head({ rawHeaders: ['Host', 'a', 'X', 'v'.repeat(9000)] })), 431);
  assert.equal(status(head({ rawHeaders: ['Host', 'a', 'Host', 'b'] })), 400);
  assert.equal(status(head({ httpVersionMajor: 2, httpVersionMinor: 0 })), 505);
  const limit = checkRequest(head({ url: `/${'a'.repeat(5000)}` }), LIMITS);
  assert.ok(limit !== null && limit !== CHUNKED && limit.code === 'REQUEST_LIMIT');
  const ambiguity = checkRequest(head({ url: '*' }), LIMITS);
  assert.ok(ambiguity !== null && ambiguity !== CHUNKED && ambiguity.code === 'NONCONFORMING_REQUEST');
});

test('the check allocates nothing for an ordinary request (a heap that does not grow over 200k checks)', () => {
  const h = head({ rawHeaders: ['Host', 'localhost:8000', 'User-Agent', 'bench/1.0', 'Accept', '*/*', 'Connection', 'keep-alive'] });
  for (let i = 0; i < 10_000; i++) checkRequest(h, LIMITS);
  const before = process.memoryUsage().heapUsed;
  let passed = 0;
  for (let i = 0; i < 200_000; i++) if (checkRequest(h, LIMITS) === null) passed++;
  const grown = process.memoryUsage().heapUsed - before;
  assert.equal(passed, 200_000);
  // An allocation of even 16 bytes per call would be 3.2 MB.
  assert.ok(grown < 1_000_000, `heap grew by ${grown} bytes`);
});

test('isHost: reg-name, IPv4, IP literal, port', () => {
  const ok = (s: string, empty = false) => isHost(s, 0, s.length, empty);
  assert.ok(ok('example.com'));
  assert.ok(ok('a-b_c~d.example:0'));
  assert.ok(ok('%41bc'));
  assert.ok(ok('[2001:db8::1]'));
  assert.ok(ok('[::ffff:1.2.3.4]:443'));
  assert.ok(ok('', true));
  assert.ok(!ok(''));
  assert.ok(!ok(':80'));
  assert.ok(!ok('a:8x'));
  assert.ok(!ok('a:123456'));
  assert.ok(!ok('[]'));
  assert.ok(!ok('[::1'));
  assert.ok(!ok('[::1]x'));
  assert.ok(!ok('%4'));
  assert.ok(!ok('caf\u00e9'));
  assert.ok(!ok('a]b'));
});

test('allowedTrailers drops what RFC 9110 6.5.1 keeps out of trailers, and allocates only then', () => {
  assert.equal(allowedTrailers([]), null);
  assert.equal(allowedTrailers(['X-Checksum', 'abc', 'Server-Timing', 'db;dur=5']), null);
  assert.deepEqual(allowedTrailers(['Host', 'evil', 'X-Checksum', 'abc', 'authorization', 'x', 'Cookie', 'a=1']), ['X-Checksum', 'abc']);
  assert.deepEqual(allowedTrailers(['X-A', '1', 'CONTENT-TYPE', 'x', 'X-B', '2']), ['X-A', '1', 'X-B', '2']);
});
