// Development mode: with `reload: true`, saving a file the app imports (or one of reloadExtraFiles)
// boots a new generation that serves the new code; a broken save is rolled back. More in
// dev-reload-graph.test.ts (what is watched and what never is).

import assert from 'node:assert/strict';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/cli.ts';
import { getOnce } from '../helpers/load.ts';
import { startServer } from '../helpers/server.ts';

/** Writes like an editor's atomic save: a temp file renamed over the target. */
function save(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

test('reload: true — an edited app file is served by a new generation; a broken edit is rolled back', async (t) => {
  const dir = tempDir(t);
  const app = join(dir, 'app.mjs');
  writeFileSync(app, "import { greeting } from './lib/greeting.mjs';\nexport default (_req, res) => res.end(`${greeting} ${process.pid}\\n`);\n");
  const lib = join(dir, 'lib');
  mkdirSync(lib);
  writeFileSync(join(lib, 'greeting.mjs'), "export const greeting = 'v1';\n");
  writeFileSync(join(dir, 'tsgun.config.json'), JSON.stringify({ app: './app.mjs', bind: ['127.0.0.1:0'], workers: 1, reload: true, gracefulTimeout: 2, keepAlive: 1 }));
  const server = await startServer(t, { args: ['--config', join(dir, 'tsgun.config.json')] });
  // Watched are the files the app's import loaded, once its worker reported them: app.mjs and lib/greeting.mjs.
  await server.waitFor((l) => l.event === 'watch.started' && l['code'] === 2);
  const url = await server.url();
  assert.match((await getOnce(url)).body, /^v1 /);

  // A module the app imports, in a subdirectory: watched too.
  save(join(lib, 'greeting.mjs'), "export const greeting = 'v2';\n");
  const committed = await server.waitFor((l) => l.event === 'reload.committed' && l['trigger'] === 'code-change');
  assert.equal(committed.generation, 2);
  assert.match((await getOnce(url)).body, /^v2 /);

  save(app, 'export default ;\n');
  const rolledBack = await server.waitFor((l) => l.event === 'reload.rolled-back' && l['trigger'] === 'code-change');
  assert.equal(rolledBack['code'], 'TSG_APP_LOAD');
  assert.match((await getOnce(url)).body, /^v2 /, 'generation 2 still serves');
});
