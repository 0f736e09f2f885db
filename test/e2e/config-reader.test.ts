// The master reads its config in a throwaway reader process (src/master/config-reader.ts): a
// config function that hangs is killed with its reader at the read's deadline, one that exits the
// process fails the reload with a clear error, what it prints at start is captured once the
// master's logger exists, and a TypeScript config with master hooks still gives the master its
// functions.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { eventually } from '../helpers/eventually.ts';
import { getOnce } from '../helpers/load.ts';
import { appSource, project } from '../helpers/reload.ts';
import { isAlive, startServer } from '../helpers/server.ts';

const SETTINGS = `app: './app.mjs', bind: ['127.0.0.1:0'], workers: 1, gracefulTimeout: 5, keepAlive: 1`;

test('a config function that never returns on reload: its reader is killed at the read deadline (bootTimeout), the old generation keeps serving', async (t) => {
  const p = project(t, {
    'app.mjs': appSource('v1'),
    'tsgun.config.mjs': `import { existsSync, writeFileSync } from 'node:fs';
export default async () => {
  if (existsSync(new URL('./hang', import.meta.url))) {
    writeFileSync(new URL('./reader.pid', import.meta.url), String(process.pid));
    await new Promise(() => setInterval(() => {}, 1000));
  }
  return { ${SETTINGS}, bootTimeout: 8 };
};
`,
  });
  const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir });
  const url = await server.url();
  writeFileSync(p.path('hang'), '');
  server.signal('SIGHUP');
  const rolledBack = await server.waitFor('reload.rolled-back', { timeoutMs: 60_000 });
  assert.match(String(rolledBack['reason']), /the config did not load within bootTimeout \(8 s\)/);
  const reader = Number(readFileSync(p.path('reader.pid'), 'utf8'));
  assert.ok(reader > 0 && reader !== server.pid);
  await eventually(() => !isAlive(reader), { what: `the reader ${reader} is gone` });
  assert.equal((await getOnce(url)).body, `v1 pid ${server.events('worker.ready')[0]!['pid']}\n`);
});

test('a config function that exits its process on reload: the reload fails with why, the master serves on', async (t) => {
  const p = project(t, {
    'app.mjs': appSource('v1'),
    'tsgun.config.mjs': `import { existsSync } from 'node:fs';
export default () => {
  if (existsSync(new URL('./exit', import.meta.url))) { console.error('giving up'); process.exit(3); }
  return { ${SETTINGS} };
};
`,
  });
  const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir });
  const url = await server.url();
  writeFileSync(p.path('exit'), '');
  server.signal('SIGHUP');
  const failed = await server.waitFor('reload.rolled-back', { timeoutMs: 60_000 });
  assert.equal(failed['code'], 'TSG_CONFIG_LOAD');
  assert.match(String(failed['reason']), /the process reading the config gave no config: it exited with code 3 .*giving up/);
  assert.equal((await getOnce(url)).status, 200);
  assert.equal(server.events('worker.ready').length, 1, 'no new generation');
});

test('what a config function prints at start is captured as output.printed once the logger exists', async (t) => {
  const p = project(t, {
    'app.mjs': appSource('v1'),
    'tsgun.config.mjs': `export default () => { console.log('resolving secrets'); console.error('a warning'); return { ${SETTINGS}, captureOutput: true }; };\n`,
  });
  const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir });
  const printed = server.events('output.printed');
  assert.deepEqual(
    printed.map((l) => [l['stream'], l.msg, l['masterPid']]),
    [
      ['stdout', 'resolving secrets', server.pid],
      ['stderr', 'a warning', server.pid],
    ],
  );
  assert.ok(!server.raw.includes('resolving secrets'), 'nothing printed raw into the JSON stream');
});

test('a TypeScript config with master hooks: the master picks them from the stripped text and runs them', async (t) => {
  const p = project(t, {
    'app.mjs': appSource('v1'),
    'tsgun.config.ts': `import { appendFileSync } from 'node:fs';
const log = (what: string): void => appendFileSync(new URL('./hooks.log', import.meta.url), what + ' ' + process.pid + '\\n');
export default {
  ${SETTINGS},
  onStarting(): void { log('onStarting'); },
  whenReady(): void { log('whenReady'); },
};
`,
  });
  const server = await startServer(t, { args: ['--config', 'tsgun.config.ts'], cwd: p.dir });
  const hooksLog = (): string => readFileSync(p.path('hooks.log'), 'utf8');
  await eventually(() => hooksLog().includes('whenReady'), { what: 'whenReady ran' });
  assert.deepEqual(hooksLog().trim().split('\n'), [`onStarting ${server.pid}`, `whenReady ${server.pid}`]);
  server.signal('SIGHUP');
  await server.waitFor('reload.committed', { timeoutMs: 60_000 });
  assert.equal((await getOnce(await server.url())).status, 200);
});
