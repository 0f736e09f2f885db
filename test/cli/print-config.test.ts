// `tsgun print-config` shows each value and where it came from: flag > env > file > default. Run in
// this process through the CLI's injectable I/O.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { tempDir } from '../helpers/cli.ts';
import { runCliInProcess } from '../helpers/cli-in-process.ts';

test('a flag overrides an env var, which overrides the file, which overrides the default', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'app.mjs'), 'export default () => {};\n');
  writeFileSync(join(dir, 'tsgun.config.json'), '{\n  "app": "./app.mjs",\n  "workers": 2,\n  "timeout": 40,\n  "keepAlive": 4\n}\n');
  const args = ['print-config', '--format', 'json', '--workers', '4'];
  const r = await runCliInProcess(args, { cwd: dir, env: { TSGUN_WORKERS: '3', TSGUN_TIMEOUT: '50' } });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { configFile: string; settings: Record<string, { value: unknown; source: string; from?: string }> };
  const file = join(dir, 'tsgun.config.json');
  assert.equal(out.configFile, file);
  assert.deepEqual(out.settings['workers'], { value: 4, source: 'cli', from: '--workers' });
  assert.deepEqual(out.settings['timeout'], { value: 50, source: 'env', from: 'TSGUN_TIMEOUT' });
  assert.deepEqual(out.settings['keepAlive'], { value: 4, source: 'file', from: `${file}:5:16` });
  assert.deepEqual(out.settings['gracefulTimeout'], { value: 30, source: 'default' });
  assert.deepEqual(out.settings['onStarting'], { value: null, source: 'default' });
});

test('yaml is the default format and lists every setting', async () => {
  const r = await runCliInProcess(['print-config', '--config', 'examples/hello/tsgun.config.ts']);
  assert.equal(r.code, 0, r.stderr);
  const out = parse(r.stdout) as { settings: Record<string, { source: string }> };
  assert.ok(Object.keys(out.settings).length >= 45);
  assert.equal(out.settings['accessLog']!.source, 'file');
});

test('hooks show as functions', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'app.mjs'), 'export default () => {};\n');
  writeFileSync(join(dir, 'tsgun.config.mjs'), "export default { app: './app.mjs', onStarting() {} };\n");
  const r = await runCliInProcess(['print-config', '--format', 'json'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { settings: Record<string, { value: unknown }> }).settings['onStarting']!.value, '[function onStarting]');
});

// Regression (issue 14, item 12): `env` values that look like secrets were printed in clear, in
// terminals, CI logs and pasted bug reports.
const SECRETS = { DB_PASSWORD: 'pw-hunter2', api_token: 'tok-abc', STRIPE_SECRET_KEY: 'sk-live-1', GITHUB_AUTH: 'gha-2', SSH_PRIVATE: 'priv-3', AWS_CREDENTIALS: 'cred-4', SMTP_PASSWD: 'passwd-5' };

function secretsProject(t: Parameters<typeof tempDir>[0]): string {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'app.mjs'), 'export default () => {};\n');
  const env = { ...SECRETS, DATABASE_URL: 'postgres://app:url-pw-6@db:5432/app', NODE_ENV: 'production', MONKEY: 'x' };
  writeFileSync(join(dir, 'tsgun.config.json'), JSON.stringify({ app: './app.mjs', env }, null, 2));
  return dir;
}

const hidden = ['pw-hunter2', 'tok-abc', 'sk-live-1', 'gha-2', 'priv-3', 'cred-4', 'passwd-5', 'url-pw-6'];

test('env values named like secrets, and URL passwords, are redacted in yaml and json', async (t) => {
  const dir = secretsProject(t);
  for (const format of ['yaml', 'json']) {
    const r = await runCliInProcess(['print-config', '--format', format], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    for (const secret of hidden) assert.ok(!r.stdout.includes(secret), `${format}: ${secret} is not printed`);
    const out = (format === 'json' ? JSON.parse(r.stdout) : parse(r.stdout)) as { settings: Record<string, { value: Record<string, string>; source: string }> };
    const env = out.settings['env']!;
    assert.equal(env.source, 'file');
    for (const name of Object.keys(SECRETS)) assert.equal(env.value[name], '[redacted]', `${format}: ${name}`);
    assert.equal(env.value['DATABASE_URL'], 'postgres://app:[redacted]@db:5432/app', 'the URL stays readable, its password does not');
    assert.equal(env.value['NODE_ENV'], 'production');
    assert.equal(env.value['MONKEY'], '[redacted]', 'a name containing KEY errs on the safe side');
  }
});

test('env values given with -e are redacted too', async (t) => {
  const dir = secretsProject(t);
  const r = await runCliInProcess(['print-config', '--format', 'json', '-e', 'SESSION_SECRET=from-flag-7', '-e', 'PORT=8080'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!r.stdout.includes('from-flag-7'));
  const env = (JSON.parse(r.stdout) as { settings: Record<string, { value: Record<string, string> }> }).settings['env']!.value;
  assert.deepEqual(env, { SESSION_SECRET: '[redacted]', PORT: '8080' });
});

test('--show-secrets prints every env value in clear, in both formats', async (t) => {
  const dir = secretsProject(t);
  for (const format of ['yaml', 'json']) {
    const r = await runCliInProcess(['print-config', '--format', format, '--show-secrets'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const out = (format === 'json' ? JSON.parse(r.stdout) : parse(r.stdout)) as { settings: Record<string, { value: Record<string, string> }> };
    const env = out.settings['env']!.value;
    for (const [name, value] of Object.entries(SECRETS)) assert.equal(env[name], value, `${format}: ${name}`);
    assert.equal(env['DATABASE_URL'], 'postgres://app:url-pw-6@db:5432/app');
  }
});
