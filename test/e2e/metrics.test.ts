// metricsBind: the master's Prometheus metrics and health endpoints, scraped with a real HTTP client
// while workers serve a load, reload and get killed. The counters must add up (every request the
// load got an answer to is counted once, by status class; one reload once by outcome; a killed
// worker by its reason), every scrape must parse with a strict exposition-format parser, /livez must
// stay up while workers are replaced, and /readyz must turn false as soon as a graceful stop begins,
// while a request is still in flight.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { tempDir } from '../helpers/cli.ts';
import { eventually } from '../helpers/eventually.ts';
import { assertNothingDropped, getOnce, startLoad } from '../helpers/load.ts';
import { parsePrometheusText, sampleValue, type Family } from '../helpers/prom-text.ts';
import { appSource, mjsConfig, project } from '../helpers/reload.ts';
import { startServer, type ServerProcess } from '../helpers/server.ts';
import { scaled } from '../helpers/time.ts';

// /status/N answers N; /hold answers once the file named by ?until exists; anything else 200.
const APP = `import { existsSync } from 'node:fs';
export default function app(req, res) {
  const url = new URL(req.url, 'http://x');
  if (url.pathname.startsWith('/status/')) {
    res.statusCode = Number(url.pathname.slice(8));
    res.end('status pid ' + process.pid + '\\n');
    return;
  }
  if (url.pathname === '/hold') {
    process.stdout.write(JSON.stringify({ level: 'info', event: 'test.request-started', pid: process.pid }) + '\\n');
    const timer = setInterval(() => {
      if (!existsSync(url.searchParams.get('until'))) return;
      clearInterval(timer);
      res.end('held pid ' + process.pid + '\\n');
    }, 20);
    return;
  }
  res.end('ok pid ' + process.pid + '\\n');
}
`;

async function start(t: TestContext, args: readonly string[] = []): Promise<{ server: ServerProcess; url: string; metricsUrl: string; dir: string }> {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'app.mjs'), APP);
  const server = await startServer(t, { args: [join(dir, 'app.mjs'), '-b', '127.0.0.1:0', '--metrics-bind', '127.0.0.1:0', ...args], cwd: dir });
  const listening = await server.waitFor('metrics.listening');
  return { server, url: await server.url(), metricsUrl: `http://${String(listening['address'])}`, dir };
}

/** GET on the metrics listener with a fresh connection each time (a prober's way). */
async function get(metricsUrl: string, path: string): Promise<{ status: number; body: string; type: string | undefined }> {
  const res = await getOnce(metricsUrl, { path, timeoutMs: 10_000 });
  return { status: res.status, body: res.body, type: res.headers['content-type'] };
}

async function scrape(metricsUrl: string): Promise<Map<string, Family>> {
  const res = await get(metricsUrl, '/metrics');
  assert.equal(res.status, 200);
  assert.match(res.type ?? '', /^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(res.body);
}

const requests = (f: Map<string, Family>, statusClass: string): number => sampleValue(f, 'tsgun_http_requests_total', { status_class: statusClass });

test('the counters add up across a load, a reload and a killed worker, and every scrape parses', async (t) => {
  const { server, url, metricsUrl } = await start(t, ['-w', '2', '--graceful-timeout', '5', '--keep-alive', '2']);
  let families = await scrape(metricsUrl);
  assert.equal(sampleValue(families, 'tsgun_workers', { state: 'ready' }), 2);
  assert.equal(sampleValue(families, 'tsgun_generation'), 1);
  assert.equal(requests(families, '2xx'), 0);

  // A few answers of other classes, then the load.
  for (const status of [404, 404, 503, 302]) assert.equal((await getOnce(url, { path: `/status/${status}` })).status, status);
  const load = startLoad(url, { connections: 6, maxMs: 60_000 });
  await load.reached(200);

  // Scrapes and probes run all along the reload and the kill: each must answer, and parse.
  let probing = true;
  t.after(() => (probing = false));
  const probes: { metrics: number; livez: number[]; readyz: number[]; errors: string[] } = { metrics: 0, livez: [], readyz: [], errors: [] };
  const prober = (async () => {
    while (probing) {
      try {
        await scrape(metricsUrl);
        probes.metrics++;
        probes.livez.push((await get(metricsUrl, '/livez')).status);
        probes.readyz.push((await get(metricsUrl, '/readyz')).status);
      } catch (error) {
        probes.errors.push((error as Error).message);
      }
    }
  })();

  const old = server.liveWorkerPids();
  const mark = server.lines.length;
  server.signal('SIGHUP');
  await server.waitFor('reload.committed', { after: mark, timeoutMs: 30_000 });
  for (const pid of old) await server.waitFor((l) => l.event === 'worker.exited' && l.pid === pid, { timeoutMs: 30_000 });
  await load.more(200);
  const result = await load.stop();
  assertNothingDropped(result, 400);

  // Every answer the load got is counted, the old generation's (reported as it drained) included.
  families = await eventually(
    async () => {
      const f = await scrape(metricsUrl);
      return requests(f, '2xx') === result.ok && f;
    },
    { what: `tsgun_http_requests_total{status_class="2xx"} to reach the ${result.ok} answers of the load` },
  );
  assert.equal(requests(families, '3xx'), 1);
  assert.equal(requests(families, '4xx'), 2);
  assert.equal(requests(families, '5xx'), 1);
  assert.equal(requests(families, '1xx'), 0);
  assert.equal(requests(families, 'none'), 0);
  const total = result.ok + 4;
  assert.equal(sampleValue(families, 'tsgun_http_request_duration_seconds_count'), total, 'the histogram counts every request once');
  assert.equal(sampleValue(families, 'tsgun_http_request_duration_seconds_bucket', { le: '+Inf' }), total);
  assert.ok(sampleValue(families, 'tsgun_http_request_duration_seconds_sum') > 0);
  assert.equal(sampleValue(families, 'tsgun_http_requests_in_flight'), 0);
  assert.equal(sampleValue(families, 'tsgun_reloads_total', { outcome: 'committed' }), 1, 'one reload, counted once');
  assert.equal(sampleValue(families, 'tsgun_reloads_total', { outcome: 'rolled-back' }), 0);
  assert.equal(sampleValue(families, 'tsgun_generation'), 2);
  assert.equal(sampleValue(families, 'tsgun_worker_exits_total', { reason: 'reloaded' }), 2);
  assert.equal(sampleValue(families, 'tsgun_worker_exits_total', { reason: 'crashed' }), 0);

  // A worker killed from outside: counted as crashed; what it counted before stays counted.
  const [victim] = server.liveWorkerPids();
  const killMark = server.lines.length;
  process.kill(victim!, 'SIGKILL');
  await server.waitFor((l) => l.event === 'worker.exited' && l.pid === victim, { after: killMark });
  await server.waitFor('worker.ready', { after: killMark, timeoutMs: 30_000 });
  families = await eventually(
    async () => {
      const f = await scrape(metricsUrl);
      return sampleValue(f, 'tsgun_workers', { state: 'ready' }) === 2 && f;
    },
    { what: 'two ready workers again' },
  );
  assert.equal(sampleValue(families, 'tsgun_worker_exits_total', { reason: 'crashed' }), 1);
  assert.equal(requests(families, '2xx'), result.ok, 'a dead worker’s counts are kept');
  probing = false;
  await prober;

  assert.deepEqual(probes.errors, [], 'every scrape and probe answered, and every scrape parsed');
  assert.ok(probes.metrics >= 2, `scraped during the reload and the kill (${probes.metrics} times)`);
  assert.deepEqual([...new Set(probes.livez)], [200], '/livez stayed up while workers were replaced');
  assert.deepEqual([...new Set(probes.readyz)], [200], '/readyz stayed up: a ready worker of the serving generation all along');
  server.signal('SIGTERM');
  assert.equal((await server.exited).code, 0);
});

test('/readyz turns 503 as soon as a graceful stop begins, while a request is still in flight; /livez stays 200', async (t) => {
  const { server, url, metricsUrl, dir } = await start(t, ['-w', '1', '--graceful-timeout', '60']);
  assert.equal((await get(metricsUrl, '/readyz')).status, 200);
  const release = join(dir, 'release');
  const agent = new http.Agent({ keepAlive: false });
  t.after(() => agent.destroy());
  let answered = false;
  const held = getOnce(url, { agent, path: `/hold?until=${encodeURIComponent(release)}`, timeoutMs: 120_000 }).finally(() => (answered = true));
  await server.waitFor('test.request-started');
  server.signal('SIGTERM');
  await server.waitFor('shutdown.started');
  const ready = await eventually(
    async () => {
      const r = await get(metricsUrl, '/readyz');
      return r.status === 503 && r;
    },
    { what: '/readyz to answer 503 once the stop began' },
  );
  assert.match(ready.body, /stopping/);
  assert.equal((await get(metricsUrl, '/livez')).status, 200, 'a draining master is live');
  assert.equal(answered, false, 'the drain has not ended: the held request is still in flight');
  writeFileSync(release, '');
  const res = await held;
  assert.equal(res.status, 200);
  assert.deepEqual(await server.exited, { code: 0, signal: null });
});

test('an HTTP/2 stream counts as a request; the listener answers GET and HEAD only, on its three paths', async (t) => {
  const { server, url, metricsUrl } = await start(t, ['-w', '1', '--http-protocols', 'h1', '--http-protocols', 'h2c']);
  const session = http2.connect(url);
  t.after(() => session.destroy());
  for (const path of ['/', '/status/404']) {
    const stream = session.request({ ':path': path });
    stream.resume();
    const [headers] = (await once(stream, 'response')) as [http2.IncomingHttpHeaders];
    assert.equal(headers[':status'], path === '/' ? 200 : 404);
    await once(stream, 'close');
  }
  session.close();
  await eventually(
    async () => {
      const f = await scrape(metricsUrl);
      return requests(f, '2xx') === 1 && requests(f, '4xx') === 1;
    },
    { what: 'the two HTTP/2 streams counted, by class' },
  );
  assert.equal((await get(metricsUrl, '/livez')).status, 200);
  assert.equal((await get(metricsUrl, '/nope')).status, 404);
  const post = await getOnce(metricsUrl, { path: '/metrics', method: 'POST' });
  assert.equal(post.status, 405);
  assert.equal(post.headers['allow'], 'GET, HEAD');
  const head = await getOnce(metricsUrl, { path: '/readyz', method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
  server.signal('SIGTERM');
  assert.equal((await server.exited).code, 0);
});

test('an upgrade hands metricsBind over: the old master closes it as it lets go, the new one opens it as it takes over', async (t) => {
  // A fixed port, as in production: the new master must get the very address the old one had.
  const probe = net.createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const port = (probe.address() as net.AddressInfo).port;
  probe.close();
  await once(probe, 'close');
  const p = project(t, {
    'app.mjs': appSource('v1'),
    'tsgun.config.mjs': mjsConfig({ app: './app.mjs', bind: ['127.0.0.1:0'], workers: 1, gracefulTimeout: 2, keepAlive: 1, metricsBind: `127.0.0.1:${port}` }),
  });
  const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir });
  const metricsUrl = `http://127.0.0.1:${port}`;
  assert.equal((await get(metricsUrl, '/readyz')).status, 200);
  server.signal('SIGUSR2');
  const started = await server.waitFor('upgrade.started', { timeoutMs: 30_000 });
  const next = started.pid!;
  t.after(() => {
    try {
      process.kill(-next, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  await server.waitFor((l) => l.event === 'upgrade.adopted' && l['masterPid'] === next, { timeoutMs: 60_000 });
  const listening = await server.waitFor((l) => l.event === 'metrics.listening' && l['masterPid'] === next);
  assert.equal(listening['address'], `127.0.0.1:${port}`);
  assert.equal(server.events('upgrade.adopt-failed').length, 0, 'the new master opened every listener');
  await server.exited; // the old master drained and left
  const families = await scrape(metricsUrl);
  assert.equal(sampleValue(families, 'tsgun_workers', { state: 'ready' }), 1, 'the new master answers');
  assert.equal((await get(metricsUrl, '/readyz')).status, 200);
  process.kill(next, 'SIGTERM');
  await eventually(
    async () => {
      try {
        await get(metricsUrl, '/livez');
        return false;
      } catch {
        return true;
      }
    },
    { what: 'the metrics listener closed with the last master' },
  );
});

test('the metrics listener is bounded: past 16 connections it closes new ones, and a client that sends nothing is closed after the head timeout', async (t) => {
  const { server, metricsUrl } = await start(t, ['-w', '1']);
  const { hostname, port } = new URL(metricsUrl);
  const connect = async (): Promise<net.Socket> => {
    const socket = net.connect(Number(port), hostname);
    t.after(() => socket.destroy());
    // A connection the server closes with data unread is reset: what matters here is that it closes.
    socket.on('error', () => undefined);
    await once(socket, 'connect');
    return socket;
  };
  const silent = [];
  for (let i = 0; i < 16; i++) silent.push(await connect());
  // Not events.once: it rejects on the 'error' a reset emits before 'close'.
  const closing = (s: net.Socket): Promise<void> => new Promise((resolve) => s.once('close', () => resolve()));
  const closed = silent.map(closing);
  // The 17th: accepted by the kernel, closed by the server without a word.
  const extra = await connect();
  extra.write('GET /livez HTTP/1.1\r\nHost: x\r\n\r\n');
  let answer = '';
  extra.on('data', (d: Buffer) => (answer += d.toString()));
  await closing(extra);
  assert.equal(answer, '', 'no answer past the connection limit');
  // The silent ones go at the head timeout (5 s, checked every second), and the listener answers again.
  const deadline = scaled(20_000);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(closed),
    new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`the silent connections were not closed within ${deadline} ms`)), deadline))),
  ]).finally(() => clearTimeout(timer));
  assert.equal((await get(metricsUrl, '/livez')).status, 200);
  server.signal('SIGTERM');
  assert.equal((await server.exited).code, 0);
});
