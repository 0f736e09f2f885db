// Durations with units (issue 12, item 7): every setting that takes seconds also takes `'500ms'`,
// `'30s'`, `'2m'`, `'1h'`, `'1m30s'`, from the file, env vars and flags alike. Resolution turns them
// into seconds (settings) and milliseconds (config.ms); bounds apply to the value in seconds.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coerceText } from '../../src/config/coerce.ts';
import { settings, settingsByName } from '../../src/config/registry.ts';
import { resolveConfig, type ResolveInput } from '../../src/config/resolve.ts';
import { validateValue } from '../../src/config/validate.ts';
import { DURATION_PATTERN, durationHint, parseDuration } from '../../src/config/units.ts';
import type { DurationString, UserConfig } from '../../src/index.ts';

const DURATIONS = ['timeout', 'bootTimeout', 'gracefulTimeout', 'requestTimeout', 'hookTimeout', 'keepAlive', 'headersTimeout', 'bodyTimeout', 'sendTimeout'];

const resolve = (input: Partial<ResolveInput>) => resolveConfig({ file: null, env: {}, cli: [], cpus: 2, cwd: '/srv/app', ...input });
const file = (config: Record<string, unknown>): NonNullable<ResolveInput['file']> => ({
  file: '/srv/app/tsgun.config.json',
  config: { app: './app.ts', ...config },
  locator: undefined,
  dependencies: [],
});

test('parseDuration: numbers are seconds; strings carry units, combined largest first', () => {
  const cases: [number | string, number][] = [
    [30, 30],
    [0.5, 0.5],
    ['500ms', 0.5],
    ['30s', 30],
    ['2m', 120],
    ['1h', 3600],
    ['1.5h', 5400],
    ['1m30s', 90],
    ['1h30m', 5400],
    ['1h2m3s', 3723],
    ['1s500ms', 1.5],
    [' 1m 30s ', 90],
    ['2 m', 120],
    ['0s', 0],
  ];
  for (const [text, seconds] of cases) assert.equal(parseDuration(text), seconds, JSON.stringify(text));
  for (const bad of ['30', '30 parsecs', '-5s', '1d', '30S', '30s1m', '1m1m', 's', '', '1.s', 'ms', '1h 30', '30 seconds']) {
    assert.throws(() => parseDuration(bad), /not a duration/, JSON.stringify(bad));
  }
});

test('the schema lists exactly the duration settings, each with the pattern parseDuration uses', () => {
  const marked = settings.filter((s) => s.meta.unit === 'seconds').map((s) => s.name);
  assert.deepEqual(marked.sort(), [...DURATIONS].sort());
  for (const name of DURATIONS) {
    const s = settingsByName.get(name)!;
    const branch = s.schema.anyOf!.find((b) => b.type === 'string')!;
    assert.equal(branch.pattern, DURATION_PATTERN, name);
    assert.equal(s.meta.tsType, name === 'requestTimeout' ? 'number | DurationString | null' : 'number | DurationString');
    assert.equal(s.meta.arg, '<duration>');
  }
});

test('a bad duration string gets a did-you-mean for its unit, or the list of units', () => {
  assert.equal(durationHint('10 secs'), '. Did you mean "10s"?');
  assert.equal(durationHint('2 minutes'), '. Did you mean "2m"?');
  assert.equal(durationHint('5 minuts'), '. Did you mean "5m"?');
  assert.equal(durationHint('30S'), '. Did you mean "30s"?');
  assert.equal(durationHint('1 hour'), '. Did you mean "1h"?');
  assert.equal(durationHint('250 millis'), '. Did you mean "250ms"?');
  assert.equal(durationHint('30'), '. Did you mean 30 (a number of seconds) or "30s"?');
  assert.equal(durationHint('-5s'), '; a duration cannot be negative');
  assert.equal(durationHint('30 parsecs'), '; the units are ms, s, m, h');
  assert.equal(durationHint('soon'), '', 'a word is no attempt at a duration');
  const [problem] = validateValue(settingsByName.get('timeout')!.schema, '30 parsecs', ['timeout']);
  assert.equal(problem!.message, 'must be a number >= 0 or a duration such as "30s", "500ms", "2m" or "1m30s" (got "30 parsecs"); the units are ms, s, m, h');
});

test('a duration from the file, an env var or a flag resolves to seconds in settings and milliseconds in ms', () => {
  const result = resolve({
    file: file({ timeout: '2m', keepAlive: '500ms', requestTimeout: '1m30s', gracefulTimeout: 45 }),
    env: { TSGUN_BOOT_TIMEOUT: '1h', TSGUN_HOOK_TIMEOUT: '15' },
    cli: [{ setting: 'sendTimeout', flag: '--send-timeout', raw: '1m30s' }],
  });
  assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
  const { settings: s, ms, sources } = result.config;
  assert.deepEqual([s.timeout, s.keepAlive, s.requestTimeout, s.gracefulTimeout, s.bootTimeout, s.hookTimeout, s.sendTimeout], [120, 0.5, 90, 45, 3600, 15, 90]);
  assert.deepEqual([ms.timeout, ms.keepAlive, ms.requestTimeout, ms.gracefulTimeout, ms.bootTimeout, ms.hookTimeout, ms.sendTimeout], [120_000, 500, 90_000, 45_000, 3_600_000, 15_000, 90_000]);
  assert.deepEqual(sources['bootTimeout'], { kind: 'env', name: 'TSGUN_BOOT_TIMEOUT' });
  assert.equal(ms.headersTimeout, 60_000, 'a default stays as it was');
});

test('env and flag text: a bare number is seconds, a string with a unit goes through as written', () => {
  const node = settingsByName.get('timeout')!.schema;
  assert.deepEqual(coerceText(node, '30', 'comma'), { ok: true, value: 30 });
  assert.deepEqual(coerceText(node, '1m30s', 'none'), { ok: true, value: '1m30s' });
  const result = resolve({ file: file({}), env: { TSGUN_TIMEOUT: '30 parsecs' } });
  assert.equal(result.ok, false);
  assert.deepEqual(!result.ok && result.problems.map((p) => [p.path, p.origin]), [['timeout', { kind: 'env', name: 'TSGUN_TIMEOUT' }]]);
});

test("each setting's bounds apply to the value in seconds: '0s' is refused where 0 is", () => {
  const result = resolve({ file: file({ bootTimeout: '0s', hookTimeout: '0ms', requestTimeout: '0m', timeout: '0s', keepAlive: '0s', bodyTimeout: '0s' }) });
  assert.equal(result.ok, false);
  const problems = !result.ok ? result.problems.map((p) => `${p.path}: ${p.message}`) : [];
  assert.deepEqual(problems.sort(), [
    'bootTimeout: must be longer than 0 seconds (got "0s")',
    'hookTimeout: must be longer than 0 seconds (got "0ms")',
    'requestTimeout: must be longer than 0 seconds (got "0m")',
  ]);
  assert.ok(resolve({ file: file({ bootTimeout: '1ms' }) }).ok);
});

test('keepAlive and gracefulTimeout are compared as parsed values, whatever their units', () => {
  const refused = resolve({ file: file({ keepAlive: '1m', gracefulTimeout: 30 }) });
  assert.equal(refused.ok, false);
  assert.deepEqual(!refused.ok && refused.problems.map((p) => `${p.path}: ${p.message}`), [
    'keepAlive: (1m = 60s) must be shorter than gracefulTimeout (30s): a draining worker waits up to keepAlive for idle connections before it closes them, and would be killed first',
  ]);
  // As strings, '10s' >= '1m' would refuse it; as durations 10 < 60.
  assert.ok(resolve({ file: file({ keepAlive: '10s', gracefulTimeout: '1m' }) }).ok);
  assert.equal(resolve({ file: file({ keepAlive: '30s', gracefulTimeout: '30000ms' }) }).ok, false);
});

test('the config type takes a number or a DurationString, and `npm run typecheck` refuses other strings', () => {
  const config = {
    timeout: '1m30s',
    keepAlive: 0.5,
    bootTimeout: '2m',
    hookTimeout: '500ms',
    requestTimeout: null,
    gracefulTimeout: '1h30m',
  } satisfies UserConfig;
  const duration: DurationString = '1s500ms';
  // @ts-expect-error: a unit tsgun does not know
  const parsecs: DurationString = '30 parsecs';
  // @ts-expect-error: a number string without a unit is not a duration (seconds are a number)
  const bare: UserConfig = { timeout: '30' };
  assert.ok(resolve({ file: file({ ...config, gracefulTimeout: '1h30m' }) }).ok);
  assert.deepEqual([parseDuration(duration), typeof parsecs, typeof bare], [1.5, 'string', 'object']);
});
