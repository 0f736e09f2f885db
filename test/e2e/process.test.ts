// Process settings through the real CLI: privilege drop after a privileged bind, procName, env,
// umask; logFormat pretty; the master's status (control socket) with each worker's loop metrics.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/cli.ts';
import { eventually } from '../helpers/eventually.ts';
import { getOnce } from '../helpers/load.ts';
import { startServer } from '../helpers/server.ts';
import type { StatusReport } from '../../src/ipc/control-protocol.ts';

const APP = 'test/fixtures/e2e/app.mjs';

/** A free port below 1024 (only root may bind it), or null. */
async function freePrivilegedPort(): Promise<number | null> {
  for (let port = 900 + Math.floor(Math.random() * 100); port < 1024; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer().once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  return null;
}

test('user/group: the master binds a privileged port as root, the workers serve as nobody', async (t) => {
  if (process.getuid?.() !== 0) return t.skip('needs root to bind a port below 1024 and to switch users');
  const port = await freePrivilegedPort();
  if (port === null) return t.skip('no free port below 1024');
  const dir = tempDir(t);
  const config = join(dir, 'tsgun.config.mjs');
  writeFileSync(
    config,
    `export default { app: ${JSON.stringify(join(process.cwd(), APP))}, bind: ['127.0.0.1:${port}'], workers: 1, user: 'nobody', group: 'nogroup', procName: 'proc-test', env: { FROM_CONFIG: 'yes' }, umask: '027' };\n`,
  );
  const server = await startServer(t, { args: ['--config', config] });
  const res = await getOnce(`http://127.0.0.1:${port}`, { path: '/env' });
  assert.deepEqual(JSON.parse(res.body), { FROM_CONFIG: 'yes', uid: 65534 });
  const [worker] = server.liveWorkerPids();
  assert.match(readFileSync(`/proc/${worker}/cmdline`, 'utf8'), /^tsgun: worker \[proc-test\]/);
  assert.match(readFileSync(`/proc/${server.pid}/cmdline`, 'utf8'), /^tsgun: master \[proc-test\]/);
  assert.equal(Number(/Uid:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]), 0, 'the master stays root');
  assert.equal(/Umask:\s+(\d+)/.exec(readFileSync(`/proc/${worker}/status`, 'utf8'))![1], '0027');
});

test('logFormat pretty: people-readable lines instead of JSON', async (t) => {
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '1', '--log-format', 'pretty'], waitFor: null });
  await server.waitForText(/all workers ready/);
  assert.equal(server.lines.filter((l) => typeof l === 'object' && l !== null && 'level' in l).length, 0, 'no JSON log line at all');
  assert.ok(server.raw.some((l) => /INFO.*all workers ready/.test(l)));
});

test('the control socket reports each worker with its memory and event-loop figures', async (t) => {
  const dir = tempDir(t);
  const socket = join(dir, 'ctl.sock');
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '2', '--control-socket', socket] });
  assert.equal(statSync(socket).mode & 0o777, 0o600);
  await getOnce(await server.url());
  // Heartbeats carry the figures; `status` answers in the shape of `tsgun status --format json`.
  const ask = (): Promise<{ ok: boolean; status: StatusReport }> =>
    new Promise((resolve, reject) => {
      let text = '';
      const client = net.createConnection(socket, () => client.write('{"command":"status"}\n'));
      client.setEncoding('utf8').on('data', (d: string) => (text += d));
      client.on('end', () => resolve(JSON.parse(text)));
      client.on('error', reject);
    });
  // Not logged at info: ask until both workers have reported.
  const reply = await eventually(
    async () => {
      const r = await ask();
      return r.status.workers.every((w) => w.rssBytes !== null && w.requests !== null) && r;
    },
    { what: 'figures from every worker', timeoutMs: 10_000, intervalMs: 100 },
  );
  assert.equal(reply.ok, true);
  assert.equal(reply.status.master.pid, server.pid);
  assert.equal(reply.status.generation, 1);
  assert.equal(reply.status.workers.length, 2);
  for (const worker of reply.status.workers) {
    assert.equal(worker.state, 'ready');
    assert.ok(worker.rssBytes! > 10 << 20 && worker.heapUsedBytes! > 0, 'memory');
    assert.ok(worker.elu! >= 0 && worker.elu! <= 1, 'event-loop utilisation');
    assert.ok(worker.delayP99Ms! >= 0 && worker.delayMaxMs! >= worker.delayP99Ms!, 'event-loop delay');
    assert.equal(typeof worker.requests, 'number');
  }
  assert.ok(reply.status.workers.reduce((n, w) => n + w.requests!, 0) >= 1, 'the request was counted');
});

test("a relative chdir is the config file's, as tsgun check verified it; relative files land there", async (t) => {
  // Regression (review): check resolved `chdir` against the config file's directory, the master
  // against the directory tsgun was started in: started elsewhere, it went to another directory.
  const dir = tempDir(t);
  mkdirSync(join(dir, 'conf'));
  mkdirSync(join(dir, 'work'));
  const config = join(dir, 'conf', 'tsgun.config.mjs');
  writeFileSync(config, `export default { app: ${JSON.stringify(join(process.cwd(), APP))}, bind: ['127.0.0.1:0'], workers: 1, chdir: '../work', pidfile: 'tsgun.pid' };\n`);
  const server = await startServer(t, { args: ['--config', config] });
  assert.equal(readFileSync(join(dir, 'work', 'tsgun.pid'), 'utf8').trim(), String(server.pid));
});
