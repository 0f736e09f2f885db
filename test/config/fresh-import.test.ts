// A TS config and the local files it imports are read afresh by every load in the same process
// (what a reload relies on), and the loader reports the files it depends on.

import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { importFresh } from '../../src/config/fresh-import.ts';
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
  writeFileSync(join(dir, 'tsgun.config.mts'), "export default async ({ command }: { command: string }) => ({ app: './app.ts', workers: command === 'check' ? 5 : 1 });\n");
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

test('pinned ES modules load from their text alone: a file a deploy removed since does not fail the load', async (t) => {
  // Regression (review): a pinned .mjs was still read from disk (and its text then replaced), so a
  // worker with hooks failed to boot with ENOENT once a deploy had removed or renamed the file.
  const dir = tempDir(t);
  writeFileSync(join(dir, 'helper.mjs'), 'export const hooks = { postFork() {} };\n');
  writeFileSync(join(dir, 'tsgun.config.mjs'), "import { hooks } from './helper.mjs';\nexport default { app: './app.mjs', ...hooks };\n");
  const first = await importFresh(join(dir, 'tsgun.config.mjs'));
  rmSync(join(dir, 'helper.mjs'));
  const again = await importFresh(join(dir, 'tsgun.config.mjs'), first.texts);
  assert.equal(typeof (again.namespace['default'] as { postFork?: unknown }).postFork, 'function');
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

// ---- what a reload re-evaluates (issue 14, item 11) ------------------------------------------
// ES modules cannot be unloaded: a master that re-imported a config's whole graph on every reload
// grew by the graph's size each time (+286 MB over 60 reloads of a config importing a 1.2 MB local
// module). A load now evaluates the entry and what changed; packages and unchanged files are shared.

/** A module body that counts its own evaluations in a global (unique per test) and exports the count. */
const counting = (key: string, name: string, extra = ''): string =>
  `${extra}const counts = ((globalThis as any)[${JSON.stringify(key)}] ??= {});\ncounts[${JSON.stringify(name)}] = (counts[${JSON.stringify(name)}] ?? 0) + 1;\nexport const evaluations: number = counts[${JSON.stringify(name)}];\n`;

function evaluations(key: string): Record<string, number> {
  return { ...((globalThis as Record<string, unknown>)[key] as Record<string, number>) };
}

test('a package from node_modules that the config imports is evaluated once, however many loads', async (t) => {
  const dir = tempDir(t);
  const key = `tsgun-test-${process.pid}-${Math.random()}`;
  mkdirSync(join(dir, 'node_modules/counted-pkg'), { recursive: true });
  writeFileSync(join(dir, 'node_modules/counted-pkg/package.json'), JSON.stringify({ name: 'counted-pkg', type: 'module', exports: './index.js' }));
  writeFileSync(join(dir, 'node_modules/counted-pkg/index.js'), counting(key, 'pkg').replace('(globalThis as any)', 'globalThis').replace(': number', ''));
  writeFileSync(join(dir, 'app.mjs'), 'export default () => {};\n');
  const config = (workers: number): string => `import { evaluations } from 'counted-pkg';\nexport default { app: './app.mjs', workers: ${workers}, env: { PKG: String(evaluations) } };\n`;
  const load = () => loadConfig({ cwd: dir, env: {}, cli: [], cpus: 1, command: 'serve' });

  for (let n = 1; n <= 4; n++) {
    writeFileSync(join(dir, 'tsgun.config.ts'), config(n));
    const loaded = await load();
    assert.equal(loaded.settings.workers, n, `load ${n} saw the edited config`);
    assert.equal(loaded.settings.env['PKG'], '1');
  }
  assert.deepEqual(evaluations(key), { pkg: 1 });
});

test('a load evaluates the config file and what changed; unchanged local files are shared with the previous load', async (t) => {
  const dir = tempDir(t);
  const key = `tsgun-test-${process.pid}-${Math.random()}`;
  mkdirSync(join(dir, 'lib'));
  writeFileSync(join(dir, 'app.mjs'), 'export default () => {};\n');
  // big.ts stands for a large data module; mid.ts imports leaf.ts; a.ts and b.ts import each other.
  writeFileSync(join(dir, 'lib/big.ts'), counting(key, 'big'));
  writeFileSync(join(dir, 'lib/leaf.ts'), counting(key, 'leaf'));
  writeFileSync(join(dir, 'lib/mid.ts'), counting(key, 'mid', "import './leaf.ts';\n"));
  writeFileSync(join(dir, 'lib/a.ts'), counting(key, 'a', "import './b.ts';\n"));
  writeFileSync(join(dir, 'lib/b.ts'), counting(key, 'b', "import './a.ts';\n"));
  writeFileSync(join(dir, 'tsgun.config.ts'), counting(key, 'config', "import './lib/big.ts';\nimport './lib/mid.ts';\nimport './lib/a.ts';\n") + "export default { app: './app.mjs', workers: 2 };\n");
  const load = (pinned?: Readonly<Record<string, string>>) => loadConfig({ cwd: dir, env: {}, cli: [], cpus: 1, command: 'serve', pinned });
  const files = ['lib/a.ts', 'lib/b.ts', 'lib/big.ts', 'lib/leaf.ts', 'lib/mid.ts', 'tsgun.config.ts'].map((f) => join(dir, f));

  const first = await load();
  assert.deepEqual(evaluations(key), { config: 1, big: 1, leaf: 1, mid: 1, a: 1, b: 1 });
  assert.deepEqual([...first.dependencies].sort(), files);

  const second = await load();
  assert.deepEqual(evaluations(key), { config: 2, big: 1, leaf: 1, mid: 1, a: 1, b: 1 }, 'only the config file again');
  assert.deepEqual([...second.dependencies].sort(), files, 'shared files are still reported, so still watched');
  assert.deepEqual(second.texts, first.texts, 'and still pinned for the workers');

  // A changed file is evaluated again, with every local file that imports it (directly or in a cycle).
  writeFileSync(join(dir, 'lib/leaf.ts'), counting(key, 'leaf', '// edited\n'));
  writeFileSync(join(dir, 'lib/b.ts'), counting(key, 'b', "import './a.ts';\n// edited\n"));
  const third = await load();
  assert.deepEqual(evaluations(key), { config: 3, big: 1, leaf: 2, mid: 2, a: 2, b: 2 });
  assert.match(third.texts[join(dir, 'lib/leaf.ts')]!, /edited/);

  // A worker of that generation loading the pinned texts in the same process shares them too; a pin
  // that differs from what was loaded is evaluated, from the pin.
  const pins = { ...third.texts, [join(dir, 'lib/big.ts')]: counting(key, 'big', 'export const pinned = true;\n') };
  await load(pins);
  assert.deepEqual(evaluations(key), { config: 4, big: 2, leaf: 2, mid: 2, a: 2, b: 2 });
});

test('pinned TypeScript with a runnable (already stripped) text loads that text as JavaScript', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'tsgun.config.ts');
  const typed = "const workers: number = 2;\nexport default { app: 'app.mjs', workers };\n";
  writeFileSync(file, typed);
  // The stripped text a reader sent differs here only so that the test can tell which one ran.
  const runnable = "const workers         = 5;\nexport default { app: 'app.mjs', workers };\n";
  const plain = await importFresh(file, { [file]: typed });
  assert.equal((plain.namespace['default'] as { workers: number }).workers, 2, 'without one, the pinned text is stripped by Node');
  const stripped = await importFresh(file, { [file]: typed }, { [file]: runnable });
  assert.equal((stripped.namespace['default'] as { workers: number }).workers, 5, 'the runnable text ran');
  assert.equal(stripped.texts[file], typed, 'the pinned text is still what is recorded (and passed on)');
});
