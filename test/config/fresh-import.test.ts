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
