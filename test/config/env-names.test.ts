// The config refuses an unknown TSGUN_* variable, so a TSGUN_* name that tsgun itself reads but that
// is no setting must be known as such: TSGUN_MASTER_V8=default, documented in docs/security.md, made
// every config invalid ("TSGUN_MASTER_V8 is not a tsgun environment variable") until it was.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { allSettings } from '../../src/config/registry.ts';
import { NON_SETTING_ENV } from '../../src/config/layers.ts';
import { resolveConfig } from '../../src/config/resolve.ts';

const srcRoot = join(import.meta.dirname, '../../src');

/** Every TSGUN_* name src/ has in a string literal (settings' names are derived, so none of those appear). */
function namesInSource(): Set<string> {
  const names = new Set<string>();
  for (const entry of readdirSync(srcRoot, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.generated.ts')) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const [, name] of text.matchAll(/['"`](TSGUN_[A-Z0-9_]*[A-Z0-9])['"`]/g)) names.add(name!);
  }
  return names;
}

test('every TSGUN_* variable src/ names is a setting or a known non-setting', () => {
  const settings = new Set(allSettings.flatMap((s) => (s.envVar === null ? [] : [s.envVar])));
  const found = namesInSource();
  assert.ok(found.has('TSGUN_MASTER_V8'), 'the scan finds the names src/ reads');
  const unknown = [...found].filter((name) => !settings.has(name) && !NON_SETTING_ENV.has(name));
  assert.deepEqual(unknown, []);
});

test('TSGUN_MASTER_V8, TSGUN_CONFIG and TSGUN_UPGRADE do not make a config invalid', () => {
  const result = resolveConfig({
    file: null,
    env: { TSGUN_APP: './app.ts', TSGUN_MASTER_V8: 'default', TSGUN_CONFIG: 'tsgun.config.ts', TSGUN_UPGRADE: '[]' },
    cli: [],
    cpus: 1,
    cwd: '/srv/app',
  });
  assert.deepEqual(result.ok ? [] : result.problems.map((p) => p.message), []);
});
