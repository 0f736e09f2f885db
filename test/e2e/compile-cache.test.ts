// The processes of a server load compiled code from the private compile cache on the next start:
// the hello example's .ts config (in the config reader) and .ts app (in the workers) come from it
// without the type stripper. NODE_DEBUG_NATIVE=COMPILE_CACHE makes Node say what it read: on stderr,
// or, for the config reader, whose output the master captures, in output.printed events.

import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { repoRoot, tempDir } from '../helpers/cli.ts';
import { startServer } from '../helpers/server.ts';

async function serveOnce(t: TestContext, home: string, debug: boolean): Promise<string> {
  const env: Record<string, string> = { HOME: home, XDG_CACHE_HOME: join(home, '.cache') };
  if (debug) env['NODE_DEBUG_NATIVE'] = 'COMPILE_CACHE';
  const server = await startServer(t, { args: ['--config', 'examples/hello/tsgun.config.ts', '-b', '127.0.0.1:0', '-w', '1'], env });
  server.signal('SIGTERM');
  assert.equal((await server.exited).code, 0, server.stderr);
  return [server.stderr, ...server.events('output.printed').map((l) => String(l.msg))].join('\n');
}

const hit = (file: string): RegExp => new RegExp(`retrieving transpile cache for StrippedTypeScript file://${repoRoot}/${file.replaceAll('.', '\\.')}\\S*\\.\\.\\.success`);

test('a second start takes the .ts config and the .ts app from the cache', async (t) => {
  const home = tempDir(t);
  chmodSync(home, 0o755);
  // Two starts to fill it: the cache is best effort (under a loaded full run, one start now and then
  // left no entry for the config; seen twice in about ten runs, never alone).
  await serveOnce(t, home, false);
  await serveOnce(t, home, false);
  const stderr = await serveOnce(t, home, true);
  assert.match(stderr, hit('examples/hello/tsgun.config.ts'), 'the config reader read the config from the cache');
  assert.match(stderr, hit('examples/hello/app.ts'), 'the worker read the app from the cache');
});

test('a cache directory others can write is not used at all', async (t) => {
  const home = tempDir(t);
  chmodSync(home, 0o755);
  await serveOnce(t, home, false);
  chmodSync(join(home, '.cache', 'tsgun'), 0o777);
  const stderr = await serveOnce(t, home, true);
  assert.doesNotMatch(stderr, /\[compile cache\]/);
});
