// balanceConnections against the real CLI: long-lived connections opened together are split evenly
// (a worker that holds more than another live one stops accepting; the count is the property, not a
// timing), and neither a reload nor a SIGKILLed worker refuses a connection: the connections never
// leave the master's shared queue, and nobody waits for a dead worker's slot.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { test, type TestContext } from 'node:test';
import { assertNothingDropped, getOnce, startLoad } from '../helpers/load.ts';
import { startServer, type ServerProcess } from '../helpers/server.ts';

const APP = 'test/fixtures/e2e/app.mjs';

async function start(t: TestContext, extra: readonly string[] = []): Promise<{ server: ServerProcess; url: string; port: number }> {
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '2', '--keep-alive', '10', '--graceful-timeout', '15', '--balance-connections', ...extra] });
  const url = await server.url();
  return { server, url, port: Number(new URL(url).port) };
}

/** `count` connections opened at once (all connected before any sends), then one GET on each: the pid that answered each. */
async function openTogether(t: TestContext, port: number, count: number): Promise<{ sockets: net.Socket[]; pids: number[] }> {
  const sockets = Array.from({ length: count }, () => net.connect(port, '127.0.0.1'));
  for (const socket of sockets) t.after(() => socket.destroy());
  await Promise.all(sockets.map((socket) => once(socket, 'connect')));
  const pids = await Promise.all(
    sockets.map(async (socket) => {
      let text = '';
      socket.setEncoding('latin1');
      const answered = new Promise<number>((resolve, reject) => {
        socket.on('data', (chunk: string) => {
          text += chunk;
          const m = /hello pid (\d+)\n$/.exec(text);
          if (m !== null) resolve(Number(m[1]));
        });
        socket.once('error', reject);
        socket.once('close', () => reject(new Error(`closed before an answer: ${JSON.stringify(text)}`)));
      });
      socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
      return answered;
    }),
  );
  return { sockets, pids };
}

/** How many of `pids` each live worker answered, sorted. */
function split(server: ServerProcess, pids: readonly number[]): number[] {
  return server
    .liveWorkerPids()
    .map((pid) => pids.filter((p) => p === pid).length)
    .sort();
}

test('balanceConnections: 4 long-lived connections opened together go 2/2 over 2 workers, 8 go 4/4', async (t) => {
  const { server, port } = await start(t);
  const first = await openTogether(t, port, 4);
  assert.deepEqual(split(server, first.pids), [2, 2], `pids of the first four: ${first.pids.join(', ')}`);
  // Four more while the first are held: still even.
  const second = await openTogether(t, port, 4);
  assert.deepEqual(split(server, [...first.pids, ...second.pids]), [4, 4], `pids: ${[...first.pids, ...second.pids].join(', ')}`);
});

test('balanceConnections: a worker SIGKILLed while the other waits for it to catch up: no connection refused, every new one served', async (t) => {
  const { server, url, port } = await start(t);
  // One held connection: its worker now holds more than the other and has stopped accepting.
  const held = await openTogether(t, port, 1);
  const [holder] = held.pids;
  const other = server.liveWorkerPids().find((pid) => pid !== holder)!;
  process.kill(other, 'SIGKILL');
  // These connect while the only other worker is dead or booting: nobody may keep waiting for its slot.
  const gap = await Promise.all(
    Array.from({ length: 20 }, () =>
      getOnce(url).then(
        (r) => r,
        (e: Error) => e,
      ),
    ),
  );
  assert.deepEqual(
    gap.filter((r) => r instanceof Error),
    [],
    'no connection refused or reset',
  );
  for (const r of gap) assert.match((r as { body: string }).body, /^hello pid \d+/);
  await server.waitFor((l) => l.event === 'worker.exited' && l.pid === other);
});

test('balanceConnections: a worker SIGKILLed during a keep-alive load: no connection refused, only its own in-flight requests lost', async (t) => {
  const { server, url } = await start(t);
  const load = startLoad(url, { connections: 4, maxMs: 30_000 });
  await load.reached(200);
  const [victim] = server.liveWorkerPids();
  const seen = load.versions;
  assert.equal(seen.size, 2, `both workers answered before the kill: ${[...seen.keys()].join(', ')}`);
  process.kill(victim!, 'SIGKILL');
  await server.waitFor((l) => l.event === 'worker.exited' && l.pid === victim);
  await server.waitForCount('worker.ready', 3);
  await load.more(200);
  const result = await load.stop();
  // A killed process takes the requests it was answering with it: at most one per connection it
  // held, which balanceConnections keeps at 2 of 4. Every other request, and every reconnection, succeeded.
  assert.ok(result.errors.length <= 2, `at most the victim's two in-flight requests failed: ${result.errors.join('; ')}`);
  for (const error of result.errors) assert.doesNotMatch(error, /ECONNREFUSED/);
  assert.deepEqual(result.rejected, []);
  assert.ok(result.ok >= 400);
});

test('balanceConnections: a reload during a keep-alive load drops nothing, and the new workers share the connections', async (t) => {
  const { server, url } = await start(t);
  const old = server.liveWorkerPids();
  const load = startLoad(url, { connections: 4, maxMs: 30_000 });
  await load.reached(100);
  server.signal('SIGHUP');
  await server.waitFor('reload.committed');
  for (const pid of old) await server.waitFor((l) => l.event === 'worker.exited' && l.pid === pid);
  const fresh = server.liveWorkerPids();
  const before = new Map([...load.versions].map(([pid, v]) => [pid, v.size]));
  await load.more(200);
  const result = await load.stop();
  assertNothingDropped(result, 300);
  // The four connections came back one by one to the new generation: each new worker took two.
  for (const pid of fresh) assert.ok(result.pids.has(pid), `new worker ${pid} served (served: ${[...result.pids].join(', ')}; before: ${[...before.keys()].join(', ')})`);
});
