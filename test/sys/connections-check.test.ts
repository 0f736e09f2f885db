// The checks of a worker's open connections run on the worker's clock, and only while connections
// are open (connections-check.ts): Node's own headersTimeout interval is taken off its server, a
// client that sends half a request head is still answered 408 and closed by the clock's check
// alone, and with no connection open the checks stop until the next connection arrives (an idle
// worker wakes for its heartbeat only).

import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { checkWhileConnected, takeConnectionsCheck, type Check } from '../../src/sys/connections-check.ts';
import { PeriodicClock } from '../../src/sys/periodic-clock.ts';
import { scaled } from '../helpers/time.ts';

const intervalOf = (server: http.Server): { _destroyed?: boolean } | undefined => {
  const key = Object.getOwnPropertySymbols(server).find((s) => s.description === 'http.server.connectionsCheckingInterval');
  return key === undefined ? undefined : (server as unknown as Record<symbol, { _destroyed?: boolean }>)[key];
};

async function listening(t: TestContext, clock: PeriodicClock): Promise<http.Server> {
  const server = http.createServer({ headersTimeout: 300, requestTimeout: 0, connectionsCheckingInterval: 100 }, (_req, res) => res.end('ok'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => {
    clock.stop();
    server.closeAllConnections();
    server.close();
  });
  return server;
}

/** Resolves once `done()` holds, checked every 20 ms; fails past the (scaled) deadline. */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + scaled(5_000);
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`not within the deadline: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test("Node's connections check moves onto the clock, and a silent client is still cut at headersTimeout", async (t) => {
  const clock = new PeriodicClock();
  const server = await listening(t, clock);
  assert.equal(intervalOf(server)?._destroyed, false, "Node's own interval, before");
  const check = takeConnectionsCheck(server);
  assert.notEqual(check, null);
  assert.equal(check!.periodMs, 100);
  assert.equal(intervalOf(server)?._destroyed, true, "Node's own interval is cleared");
  const stop = checkWhileConnected([check!], [server], clock);

  const socket = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
  t.after(() => socket.destroy());
  let answer = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
  await once(socket, 'connect');
  socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
  const deadline = setTimeout(() => socket.destroy(new Error('not cut within the deadline')), scaled(5_000));
  t.after(() => clearTimeout(deadline));
  await once(socket, 'close');
  assert.match(answer, /^HTTP\/1\.1 408 /);
  stop();
  assert.equal(clock.size, 0);
});

test('with no connection open the checks stop, and the next connection starts them again', async (t) => {
  const clock = new PeriodicClock();
  const server = await listening(t, clock);
  let runs = 0;
  const check: Check = { periodMs: 50, run: () => runs++ };
  checkWhileConnected([check, { periodMs: 50, run: () => {} }], [server], clock);
  assert.equal(clock.size, 2);
  await until(() => clock.size === 0, 'the checks of an idle server stop');
  assert.equal(runs, 0, 'nothing to check without a connection');
  assert.equal(server.listenerCount('connection'), 2, "Node's listener and one to wake the checks");

  const socket = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
  t.after(() => socket.destroy());
  await once(socket, 'connect');
  await until(() => runs >= 2, 'the checks run while a connection is open');
  assert.equal(clock.size, 2);
  assert.equal(server.listenerCount('connection'), 1, 'the wake listener is gone while they run');
  socket.destroy();
  await until(() => clock.size === 0, 'the checks stop again once it closed');
});

test('without a check to take over (a server that never listened), nothing is taken', () => {
  assert.equal(takeConnectionsCheck(http.createServer()), null);
});
