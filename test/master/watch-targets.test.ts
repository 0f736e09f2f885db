// Development reload watches what the app imports (issue 12, item 9): the pure parts. Which files a
// config and a reported module graph make the master watch, and that tsgun's own output files never
// are (a watched pidfile directory looped: each reload rewrote `<pidfile>.reload.json`).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWorkerMessage } from '../../src/ipc/messages.ts';
import { isTsgunOutput, ReloadWatcher, tsgunOutputs, watchTargets, type WatchTargets } from '../../src/master/watcher.ts';
import { appFile, ModuleGraph } from '../../src/worker/module-graph.ts';
import { CONFIG_FILE, resolvedConfig } from '../helpers/config.ts';
import { recordingLogger } from '../helpers/fake-port.ts';

const DEV = {
  reload: true,
  pidfile: 'app.pid',
  errorLog: 'tsgun.log',
  accessLog: 'access.log',
  controlSocket: 'control.sock',
  bind: ['127.0.0.1:0', 'unix:./app.sock'],
};

function config(settings: Record<string, unknown>, dependencies: string[] = [CONFIG_FILE, '/srv/app/settings.mjs']) {
  return { ...resolvedConfig(settings), dependencies };
}

test("tsgun's outputs: pidfile, logs, control socket and unix sockets, as absolute paths", () => {
  assert.deepEqual(tsgunOutputs(config(DEV)).sort(), ['/srv/app/access.log', '/srv/app/app.pid', '/srv/app/app.sock', '/srv/app/control.sock', '/srv/app/tsgun.log']);
  assert.deepEqual(tsgunOutputs(config({ errorLog: '-', accessLog: '-' })), [], 'stdout is no file');
});

test('a side file of an output is an output too: the reload status, a rotated log, an atomic write in flight', () => {
  const outputs = tsgunOutputs(config(DEV));
  for (const path of ['/srv/app/app.pid', '/srv/app/app.pid.reload.json', '/srv/app/.app.pid.reload.json.0123abcd.tmp', '/srv/app/.app.pid.89ab.tmp', '/srv/app/tsgun.log.1', '/srv/app/app.sock']) {
    assert.ok(isTsgunOutput(path, outputs), path);
  }
  for (const path of ['/srv/app/app.mjs', '/srv/app/app.pidfile.ts', '/srv/app/data.db', '/srv/app/sub/app.pid', '/srv/app/.app.pidx.tmp']) {
    assert.ok(!isTsgunOutput(path, outputs), path);
  }
});

test('under reload: the app module, its reported graph and reloadExtraFiles are code; the config and its modules are config', () => {
  const targets = watchTargets(config({ ...DEV, reloadExtraFiles: ['views', '.env'] }), ['/srv/app/lib/helper.ts', '/srv/app/app.mjs']);
  assert.deepEqual(targets.code, ['/srv/app/.env', '/srv/app/app.mjs', '/srv/app/lib/helper.ts', '/srv/app/views']);
  assert.deepEqual(targets.config, ['/srv/app/settings.mjs', CONFIG_FILE]);
  assert.ok(!targets.code.includes('/srv/app'), 'never the directory of the app as such');
});

test("tsgun's outputs and packages are never watched, even when reported or listed", () => {
  const reported = ['/srv/app/app.pid.reload.json', '/srv/app/tsgun.log', '/srv/app/node_modules/hono/dist/index.js', '/srv/app/lib/helper.ts', 'relative.ts'];
  const targets = watchTargets(config({ ...DEV, reloadExtraFiles: ['app.pid', 'access.log', 'templates'] }), reported);
  assert.deepEqual(targets.code, ['/srv/app/app.mjs', '/srv/app/lib/helper.ts', '/srv/app/templates']);
  // A directory listed in reloadExtraFiles may hold them: the watcher ignores them inside it by this list.
  assert.ok(targets.outputs.includes('/srv/app/app.pid'));
});

test('a file both the config and the app import is code: the app needs new workers to see it', () => {
  const targets = watchTargets(config(DEV, [CONFIG_FILE, '/srv/app/shared.ts']), ['/srv/app/shared.ts']);
  assert.ok(targets.code.includes('/srv/app/shared.ts'));
  assert.deepEqual(targets.config, [CONFIG_FILE]);
});

test('without reload: only the config files under watch; with neither, nothing', () => {
  const watchOnly = watchTargets(config({ watch: true }), ['/srv/app/lib/helper.ts']);
  assert.deepEqual(watchOnly.code, []);
  assert.deepEqual(watchOnly.config, ['/srv/app/settings.mjs', CONFIG_FILE]);
  const neither = watchTargets(config({}), ['/srv/app/lib/helper.ts']);
  assert.deepEqual([...neither.config, ...neither.code], []);
});

/** A ReloadWatcher that records the targets it would watch instead of starting chokidar. */
class RecordingWatcher extends ReloadWatcher {
  readonly seen: WatchTargets[] = [];
  override async update(targets: WatchTargets): Promise<void> {
    this.seen.push(targets);
  }
  get last(): readonly string[] {
    return this.seen.at(-1)?.code ?? [];
  }
}

test('the watched graph follows the serving generation: newer ones (booting, rolled back) add to it, a commit replaces it', async () => {
  const watcher = new RecordingWatcher(() => {}, recordingLogger().logger);
  const dev = config(DEV);
  await watcher.loaded(1, ['/srv/app/early.ts']); // a ready before the master configured the watcher
  await watcher.configure(dev, 1);
  assert.deepEqual(watcher.last, ['/srv/app/app.mjs', '/srv/app/early.ts']);
  await watcher.loaded(1, ['/srv/app/helper.ts']);
  assert.deepEqual(watcher.last, ['/srv/app/app.mjs', '/srv/app/early.ts', '/srv/app/helper.ts']);
  // Generation 2 boots with a new import (and fails, say): its files are watched next to 1's.
  await watcher.loaded(2, ['/srv/app/new.ts']);
  assert.deepEqual(watcher.last, ['/srv/app/app.mjs', '/srv/app/early.ts', '/srv/app/helper.ts', '/srv/app/new.ts']);
  // Generation 3 commits without helper.ts and early.ts: the older generations' files go.
  await watcher.loaded(3, ['/srv/app/new.ts']);
  await watcher.configure(dev, 3);
  assert.deepEqual(watcher.last, ['/srv/app/app.mjs', '/srv/app/new.ts']);
  await watcher.loaded(1, ['/srv/app/late.ts']); // a draining worker of an old generation
  assert.deepEqual(watcher.last, ['/srv/app/app.mjs', '/srv/app/new.ts']);
});

test("a worker's module graph: only the app's own files, each once, without the URL's query", () => {
  const own = '/opt/tsgun/src/';
  assert.equal(appFile('file:///srv/app/app.ts', own), '/srv/app/app.ts');
  assert.equal(appFile('file:///srv/app/tsgun.config.ts?tsgun-gen=3', own), '/srv/app/tsgun.config.ts');
  assert.equal(appFile('file:///srv/app/a%20b.mjs', own), '/srv/app/a b.mjs');
  for (const url of ['node:http', 'data:text/javascript,export default 1', 'file:///srv/app/node_modules/hono/dist/index.js', 'file:///opt/tsgun/src/worker/worker.ts']) {
    assert.equal(appFile(url, own), null, url);
  }
});

test('files loaded after ready (a lazy import) are reported in one batch, each file once', async () => {
  const graph = new ModuleGraph();
  graph.saw('file:///srv/app/app.ts');
  graph.saw('file:///srv/app/app.ts');
  graph.saw('node:fs');
  assert.deepEqual(graph.take(), ['/srv/app/app.ts']);
  const reports: string[][] = [];
  const reported = new Promise<void>((done) => graph.follow((files) => done(void reports.push(files))));
  graph.saw('file:///srv/app/lazy.ts');
  graph.saw('file:///srv/app/lazy-dep.ts');
  graph.saw('file:///srv/app/app.ts');
  await reported;
  assert.deepEqual(reports, [['/srv/app/lazy.ts', '/srv/app/lazy-dep.ts']]);
});

test('ready carries the graph only when it is a list of strings; a malformed one never costs the ready', () => {
  assert.deepEqual(parseWorkerMessage({ type: 'ready', modules: ['/a.ts'] }), { type: 'ready', modules: ['/a.ts'] });
  assert.deepEqual(parseWorkerMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseWorkerMessage({ type: 'ready', modules: [1] }), { type: 'ready' });
  assert.deepEqual(parseWorkerMessage({ type: 'boot-failed', error: { code: 'TSG_APP_LOAD', message: 'x' }, modules: ['/a.ts'] }), {
    type: 'boot-failed',
    error: { code: 'TSG_APP_LOAD', message: 'x' },
    modules: ['/a.ts'],
  });
  assert.deepEqual(parseWorkerMessage({ type: 'modules', files: ['/lazy.ts'] }), { type: 'modules', files: ['/lazy.ts'] });
  assert.equal(parseWorkerMessage({ type: 'modules', files: 'x' }), undefined);
});
