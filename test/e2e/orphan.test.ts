// A worker whose master dies while the worker is still booting (found in review): on 'disconnect'
// it only noted a stop for after the boot, so a boot that hangs (an import waiting on the network)
// kept the inherited listening socket for ever and a restarted tsgun could not bind the port. It
// serves nothing yet, so it now leaves at once.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventually } from '../helpers/eventually.ts';
import { isAlive, startServer } from '../helpers/server.ts';

test('a worker still booting when its master is SIGKILLed exits instead of holding the socket', async (t) => {
  const server = await startServer(t, { args: ['test/fixtures/liveness/hang-on-import-busy.mjs', '-b', '127.0.0.1:0', '-w', '1', '--boot-timeout', '600'], waitFor: 'listening' });
  const spawned = await server.waitFor('worker.spawned');
  const pid = spawned.pid!;
  server.signal('SIGKILL');
  await server.exited;
  await eventually(() => !isAlive(pid), { what: `the orphaned worker ${pid} to exit` });
});
