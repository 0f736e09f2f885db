// Faults at the HTTP edge, tried from outside with raw bytes against the real CLI: the URL a Fetch
// app is given (its origin must not come from the target), a parse error while a response streams,
// the status of refused heads, the memory a header flood may take, and the timeouts a stalled
// client runs into. Each test names the fault it guards against.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/cli.ts';
import { eventually } from '../helpers/eventually.ts';
import { accepts, exchange, replies } from '../helpers/raw-http.ts';
import { startEdge } from '../helpers/edge.ts';

const FETCH_APP = 'test/fixtures/edge/fetch-app.mjs';
const NODE_APP = 'test/fixtures/edge/node-app.mjs';

const raw = (line: string, headers: readonly string[]): string => `${line}\r\n${headers.map((h) => `${h}\r\n`).join('')}Connection: close\r\n\r\n`;

test('a Fetch app gets its origin from the Host header, never from a //host or absolute-form target', async (t) => {
  const edge = await startEdge(t, FETCH_APP);
  // Regression: `GET //evil.example/admin/secret` reached the app as http://evil.example/admin/secret.
  const [slashes] = replies(await exchange({ port: edge.port }, [raw('GET //evil.example/admin/secret HTTP/1.1', ['Host: good.example'])]));
  assert.equal(slashes!.status, 200);
  assert.equal(slashes!.body, 'http://good.example//evil.example/admin/secret\n', 'the path is the target, byte for byte');

  // Regression: an absolute-form target from an untrusted peer made the app see https://.
  const [absolute] = replies(await exchange({ port: edge.port }, [raw('GET https://good.example/abs?q=1 HTTP/1.1', ['Host: good.example'])]));
  assert.equal(absolute!.body, 'http://good.example/abs?q=1\n', 'the scheme is the one tsgun decided (a plain socket, no trusted proxy)');

  const before = edge.calls().length;
  const [elsewhere] = replies(await exchange({ port: edge.port }, [raw('GET https://bank.example/abs HTTP/1.1', ['Host: good.example'])]));
  assert.equal(elsewhere!.status, 400, 'a target naming another host than Host is refused');
  // Regression: `Host: a b` gave a 500 and an error-level log line.
  const [badHost] = replies(await exchange({ port: edge.port }, [raw('GET / HTTP/1.1', ['Host: a b'])]));
  assert.equal(badHost!.status, 400);
  const [userinfo] = replies(await exchange({ port: edge.port }, [raw('GET / HTTP/1.1', ['Host: good.example@evil.example'])]));
  assert.equal(userinfo!.status, 400);
  const [asterisk] = replies(await exchange({ port: edge.port }, [raw('OPTIONS * HTTP/1.1', ['Host: good.example'])]));
  assert.equal(asterisk!.status, 400);
  // Regression (review): legal characters, yet no host the URL parser takes: was a 500.
  const [noAddress] = replies(await exchange({ port: edge.port }, [raw('GET / HTTP/1.1', ['Host: 1.2.3.999'])]));
  assert.equal(noAddress!.status, 400);
  assert.equal(edge.calls().length, before, 'the app was not called for a refused target or Host');
  await edge.server.waitForCount('request.client-error', 5);
  // The conformance check refuses what no app may get; the Fetch bridge what a Request cannot hold.
  assert.deepEqual(
    edge.server.events('request.client-error').map((l) => `${l['code']} ${l['reason']}`),
    ['NONCONFORMING_REQUEST target-host-mismatch', 'NONCONFORMING_REQUEST invalid-host', 'NONCONFORMING_REQUEST invalid-host', 'INVALID_TARGET invalid-target', 'INVALID_HOST invalid-host'],
  );
  assert.equal(edge.server.lines.filter((l) => l.level === 'error').length, 0, 'no error-level line for a client fault');

  // An HTTP/1.0 request without Host gets the address it connected to.
  const old = await exchange({ port: edge.port }, ['GET /old HTTP/1.0\r\n\r\n']);
  assert.ok(old.endsWith(`\r\n\r\nhttp://127.0.0.1:${edge.port}/old\n`), old);
});

test('behind a real nginx, a //host target cannot reach a location nginx denies', async (t) => {
  const nginx = spawnSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx'], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
  if (nginx === undefined || nginx === '' || !existsSync(nginx)) {
    t.skip('nginx is not installed (.ci/run installs it)');
    return;
  }
  const edge = await startEdge(t, FETCH_APP);
  const dir = tempDir(t, 'tsgun-nginx-');
  const port = await freePort();
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    location /admin { return 403; }
    location / { proxy_pass http://127.0.0.1:${edge.port}; proxy_set_header Host good.example; }
  }
}
`,
  );
  const child = spawn(nginx, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  t.after(() => child.kill('SIGKILL'));
  await waitForPort(port, child);

  const [denied] = replies(await exchange({ port }, [raw('GET /admin/secret HTTP/1.1', ['Host: good.example'])]));
  assert.equal(denied!.status, 403, 'nginx denies /admin');
  // Regression: nginx saw //evil.example/admin/secret, the Fetch app routed /admin/secret.
  const [bypass] = replies(await exchange({ port }, [raw('GET //evil.example/admin/secret HTTP/1.1', ['Host: good.example'])]));
  assert.notEqual(bypass!.body, 'secret\n', 'the app did not route the request to /admin');
  assert.deepEqual(edge.calls(), ['http://good.example//evil.example/admin/secret']);
});

test('a bad chunk from the client while the app streams its reply closes the connection; no 400 inside the body', async (t) => {
  const edge = await startEdge(t, NODE_APP);
  const socket = net.connect(edge.port, '127.0.0.1');
  t.after(() => socket.destroy());
  let data = '';
  socket.setEncoding('latin1').on('data', (d: string) => (data += d));
  socket.on('error', () => undefined);
  const closed = once(socket, 'close');
  socket.write('POST /stream HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n');
  await eventually(() => data.includes('got 5'), { what: 'the app read the first chunk', intervalMs: 10 });
  // Regression: tsgun wrote "HTTP/1.1 400 Bad Request" into the middle of the chunked body.
  socket.write('zz\r\nnot a chunk\r\n');
  await closed;
  assert.equal(data.match(/HTTP\/1\.1 /g)?.length, 1, `one status line only: ${JSON.stringify(data)}`);
  assert.ok(!data.includes('done'), 'the response was cut, not finished');
  await edge.server.waitFor((l) => l.event === 'request.client-error' && l['code'] === 'HPE_INVALID_CHUNK_SIZE' && l['status'] === null);
});

test('a request head not complete within headersTimeout gets 408, not 400', async (t) => {
  const edge = await startEdge(t, NODE_APP, ['--headers-timeout', '1']);
  const text = await exchange({ port: edge.port }, ['GET / HTTP/1.1\r\nHost: a\r\n']);
  assert.match(text, /^HTTP\/1\.1 408 /);
  assert.deepEqual(edge.calls(), []);
});

test('a request line over the limit is 414, a header section over limitRequestHeadersSize is 431', async (t) => {
  const edge = await startEdge(t, NODE_APP);
  // Over limitRequestLine (4094) but within Node's budget: the guard answers.
  const [line] = replies(await exchange({ port: edge.port }, [raw(`GET /${'a'.repeat(5_000)} HTTP/1.1`, ['Host: a'])]));
  assert.equal(line!.status, 414);
  // Regression: past the whole budget the parser overflowed and the answer was 431.
  const [long] = replies(await exchange({ port: edge.port }, [raw(`GET /${'a'.repeat(60_000)} HTTP/1.1`, ['Host: a'])]));
  assert.equal(long!.status, 414);
  // 40 legal fields of 1,000 bytes: each within limitRequestFieldSize, together over 32 KiB.
  const fields = Array.from({ length: 40 }, (_, i) => `X-Fill-${i}: ${'v'.repeat(990)}`);
  const [flood] = replies(await exchange({ port: edge.port }, [raw('GET / HTTP/1.1', ['Host: a', ...fields])]));
  assert.equal(flood!.status, 431);
  // 31 such fields are just under the limit (counted as whole lines) and pass.
  const [fits] = replies(await exchange({ port: edge.port }, [raw('GET / HTTP/1.1', ['Host: a', ...fields.slice(0, 31)])]));
  assert.equal(fits!.status, 200);
  assert.deepEqual(edge.calls(), ['GET /']);
});

test('connections trickling legal headers without an end hold little worker memory (scaled-down header flood)', async (t) => {
  const edge = await startEdge(t, NODE_APP);
  const pid = edge.server.liveWorkerPids()[0]!;
  const before = statusKb(pid, 'VmRSS');
  const CONNECTIONS = 200;
  // Each would send 100 fields of 8,000 bytes (800 kB, every field legal) and never end the head.
  // Regression: the header budget was ~800 kB a connection (1,000 connections: +500 MB RSS; this
  // test with that budget: +318 MB and no 431).
  // The fields trickle, stopping at the answer (trickle()): sent at full speed past the refusal,
  // the bytes the worker reads and drops while the connection lingers peaked at 67 to 92 MB before
  // V8 collected them, a test that failed 3 runs in 5.
  const field = `X-Bulk: ${'b'.repeat(8_000)}\r\n`;
  const outcomes = await Promise.all(Array.from({ length: CONNECTIONS }, () => trickle(edge.port, field, 100)));
  const peak = statusKb(pid, 'VmHWM');
  t.diagnostic(`worker peak RSS grew by ${peak - before} kB`);
  for (const text of outcomes) assert.ok(text === '' || /^HTTP\/1\.1 431 /.test(text), `refused: ${JSON.stringify(text.slice(0, 60))}`);
  assert.ok(outcomes.filter((o) => o !== '').length > 0, 'the floods were answered 431');
  // 200 connections at ~800 kB each would be ~160 MB; at the 36 kB budget, a few MB.
  assert.ok(peak - before < 64 * 1024, `worker peak RSS grew by ${peak - before} kB`);
  assert.deepEqual(edge.calls(), []);
});

test('bodyTimeout answers 408 to a client that stops sending its body', async (t) => {
  const edge = await startEdge(t, NODE_APP, ['--body-timeout', '1']);
  const text = await exchange({ port: edge.port }, ['POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n0123456789']);
  assert.match(text, /^HTTP\/1\.1 408 /);
  await edge.server.waitFor((l) => l.event === 'request.client-error' && l['code'] === 'BODY_TIMEOUT');
  // A body that keeps coming is not cut.
  const [whole] = replies(await exchange({ port: edge.port }, ['POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 20\r\nConnection: close\r\n\r\n0123456789', '0123456789'], 200));
  assert.equal(whole!.body, '20\n');
});

test('sendTimeout closes a connection whose client never reads a large response', async (t) => {
  const edge = await startEdge(t, NODE_APP, ['--send-timeout', '1']);
  const socket = net.connect(edge.port, '127.0.0.1');
  t.after(() => socket.destroy());
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  socket.write('GET /big HTTP/1.1\r\nHost: a\r\n\r\n');
  socket.pause();
  // Regression: the worker held the response (up to 100 MiB) for as long as the client stayed.
  await edge.server.waitFor((l) => l.event === 'request.client-error' && l['code'] === 'SEND_TIMEOUT');
  let received = 0;
  socket.on('data', (d: Buffer) => (received += d.length));
  const closed = once(socket, 'close');
  socket.resume();
  await closed;
  assert.ok(received < 100 * 1024 * 1024, `the response was cut (${received} bytes read)`);
});

/** One field every this many ms per connection: 200 connections send 80 MB/s, which the worker keeps up with. */
const FIELD_GAP_MS = 20;

/**
 * Sends a request head of `count` copies of `field` and never ends it, one field every FIELD_GAP_MS,
 * stopping once the server answers: what the worker then holds is what it kept of the head, not
 * what it reads and throws away while the connection lingers (a flood sent at full speed past its
 * refusal is read and dropped, and that garbage alone can peak past 64 MB before V8 collects it).
 * After `count` fields it closes its side. Resolves with what it read.
 */
function trickle(port: number, field: string, count: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    let sent = 0;
    socket.setEncoding('latin1').on('data', (d: string) => (data += d));
    // The server may cut the connection mid-write: a reset here is an expected end.
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(data));
    const next = (): void => {
      if (socket.destroyed || data !== '') return;
      if (sent === count) return void socket.end();
      sent++;
      socket.write(field, () => setTimeout(next, FIELD_GAP_MS));
    };
    socket.on('connect', () => socket.write('GET / HTTP/1.1\r\nHost: a\r\n', next));
  });
}

function statusKb(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return Number(/\d+/.exec(line ?? '')?.[0]);
}

async function freePort(): Promise<number> {
  const probe = net.createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

/** nginx logs nothing tests can wait on: poll its port until it accepts; fail at once if it exits. */
async function waitForPort(port: number, child: ReturnType<typeof spawn>): Promise<void> {
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  await eventually(
    () => {
      if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
      return accepts(port);
    },
    { what: 'nginx listening', timeoutMs: 10_000, intervalMs: 25, detail: () => stderr },
  );
}
