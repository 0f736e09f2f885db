// Faults an adversarial run of the TLS listeners found, through the real CLI: a connection that never
// finishes its handshake holds a worker's slot only for headersTimeout (Node's own limit is 120 s),
// `Expect: 100-continue` over a TLS listener that also speaks h2 reaches the app once, and a worker
// respawned after a reload refused a broken key boots with the files its generation was checked with.

import assert from 'node:assert/strict';
import { chmodSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import { test } from 'node:test';
import tls from 'node:tls';
import { repoRoot } from '../helpers/cli.ts';
import { BASE, mjsConfig, project } from '../helpers/reload.ts';
import { startServer } from '../helpers/server.ts';
import { scaled } from '../helpers/time.ts';

const CERT = join(repoRoot, 'test/fixtures/tls/cert.pem');
const KEY = join(repoRoot, 'test/fixtures/tls/key.pem');
const APP = 'test/fixtures/e2e/app.mjs';

/** Resolves when the connection closes, or with 'still open' after `ms` (nominal, scaled). */
function closedWithin(socket: net.Socket, ms: number): Promise<'closed' | 'still open'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('still open'), scaled(ms));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve('closed');
    });
    socket.on('error', () => undefined);
  });
}

/** One HTTP/1.1 exchange over TLS (ALPN http/1.1): writes `head`, and `body` once 100 Continue came; resolves with all it read. */
function overTls(port: number, head: string, body = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] }, () => socket.write(head));
    let got = '';
    let sent = false;
    socket.setEncoding('utf8').on('data', (d: string) => {
      got += d;
      if (!sent && body !== '' && got.startsWith('HTTP/1.1 100')) {
        sent = true;
        socket.write(body);
      }
    });
    socket.on('end', () => resolve(got));
    socket.on('error', reject);
  });
}

test('TLS connections that send nothing or stop inside their ClientHello are closed after headersTimeout, and free the workerConnections slots they held (regression: Node held them 120 s)', async (t) => {
  const server = await startServer(t, {
    args: [APP, '-b', '127.0.0.1:0', '-w', '1', '--tls-cert', CERT, '--tls-key', KEY, '--worker-connections', '2', '--headers-timeout', '1', '--keep-alive', '1'],
  });
  const port = Number(new URL(await server.url()).port);
  const silent = net.connect(port, '127.0.0.1');
  // The first bytes of a TLS record header (a handshake record), then nothing.
  const half = net.connect(port, '127.0.0.1', () => half.write(Buffer.from([0x16, 0x03, 0x01, 0x02])));
  t.after(() => {
    silent.destroy();
    half.destroy();
  });
  // 30 s nominal: far past headersTimeout (1 s), far short of Node's 120 s.
  assert.deepEqual(await Promise.all([closedWithin(silent, 30_000), closedWithin(half, 30_000)]), ['closed', 'closed']);
  // The slots are free again: a real client is served.
  const body = await overTls(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(body, /^HTTP\/1\.1 200 /);
});

test('Expect: 100-continue over a TLS listener that speaks h2 and HTTP/1.1 reaches the app once (regression: twice)', async (t) => {
  const server = await startServer(t, {
    args: [APP, '-b', '127.0.0.1:0', '-w', '1', '--tls-cert', CERT, '--tls-key', KEY, '--http-protocols', 'h2', '--http-protocols', 'h1', '--access-log', '-', '--access-log-format', 'json'],
  });
  const port = Number(new URL(await server.url()).port);
  const text = await overTls(port, 'POST /continue HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\nConnection: close\r\n\r\n', 'hello');
  assert.match(text, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
  // A second request after it: what the first one still logged has come by its access line.
  assert.match(await overTls(port, 'GET /second HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), /^HTTP\/1\.1 200 /);
  await server.waitFor((l) => l.event === 'access' && l['path'] === '/second');
  assert.equal(server.lines.filter((l) => l.event === 'access' && l['path'] === '/continue').length, 1);
  assert.deepEqual(
    server.lines.filter((l) => l.event === 'request.failed' || l.event === 'worker.crashed' || l.event === 'worker.uncaught').map((l) => l.event),
    [],
  );
});

test('a key replaced by one that does not match is refused by the reload, and a worker respawned after it still boots with the generation’s files (regression: a crash loop, then an outage)', async (t) => {
  const p = project(t, { 'app.mjs': 'export default (req, res) => res.end(`ok ${process.pid}`);\n' });
  copyFileSync(CERT, p.path('cert.pem'));
  copyFileSync(KEY, p.path('key.pem'));
  p.write('tsgun.config.mjs', mjsConfig({ ...BASE, workers: 1, tls: { cert: './cert.pem', key: './key.pem' } }));
  const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir });
  const port = Number(new URL(await server.url()).port);
  const get = (): Promise<string> => overTls(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(await get(), /^HTTP\/1\.1 200 /);
  // A renewal gone wrong: the key no longer belongs to the certificate.
  copyFileSync(join(repoRoot, 'test/fixtures/tls/other-key.pem'), p.path('key.pem'));
  server.signal('SIGHUP');
  assert.match(String((await server.waitFor('reload.rolled-back'))['reason']), /does not belong to the certificate/);
  // The serving generation's worker dies; its replacement must not read the broken key.
  const [pid] = server.liveWorkerPids();
  process.kill(pid!, 'SIGKILL');
  const ready = await server.waitFor((l) => l.event === 'worker.ready' && l.pid !== pid);
  assert.match(await get(), new RegExp(`^HTTP/1\\.1 200 [\\s\\S]*ok ${ready.pid}$`));
  assert.deepEqual(server.events('worker.boot-failed'), []);
});

test('a TLS connection whose handshake is still to come when a reload drains its worker is served, as a plain one is (regression: reset)', async (t) => {
  const p = project(t, { 'app.mjs': 'export default (req, res) => res.end(`ok ${process.pid}`);\n' });
  copyFileSync(CERT, p.path('cert.pem'));
  copyFileSync(KEY, p.path('key.pem'));
  // The drain's idle grace (keepAlive, at most 2 s) is the time a connection that has sent nothing yet still has.
  p.write('tsgun.config.mjs', mjsConfig({ ...BASE, workers: 1, keepAlive: 3, gracefulTimeout: 10, tls: { cert: './cert.pem', key: './key.pem' } }));
  const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir });
  const port = Number(new URL(await server.url()).port);
  const [old] = server.liveWorkerPids();
  // Connected (and accepted by the only worker) before the reload; its ClientHello comes after.
  const raw = net.connect(port, '127.0.0.1');
  t.after(() => raw.destroy());
  await new Promise((resolve) => raw.once('connect', resolve));
  assert.match(await overTls(port, 'GET /before HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), /^HTTP\/1\.1 200 /);
  server.signal('SIGHUP');
  await server.waitFor((l) => l.event === 'worker.draining' && l.pid === old);
  const text = await new Promise<string>((resolve, reject) => {
    const socket = tls.connect({ socket: raw, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] }, () => socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    let got = '';
    socket.setEncoding('utf8').on('data', (d: string) => (got += d));
    socket.on('end', () => resolve(got));
    socket.on('error', reject);
  });
  assert.match(text, new RegExp(`^HTTP/1\\.1 200 [\\s\\S]*ok ${old}$`), 'served by the draining worker');
  await server.waitFor((l) => l.event === 'worker.drained' && l.pid === old);
});

test('as root, workers that run as nobody serve TLS with a key only root may read: the master hands them the files', { skip: process.getuid?.() !== 0 && 'needs root' }, async (t) => {
  const p = project(t, { 'app.mjs': 'export default (req, res) => res.end(`uid ${process.getuid()}`);\n' });
  chmodSync(p.dir, 0o755);
  copyFileSync(CERT, p.path('cert.pem'));
  copyFileSync(KEY, p.path('key.pem'));
  chmodSync(p.path('key.pem'), 0o600);
  p.write('tsgun.config.mjs', mjsConfig({ ...BASE, workers: 1, user: 'nobody', tls: { cert: './cert.pem', key: './key.pem' } }));
  const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir });
  const port = Number(new URL(await server.url()).port);
  const text = await overTls(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(text, /^HTTP\/1\.1 200 [\s\S]*uid (\d+)$/);
  assert.notEqual(/uid (\d+)$/.exec(text)![1], '0', 'served by a worker that is not root');
});
