// The control socket server on its own: what it refuses to open over, that a request arriving
// before the master is ready waits for it, and that close() removes only its own socket.

import assert from 'node:assert/strict';
import { lstatSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import type { StatusReport } from '../../src/ipc/control-protocol.ts';
import { ControlServer, type ControlHandlers } from '../../src/master/control.ts';
import { tempDir } from '../helpers/cli.ts';

const silent = pino({ enabled: false });

const STATUS: StatusReport = {
  master: { pid: 1, startedAt: '2026-01-01T00:00:00.000Z', uptimeMs: 5, state: 'running' },
  generation: 1,
  targetWorkers: 1,
  reloading: false,
  workers: [],
  lastReload: null,
};

/** Handlers that fail the test when a command it does not send is asked. */
function handlers(given: Partial<ControlHandlers>): ControlHandlers {
  const no = (): never => assert.fail('not asked');
  return { status: no, reload: no, config: no, scale: no, stop: no, reopenLogs: no, ...given };
}

function ask(path: string, command: string, extra: Record<string, unknown> = {}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = net.connect({ path }, () => socket.write(`${JSON.stringify({ command, ...extra })}\n`));
    socket.setEncoding('utf8').on('data', (d: string) => (text += d));
    socket.on('end', () => resolve(JSON.parse(text)));
    socket.on('error', reject);
  });
}

test('open refuses a regular file and a live socket with TSG_CONTROL_SOCKET, leaving both', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'file'), 'keep\n');
  await assert.rejects(ControlServer.open(join(dir, 'file'), silent), { code: 'TSG_CONTROL_SOCKET', message: /is a regular file, not a socket/ });
  assert.equal(readFileSync(join(dir, 'file'), 'utf8'), 'keep\n');

  const first = await ControlServer.open(join(dir, 'control.sock'), silent);
  t.after(() => first.close());
  await assert.rejects(ControlServer.open(join(dir, 'control.sock'), silent), { code: 'TSG_CONTROL_SOCKET', message: /another tsgun master/ });
  assert.ok(lstatSync(join(dir, 'control.sock')).isSocket());
});

test('a request that arrives before serve() waits, and is answered once the master serves', async (t) => {
  const path = join(tempDir(t), 'control.sock');
  let received!: () => void;
  const requestLogged = new Promise<void>((resolve) => (received = resolve));
  const logger = pino({}, { write: (line: string) => (JSON.parse(line) as { event?: string }).event === 'control.request' && received() });
  const control = await ControlServer.open(path, logger);
  t.after(() => control.close());
  let answered = false;
  const reply = ask(path, 'status').finally(() => (answered = true));
  await requestLogged;
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(answered, false, 'no answer before the master serves');
  control.serve(handlers({ status: () => STATUS }));
  assert.deepEqual(await reply, { ok: true, status: STATUS });
});

test('close() does not remove what someone put at the path after the server opened', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'control.sock');
  const control = await ControlServer.open(path, silent);
  renameSync(path, join(dir, 'moved.sock'));
  writeFileSync(path, 'someone else\n');
  control.close();
  assert.equal(readFileSync(path, 'utf8'), 'someone else\n');
});

test('config answers with the handler given the nonce, and refuses a request without a hex nonce', async (t) => {
  const path = join(tempDir(t), 'control.sock');
  const control = await ControlServer.open(path, silent);
  t.after(() => control.close());
  const nonces: string[] = [];
  const live = { pid: 1, configFile: null, generation: 1, nextGeneration: 2, workers: 1, running: 1, reloading: false, cwd: '/', activated: false, binds: [], settings: {} };
  control.serve(handlers({ config: (nonce) => (nonces.push(nonce), live) }));
  const nonce = '0123456789abcdef0123456789abcdef';
  assert.deepEqual(await ask(path, 'config', { nonce }), { ok: true, config: live });
  assert.deepEqual(nonces, [nonce]);
  for (const bad of [undefined, 'short', 'NOT-HEX-NOT-HEX-NOT-HEX', 42]) {
    assert.deepEqual(await ask(path, 'config', { nonce: bad }), { ok: false, error: 'config needs a nonce: 16 to 128 lowercase hex digits' });
  }
  assert.deepEqual(nonces, [nonce], 'the handler is not called without a valid nonce');
});
