// Development reload watches what the app imports (issue 12, item 9). Regression: with `reload:
// true` the master watched the app's whole directory, so a pidfile there looped for ever (each
// reload rewrote `<pidfile>.reload.json`, which triggered the next: 6 reloads in 25 s from one
// `touch app.ts`), as did a log file or a database the app writes. Absence of a reload is proven by
// the next event the test causes: a later deliberate edit whose reload must be the very next one.
// tsgun's own log goes to an errorLog file in the app directory, so events are read from that file.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { test, type TestContext } from 'node:test';
import { eventually } from '../helpers/eventually.ts';
import { getOnce } from '../helpers/load.ts';
import { project, type Project } from '../helpers/reload.ts';
import { startServer, type LogLine, type ServerProcess } from '../helpers/server.ts';

const LOG = 'tsgun.log';

/** An app that imports a helper and appends a row to `data.db` (its sqlite, say) on every request. */
const appSource = (version: string): string =>
  [
    "import { appendFileSync } from 'node:fs';",
    "import { greeting } from './lib/helper.mjs';",
    "const db = new URL('./data.db', import.meta.url);",
    `export default (req, res) => { appendFileSync(db, 'row\\n'); res.end(\`${version} \${greeting} \${process.pid}\\n\`); };`,
    '',
  ].join('\n');

const helperSource = (greeting: string): string => `export const greeting = ${JSON.stringify(greeting)};\n`;

const configText = (extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    app: './app.mjs',
    bind: ['127.0.0.1:0'],
    workers: 1,
    gracefulTimeout: 2,
    keepAlive: 1,
    reload: true,
    // tsgun's own files, all in the app's directory.
    pidfile: 'app.pid',
    errorLog: LOG,
    accessLog: 'access.log',
    // watch.changed names every file the watcher saw change.
    logLevel: 'debug',
    ...extra,
  });

/** The JSON lines of the errorLog so far. */
function linesOf(p: Project): LogLine[] {
  const path = p.path(LOG);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);
}

/** The server of the running test, for failure messages. */
let server: ServerProcess | null = null;

/** The first line of the errorLog matching, once it is there (the events are not on stdout). */
function logged(p: Project, match: (l: LogLine) => boolean, what: string): Promise<LogLine> {
  const detail = (): string => `errorLog:\n${existsSync(p.path(LOG)) ? readFileSync(p.path(LOG), 'utf8').slice(-3000) : '(none)'}\nstdout:\n${server?.raw.join('\n')}\nstderr:\n${server?.stderr}`;
  return eventually(() => linesOf(p).find(match), { what: `the errorLog has ${what}`, intervalMs: 50, detail });
}

const committed = (p: Project, generation: number, trigger: string): Promise<LogLine> =>
  logged(p, (l) => l.event === 'reload.committed' && l.generation === generation && l['trigger'] === trigger, `reload.committed of generation ${generation} (${trigger})`);

const count = (p: Project, event: string): number => linesOf(p).filter((l) => l.event === event).length;

async function start(t: TestContext, files: Record<string, string>, config = configText()): Promise<{ p: Project; url: string }> {
  const p = project(t, { 'app.mjs': appSource('v1'), 'lib/helper.mjs': helperSource('hello'), 'notes.mjs': 'export const notes = 1;\n', ...files, 'tsgun.config.json': config });
  server = await startServer(t, { args: ['--config', 'tsgun.config.json'], cwd: p.dir, waitFor: null });
  await logged(p, (l) => l.event === 'server.ready', 'server.ready');
  const listening = await logged(p, (l) => l.event === 'listening', 'listening');
  return { p, url: `http://${(listening['addresses'] as string[])[0]}` };
}

/** `n` requests, one after another: each writes the access log and data.db. */
async function traffic(url: string, n: number, expect: RegExp): Promise<void> {
  for (let i = 0; i < n; i++) assert.match((await getOnce(url)).body, expect);
}

test('reload: true with the pidfile, logs and a database in the app directory: one save, one reload; their writes reload nothing', async (t) => {
  const { p, url } = await start(t, {});
  // The worker reported its graph (app.mjs, lib/helper.mjs): from here on the helper is watched.
  await logged(p, (l) => l.event === 'watch.started' && l['code'] === 2, 'watch.started with the app and its helper');
  await traffic(url, 3, /^v1 hello /);

  p.write('app.mjs', appSource('v2'));
  await committed(p, 2, 'code-change');
  // The commit rewrote app.pid.reload.json; the errorLog, the access log and data.db grow now.
  await traffic(url, 10, /^v2 hello /);
  assert.ok(readFileSync(p.path('data.db'), 'utf8').length > 0 && readFileSync(p.path('access.log'), 'utf8').length > 0, 'the app and tsgun wrote their files');
  assert.ok(existsSync(p.path('app.pid.reload.json')), 'the reload status was written in the app directory');
  // A file in the directory that the app does not import.
  p.write('notes.mjs', 'export const notes = 2;\n');
  // The next deliberate edit: a module the app imports. Its reload must be the next one, generation 3.
  p.write('lib/helper.mjs', helperSource('bonjour'));
  await committed(p, 3, 'code-change');
  assert.equal(count(p, 'reload.started'), 2, 'two saves, two reloads: nothing else started one');
  const changed = linesOf(p)
    .filter((l) => l.event === 'watch.changed')
    .map((l) => l['path']);
  assert.deepEqual([...new Set(changed)].sort(), [p.path('app.mjs'), p.path('lib/helper.mjs')], 'the watcher saw only the two edited files');
  await traffic(url, 3, /^v2 bonjour /);
});

test("the config file is a config change (trigger 'watch'), the app a code change; a status write after it starts nothing", async (t) => {
  const { p, url } = await start(t, {});
  await logged(p, (l) => l.event === 'watch.started' && l['code'] === 2, 'watch.started with the app and its helper');
  // A live setting only: applied in place, no new generation.
  p.write('tsgun.config.json', configText({ timeout: 20 }));
  const applied = await logged(p, (l) => l.event === 'reload.committed' && l['trigger'] === 'watch', "reload.committed (trigger 'watch')");
  assert.equal(applied['newGeneration'], false);
  assert.equal(linesOf(p).find((l) => l.event === 'watch.triggered')?.['trigger'], 'watch');
  await traffic(url, 5, /^v1 hello /);
  // The next deliberate edit's reload is the next one: generation 2, the second reload in all.
  p.write('app.mjs', appSource('v3'));
  await committed(p, 2, 'code-change');
  assert.equal(count(p, 'reload.started'), 2);
  await traffic(url, 2, /^v3 hello /);
});

test("a directory listed in reloadExtraFiles holding tsgun's own files: their writes trigger nothing", async (t) => {
  // The app writes no data.db here: a directory the user lists is watched whole, the app's data included.
  const plainApp = (version: string): string => `export default (req, res) => res.end(\`${version} \${process.pid}\\n\`);\n`;
  const { p, url } = await start(t, { 'app.mjs': plainApp('v1'), 'views/index.html': '<p>1</p>\n' }, configText({ reloadExtraFiles: ['.'], controlSocket: 'control.sock' }));
  await logged(p, (l) => l.event === 'watch.started' && l['code'] === 2, 'watch.started with the app and the listed directory');
  p.write('app.mjs', plainApp('v2'));
  await committed(p, 2, 'code-change');
  await traffic(url, 10, /^v2 /);
  writeFileSync(p.path('app.pid.reload.json'), '{}\n'); // as a reload would, once more
  p.write('views/index.html', '<p>2</p>\n');
  await committed(p, 3, 'code-change');
  assert.equal(count(p, 'reload.started'), 2, 'two saves, two reloads: the pidfile, status, logs and socket started none');
});

test('the graph spans TypeScript, require() and a lazy import() in a handler, reported once it loads', async (t) => {
  const app = (version: string): string =>
    [
      "import { createRequire } from 'node:module';",
      "import { greeting } from './lib/helper.ts';",
      "const legacy: { tag: string } = createRequire(import.meta.url)('./legacy.cjs');",
      `export default async (req: unknown, res: { end(s: string): void }) => { const { lazy } = await import('./lazy.mjs'); res.end(\`${version} \${greeting} \${legacy.tag} \${lazy}\\n\`); };`,
      '',
    ].join('\n');
  const files = {
    'app.ts': app('v1'),
    'lib/helper.ts': "export const greeting: string = 'hello';\n",
    'legacy.cjs': "module.exports = { tag: 'cjs1' };\n",
    'lazy.mjs': "export const lazy = 'lazy1';\n",
  };
  const { p, url } = await start(t, files, configText({ app: './app.ts' }));
  await logged(p, (l) => l.event === 'watch.started' && l['code'] === 3, 'watch.started with app.ts, lib/helper.ts and legacy.cjs');
  // The first request imports lazy.mjs: the worker reports it, and it is watched from then on.
  await traffic(url, 1, /^v1 hello cjs1 lazy1\n$/);
  await logged(p, (l) => l.event === 'watch.started' && l['code'] === 4, 'watch.started with lazy.mjs too');
  p.write('lazy.mjs', "export const lazy = 'lazy2';\n");
  await committed(p, 2, 'code-change');
  await traffic(url, 1, /^v1 hello cjs1 lazy2\n$/);
  p.write('legacy.cjs', "module.exports = { tag: 'cjs2' };\n");
  await committed(p, 3, 'code-change');
  await traffic(url, 1, /^v1 hello cjs2 lazy2\n$/);
  assert.equal(count(p, 'reload.started'), 2);
});

test('a save that breaks the app through a new import is rolled back, and the fix of that new file reloads', async (t) => {
  const { p, url } = await start(t, {});
  await logged(p, (l) => l.event === 'watch.started' && l['code'] === 2, 'watch.started with the app and its helper');
  p.write('lib/extra.mjs', 'export const extra = ;\n');
  p.write('app.mjs', `import { extra } from './lib/extra.mjs';\n${appSource('v2')}`);
  const rolledBack = await logged(p, (l) => l.event === 'reload.rolled-back', 'reload.rolled-back');
  assert.equal(rolledBack['code'], 'TSG_APP_LOAD');
  await traffic(url, 1, /^v1 hello /);
  // The failed worker reported what it loaded, lib/extra.mjs included: its fix is seen.
  p.write('lib/extra.mjs', "export const extra = 'x';\n");
  await logged(p, (l) => l.event === 'reload.committed' && l['trigger'] === 'code-change', 'reload.committed (code-change)');
  await traffic(url, 1, /^v2 hello /);
  assert.equal(count(p, 'reload.started'), 2);
});
