// What a worker loads (issue 9, "lean processes"): only what serving needs. It receives the
// resolved config, so it loads none of the config machinery (discovery, YAML, the validator, the
// CLI, the watcher), and no pino-pretty while it logs JSON. A module hook preloaded through
// NODE_OPTIONS (which the workers inherit) records what each process loads.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { repoRoot, runCli, tempDir } from '../helpers/cli.ts';
import { startServer } from '../helpers/server.ts';

const HOOK = `
import { registerHooks } from 'node:module';
import { writeFileSync } from 'node:fs';
const loaded = [];
registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
const role = process.argv.some((a) => a.includes('worker/main')) ? 'worker' : process.argv.some((a) => a.includes('config-reader-child')) ? 'reader' : 'master';
process.on('exit', () => {
  writeFileSync(process.env.LOADED_DIR + '/' + role + '-' + process.pid + '.json', JSON.stringify(loaded));
  // Node's internal modules too (no hook sees them): an ES import of node:http loads undici.
  writeFileSync(process.env.LOADED_DIR + '/internal-' + role + '-' + process.pid + '.json', JSON.stringify(process.moduleLoadList));
});
`;

const FORBIDDEN_PACKAGES = ['ajv', 'cosmiconfig', 'yaml', 'commander', 'chokidar', 'pino-pretty'];
const CONFIG_MACHINERY = ['config/load-config.ts', 'config/load-file.ts', 'config/resolve.ts', 'config/registry.ts', 'config/validate.ts', 'config/fresh-import.ts'];

/** tsgun's own modules among the loaded URLs, as paths below src/. */
function ownFiles(urls: readonly string[]): string[] {
  return urls.filter((u) => u.includes('/src/') && !u.includes('/node_modules/')).map((u) => u.slice(u.lastIndexOf('/src/') + 5).replace(/\?.*$/, ''));
}

function packagesOf(urls: readonly string[]): string[] {
  const names = urls
    .filter((u) => u.includes('/node_modules/'))
    .map((u) => {
      const parts = u.slice(u.lastIndexOf('/node_modules/') + '/node_modules/'.length).split('/');
      return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
    });
  return [...new Set(names)].sort();
}

test('a worker loads neither the config machinery nor ajv, cosmiconfig, yaml, commander, chokidar or pino-pretty', async (t) => {
  const dir = tempDir(t);
  const hook = join(dir, 'record.mjs');
  writeFileSync(hook, HOOK);
  const config = join(dir, 'tsgun.config.mjs');
  // A JS config with a master hook (so the master imports it) and none that runs in a worker.
  writeFileSync(config, `export default { app: ${JSON.stringify(join(repoRoot, 'test/fixtures/e2e/app.mjs'))}, bind: ['127.0.0.1:0'], workers: 1, onStarting() {} };\n`);
  const server = await startServer(t, { args: ['--config', config], env: { NODE_OPTIONS: `--import=${hook}`, LOADED_DIR: dir } });
  server.signal('SIGTERM');
  assert.equal((await server.exited).code, 0);

  const files = readdirSync(dir).filter((f) => f.startsWith('worker-'));
  assert.equal(files.length, 1, 'one worker recorded what it loaded');
  const loaded = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8')) as string[];
  const packages = packagesOf(loaded);
  assert.ok(packages.includes('pino'), `the recording works: ${packages.join(' ')}`);
  for (const name of FORBIDDEN_PACKAGES) assert.ok(!packages.includes(name), `the worker loaded ${name}: ${packages.join(' ')}`);
  const internal = readdirSync(dir).filter((f) => f.startsWith('internal-worker-'));
  assert.equal(internal.length, 1, 'one worker recorded its internal modules');
  const internals = JSON.parse(readFileSync(join(dir, internal[0]!), 'utf8')) as string[];
  assert.ok(internals.includes('NativeModule _http_server'), 'the recording sees internal modules');
  // A plain listener app uses neither fetch nor WebSocket: undici (~12 MiB, ~45 ms) stays unloaded.
  assert.ok(!internals.some((m) => m.includes('undici')), `the worker loaded undici: ${internals.filter((m) => m.includes('undici')).join(' ')}`);
  // Plain HTTP: node:https (tls, OpenSSL's setup) is loaded only for a TLS listener.
  assert.ok(!internals.includes('NativeModule https'), 'a plain-HTTP worker loaded node:https');
  const own = ownFiles(loaded);
  for (const file of CONFIG_MACHINERY) assert.ok(!own.includes(file), `the worker loaded src/${file}`);
  assert.ok(!loaded.some((u) => u.startsWith(`file://${config}`)), 'no worker-side hook, so the worker did not import the config');
});

type Role = 'master' | 'worker' | 'reader';
interface Loaded {
  readonly packages: string[];
  readonly own: string[];
}

/**
 * Starts the CLI with a JS config of the given text under the recording hook, stops it once
 * `waitFor` is logged; what each role loaded (exactly one process of each role must have recorded).
 */
async function recordLoads(t: TestContext, text: string, waitFor = 'server.ready'): Promise<(role: Role) => Loaded> {
  const dir = tempDir(t);
  const hook = join(dir, 'record.mjs');
  writeFileSync(hook, HOOK);
  const config = join(dir, 'tsgun.config.mjs');
  writeFileSync(config, text);
  const server = await startServer(t, { args: ['--config', config], env: { NODE_OPTIONS: `--import=${hook}`, LOADED_DIR: dir } });
  await server.waitFor(waitFor);
  server.signal('SIGTERM');
  assert.equal((await server.exited).code, 0);
  return (role) => {
    const files = readdirSync(dir).filter((f) => f.startsWith(`${role}-`));
    assert.equal(files.length, 1, `one ${role} recorded what it loaded`);
    const urls = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8')) as string[];
    return { packages: packagesOf(urls), own: ownFiles(urls) };
  };
}

const APP = JSON.stringify(join(repoRoot, 'test/fixtures/e2e/app.mjs'));

test('a master loads none of the config machinery (its config reader does), and chokidar only when it watches', async (t) => {
  const quietLoads = await recordLoads(t, `export default { app: ${APP}, bind: ['127.0.0.1:0'], workers: 1 };\n`);
  quietLoads('reader'); // one config reader read the config
  const { packages: quiet, own } = quietLoads('master');
  // The registry is the list of settings the CLI builds its flags from: the master is that CLI too.
  for (const file of CONFIG_MACHINERY.filter((f) => f !== 'config/registry.ts')) assert.ok(!own.includes(file), `the master loaded src/${file}`);
  assert.ok(own.includes('master/config-reader.ts') && own.includes('master/arbiter.ts'), `the recording sees the master's own files: ${own.join(' ')}`);
  assert.ok(quiet.includes('pino') && quiet.includes('commander'), `the recording works: ${quiet.join(' ')}`);
  // cosmiconfig only searches (no --config), yaml only reads JSON/YAML configs, chokidar only watches.
  for (const name of ['cosmiconfig', 'yaml', 'chokidar']) assert.ok(!quiet.includes(name), `the master loaded ${name}: ${quiet.join(' ')}`);

  const watching = (await recordLoads(t, `export default { app: ${APP}, bind: ['127.0.0.1:0'], workers: 1, watch: true };\n`, 'watch.started'))('master').packages;
  assert.ok(watching.includes('chokidar'), `a watching master loads chokidar: ${watching.join(' ')}`);
});

test('only serve starts a config reader (before it parses its command line): check, status and help start none', async (t) => {
  const dir = tempDir(t);
  const hook = join(dir, 'record.mjs');
  writeFileSync(hook, HOOK);
  const config = join(dir, 'tsgun.config.mjs');
  writeFileSync(config, `export default { app: ${APP}, bind: ['127.0.0.1:0'], workers: 1 };\n`);
  const env = { NODE_OPTIONS: `--import=${hook}`, LOADED_DIR: dir };
  const runs = [['check', '--config', config, '--no-app'], ['status', '--control-socket', join(dir, 'none.sock')], ['--help'], ['serve', '--help']];
  for (const args of runs) await runCli(args, { env, cwd: dir });
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.startsWith('reader-')),
    [],
  );
  assert.equal(readdirSync(dir).filter((f) => f.startsWith('master-')).length, runs.length, 'the recording works');
});

test('metrics cost nothing when metricsBind is unset; when set, only the master loads prom-client', async (t) => {
  const loadedBy = async (text: string): Promise<Record<'master' | 'worker', Loaded>> => {
    const read = await recordLoads(t, text);
    return { master: read('master'), worker: read('worker') };
  };
  const off = await loadedBy(`export default { app: ${APP}, bind: ['127.0.0.1:0'], workers: 1 };\n`);
  assert.ok(!off.master.packages.includes('prom-client'), `the master loaded prom-client: ${off.master.packages.join(' ')}`);
  assert.ok(!off.master.own.some((f) => f.startsWith('master/metrics')), `the master loaded ${off.master.own.filter((f) => f.startsWith('master/metrics')).join(' ')}`);
  assert.ok(!off.worker.own.includes('worker/request-stats.ts'), 'a worker without metrics loaded its request counter');
  assert.ok(off.worker.own.includes('worker/worker-server.ts'), 'the recording sees the worker’s own files');

  const on = await loadedBy(`export default { app: ${APP}, bind: ['127.0.0.1:0'], metricsBind: '127.0.0.1:0', workers: 1 };\n`);
  assert.ok(on.master.packages.includes('prom-client'), `the master renders with prom-client: ${on.master.packages.join(' ')}`);
  assert.ok(on.worker.own.includes('worker/request-stats.ts'), 'a worker with metrics counts its requests');
  assert.ok(!on.worker.packages.includes('prom-client'), `a worker loaded prom-client: ${on.worker.packages.join(' ')}`);
});
