// The URL a Fetch app is given: origin from tsgun's scheme and the Host header, path from the
// target's own bytes (request-url.ts).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BadRequestTarget, isValidHost, requestUrl } from '../../src/worker/request-url.ts';

test('Host values: names, addresses and ports pass; anything that could carry another authority fails', () => {
  for (const host of ['good.example', 'GOOD.example:8080', '127.0.0.1', '127.0.0.1:65535', '[::1]', '[::1]:80', '[2001:db8::7]', 'under_score.local', 'host:']) {
    assert.equal(isValidHost(host), true, host);
  }
  for (const host of ['a b', 'good.example@evil.example', 'evil.example/x', 'a:99999', 'a:8o', ':80', '[::1', '[zz::1]', '[::1]x', '[:::::]', 'a\\b', 'caf\u00e9.example', 'a?b', 'a#b', '']) {
    assert.equal(isValidHost(host), false, host);
  }
});

test('the path is the target as sent; only what the URL parser would reinterpret is percent-encoded', () => {
  assert.equal(
    requestUrl('http', '//evil.example/admin/secret', 'good.example', () => 'x'),
    'http://good.example//evil.example/admin/secret',
  );
  assert.equal(new URL(requestUrl('http', '//evil.example/admin', 'good.example', () => 'x')).host, 'good.example');
  assert.equal(
    requestUrl('https', '/a?b=c&d=%2F', 'good.example', () => 'x'),
    'https://good.example/a?b=c&d=%2F',
  );
  // `\` would become `/`, `#` would start a fragment and drop the rest, a latin1 byte would be re-encoded as UTF-8.
  assert.equal(
    requestUrl('http', '/\\admin', 'h', () => 'x'),
    'http://h/%5Cadmin',
  );
  assert.equal(
    requestUrl('http', '/public#/../admin', 'h', () => 'x'),
    'http://h/public%23/../admin',
  );
  assert.equal(
    requestUrl('http', '/caf\u00e9', 'h', () => 'x'),
    'http://h/caf%E9',
  );
  assert.equal(new URL(requestUrl('http', '/\\admin', 'h', () => 'x')).pathname, '/%5Cadmin');
});

test("absolute-form targets keep tsgun's scheme and must name the Host", () => {
  assert.equal(
    requestUrl('http', 'https://good.example/abs?q', 'good.example', () => 'x'),
    'http://good.example/abs?q',
  );
  assert.equal(
    requestUrl('http', 'HTTP://Good.Example:80', 'good.example:80', () => 'x'),
    'http://good.example:80/',
  );
  assert.equal(
    requestUrl('http', 'http://good.example?q', 'good.example', () => 'x'),
    'http://good.example/?q',
  );
  assert.throws(
    () => requestUrl('http', 'https://bank.example/abs', 'good.example', () => 'x'),
    (e: unknown) => e instanceof BadRequestTarget && e.code === 'INVALID_TARGET',
  );
});

test('no Host (HTTP/1.0) uses the local address; a bad Host or a target that is not a path is refused', () => {
  assert.equal(
    requestUrl('http', '/x', undefined, () => '127.0.0.1:8000'),
    'http://127.0.0.1:8000/x',
  );
  assert.equal(
    requestUrl('http', '/x', '', () => '[::1]:8000'),
    'http://[::1]:8000/x',
  );
  assert.throws(
    () => requestUrl('http', '/', 'a b', () => 'x'),
    (e: unknown) => e instanceof BadRequestTarget && e.code === 'INVALID_HOST',
  );
  assert.throws(
    () => requestUrl('http', '*', 'h', () => 'x'),
    (e: unknown) => e instanceof BadRequestTarget && e.code === 'INVALID_TARGET',
  );
  assert.throws(
    () => requestUrl('http', 'h:443', 'h', () => 'x'),
    (e: unknown) => e instanceof BadRequestTarget && e.code === 'INVALID_TARGET',
  );
});
