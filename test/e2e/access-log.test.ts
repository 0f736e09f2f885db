// The access log through the real CLI: Gunicorn's format to a file (plain lines, real body sizes,
// reopened on USR1 after rotation) and the json format inside the stdout log stream.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/cli.ts';
import { eventually } from '../helpers/eventually.ts';
import { getOnce } from '../helpers/load.ts';
import { startServer } from '../helpers/server.ts';

const APP = 'test/fixtures/e2e/app.mjs';

function request(url: string, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, url);
    http
      .get({ host: target.hostname, port: target.port, path, headers, agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

/** The file's text once it includes `includes` (the worker writes its lines after the response). */
function waitForFile(path: string, includes: string): Promise<string> {
  const text = (): string => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  return eventually(() => text().includes(includes) && text(), { what: `${path} contains ${includes}`, timeoutMs: 15_000, detail: text });
}

test('a Gunicorn-format access log file: plain lines, real sizes, no credentials, reopened on USR1', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'access.log');
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '1', '--access-log', file] });
  const url = await server.url();
  const body = (await getOnce(url, { path: '/' })).body;
  assert.equal(await request(url, '/first?x=1', { 'user-agent': 'probe/1', cookie: 'session=secret-cookie', authorization: 'Basic ZGF2ZTpwdw==' }), 200);
  const text = await waitForFile(file, '/first?x=1');
  const line = text
    .trim()
    .split('\n')
    .find((l) => l.includes('/first'))!;
  assert.match(line, /^127\.0\.0\.1 - dave \[\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "GET \/first\?x=1 HTTP\/1\.1" 200 (\d+) "-" "probe\/1"$/);
  assert.equal(Number(/ 200 (\d+) /.exec(line)![1]), Buffer.byteLength(body), 'the body size the app wrote');
  assert.ok(!text.includes('secret-cookie') && !text.includes('ZGF2ZTpwdw'), 'no cookie, no credentials');

  renameSync(file, `${file}.1`);
  server.signal('SIGUSR1');
  await server.waitFor('logs.reopened');
  // The worker reopens when it handles the message, which it does not log; keep asking until a line
  // lands in the new file.
  await eventually(
    async () => {
      if (existsSync(file) && readFileSync(file, 'utf8').includes('/second')) return true;
      await request(url, '/second', {});
      return false;
    },
    { what: 'a line in the reopened file', timeoutMs: 15_000, intervalMs: 50 },
  );
  assert.ok(readFileSync(`${file}.1`, 'utf8').includes('/first'), 'the old lines stayed in the rotated file');
});

test('accessLogFormat json to stdout: access events with the fixed fields', async (t) => {
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '1', '--access-log', '-', '--access-log-format', 'json'] });
  const url = await server.url();
  assert.equal(await request(url, '/json?q=2', { 'user-agent': 'probe/2', cookie: 'a=b' }), 200);
  const access = await server.waitFor((l) => l.event === 'access' && l['path'] === '/json');
  assert.equal(access['status'], 200);
  assert.equal(access['query'], 'q=2');
  assert.equal(access['userAgent'], 'probe/2');
  assert.equal(typeof access['durationMs'], 'number');
  assert.ok(!JSON.stringify(access).includes('a=b'));
});

test('a request whose client went away before its response is logged too, 499 as nginx does, once (regression: it was not logged)', async (t) => {
  const server = await startServer(t, { args: [APP, '-b', '127.0.0.1:0', '-w', '1', '--access-log', '-', '--access-log-format', 'json'] });
  const url = new URL(await server.url());
  const client = http.get({ host: url.hostname, port: url.port, path: '/slow?ms=1500', agent: false });
  client.on('error', () => undefined);
  await server.waitFor('test.request-started');
  client.destroy();
  const access = await server.waitFor((l) => l.event === 'access' && l['path'] === '/slow');
  assert.equal(access['status'], 499);
  assert.equal(access['bytes'], 0);
  // The app's late res.end() (1.5 s after the request) logs nothing more; a later request is logged as usual.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  assert.equal(await request(url.href, '/after', {}), 200);
  await server.waitFor((l) => l.event === 'access' && l['path'] === '/after');
  assert.equal(server.lines.filter((l) => l.event === 'access' && l['path'] === '/slow').length, 1);
});
