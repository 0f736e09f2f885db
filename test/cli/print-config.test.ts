// `tsgun print-config` shows each value and where it came from: flag > env > file > default.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { runCli, tempDir } from '../helpers/cli.ts';

test('a flag overrides an env var, which overrides the file, which overrides the default', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'app.mjs'), 'export default () => {};\n');
  writeFileSync(join(dir, 'tsgun.config.json'), '{\n  "app": "./app.mjs",\n  "workers": 2,\n  "timeout": 40,\n  "keepAlive": 4\n}\n');
  const args = ['print-config', '--format', 'json', '--workers', '4'];
  const r = await runCli(args, { cwd: dir, env: { TSGUN_WORKERS: '3', TSGUN_TIMEOUT: '50' } });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { configFile: string; settings: Record<string, { value: unknown; source: string; from?: string }> };
  const file = join(dir, 'tsgun.config.json');
  assert.equal(out.configFile, file);
  assert.deepEqual(out.settings['workers'], { value: 4, source: 'cli', from: '--workers' });
  assert.deepEqual(out.settings['timeout'], { value: 50, source: 'env', from: 'TSGUN_TIMEOUT' });
  assert.deepEqual(out.settings['keepAlive'], { value: 4, source: 'file', from: `${file}:5:16` });
  assert.deepEqual(out.settings['gracefulTimeout'], { value: 30, source: 'default' });
  assert.deepEqual(out.settings['onStarting'], { value: null, source: 'default' });
});

test('yaml is the default format and lists every setting', async () => {
  const r = await runCli(['print-config', '--config', 'examples/hello/tsgun.config.ts']);
  assert.equal(r.code, 0, r.stderr);
  const out = parse(r.stdout) as { settings: Record<string, { source: string }> };
  assert.ok(Object.keys(out.settings).length >= 45);
  assert.equal(out.settings['accessLog']!.source, 'file');
});

test('hooks show as functions', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'app.mjs'), 'export default () => {};\n');
  writeFileSync(join(dir, 'tsgun.config.mjs'), "export default { app: './app.mjs', onStarting() {} };\n");
  const r = await runCli(['print-config', '--format', 'json'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { settings: Record<string, { value: unknown }> }).settings['onStarting']!.value, '[function onStarting]');
});
