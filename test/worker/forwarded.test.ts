// Allow lists (forwardedAllowIps, proxyAllowIps) and the secure scheme headers of a trusted proxy.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TsgunError } from '../../src/errors/tsgun-error.ts';
import { compileAllowList, compileSchemeHeaders, forwardedScheme } from '../../src/worker/forwarded.ts';

test('allow lists: addresses, CIDR ranges, IPv4-mapped peers, unix peers and *', () => {
  const trusted = compileAllowList('forwardedAllowIps', ['127.0.0.1', '::1', '10.0.0.0/8', 'fd00::/8']);
  for (const peer of ['127.0.0.1', '::1', '10.200.3.4', '::ffff:10.1.2.3', '::ffff:127.0.0.1', 'fd12:3456::9', undefined]) assert.equal(trusted(peer), true, String(peer));
  for (const peer of ['127.0.0.2', '11.0.0.1', '::2', 'fe80::1', '::ffff:192.0.2.1', 'not-an-ip']) assert.equal(trusted(peer), false, peer);
  const any = compileAllowList('proxyAllowIps', ['*']);
  assert.equal(any('192.0.2.1'), true);
  const none = compileAllowList('proxyAllowIps', []);
  assert.equal(none('127.0.0.1'), false);
  assert.equal(none(undefined), true, 'a unix-socket peer is local: trusted, as in Gunicorn');
});

test('allow lists: an entry that is not an address or a CIDR range is a coded config error naming it', () => {
  for (const entry of ['localhost', '10.0.0.0/33', '::/129', '10.0.0.0/', '1.2.3.4/x', '300.1.1.1']) {
    assert.throws(
      () => compileAllowList('proxyAllowIps', ['127.0.0.1', entry]),
      (error: unknown) => {
        assert.ok(error instanceof TsgunError);
        assert.equal(error.code, 'TSG_CONFIG_INVALID');
        assert.equal(error.problems[0]?.path, 'proxyAllowIps[1]');
        assert.ok(error.message.includes(JSON.stringify(entry)));
        return true;
      },
    );
  }
});

const DEFAULTS = { 'X-FORWARDED-PROTOCOL': 'ssl', 'X-FORWARDED-PROTO': 'https', 'X-FORWARDED-SSL': 'on' };

test('secure scheme headers: names case-insensitive, a value other than the configured one means http', () => {
  const compiled = compileSchemeHeaders(DEFAULTS)!;
  assert.equal(forwardedScheme(['Host', 'x', 'X-Forwarded-Proto', 'https'], compiled), 'https');
  assert.equal(forwardedScheme(['x-forwarded-ssl', 'on'], compiled), 'https');
  assert.equal(forwardedScheme(['X-FORWARDED-PROTOCOL', ' SSL '], compiled), 'https');
  assert.equal(forwardedScheme(['X-Forwarded-Proto', 'http'], compiled), 'http');
  assert.equal(forwardedScheme(['Host', 'x', 'X-Forwarded-For', '1.2.3.4', 'X_Forwarded_Proto', 'https'], compiled), null);
  assert.equal(forwardedScheme([], compiled), null);
});

test('secure scheme headers that contradict each other are a conflict (Gunicorn: InvalidSchemeHeaders)', () => {
  const compiled = compileSchemeHeaders(DEFAULTS)!;
  assert.equal(forwardedScheme(['X-Forwarded-Proto', 'https', 'X-Forwarded-Ssl', 'off'], compiled), 'conflict');
  assert.equal(forwardedScheme(['X-Forwarded-Proto', 'http', 'X-Forwarded-Proto', 'https'], compiled), 'conflict');
  assert.equal(forwardedScheme(['X-Forwarded-Proto', 'https', 'X-Forwarded-Ssl', 'on'], compiled), 'https', 'agreeing headers are fine');
});

test('no secure scheme headers configured: nothing to scan', () => {
  assert.equal(compileSchemeHeaders({}), null);
  const custom = compileSchemeHeaders({ 'CloudFront-Forwarded-Proto': 'https' })!;
  assert.equal(forwardedScheme(['cloudfront-forwarded-proto', 'https', 'X-Forwarded-Proto', 'http'], custom), 'https');
});
