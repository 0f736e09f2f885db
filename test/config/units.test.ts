import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coerceText, parseKeyValues } from '../../src/config/coerce.ts';
import { settingsByName } from '../../src/config/registry.ts';
import { parseSize, parseUmask } from '../../src/config/units.ts';
import { didYouMean } from '../../src/util/did-you-mean.ts';

test('sizes: binary and SI units', () => {
  assert.equal(parseSize(1024), 1024);
  assert.equal(parseSize('512MiB'), 512 * 1024 ** 2);
  assert.equal(parseSize('512M'), 512 * 1024 ** 2);
  assert.equal(parseSize('1.5GB'), 1.5e9);
  assert.equal(parseSize('800kB'), 800_000);
  assert.equal(parseSize('100'), 100);
  assert.throws(() => parseSize('12 parsecs'));
});

test('umask: octal strings and numbers', () => {
  assert.equal(parseUmask('022'), 0o22);
  assert.equal(parseUmask('0o027'), 0o27);
  assert.equal(parseUmask(18), 18);
});

test('env and flag text is coerced by the setting type', () => {
  const node = (name: string) => settingsByName.get(name)!.schema;
  assert.deepEqual(coerceText(node('workers'), '4', 'comma'), { ok: true, value: 4 });
  assert.deepEqual(coerceText(node('workers'), 'auto', 'comma'), { ok: true, value: 'auto' });
  assert.deepEqual(coerceText(node('bind'), '127.0.0.1:1, [::1]:2', 'comma'), { ok: true, value: ['127.0.0.1:1', '[::1]:2'] });
  assert.deepEqual(coerceText(node('watch'), 'YES', 'comma'), { ok: true, value: true });
  assert.deepEqual(coerceText(node('watch'), 'off', 'comma'), { ok: true, value: false });
  assert.equal(coerceText(node('watch'), 'maybe', 'comma').ok, false);
  assert.deepEqual(coerceText(node('pidfile'), '', 'comma'), { ok: true, value: null });
  assert.deepEqual(coerceText(node('maxMemory'), '512MiB', 'comma'), { ok: true, value: '512MiB' });
  assert.deepEqual(coerceText(node('secureSchemeHeaders'), '{"X-A":"b"}', 'comma'), { ok: true, value: { 'X-A': 'b' } });
  assert.equal(coerceText(node('secureSchemeHeaders'), 'nope', 'comma').ok, false);
  assert.deepEqual(parseKeyValues(['A=1', 'B=x=y']), { ok: true, value: { A: '1', B: 'x=y' } });
  assert.equal(parseKeyValues(['=1']).ok, false);
});

test('did-you-mean: typos, case and separators, nothing for the unrelated', () => {
  const names = ['workers', 'maxRequests', 'maxRequestsJitter', 'timeout', 'bind'];
  assert.equal(didYouMean('wrokers', names), 'workers');
  assert.equal(didYouMean('max_requests', names), 'maxRequests');
  assert.equal(didYouMean('MAXREQUESTS', names), 'maxRequests');
  assert.equal(didYouMean('timout', names), 'timeout');
  assert.equal(didYouMean('database', names), undefined);
});
