// Every app kind tsgun accepts, served through the real CLI from the examples/ folders: a plain
// listener, Express, Koa, Fastify, Hono (Fetch) and a factory. Each answers GET / and streams a
// POST body back from /echo.

import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import { getOnce } from '../helpers/load.ts';
import { startServer } from '../helpers/server.ts';

function post(url: string, path: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, url);
    const req = http.request({ host: target.hostname, port: target.port, path, method: 'POST', agent: false, headers: { 'content-type': 'text/plain' } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    // Two writes: the body reaches the app as a stream, not one buffer.
    req.write(body.slice(0, 5));
    setTimeout(() => req.end(body.slice(5)), 20);
  });
}

const cases = [
  { example: 'hello', kind: 'listener', greeting: /^hello from worker \d+\n$/, echo: false },
  { example: 'express', kind: 'listener', greeting: /^hello from express, worker \d+\n$/, echo: true },
  { example: 'koa', kind: 'koa', greeting: /^hello from koa, worker \d+\n$/, echo: true },
  { example: 'fastify', kind: 'fastify', greeting: /^hello from fastify, worker \d+\n$/, echo: true },
  { example: 'hono', kind: 'fetch', greeting: /^hello from hono, worker \d+\n$/, echo: true },
  { example: 'factory', kind: 'listener', greeting: /^hello from factory, worker \d+ \(booted yes\)\n$/, echo: true },
] as const;

for (const c of cases) {
  test(`serves examples/${c.example} (${c.kind})`, async (t) => {
    const server = await startServer(t, { args: ['--config', `examples/${c.example}/tsgun.config.ts`, '-b', '127.0.0.1:0', '-w', '1'] });
    const url = await server.url();
    const loaded = await server.waitFor('worker.app-loaded');
    assert.equal(loaded['kind'], c.kind);
    const res = await getOnce(url);
    assert.equal(res.status, 200);
    assert.match(res.body, c.greeting);
    if (c.echo) {
      const payload = `streamed body ${'x'.repeat(20_000)} from ${c.example}`;
      const echoed = await post(url, '/echo', payload);
      assert.equal(echoed.status, 200);
      assert.equal(echoed.body, payload);
    }
    const head = await getOnce(url, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
    server.signal('SIGTERM');
    assert.deepEqual(await server.exited, { code: 0, signal: null });
  });
}

test('a Fetch app gets { incoming, outgoing } as its second argument (the client address, as with @hono/node-server)', async (t) => {
  const server = await startServer(t, { args: ['test/fixtures/e2e/fetch-env.mjs', '-b', '127.0.0.1:0', '-w', '1'] });
  const res = await getOnce(await server.url());
  assert.equal(res.body, 'client 127.0.0.1 via ServerResponse\n');
});
