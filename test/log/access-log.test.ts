import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { TsgunError } from '../../src/errors/tsgun-error.ts';
import { accessLogAtoms, parseAccessLogFormat } from '../../src/config/access-log-format.ts';
import { compileAccessLogFormat as render, type AccessEntry } from '../../src/log/access-log.ts';

/** A format as the worker gets it: parsed at resolution (throws TSG_CONFIG_INVALID there), rendered in log/. */
const compileAccessLogFormat = (format: string) => render(parseAccessLogFormat(format));

interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly remoteAddress: string;
}

interface TestServer {
  readonly port: number;
  /** Sends `send` and resolves with the server side of the exchange once the response has finished. */
  exchange(send: (port: number) => Promise<unknown>): Promise<Exchange>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const FIXED_MS = Date.UTC(2000, 9, 10, 20, 55, 36, 250);

async function serve(t: TestContext, handler: Handler = (_req, res) => res.end('hello'), options: http.ServerOptions = {}): Promise<TestServer> {
  const server = http.createServer(options, (req, res) => {
    // Read now: a closed socket forgets its remote address.
    const remoteAddress = req.socket.remoteAddress ?? '';
    res.on('finish', () => server.emit('exchange', { req, res, remoteAddress }));
    handler(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    async exchange(send) {
      const [[exchange]] = await Promise.all([once(server, 'exchange') as Promise<[Exchange]>, send(port)]);
      return exchange;
    },
  };
}

function get(path: string, headers: Record<string, string | string[]> = {}, method = 'GET'): (port: number) => Promise<string> {
  return (port) =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end();
    });
}

/** Bytes a client library would refuse to send: written straight to a socket. */
function raw(text: string): (port: number) => Promise<string> {
  return (port) =>
    new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(Buffer.from(text, 'latin1')));
      let reply = '';
      socket.setEncoding('latin1').on('data', (c: string) => (reply += c));
      socket.on('close', () => resolve(reply));
      socket.on('error', reject);
    });
}

function entry(x: Exchange, over: Partial<AccessEntry> = {}): AccessEntry {
  return { req: x.req, res: x.res, start: 0n, end: 0n, status: x.res.statusCode, startedAt: FIXED_MS, bytesSent: 5, remoteAddress: x.remoteAddress, pid: 4242, ...over };
}

function format(fmt: string, e: AccessEntry): string {
  const line = compileAccessLogFormat(fmt)(e);
  assert.equal(typeof line, 'string');
  return line as string;
}

function basic(credentials: string): string {
  return `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
}

function withTz(t: TestContext, zone: string): void {
  const before = process.env.TZ;
  process.env.TZ = zone;
  t.after(() => {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  });
}

const schema = JSON.parse(readFileSync(new URL('../../schema/tsgun.schema.json', import.meta.url), 'utf8')) as {
  properties: { accessLogFormat: { default: string; description: string } };
};

test("the schema's default format compiles and prints a combined-log line", async (t) => {
  withTz(t, 'America/Los_Angeles');
  const s = await serve(t);
  const x = await s.exchange(get('/a/b?c=1', { 'User-Agent': 'curl/8.0', Referer: 'http://ref.example/', Authorization: basic('alice:s3cret') }));
  assert.equal(format(schema.properties.accessLogFormat.default, entry(x)), '127.0.0.1 - alice [10/Oct/2000:13:55:36 -0700] "GET /a/b?c=1 HTTP/1.1" 200 5 "http://ref.example/" "curl/8.0"');
});

test('every letter atom, from a real request', async (t) => {
  withTz(t, 'America/Los_Angeles');
  const s = await serve(t, (_req, res) => {
    res.statusCode = 201;
    res.end('hello');
  });
  const x = await s.exchange(get('/p/a?x=1&y=2', { 'User-Agent': 'ua/1', Referer: 'http://r/', Authorization: basic('bob:pw') }, 'POST'));
  const letters = 'h l u t r m U q H s B b f a T M D L p';
  const fmt = letters
    .split(' ')
    .map((l) => `%(${l})s`)
    .join('|');
  const e = entry(x, { start: 10n, end: 10n + 1_234_567_891n, bytesSent: 5 });
  assert.deepEqual(format(fmt, e).split('|'), [
    '127.0.0.1',
    '-',
    'bob',
    '[10/Oct/2000:13:55:36 -0700]',
    'POST /p/a?x=1&y=2 HTTP/1.1',
    'POST',
    '/p/a',
    'x=1&y=2',
    'HTTP/1.1',
    '201',
    '5',
    '5',
    'http://r/',
    'ua/1',
    '1',
    '1234',
    '1234567',
    '1.234567',
    '<4242>',
  ]);
  assert.equal(
    accessLogAtoms
      .filter((a) => /^%\(\w\)s$/.test(a.atom))
      .map((a) => a.atom[2])
      .join(' '),
    letters,
  );
});

test('durations round down and never go negative; B prints 0, b prints -', async (t) => {
  const s = await serve(t);
  const x = await s.exchange(get('/'));
  const fmt = '%(T)s %(M)s %(D)s %(L)s %(B)s %(b)s';
  assert.equal(format(fmt, entry(x, { end: 999_999n, bytesSent: 0 })), '0 0 999 0.000999 0 -');
  assert.equal(format(fmt, entry(x, { start: 5n, end: 1n })), '0 0 0 0.000000 5 5');
  assert.equal(format(fmt, entry(x, { end: 62_000_000_999n })), '62 62000 62000000 62.000000 5 5');
});

test('%(t)s is local time with the zone offset, half-hour zones included', async (t) => {
  const s = await serve(t);
  const x = await s.exchange(get('/'));
  withTz(t, 'UTC');
  assert.equal(format('%(t)s', entry(x)), '[10/Oct/2000:20:55:36 +0000]');
  process.env.TZ = 'Asia/Kolkata';
  assert.equal(format('%(t)s', entry(x)), '[11/Oct/2000:02:25:36 +0530]');
  process.env.TZ = 'America/St_Johns';
  assert.equal(format('%(t)s', entry(x, { startedAt: Date.UTC(2001, 0, 2, 3, 4, 5) })), '[01/Jan/2001:23:34:05 -0330]');
});

test('header atoms: names are case-insensitive; response headers from setHeader, writeHead and Node itself', async (t) => {
  const s = await serve(t, (req, res) => {
    if (req.url === '/set') {
      res.setHeader('X-Trace', 'abc');
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.end('hello');
    } else {
      // Fastify's way: headers only through writeHead, which getHeader() never sees.
      res.writeHead(202, { 'Content-Type': 'text/plain', 'X-Trace': 'def' });
      res.end('hi');
    }
  });
  const fmt = '%({X-Request-Id}i)s %({x-request-id}i)s %({ACCEPT}i)s %({x-trace}o)s %({X-TRACE}o)s %({content-length}o)s %({Date}o)s';
  const a = format(fmt, entry(await s.exchange(get('/set', { 'x-REQUEST-id': 'r-1', Accept: 'text/html' })))).split(' ');
  assert.deepEqual(a.slice(0, 6), ['r-1', 'r-1', 'text/html', 'abc', 'abc', '5']);
  assert.match(a.slice(6).join(' '), /^\w{3}, \d\d \w{3} \d{4} [\d:]{8} GMT$/);
  assert.equal(format('%({set-cookie}o)s', entry(await s.exchange(get('/set')))), 'a=1, b=2');
  const b = await s.exchange(get('/head'));
  assert.equal(format('%(s)s %({content-type}o)s %({x-trace}o)s %({transfer-encoding}o)s %({content-length}o)s', entry(b)), '202 text/plain def chunked -');
});

test('%({NAME}e)s reads the environment at log time', async (t) => {
  const s = await serve(t);
  const x = await s.exchange(get('/'));
  const f = compileAccessLogFormat('%({TSGUN_ACCESS_TEST}e)s');
  delete process.env.TSGUN_ACCESS_TEST;
  assert.equal(f(entry(x)), '-');
  process.env.TSGUN_ACCESS_TEST = 'blue';
  t.after(() => delete process.env.TSGUN_ACCESS_TEST);
  assert.equal(f(entry(x)), 'blue');
});

test("missing values print '-'", async (t) => {
  const s = await serve(t);
  const x = await s.exchange(get('/plain'));
  assert.equal(format('%(u)s %(q)s %(f)s %(a)s %(l)s %({x-none}i)s %({x-none}o)s %({TSGUN_NO_SUCH_VAR}e)s', entry(x)), '- - - - - - - -');
  assert.equal(format('%(h)s', entry(x, { remoteAddress: '' })), '-');
  const y = await s.exchange(get('/plain?'));
  assert.equal(format('%(U)s|%(q)s|%(r)s', entry(y)), '/plain|-|GET /plain? HTTP/1.1');
});

test('client text is escaped: quotes, backslashes and control characters cannot forge a line', async (t) => {
  const s = await serve(t, undefined, { insecureHTTPParser: true });
  // llhttp refuses CR and LF in a header value even when lenient; \x01 and DEL pass the lenient
  // parser, and UTF-8 C2 85 (NEL) passes the strict one as the latin1 pair Â + U+0085.
  const x = await s.exchange(raw('GET /x HTTP/1.0\r\nUser-Agent: a"b\\c\x01d\x7fe\r\nX-Nel: \xC2\x85!\r\n\r\n'));
  assert.equal(format('"%(a)s" %({x-nel}i)s %(H)s', entry(x)), '"a\\"b\\\\c\\x01d\\x7Fe" Â\\x85! HTTP/1.0');

  // The real CR/LF vector: a Basic-auth user name is arbitrary bytes once decoded.
  // (No colon in it: the user name ends at the first one.)
  const forged = 'eve" 200 5 "-" "-"\r\n10.0.0.1 - admin - "GET /admin';
  const y = await s.exchange(get('/', { Authorization: basic(`${forged}:pw`) }));
  const line = format('%(h)s - %(u)s "%(r)s"', entry(y));
  assert.ok(!/[\r\n]/.test(line));
  assert.equal(line, `127.0.0.1 - eve\\" 200 5 \\"-\\" \\"-\\"\\x0D\\x0A10.0.0.1 - admin - \\"GET /admin "GET / HTTP/1.1"`);

  // Middleware may rewrite req.headers with anything; the escaping does not trust the parser.
  (y.req.headers as Record<string, string>)['x-injected'] = 'a\r\nb\tc';
  assert.equal(format('%({x-injected}i)s', entry(y)), 'a\\x0D\\x0Ab\\x09c');
});

test('Basic auth: the user name only, never the password or a bare token', async (t) => {
  const s = await serve(t);
  const user = async (authorization: string) => format('%(u)s', entry(await s.exchange(get('/', { Authorization: authorization }))));
  assert.equal(await user(basic('alice:pa:ss')), 'alice');
  assert.equal(await user(`basic ${Buffer.from('ünïcode:x').toString('base64')}`), 'ünïcode');
  assert.equal(await user(basic('just-a-token')), '-');
  assert.equal(await user(basic(':password')), '-');
  assert.equal(await user('Bearer abc.def'), '-');
  assert.equal(await user('Basic'), '-');
  const x = await s.exchange(get('/', { Authorization: basic('carol:hunter2') }));
  assert.ok(!format(schema.properties.accessLogFormat.default, entry(x)).includes('hunter2'));
});

test('%% and literal text are copied; a format without atoms is constant', async (t) => {
  const s = await serve(t);
  const x = await s.exchange(get('/'));
  assert.equal(format('100%% %(s)s, %%(h)s [ok] %%%%', entry(x)), '100% 200, %(h)s [ok] %%');
  assert.equal(format('static text', entry(x)), 'static text');
  assert.equal(format('%(m)s%(U)s', entry(x)), 'GET/');
});

test('an unknown or malformed atom throws TSG_CONFIG_INVALID naming the column, with a suggestion when sensible', () => {
  const error = (fmt: string): TsgunError => {
    try {
      compileAccessLogFormat(fmt);
    } catch (e) {
      assert.ok(e instanceof TsgunError);
      assert.equal(e.code, 'TSG_CONFIG_INVALID');
      assert.equal(e.problems[0]?.path, 'accessLogFormat');
      return e;
    }
    assert.fail(`${fmt} compiled`);
  };
  const x = error('%(h)s %(x)s');
  assert.match(x.message, /unknown atom "%\(x\)s" at column 7/);
  assert.doesNotMatch(x.message, /Did you mean/);
  assert.match(x.message, /Known: h l u t r m U q H s B b f a T M D L p/);
  assert.match(error('%(S)s').message, /at column 1\. Did you mean "%\(s\)s" \(status code\)\?/);
  assert.match(error('"%(status)s"').message, /at column 2\. Did you mean "%\(s\)s"/);
  assert.match(error('%(user_agent)s').message, /Did you mean "%\(a\)s" \(user agent\)/);
  assert.match(error('%(remote_addr)s').message, /Did you mean "%\(h\)s"/);
  assert.match(error('ab %({X-Id}I)s').message, /at column 4: after \{X-Id\} comes i .* Did you mean "%\(\{X-Id\}i\)s"\?/);
  assert.match(error('%({X-Id})s').message, /malformed atom "%\(\{X-Id\}\)s" at column 1/);
  assert.match(error('%(h)s %(').message, /"%\(" at column 7 is never closed/);
  assert.match(error('%(h').message, /never closed/);
  assert.match(error('%(D)d').message, /must end in "s" \(%\(D\)s\)/);
  assert.match(error('50% off').message, /a lone "%" at column 3: .* %%/);
  assert.match(error('end %').message, /a lone "%" at column 5/);
  assert.match(error('%()s').message, /unknown atom "%\(\)s"/);
});

test('json: fixed fields, null for missing values, no cookies or credentials', async (t) => {
  const s = await serve(t, (_req, res) => {
    res.setHeader('Set-Cookie', 'session=resp-secret');
    res.end('hello');
  });
  const format = compileAccessLogFormat('json');
  const x = await s.exchange(get('/q/r?a=b', { Cookie: 'session=req-secret', Authorization: basic('dave:pw-secret'), 'User-Agent': 'ua', Referer: 'http://r/' }, 'PUT'));
  const out = format(entry(x, { start: 0n, end: 1_234_567n }));
  assert.deepEqual(out, {
    remoteAddress: '127.0.0.1',
    method: 'PUT',
    url: '/q/r?a=b',
    path: '/q/r',
    query: 'a=b',
    protocol: 'HTTP/1.1',
    status: 200,
    bytes: 5,
    referer: 'http://r/',
    userAgent: 'ua',
    durationMs: 1.235,
    startedAt: '2000-10-10T20:55:36.250Z',
  });
  const text = JSON.stringify(out);
  for (const secret of ['req-secret', 'resp-secret', 'pw-secret', 'dave', 'ZGF2', 'ookie', 'uthoriz']) assert.ok(!text.includes(secret), secret);

  const y = await s.exchange(get('/bare'));
  const bare = format(entry(y, { remoteAddress: '' })) as Record<string, unknown>;
  assert.deepEqual([bare.remoteAddress, bare.query, bare.referer, bare.userAgent], [null, null, null, null]);
});

test('json keeps client text raw: escaping is left to JSON serialization', async (t) => {
  const s = await serve(t);
  const x = await s.exchange(get('/', { 'User-Agent': 'say "hi"' }));
  assert.equal((compileAccessLogFormat('json')(entry(x)) as Record<string, unknown>).userAgent, 'say "hi"');
});

test('the URL the client sent is logged even when a framework rewrote req.url (originalUrl)', async (t) => {
  const s = await serve(t, (req, res) => {
    // What Express does while routing through a router mounted at /api.
    Object.assign(req, { originalUrl: req.url });
    req.url = req.url!.slice('/api'.length);
    res.end('hello');
  });
  const x = await s.exchange(get('/api/users?id=7'));
  assert.equal(format('%(r)s %(U)s %(q)s', entry(x)), 'GET /api/users?id=7 HTTP/1.1 /api/users id=7');
  assert.equal((compileAccessLogFormat('json')(entry(x)) as Record<string, unknown>).path, '/api/users');
});

test('accessLogAtoms: every listed atom compiles, and the atoms the schema description names are listed', () => {
  for (const { atom, description } of accessLogAtoms) {
    assert.ok(description.length > 0);
    compileAccessLogFormat(atom.replace('{name}', '{x-a}').replace('{NAME}', '{HOME}'));
  }
  const named = schema.properties.accessLogFormat.description.match(/%\([^)]+\)s/g) ?? [];
  assert.ok(named.length > 0);
  const listed = new Set(accessLogAtoms.map((a) => a.atom));
  for (const atom of named) assert.ok(listed.has(atom), `${atom} is in the schema description but not in accessLogAtoms`);
});
