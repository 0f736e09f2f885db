// A TS config and the local files it imports are read afresh by every load in the same process
// (what a reload relies on), and the loader reports the files it depends on.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load-config.ts';
import { linkTsgun, tempDir } from '../helpers/cli.ts';

test('editing a TS config and a helper it imports is seen by the next load', async (t) => {
  const dir = tempDir(t);
  linkTsgun(dir);
  mkdirSync(join(dir, 'lib'));
  writeFileSync(join(dir, 'app.ts'), 'export default () => {};\n');
  writeFileSync(join(dir, 'lib/ports.ts'), "import { base } from './base.ts';\nexport const port: number = base + 1;\n");
  writeFileSync(join(dir, 'lib/base.ts'), 'export const base: number = 8000;\n');
  writeFileSync(
    join(dir, 'tsgun.config.ts'),
    "import { port } from './lib/ports.ts';\nimport { defineConfig } from 'tsgun';\nexport default defineConfig({ app: './app.ts', bind: [`127.0.0.1:${port}`], workers: 2 });\n",
  );
  const load = () => loadConfig({ cwd: dir, env: {}, cli: [], cpus: 1, command: 'check' });

  const first = await load();
  assert.deepEqual(first.settings.bind, ['127.0.0.1:8001']);
  assert.equal(first.settings.workers, 2);
  assert.deepEqual(
    [...first.dependencies].sort(),
    [join(dir, 'lib/base.ts'), join(dir, 'lib/ports.ts'), join(dir, 'tsgun.config.ts')],
    'the config, its helper and the helper of the helper; not the tsgun package',
  );

  writeFileSync(join(dir, 'lib/base.ts'), 'export const base: number = 9000;\n');
  writeFileSync(
    join(dir, 'tsgun.config.ts'),
    "import { port } from './lib/ports.ts';\nimport { defineConfig } from 'tsgun';\nexport default defineConfig({ app: './app.ts', bind: [`127.0.0.1:${port}`], workers: 3 });\n",
  );
  const second = await load();
  assert.deepEqual(second.settings.bind, ['127.0.0.1:9001']);
  assert.equal(second.settings.workers, 3);
  assert.equal(second.dependencies.length, 3);
});

test('a config function is called with the command, sync or async', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'app.ts'), 'export default () => {};\n');
  writeFileSync(
    join(dir, 'tsgun.config.mts'),
    "export default async ({ command }: { command: string }) => ({ app: './app.ts', workers: command === 'check' ? 5 : 1 });\n",
  );
  const config = await loadConfig({ cwd: dir, env: {}, cli: [], cpus: 1, command: 'check' });
  assert.equal(config.settings.workers, 5);
});

test('a load with pinned texts runs the config as the master read it, whatever the disk says now', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'app.ts'), 'export default () => {};\n');
  writeFileSync(join(dir, 'workers.ts'), 'export const workers: number = 2;\n');
  writeFileSync(join(dir, 'tsgun.config.ts'), "import { workers } from './workers.ts';\nexport default { app: './app.ts', workers };\n");
  const load = (pinned?: Readonly<Record<string, string>>) => loadConfig({ cwd: dir, env: {}, cli: [], cpus: 1, command: 'serve', pinned });

  const master = await load();
  assert.equal(master.settings.workers, 2);
  assert.deepEqual(Object.keys(master.texts).sort(), [join(dir, 'tsgun.config.ts'), join(dir, 'workers.ts')]);

  // The deploy edits both files (one of them into something broken) after the master read them.
  writeFileSync(join(dir, 'workers.ts'), 'export const workers: number = 7;\n');
  writeFileSync(join(dir, 'tsgun.config.ts'), 'export default {{ broken\n');
  const worker = await load(master.texts);
  assert.equal(worker.settings.workers, 2, 'the pinned helper, not the edited one');
  await assert.rejects(load(), (e: { code?: string }) => e.code === 'TSG_CONFIG_LOAD', 'without pins the disk is read');
});

test('JSON configs are pinned too', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'app.mjs'), 'export default () => {};\n');
  writeFileSync(join(dir, 'tsgun.config.json'), '{ "app": "./app.mjs", "workers": 3 }\n');
  const first = await loadConfig({ cwd: dir, env: {}, cli: [], cpus: 1, command: 'serve' });
  writeFileSync(join(dir, 'tsgun.config.json'), '{ "app": "./app.mjs", "workers": 9 }\n');
  const pinned = await loadConfig({ cwd: dir, env: {}, cli: [], cpus: 1, command: 'serve', pinned: first.texts });
  assert.equal(pinned.settings.workers, 3);
});
