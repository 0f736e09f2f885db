// Behind a proxy, through the real CLI: PROXY protocol v1 and v2 headers (raw, and from a real
// HAProxy when one is installed) give the app and the access log the client's address; a bad
// header closes only its connection; forwardedAllowIps and secureSchemeHeaders decide whether a
// Fetch app sees https://.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import tls from 'node:tls';
import { runCli, tempDir } from '../helpers/cli.ts';
import { eventually } from '../helpers/eventually.ts';
import { getOnce } from '../helpers/load.ts';
import { accepts, exchange, replies, type Reply } from '../helpers/raw-http.ts';
import { startServer, type ServerProcess } from '../helpers/server.ts';

const APP = 'test/fixtures/proxy/app.mjs';
const HONO = 'test/fixtures/proxy/hono.mjs';
const SIGNATURE = Buffer.from('0d0a0d0a000d0a515549540a', 'hex');

const get = (path: string, headers: Record<string, string> = {}, close = true): string =>
  `GET ${path} HTTP/1.1\r\nHost: proxied.example\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}${close ? 'Connection: close\r\n' : ''}\r\n`;

function v2(verCmd: number, famProto: number, block: Buffer): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(block.length);
  return Buffer.concat([SIGNATURE, Buffer.from([verCmd, famProto]), length, block]);
}

function tcp6Block(src: string, dst: string, srcPort: number, dstPort: number): Buffer {
  const hex = (a: string): Buffer => {
    const [head, tail] = a.split('::') as [string, string | undefined];
    const h = head === '' ? [] : head.split(':');
    const t = tail === undefined || tail === '' ? [] : tail.split(':');
    const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
    return Buffer.from(groups.map((g) => g.padStart(4, '0')).join(''), 'hex');
  };
  const ports = Buffer.alloc(4);
  ports.writeUInt16BE(srcPort, 0);
  ports.writeUInt16BE(dstPort, 2);
  return Buffer.concat([hex(src), hex(dst), ports]);
}

async function portOf(server: ServerProcess): Promise<number> {
  return Number(new URL(await server.url()).port);
}

const accessLine = (server: ServerProcess, path: string) => server.waitFor((l) => l.event === 'access' && typeof l.msg === 'string' && l.msg.includes(`GET ${path} `));

test('PROXY v1 and v2 headers: the app and the access log see the client they name', async (t) => {
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '1', '--proxy-protocol', '--access-log', '-'] });
  const port = await portOf(server);

  const [one] = replies(await exchange({ port }, ['PROXY TCP4 203.0.113.7 10.0.0.1 51234 80\r\n' + get('/v1')]));
  assert.equal(one!.status, 200);
  const seen = JSON.parse(one!.body);
  assert.deepEqual([seen.remoteAddress, seen.remotePort, seen.remoteFamily, seen.url], ['203.0.113.7', 51234, 'IPv4', '/v1']);
  assert.match((await accessLine(server, '/v1')).msg!, /^203\.0\.113\.7 - - \[/);

  // v2 over IPv6, the header in its own write, then two requests on the kept-alive connection.
  const header = v2(0x21, 0x21, tcp6Block('2001:db8::7', '2001:db8::1', 40000, 443));
  const two = replies(await exchange({ port }, [header.subarray(0, 10), header.subarray(10), get('/v2a', {}, false), get('/v2b')]));
  assert.deepEqual(
    two.map((r) => [r.status, JSON.parse(r.body).remoteAddress, JSON.parse(r.body).remotePort]),
    [
      [200, '2001:db8::7', 40000],
      [200, '2001:db8::7', 40000],
    ],
  );
  assert.match((await accessLine(server, '/v2b')).msg!, /^2001:db8::7 - - \[/);

  // LOCAL (a balancer's own health check) and UNKNOWN keep the real peer.
  for (const [name, head] of [
    ['local', v2(0x20, 0x00, Buffer.alloc(0))],
    ['unknown', 'PROXY UNKNOWN\r\n'],
  ] as const) {
    const [r] = replies(await exchange({ port }, [head, get(`/${name}`)]));
    assert.equal(JSON.parse(r!.body).remoteAddress, '127.0.0.1', name);
  }
});

test('a missing or malformed PROXY header closes that connection only; the worker keeps serving', async (t) => {
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '1', '--proxy-protocol', '--access-log', '-'] });
  const port = await portOf(server);
  const [first] = replies(await exchange({ port }, ['PROXY TCP4 192.0.2.1 192.0.2.2 1000 80\r\n', get('/before')]));
  const pid = JSON.parse(first!.body).pid as number;

  const bad: [string, (string | Buffer)[], RegExp][] = [
    ['plain HTTP', [get('/no-header')], /does not start with a PROXY protocol header/],
    ['bad address', ['PROXY TCP4 999.1.1.1 192.0.2.2 1000 80\r\n', get('/x')], /not IPv4/],
    ['too long', [`PROXY TCP4 ${'1'.repeat(200)}`], /longer than 107 bytes/],
    ['v2 UDP', [v2(0x21, 0x12, Buffer.alloc(12)), get('/x')], /not TCP over IPv4 or IPv6/],
    ['cut short', ['PROXY TCP4 192.0.2.1'], /ended after 20 bytes/],
  ];
  for (const [name, chunks, reason] of bad) {
    const mark = server.lines.length;
    // "cut short" half-closes its side after the fragment: the server must not wait for more.
    const read = name === 'cut short' ? await halfClose(port, chunks[0] as string) : await exchange({ port }, chunks);
    assert.equal(read, '', `${name}: closed without a response`);
    const event = await server.waitFor('proxy.invalid-header', { after: mark });
    assert.equal(event.level, 'warn');
    assert.equal(event['peer'], '127.0.0.1');
    assert.match(event['reason'] as string, reason, name);
  }
  const [after] = replies(await exchange({ port }, ['PROXY TCP4 192.0.2.9 192.0.2.2 1000 80\r\n', get('/after')]));
  assert.equal(after!.status, 200);
  assert.equal(JSON.parse(after!.body).pid, pid, 'the same worker');
  assert.deepEqual(server.events('worker.exited'), []);
});

function halfClose(port: number, fragment: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(fragment));
    let data = '';
    socket.setEncoding('latin1').on('data', (d: string) => (data += d));
    socket.on('error', reject);
    socket.on('close', () => resolve(data));
  });
}

test('a peer outside proxyAllowIps is served plain HTTP and may not send a PROXY header', async (t) => {
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '1', '--proxy-protocol', '--proxy-allow-ips', '192.0.2.1'] });
  const port = await portOf(server);
  const plain = await getOnce(await server.url(), { path: '/plain' });
  assert.equal(plain.status, 200);
  assert.equal(JSON.parse(plain.body).remoteAddress, '127.0.0.1');
  const [refused] = replies(await exchange({ port }, ['PROXY TCP4 203.0.113.7 10.0.0.1 51234 80\r\n' + get('/spoofed')]));
  assert.equal(refused!.status, 403);
  const event = await server.waitFor('proxy.forbidden-header');
  assert.equal(event['peer'], '127.0.0.1');
});

test('a Fetch app sees https:// only when a trusted peer says so; contradicting headers get 400', async (t) => {
  const server = await startServer(t, { args: [HONO, '-b', '127.0.0.1:0', '-w', '1'] });
  const port = await portOf(server);
  const url = async (headers: Record<string, string>): Promise<Reply> => replies(await exchange({ port }, [get('/where?q=1', headers)]))[0]!;
  assert.equal((await url({})).body, 'http://proxied.example/where?q=1');
  assert.equal((await url({ 'X-Forwarded-Proto': 'https' })).body, 'https://proxied.example/where?q=1');
  assert.equal((await url({ 'x-forwarded-ssl': 'on' })).body, 'https://proxied.example/where?q=1');
  assert.equal((await url({ 'X-Forwarded-Proto': 'http' })).body, 'http://proxied.example/where?q=1');
  assert.equal((await url({ 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'evil.example' })).body, 'https://proxied.example/where?q=1', 'the Host header stays');
  const conflict = await url({ 'X-Forwarded-Proto': 'https', 'X-Forwarded-Ssl': 'off' });
  assert.equal(conflict.status, 400);

  const untrusting = await startServer(t, { args: [HONO, '-b', '127.0.0.1:0', '-w', '1', '--forwarded-allow-ips', '192.0.2.1'] });
  const other = await portOf(untrusting);
  const ignored = replies(await exchange({ port: other }, [get('/where', { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Ssl': 'off' })]))[0]!;
  assert.equal(ignored.status, 200, "an untrusted peer's headers are ignored, contradictions included");
  assert.equal(ignored.body, 'http://proxied.example/where');
});

test('with proxyProtocol, forwardedAllowIps is checked against the balancer, not the client it names', async (t) => {
  const trustsBalancer = await startServer(t, { args: [HONO, '-b', '127.0.0.1:0', '-w', '1', '--proxy-protocol'] });
  const trustsClient = await startServer(t, { args: [HONO, '-b', '127.0.0.1:0', '-w', '1', '--proxy-protocol', '--forwarded-allow-ips', '203.0.113.7'] });
  const request = ['PROXY TCP4 203.0.113.7 10.0.0.1 51234 80\r\n', get('/', { 'X-Forwarded-Proto': 'https' })];
  assert.equal(replies(await exchange({ port: await portOf(trustsBalancer) }, request))[0]!.body, 'https://proxied.example/');
  assert.equal(replies(await exchange({ port: await portOf(trustsClient) }, request))[0]!.body, 'http://proxied.example/');
});

test('PROXY header before a TLS handshake', async (t) => {
  const server = await startServer(t, { args: ['--config', 'test/fixtures/proxy/tls.config.mjs'] });
  const port = await portOf(server);
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(v2(0x21, 0x11, Buffer.from([198, 51, 100, 9, 10, 0, 0, 1, 0xee, 0x48, 0x01, 0xbb])));
  const secure = tls.connect({ socket, rejectUnauthorized: false, servername: 'localhost' });
  t.after(() => secure.destroy());
  await once(secure, 'secureConnect');
  let text = '';
  secure.setEncoding('latin1').on('data', (d: string) => (text += d));
  secure.write(get('/tls'));
  await once(secure, 'end');
  const body = JSON.parse(replies(text)[0]!.body);
  assert.equal(body.remoteAddress, '198.51.100.9');
  assert.equal(body.remotePort, 61000);
  assert.equal(body.remoteFamily, 'IPv4');
  assert.equal(body.encrypted, true);
  assert.match((await accessLine(server, '/tls')).msg!, /^198\.51\.100\.9 - - \[/);
});

test('a unix-socket listener expects the PROXY header from every peer', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'tsgun.sock');
  const server = await startServer(t, { args: [APP, '-b', `unix:${path}`, '-w', '1', '--proxy-protocol'] });
  const [r] = replies(await exchange({ path }, ['PROXY TCP6 2001:db8::42 2001:db8::1 3333 80\r\n', get('/unix')]));
  assert.equal(JSON.parse(r!.body).remoteAddress, '2001:db8::42');
  assert.equal(await exchange({ path }, [get('/unix')]), '');
  assert.equal((await server.waitFor('proxy.invalid-header'))['peer'], 'unix');
});

test('a graceful stop drains proxied connections: in-flight requests finish, idle ones are closed', async (t) => {
  const server = await startServer(t, { args: ['test/fixtures/e2e/app.mjs', '-b', '127.0.0.1:0', '-w', '1', '--proxy-protocol', '--graceful-timeout', '10', '--keep-alive', '1'] });
  const port = await portOf(server);
  // One connection that only sent its header, one kept alive after a request, one mid-request.
  const headerOnly = exchange({ port }, ['PROXY TCP4 192.0.2.1 192.0.2.2 1000 80\r\n']);
  const idle = exchange({ port }, ['PROXY TCP4 192.0.2.3 192.0.2.2 1000 80\r\n', get('/', {}, false)]);
  const slow = exchange({ port }, ['PROXY TCP4 192.0.2.4 192.0.2.2 1000 80\r\n', get('/slow?ms=1500', {}, false)]);
  await server.waitFor('test.request-started');
  const started = Date.now();
  server.signal('SIGTERM');
  const slowReplies = replies(await slow);
  assert.equal(slowReplies.length, 1);
  assert.equal(slowReplies[0]!.status, 200);
  assert.match(slowReplies[0]!.body, /^slow done/);
  assert.equal(slowReplies[0]!.headers['connection'], 'close');
  assert.equal(replies(await idle)[0]!.status, 200);
  assert.equal(await headerOnly, '');
  assert.deepEqual(await server.exited, { code: 0, signal: null });
  assert.ok(Date.now() - started < 8_000, 'no connection was left to the graceful timeout');
  assert.deepEqual(server.events('worker.drain-cut'), []);
});

test('an allow list entry that is not an address is a config error before anything starts', async () => {
  const result = await runCli([APP, '-b', '127.0.0.1:0', '-w', '1', '--proxy-protocol', '--proxy-allow-ips', 'lb.internal']);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /flag --proxy-allow-ips: proxyAllowIps\[0\]: "lb\.internal" is not a peer address: expected '\*', an IP address or a CIDR range/);
  assert.equal(result.stdout, '', 'no master started');
});

async function freePort(): Promise<number> {
  const probe = net.createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function haproxyMissing(): string | null {
  const probe = spawnSync('haproxy', ['-v'], { encoding: 'utf8' });
  return probe.error === undefined && probe.status === 0 ? null : 'haproxy is not installed (apt-get install -y haproxy; .ci/run installs it)';
}

test('behind a real HAProxy: send-proxy and send-proxy-v2', async (t: TestContext) => {
  const missing = haproxyMissing();
  if (missing !== null) {
    t.skip(missing);
    return;
  }
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '1', '--proxy-protocol', '--access-log', '-'] });
  const backend = await portOf(server);
  const dir = tempDir(t);
  const [v1Port, v2Port] = [await freePort(), await freePort()];
  const cfg = join(dir, 'haproxy.cfg');
  writeFileSync(
    cfg,
    [
      'global',
      '  maxconn 64',
      'defaults',
      '  mode http',
      '  timeout connect 5s',
      '  timeout client 30s',
      '  timeout server 30s',
      'listen v1',
      `  bind 127.0.0.1:${v1Port}`,
      `  server tsgun 127.0.0.1:${backend} send-proxy`,
      'listen v2',
      `  bind 127.0.0.1:${v2Port}`,
      '  http-request set-header X-Forwarded-Proto https',
      `  server tsgun 127.0.0.1:${backend} send-proxy-v2`,
      '',
    ].join('\n'),
  );
  const haproxy = spawn('haproxy', ['-f', cfg, '-db'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  haproxy.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  t.after(() => haproxy.kill('SIGKILL'));
  await Promise.race([
    eventually(async () => (await accepts(v1Port)) && accepts(v2Port), { what: `haproxy listening on ${v1Port} and ${v2Port}`, intervalMs: 50 }),
    once(haproxy, 'exit').then(([code]) => assert.fail(`haproxy exited with ${code}: ${stderr}`)),
  ]);

  for (const [name, port] of [
    ['v1', v1Port],
    ['v2', v2Port],
  ] as const) {
    // The client's own port is what tsgun must report, not the port HAProxy connected from.
    const socket = net.connect(port, '127.0.0.1');
    await once(socket, 'connect');
    const clientPort = socket.localPort;
    let text = '';
    socket.setEncoding('latin1').on('data', (d: string) => (text += d));
    socket.write(get(`/haproxy-${name}`));
    await once(socket, 'close');
    const [reply] = replies(text);
    assert.equal(reply!.status, 200, `${name}: ${text}`);
    const body = JSON.parse(reply!.body);
    assert.equal(body.remoteAddress, '127.0.0.1', name);
    assert.equal(body.remotePort, clientPort, `${name}: the client's port from the PROXY header`);
    assert.equal(body.forwardedProto, name === 'v2' ? 'https' : null);
    assert.match((await accessLine(server, `/haproxy-${name}`)).msg!, /^127\.0\.0\.1 - - \[/);
  }
  assert.deepEqual(server.events('proxy.invalid-header'), [], "HAProxy's headers all parsed");
});
