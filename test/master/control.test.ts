// The control socket server on its own: what it refuses to open over, that a request arriving
// before the master is ready waits for it, that close() removes only its own socket, what it
// refuses, how each command reaches its handler, and the socket's mode.

import assert from 'node:assert/strict';
import { lstatSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import type { StatusReport } from '../../src/ipc/control-protocol.ts';
import { controlAccess } from '../../src/master/control-handlers.ts';
import { ControlServer, type ControlHandlers } from '../../src/master/control.ts';
import type { AccountDatabase } from '../../src/sys/privileges.ts';
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

const NO_ACCOUNTS: AccountDatabase = { user: () => undefined, group: () => undefined };

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

test('a control socket in the working directory opens whatever its temporary name (regression: a name of digits was taken for a port)', async (t) => {
  const dir = tempDir(t);
  const cwd = process.cwd();
  // The only test here that changes the working directory; node:test runs one test at a time per file.
  process.chdir(dir);
  t.after(() => process.chdir(cwd));
  // `.12345678` from join('.', …): a string listen() read as the port 0.12345678 (1 start in 40).
  const server = await ControlServer.open('./control.sock', silent, undefined, { tempName: () => '12345678' });
  t.after(() => server.close());
  server.serve(handlers({ status: () => STATUS }));
  assert.deepEqual(await ask(join(dir, 'control.sock'), 'status'), { ok: true, status: STATUS });
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

/** Every line the master sent on one connection, once it closed it. */
function exchange(path: string, data: string | Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = net.connect({ path }, () => socket.write(data));
    socket.setEncoding('utf8').on('data', (d: string) => (text += d));
    socket.on('end', () => resolve(text.split('\n').filter((l) => l !== '')));
    socket.on('error', reject);
  });
}

test('an oversize request is refused unparsed, a malformed one and an unknown command with a message; the master goes on', async (t) => {
  const path = join(tempDir(t), 'control.sock');
  const lines: Record<string, unknown>[] = [];
  const logger = pino({}, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  const control = await ControlServer.open(path, logger);
  t.after(() => control.close());
  control.serve(handlers({ status: () => STATUS }));
  assert.deepEqual(await exchange(path, `{"command":"status","pad":"${'x'.repeat(5000)}"}\n`), ['{"ok":false,"error":"request too large (at most 4096 bytes)"}']);
  // Without a newline too: the master does not wait for one that would never fit.
  assert.deepEqual(await exchange(path, Buffer.alloc(5000, 0x20)), ['{"ok":false,"error":"request too large (at most 4096 bytes)"}']);
  assert.deepEqual(await exchange(path, 'status\n'), ['{"ok":false,"error":"not JSON"}']);
  const [unknown] = await exchange(path, '{"command":"launch"}\n');
  assert.match(unknown!, /"ok":false,"error":"unknown command \\"launch\\"; expected status, reload, config, scale, stop, reopen-logs"/);
  assert.deepEqual(
    lines.filter((l) => l['event'] === 'control.refused').map((l) => l['error']),
    ['not JSON', 'unknown command "launch"; expected status, reload, config, scale, stop, reopen-logs'],
  );
  // Only the first line of a connection is a request.
  assert.deepEqual(await exchange(path, '{"command":"status"}\n{"command":"stop"}\n'), [JSON.stringify({ ok: true, status: STATUS })]);
});

test('a client that sends no complete request line within the read timeout is answered so and let go (regression: it held its connection for ever)', async (t) => {
  const path = join(tempDir(t), 'control.sock');
  const lines: Record<string, unknown>[] = [];
  const logger = pino({}, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  const control = await ControlServer.open(path, logger, undefined, { readTimeoutMs: 200 });
  t.after(() => control.close());
  let stopped = 0;
  control.serve(handlers({ status: () => STATUS, stop: (fast) => (stopped++, { pid: process.pid, mode: fast ? 'fast' : 'graceful', gracefulTimeoutMs: 1000, hookTimeoutMs: 2000 }) }));
  // Silent, then half a line: each gets the same answer once the timeout passes, and the connection ends.
  assert.deepEqual(await exchange(path, Buffer.alloc(0)), ['{"ok":false,"error":"no complete request line within 0.2 s"}']);
  assert.deepEqual(await exchange(path, '{"command":"sta'), ['{"ok":false,"error":"no complete request line within 0.2 s"}']);
  assert.equal(lines.filter((l) => l['event'] === 'control.timed-out').length, 2);
  // A request being answered is not cut by it: stop's last line waits for the master's exit, well past 0.2 s.
  const socket = net.connect({ path }, () => socket.write('{"command":"stop"}\n'));
  t.after(() => socket.destroy());
  let text = '';
  socket.setEncoding('utf8').on('data', (d: string) => (text += d));
  await new Promise((resolve) => setTimeout(resolve, 600));
  assert.equal(stopped, 1);
  assert.equal(socket.destroyed, false, 'the connection of a request being answered stays open');
  assert.match(text, /"stopping"/);
  assert.doesNotMatch(text, /no complete request line/);
  assert.deepEqual(await exchange(path, '{"command":"status"}\n'), [JSON.stringify({ ok: true, status: STATUS })]);
});

test('scale, stop and reopen-logs reach their handlers; stop answers with a progress line, then the exit code at close()', async (t) => {
  const path = join(tempDir(t), 'control.sock');
  const control = await ControlServer.open(path, silent);
  const asked: string[] = [];
  control.serve(
    handlers({
      scale: async (workers, relative) => (asked.push(`scale ${workers} ${relative}`), { ok: true, scale: { previous: 2, workers: 4, ready: 4, durationMs: 1 } }),
      reopenLogs: () => void asked.push('reopen-logs'),
      stop: (fast) => (asked.push(`stop ${fast}`), { pid: process.pid, mode: fast ? 'fast' : 'graceful', gracefulTimeoutMs: 1000, hookTimeoutMs: 2000 }),
    }),
  );
  assert.deepEqual(await exchange(path, '{"command":"scale","workers":2,"relative":true}\n'), ['{"ok":true,"scale":{"previous":2,"workers":4,"ready":4,"durationMs":1}}']);
  assert.deepEqual(await exchange(path, '{"command":"reopen-logs"}\n'), [`{"ok":true,"reopened":{"pid":${process.pid}}}`]);
  let progressed!: () => void;
  const progress = new Promise<void>((resolve) => (progressed = resolve));
  const stopping = new Promise<string[]>((resolve, reject) => {
    let text = '';
    const socket = net.connect({ path }, () => socket.write('{"command":"stop","fast":true}\n'));
    socket.setEncoding('utf8').on('data', (d: string) => {
      text += d;
      if (text.includes('\n')) progressed();
    });
    socket.on('end', () => resolve(text.split('\n').filter((l) => l !== '')));
    socket.on('error', reject);
  });
  await progress;
  control.close(3);
  assert.deepEqual(await stopping, [
    `{"progress":{"stopping":{"pid":${process.pid},"mode":"fast","gracefulTimeoutMs":1000,"hookTimeoutMs":2000}}}`,
    `{"ok":true,"stopped":{"pid":${process.pid},"exitCode":3}}`,
  ]);
  assert.deepEqual(asked, ['scale 2 true', 'reopen-logs', 'stop true']);
});

test('controlSocketMode and controlSocketGroup: the socket has the mode at its path (the group needs root, see the e2e test)', async (t) => {
  const path = join(tempDir(t), 'control.sock');
  const control = await ControlServer.open(path, silent, { mode: 0o660, gid: null });
  t.after(() => control.close());
  assert.equal(lstatSync(path).mode & 0o777, 0o660);
  assert.deepEqual(controlAccess({ controlSocketMode: '0o640', controlSocketGroup: '4242' }, NO_ACCOUNTS), { mode: 0o640, gid: 4242 });
  assert.deepEqual(controlAccess({ controlSocketMode: 0o600, controlSocketGroup: null }, NO_ACCOUNTS), { mode: 0o600, gid: null });
  assert.deepEqual(controlAccess({ controlSocketMode: '660', controlSocketGroup: 'deploy' }, { user: () => undefined, group: (k) => (k === 'deploy' ? { name: 'deploy', gid: 990 } : undefined) }), {
    mode: 0o660,
    gid: 990,
  });
  assert.throws(() => controlAccess({ controlSocketMode: '0600', controlSocketGroup: 'nosuchgroup' }, NO_ACCOUNTS), { code: 'TSG_CONTROL_SOCKET', message: /no such group/ });
});
