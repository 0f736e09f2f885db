// A config save that changes only live settings applies in place, in the workers too: a new
// logLevel reaches the running workers without a new generation.

import assert from 'node:assert/strict';
import { renameSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, tempDir } from '../helpers/cli.ts';
import { eventually } from '../helpers/eventually.ts';
import { startServer } from '../helpers/server.ts';

function save(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/** Bytes that are not HTTP: the worker answers 400 and logs request.client-error at debug level. */
function garbage(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname, () => socket.end('NOT HTTP AT ALL\r\n\r\n'));
    socket
      .on('close', () => resolve())
      .on('error', () => resolve())
      .resume();
  });
}

test('a saved logLevel change reaches the running workers, no new generation', async (t) => {
  const dir = tempDir(t);
  const config = join(dir, 'tsgun.config.json');
  const settings = { app: join(repoRoot, 'test/fixtures/e2e/app.mjs'), bind: ['127.0.0.1:0'], workers: 1, watch: true, logLevel: 'info' };
  writeFileSync(config, JSON.stringify(settings));
  const server = await startServer(t, { args: ['--config', config] });
  await server.waitFor('watch.started');
  const url = await server.url();
  await garbage(url);
  assert.equal(server.events('request.client-error').length, 0, 'not logged at info');

  save(config, JSON.stringify({ ...settings, logLevel: 'debug' }));
  const committed = await server.waitFor('reload.committed');
  assert.equal(committed['newGeneration'], false);
  assert.deepEqual(committed['changed'], ['logLevel']);
  // The worker gets the level over IPC, and does not log that it did; keep poking until its debug line shows.
  await eventually(
    async () => {
      if (server.events('request.client-error').length > 0) return true;
      await garbage(url);
      return false;
    },
    { what: 'the worker logs at debug now', timeoutMs: 10_000, intervalMs: 50 },
  );
  assert.equal(server.events('request.client-error')[0]!.role, 'worker');
  assert.equal(server.events('worker.spawned').length, 1, 'the same worker');
});
