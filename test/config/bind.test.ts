import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bindKey, parseBind } from '../../src/config/bind.ts';

test('parses every bind form', () => {
  assert.deepEqual(parseBind('127.0.0.1:8000'), { ok: true, address: { kind: 'tcp', host: '127.0.0.1', port: 8000, family: 4, text: '127.0.0.1:8000' } });
  assert.deepEqual(parseBind('[::1]:0'), { ok: true, address: { kind: 'tcp', host: '::1', port: 0, family: 6, text: '[::1]:0' } });
  assert.deepEqual(parseBind('localhost:80'), { ok: true, address: { kind: 'tcp', host: 'localhost', port: 80, family: 0, text: 'localhost:80' } });
  assert.deepEqual(parseBind('unix:/run/app.sock'), { ok: true, address: { kind: 'unix', path: '/run/app.sock', mode: null, text: 'unix:/run/app.sock' } });
  assert.deepEqual(parseBind('unix:/run/app.sock|660'), { ok: true, address: { kind: 'unix', path: '/run/app.sock', mode: 0o660, text: 'unix:/run/app.sock|660' } });
  assert.deepEqual(parseBind('fd://3'), { ok: true, address: { kind: 'fd', fd: 3, text: 'fd://3' } });
});

test('rejects malformed binds with the reason', () => {
  const reason = (text: string): string => {
    const r = parseBind(text);
    assert.equal(r.ok, false, text);
    return r.ok ? '' : r.reason;
  };
  assert.match(reason('localhost'), /^the port is missing/);
  assert.match(reason('::1:80'), /must be written in brackets/);
  assert.match(reason('[::1]80'), /port is missing after the IPv6/);
  assert.match(reason('[nope]:80'), /not an IPv6 address/);
  assert.match(reason('1.2.3.4:70000'), /not a port from 0 to 65535/);
  assert.match(reason(':80'), /host is missing/);
  assert.match(reason('bad_host!:80'), /not a valid host name/);
  assert.match(reason('unix:'), /path is empty/);
  assert.match(reason('unix:/x|999'), /not an octal mode/);
  assert.match(reason('fd://x'), /not a file descriptor/);
});

test('bindKey identifies the same listener written two ways', () => {
  const key = (text: string): string => {
    const r = parseBind(text);
    assert.ok(r.ok);
    return bindKey(r.address);
  };
  assert.equal(key('LOCALHOST:80'), key('localhost:080'));
  assert.notEqual(key('127.0.0.1:80'), key('127.0.0.1:81'));
});
