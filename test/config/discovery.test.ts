// Discovery: every supported file name is found from the working directory, in the documented order.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { findConfigFile, SEARCH_PLACES } from '../../src/config/load-file.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { isTsgunError } from '../../src/errors/tsgun-error.ts';
import { tempDir } from '../helpers/cli.ts';

const CONTENT: Record<string, string> = {
  ts: "export default { app: './app.ts', workers: 7 as number };\n",
  mts: "export default { app: './app.ts', workers: 7 };\n",
  js: "export default { app: './app.ts', workers: 7 };\n",
  mjs: "export default { app: './app.ts', workers: 7 };\n",
  cjs: "module.exports = { app: './app.ts', workers: 7 };\n",
  json: '{ "app": "./app.ts", "workers": 7 }\n',
  yaml: 'app: ./app.ts\nworkers: 7\n',
  yml: 'app: ./app.ts\nworkers: 7\n',
  rc: 'app: ./app.ts\nworkers: 7\n',
};

for (const place of SEARCH_PLACES) {
  test(`finds and loads ${place}`, async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'app.ts'), 'export default () => {};\n');
    if (place === 'package.json') {
      writeFileSync(join(dir, place), JSON.stringify({ name: 'x', type: 'module', tsgun: { app: './app.ts', workers: 7 } }));
    } else {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', type: 'module' }));
      const ext = place === '.tsgunrc' ? 'rc' : place.split('.').at(-1)!;
      writeFileSync(join(dir, place), CONTENT[ext]!);
    }
    const sub = join(dir, 'src', 'deep');
    mkdirSync(sub, { recursive: true });
    assert.equal(await findConfigFile(sub), join(dir, place), 'searched upwards to the project root');
    const config = await loadConfig({ cwd: sub, env: {}, cli: [], cpus: 1, command: 'check' });
    assert.equal(config.settings.workers, 7);
    assert.equal(config.configFile, join(dir, place));
  });
}

test('tsgun.config.ts wins over .tsgunrc and package.json; a package.json without "tsgun" is skipped', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x' }));
  assert.equal(await findConfigFile(dir), null);
  writeFileSync(join(dir, '.tsgunrc.json'), '{}');
  assert.equal(await findConfigFile(dir), join(dir, '.tsgunrc.json'));
  writeFileSync(join(dir, 'tsgun.config.ts'), 'export default {};');
  assert.equal(await findConfigFile(dir), join(dir, 'tsgun.config.ts'));
});

test('TSGUN_CONFIG names the file when --config is absent', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'app.ts'), '');
  writeFileSync(join(dir, 'other.yaml'), 'app: ./app.ts\nworkers: 9\n');
  const config = await loadConfig({ cwd: dir, env: { TSGUN_CONFIG: 'other.yaml' }, cli: [], cpus: 1, command: 'check' });
  assert.equal(config.settings.workers, 9);
});

test('a package.json that is not JSON in the working directory is TSG_CONFIG_LOAD naming it (regression: an internal error)', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'package.json'), '{"name": "x", "tsgun": {"app": "./a.mjs",}');
  writeFileSync(join(dir, 'tsgun.config.mjs'), 'export default { app: "./a.mjs" };');
  // cosmiconfig reads the working directory's package.json for its own settings, before any search.
  const cwd = process.cwd();
  process.chdir(dir);
  t.after(() => process.chdir(cwd));
  await assert.rejects(findConfigFile(dir), (error: unknown) => {
    assert.ok(isTsgunError(error), String(error));
    assert.equal(error.code, 'TSG_CONFIG_LOAD');
    assert.equal(error.file, join(dir, 'package.json'));
    assert.match(error.message, /package\.json is not valid JSON \(.+\)/);
    return true;
  });
});
