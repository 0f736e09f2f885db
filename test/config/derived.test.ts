// The forms resolution computes once for the processes: durations in milliseconds, paths absolute.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { resolveConfig, type ResolveInput } from '../../src/config/resolve.ts';

function resolveOk(input: Partial<ResolveInput>) {
  const result = resolveConfig({ file: null, env: {}, cli: [], cpus: 4, cwd: '/home/me', ...input });
  if (!result.ok) assert.fail(JSON.stringify(result.problems, null, 2));
  return result.config;
}

const fromFile = (config: Record<string, unknown>) => ({
  file: { file: '/srv/app/conf/tsgun.config.json', config: { app: '../app.ts', ...config }, locator: undefined, dependencies: [] },
});

test('every duration setting (the schema marks it unit: seconds) is in ms, and nothing else is', () => {
  const schema = JSON.parse(readFileSync(new URL('../../schema/tsgun.schema.json', import.meta.url), 'utf8')) as {
    properties: Record<string, { 'x-tsgun'?: { unit?: string } }>;
  };
  const seconds = Object.entries(schema.properties)
    .filter(([, s]) => s['x-tsgun']?.unit === 'seconds')
    .map(([name]) => name);
  const config = resolveOk(fromFile({}));
  assert.deepEqual(Object.keys(config.ms).sort(), seconds.sort());
});

test('durations: seconds (fractions too) become whole milliseconds; a null requestTimeout stays null', () => {
  const config = resolveOk(fromFile({ timeout: 0.25, gracefulTimeout: 7, keepAlive: 0, hookTimeout: 1.0005 }));
  assert.equal(config.ms.timeout, 250);
  assert.equal(config.ms.gracefulTimeout, 7_000);
  assert.equal(config.ms.keepAlive, 0);
  assert.equal(config.ms.hookTimeout, 1_001);
  assert.equal(config.ms.requestTimeout, null);
  assert.equal(config.ms.bootTimeout, config.settings.bootTimeout * 1000);
  assert.equal(resolveOk(fromFile({ requestTimeout: 2 })).ms.requestTimeout, 2_000);
});

test('paths: chdir and TLS files (tls.sni too) from the config file, logs, pidfile and control socket from the chdir directory', () => {
  const config = resolveOk(
    fromFile({
      chdir: '../run',
      errorLog: 'logs/error.log',
      accessLog: '/var/log/access.log',
      pidfile: 'tsgun.pid',
      controlSocket: 'tsgun.sock',
      tls: { cert: 'tls/cert.pem', key: '/etc/key.pem', sni: { '*.b.example': { cert: 'tls/b.pem', key: '/etc/b.key' } } },
      reloadExtraFiles: ['.env', '/etc/extra'],
    }),
  );
  assert.deepEqual(config.paths, {
    workDir: '/srv/app/run',
    chdir: '/srv/app/run',
    errorLog: '/srv/app/run/logs/error.log',
    accessLog: '/var/log/access.log',
    pidfile: '/srv/app/run/tsgun.pid',
    controlSocket: '/srv/app/run/tsgun.sock',
    tls: { cert: '/srv/app/conf/tls/cert.pem', key: '/etc/key.pem', ca: null, sni: { '*.b.example': { cert: '/srv/app/conf/tls/b.pem', key: '/etc/b.key' } } },
    reloadExtraFiles: ['/srv/app/conf/.env', '/etc/extra'],
  });
});

test('paths without a config file or chdir: the working directory; `-` and null are kept', () => {
  const config = resolveOk({
    cli: [
      { setting: 'app', flag: 'APP', raw: './app.ts' },
      { setting: 'accessLog', flag: '--access-log', raw: '-' },
    ],
  });
  assert.equal(config.paths.workDir, '/home/me');
  assert.equal(config.paths.chdir, null);
  assert.equal(config.paths.errorLog, '-');
  assert.equal(config.paths.accessLog, '-');
  assert.equal(config.paths.pidfile, null);
  assert.equal(config.paths.tls, null);
  assert.ok(Object.isFrozen(config.paths) && Object.isFrozen(config.ms));
});

test('accessLogFormat: parsed at resolution for the workers; an invalid one is a located config problem', () => {
  const config = resolveOk(fromFile({ accessLogFormat: '%(h)s "%({X-Id}i)s" %%' }));
  assert.deepEqual(config.accessFormat, { kind: 'line', parts: [{ letter: 'h' }, ' "', { requestHeader: 'x-id' }, '" %'] });
  assert.deepEqual(resolveOk(fromFile({ accessLogFormat: 'json' })).accessFormat, { kind: 'json' });
  const result = resolveConfig({ file: null, env: { TSGUN_ACCESS_LOG_FORMAT: '%(S)s' }, cli: [{ setting: 'app', flag: 'APP', raw: './app.ts' }], cpus: 1, cwd: '/x' });
  assert.equal(result.ok, false);
  const [problem] = result.ok ? [] : result.problems;
  assert.equal(problem?.path, 'accessLogFormat');
  assert.match(problem?.message ?? '', /Did you mean "%\(s\)s"/);
  assert.deepEqual(problem?.origin, { kind: 'env', name: 'TSGUN_ACCESS_LOG_FORMAT' });
});
