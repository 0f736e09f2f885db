// Resolution is a pure function of (file, env, flags, cpus, cwd): tested without any process.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLocator } from '../../src/config/locate.ts';
import { resolveConfig, type ResolveInput } from '../../src/config/resolve.ts';

const fileInput = (config: Record<string, unknown>, text?: string): NonNullable<ResolveInput['file']> => ({
  file: '/srv/app/tsgun.config.json',
  config,
  locator: text === undefined ? undefined : createLocator(text),
  dependencies: ['/srv/app/tsgun.config.json'],
});

function resolveOk(input: Partial<ResolveInput>) {
  const result = resolveConfig({ file: null, env: {}, cli: [], cpus: 4, cwd: '/srv/app', ...input });
  if (!result.ok) assert.fail(JSON.stringify(result.problems, null, 2));
  return result.config;
}

test('defaults < file < env < flag, each value with its source', () => {
  const config = resolveOk({
    file: fileInput({ app: './app.ts', workers: 2, timeout: 10, keepAlive: 3 }),
    env: { TSGUN_WORKERS: '3', TSGUN_TIMEOUT: '20', HOME: '/root' },
    cli: [{ setting: 'workers', flag: '--workers', raw: '4' }],
  });
  assert.equal(config.settings.workers, 4);
  assert.deepEqual(config.sources['workers'], { kind: 'cli', flag: '--workers' });
  assert.equal(config.settings.timeout, 20);
  assert.deepEqual(config.sources['timeout'], { kind: 'env', name: 'TSGUN_TIMEOUT' });
  assert.equal(config.settings.keepAlive, 3);
  assert.deepEqual(config.sources['keepAlive'], { kind: 'file', file: '/srv/app/tsgun.config.json' });
  assert.equal(config.settings.gracefulTimeout, 30);
  assert.deepEqual(config.sources['gracefulTimeout'], { kind: 'default' });
});

test('the resolved config is deep-frozen', () => {
  const config = resolveOk({ cli: [{ setting: 'app', flag: 'APP', raw: './app.ts' }] });
  assert.ok(Object.isFrozen(config));
  assert.ok(Object.isFrozen(config.settings));
  assert.ok(Object.isFrozen(config.settings.bind));
  assert.ok(Object.isFrozen(config.binds[0]));
  assert.throws(() => {
    (config.settings as { workers: number }).workers = 9;
  }, TypeError);
});

test("workers 'auto' becomes the CPU count; derived values are parsed", () => {
  const config = resolveOk({
    file: fileInput({ app: './app.ts#handler', maxMemory: '1GiB', umask: '027', bind: ['[::1]:0', 'unix:/tmp/x.sock|600'] }),
    cpus: 6,
  });
  assert.equal(config.settings.workers, 6);
  assert.equal(config.maxMemoryBytes, 1024 ** 3);
  assert.equal(config.umaskValue, 0o27);
  assert.deepEqual(config.app, { module: '/srv/app/app.ts', exportName: 'handler', isFile: true, baseDir: '/srv/app' });
  assert.deepEqual(
    config.binds.map((b) => b.kind),
    ['tcp', 'unix'],
  );
});

test('an app given on the command line is relative to the working directory, a file one to the file', () => {
  const fromCli = resolveOk({ file: fileInput({ app: './a.ts' }), cwd: '/home/me', cli: [{ setting: 'app', flag: 'APP', raw: './b.ts' }] });
  assert.equal(fromCli.app.module, '/home/me/b.ts');
  const fromFile = resolveOk({ file: fileInput({ app: './a.ts' }), cwd: '/home/me' });
  assert.equal(fromFile.app.module, '/srv/app/a.ts');
  const pkg = resolveOk({ cli: [{ setting: 'app', flag: '--app', raw: 'my-server#app' }] });
  assert.deepEqual(pkg.app, { module: 'my-server', exportName: 'app', isFile: false, baseDir: '/srv/app' });
});

test('nested tls settings from env and flags merge into the file object', () => {
  const config = resolveOk({
    file: fileInput({ app: './app.ts', tls: { cert: 'a.pem', key: 'a.key' } }),
    env: { TSGUN_TLS_KEY: 'b.key' },
    cli: [{ setting: 'tls.ciphers', flag: '--tls-ciphers', raw: 'HIGH' }],
  });
  assert.deepEqual(config.settings.tls, { cert: 'a.pem', key: 'b.key', ciphers: 'HIGH' });
  assert.deepEqual(config.sources['tls.cert'], { kind: 'file', file: '/srv/app/tsgun.config.json' });
  assert.deepEqual(config.sources['tls.key'], { kind: 'env', name: 'TSGUN_TLS_KEY' });
  assert.deepEqual(config.sources['tls.ciphers'], { kind: 'cli', flag: '--tls-ciphers' });
});

test('schema and rule problems from every layer are reported together, located', () => {
  const text = '{\n  "app": "./app.ts",\n  "wrokers": 2,\n  "bind": ["127.0.0.1:80", "127.0.0.1:80"]\n}';
  const result = resolveConfig({
    file: fileInput(JSON.parse(text) as Record<string, unknown>, text),
    env: { TSGUN_TIMEOUT: 'soon', TSGUN_WROKERS: '2' },
    cli: [{ setting: 'maxRequestsJitter', flag: '--max-requests-jitter', raw: '5' }],
    cpus: 1,
    cwd: '/srv/app',
  });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(
    result.problems.map((p) => [p.path, p.message, p.origin]),
    [
      ['wrokers', 'not a setting. Did you mean "workers"?', { kind: 'file', file: '/srv/app/tsgun.config.json', line: 3, column: 3 }],
      ['timeout', 'must be a number >= 0 or a duration such as "30s", "500ms", "2m" or "1m30s" (got "soon")', { kind: 'env', name: 'TSGUN_TIMEOUT' }],
      ['', 'TSGUN_WROKERS is not a tsgun environment variable. Did you mean "TSGUN_WORKERS"?', { kind: 'env', name: 'TSGUN_WROKERS' }],
      ['bind[1]', '"127.0.0.1:80" repeats bind[0]; each address may be bound once', { kind: 'file', file: '/srv/app/tsgun.config.json', line: 4, column: 28 }],
      ['maxRequestsJitter', 'is 5 but maxRequests is 0 (recycling off); set maxRequests too, or remove the jitter', { kind: 'cli', flag: '--max-requests-jitter' }],
    ],
  );
});

test('app is required', () => {
  const result = resolveConfig({ file: null, env: {}, cli: [], cpus: 1, cwd: '/' });
  assert.equal(result.ok, false);
  assert.match(result.ok ? '' : result.problems[0]!.message, /^is required/);
});

test('httpProtocols: h2 needs tls (or h2c), h2c needs a plain listener', () => {
  const problems = (config: Record<string, unknown>): string[] => {
    const result = resolveConfig({ file: fileInput({ app: './app.ts', ...config }), env: {}, cli: [], cpus: 1, cwd: '/srv/app' });
    return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
  };
  const tls = { cert: 'c.pem', key: 'k.pem' };
  assert.deepEqual(problems({ httpProtocols: ['h2', 'h1'], tls }), []);
  assert.deepEqual(problems({ httpProtocols: ['h1', 'h2c'] }), []);
  assert.deepEqual(problems({ httpProtocols: ['h2', 'h2c'] }), []);
  assert.deepEqual(problems({ httpProtocols: ['h2c', 'h1'], tls, bind: ['127.0.0.1:8443', 'unix:/run/app.sock'] }), []);
  assert.match(problems({ httpProtocols: ['h2', 'h1'] }).join('\n'), /^httpProtocols: lists h2 \(HTTP\/2 over TLS, by ALPN\) but tls is not set/);
  assert.match(problems({ httpProtocols: ['h1', 'h2c'], tls }).join('\n'), /^httpProtocols: lists h2c \(cleartext HTTP\/2\) but every listener is TLS/);
  assert.match(problems({ httpProtocols: ['h3'] }).join('\n'), /^httpProtocols\[0\]: must be one of "h1", "h2", "h2c"/);
});

test('metricsBind: a TCP address of its own (port 0 may repeat a bind port 0)', () => {
  const problems = (config: Record<string, unknown>): string[] => {
    const result = resolveConfig({ file: fileInput({ app: './app.ts', ...config }), env: {}, cli: [], cpus: 1, cwd: '/srv/app' });
    return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
  };
  assert.deepEqual(problems({ metricsBind: '127.0.0.1:9100' }), []);
  assert.deepEqual(problems({ metricsBind: '[::1]:9100' }), []);
  assert.deepEqual(problems({ bind: ['127.0.0.1:0'], metricsBind: '127.0.0.1:0' }), []);
  assert.match(problems({ metricsBind: 'unix:/run/metrics.sock' }).join('\n'), /^metricsBind: "unix:\/run\/metrics.sock" is not a TCP address/);
  assert.match(problems({ metricsBind: 'http://127.0.0.1:9100' }).join('\n'), /^metricsBind: .* is not a TCP address/);
  assert.match(problems({ bind: ['127.0.0.1:8000'], metricsBind: '127.0.0.1:8000' }).join('\n'), /^metricsBind: "127.0.0.1:8000" is also in bind/);
});

test('a number past the largest double is shown as given, not as null (regression: "(got null)")', () => {
  const result = resolveConfig({
    file: fileInput({ app: './app.ts', gracefulTimeout: Infinity }),
    env: { TSGUN_TIMEOUT: '1e400' },
    cli: [{ setting: 'workers', flag: '--workers', raw: '1e400' }],
    cpus: 1,
    cwd: '/srv/app',
  });
  assert.equal(result.ok, false);
  const messages = result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
  assert.ok(
    messages.some((m) => m.startsWith('timeout: ') && m.includes('(got "1e400")')),
    messages.join('\n'),
  );
  assert.ok(
    messages.some((m) => m.startsWith('workers: ') && m.includes('(got "1e400")')),
    messages.join('\n'),
  );
  assert.ok(
    messages.some((m) => m.startsWith('gracefulTimeout: ') && m.includes('(got Infinity)')),
    messages.join('\n'),
  );
});
