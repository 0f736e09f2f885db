// The config is resolved once, for the master (issue 9, DESIGN.md section 2), in a config reader
// process it starts per read: a config function runs once per start and once per reload, however
// many workers; a worker never searches for a config the master did not read; and a worker logs as
// JSON from its first line.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cleanEnv, repoRoot, tempDir } from '../helpers/cli.ts';
import { getOnce } from '../helpers/load.ts';
import { startServer } from '../helpers/server.ts';

const APP = join(repoRoot, 'test/fixtures/e2e/app.mjs');

/** A config function that appends a line to `runs` each time it runs, with the hooks given. */
function countingConfig(runs: string, hooks = ''): string {
  return `import { appendFileSync } from 'node:fs';
export default async ({ command }) => {
  appendFileSync(${JSON.stringify(runs)}, command + ' ' + process.pid + '\\n');
  return { app: ${JSON.stringify(APP)}, bind: ['127.0.0.1:0'], workers: 4, gracefulTimeout: 3, keepAlive: 1, ${hooks} };
};
`;
}

const runsOf = (file: string): string[] =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter((l) => l !== '');

test('a config function runs exactly once at start and once per reload, with 4 workers', async (t) => {
  const dir = tempDir(t);
  const runs = join(dir, 'runs.log');
  writeFileSync(runs, '');
  const config = join(dir, 'tsgun.config.mjs');
  writeFileSync(config, countingConfig(runs));
  const server = await startServer(t, { args: ['--config', config] });
  await server.waitForCount('worker.ready', 4);
  assert.equal(runsOf(runs).length, 1, 'once, at start');

  for (const reload of [1, 2]) {
    server.signal('SIGHUP');
    await server.waitForCount('reload.committed', reload, 60_000);
    assert.equal(runsOf(runs).length, 1 + reload, `once more for reload ${reload}`);
  }
  assert.equal(server.events('worker.ready').length, 12, 'three generations of 4 workers booted');
  // Each read ran in a config reader of its own (master/config-reader.ts): neither the master,
  // which never loads the config machinery, nor a worker.
  const workerPids = new Set(server.events('worker.spawned').map((l) => String(l.pid)));
  const readers = runsOf(runs).map((line) => line.replace(/^serve /, ''));
  assert.equal(new Set(readers).size, 3, 'one reader process per read');
  for (const pid of readers) assert.ok(pid !== String(server.pid) && !workerPids.has(pid), `run in ${pid}: not the master nor a worker`);
  assert.equal((await getOnce(await server.url())).status, 200);
});

test('with a worker-side hook, each worker runs the config function again to pick it (the documented contract)', async (t) => {
  const dir = tempDir(t);
  const runs = join(dir, 'runs.log');
  writeFileSync(runs, '');
  const config = join(dir, 'tsgun.config.mjs');
  writeFileSync(config, countingConfig(runs, `postFork(w) { appendFileSync(${JSON.stringify(runs)}, 'postFork ' + w.pid + '\\n'); }`));
  const server = await startServer(t, { args: ['--config', config] });
  await server.waitForCount('worker.ready', 4);
  const lines = runsOf(runs);
  const workerPids = server.events('worker.ready').map((l) => String(l.pid));
  // The reader resolved it; the master, whose config now sets a hook, ran it again to pick the
  // functions (as each worker does), since functions cannot cross from the reader.
  assert.equal(lines.filter((l) => l === `serve ${server.pid}`).length, 1, 'once in the master, to pick the hooks');
  for (const pid of workerPids) {
    assert.ok(lines.includes(`serve ${pid}`), `worker ${pid} ran it, with { command: 'serve' }`);
    assert.ok(lines.includes(`postFork ${pid}`), `and its postFork ran in worker ${pid}`);
  }
  const others = lines.filter((l) => l.startsWith('serve ') && l !== `serve ${server.pid}` && !workerPids.includes(l.slice('serve '.length)));
  assert.equal(others.length, 1, 'and once in the config reader');
  assert.equal(lines.length, 1 + 1 + 4 + 4);
});

test('no config file: a worker spawned later (TTIN) never finds and runs a config file written after the master started', async (t) => {
  const dir = tempDir(t);
  // What a config found by a search in the worker would do: leave a trace, and change a setting.
  const trace = join(dir, 'config-ran');
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '1', '--log-level', 'info'], cwd: dir });
  writeFileSync(
    join(dir, 'tsgun.config.mjs'),
    `import { writeFileSync } from 'node:fs';
writeFileSync(${JSON.stringify(trace)}, String(process.pid));
export default { app: './missing-app.mjs', logLevel: 'debug', keepAlive: 0 };
`,
  );
  server.signal('SIGTTIN');
  const [, second] = await server.waitForCount('worker.ready', 2);
  assert.equal(existsSync(trace), false, `the config file ran in process ${existsSync(trace) ? readFileSync(trace, 'utf8') : ''}`);
  // The master's settings, not the file's: info level (no debug line from the new worker).
  assert.equal(server.lines.filter((l) => l.pid === second!.pid && l.level === 'debug').length, 0);
  assert.equal((await getOnce(await server.url())).status, 200);
});

test('an uncaught exception in a worker before it has its config is logged as a JSON fatal line', async (t) => {
  const dir = tempDir(t);
  // Runs before the worker entry, and throws from a timer once the entry has installed its
  // handlers: an exception that happens while the worker still waits for its boot message.
  const preload = join(dir, 'throw-early.mjs');
  writeFileSync(
    preload,
    `const timer = setInterval(() => {
  if (process.listenerCount('uncaughtException') === 0) return;
  clearInterval(timer);
  throw new Error('thrown before the boot message');
}, 5);
`,
  );
  const child = spawn(process.execPath, ['--conditions=tsgun-source', '--import', preload, join(repoRoot, 'src/worker/main.ts')], {
    cwd: dir,
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
  });
  t.after(() => child.kill('SIGKILL'));
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 5, `exit code WORKER_CRASH\nstdout: ${stdout}\nstderr: ${stderr}`);
  const lines = stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '');
  const fatal = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['level'] === 'fatal');
  assert.ok(fatal, `a fatal JSON line on stdout:\n${stdout}\nstderr: ${stderr}`);
  assert.equal(fatal['event'], 'worker.uncaught-exception');
  assert.equal(fatal['role'], 'worker');
  assert.match(String((fatal['err'] as { message?: unknown })?.message), /thrown before the boot message/);
});
