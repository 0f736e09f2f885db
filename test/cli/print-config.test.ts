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

// Issue 12, item 11: the output of `print-config --as-config` is a config that loads back, and an
// invalid config asked for as JSON or YAML is reported in that format.

type Described = { configFile: string; settings: Record<string, { value: unknown; source: string; from?: string }> };

async function valuesOf(dir: string, config: string): Promise<Record<string, unknown>> {
  const r = await runCliInProcess(['print-config', '--config', config, '--format', 'json'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  return Object.fromEntries(Object.entries((JSON.parse(r.stdout) as Described).settings).map(([k, v]) => [k, v.value]));
}

const ROUND_TRIP = {
  json: '{\n  "app": "./app.mjs",\n  "bind": ["127.0.0.1:0", "unix:./app.sock|660"],\n  "workers": 3,\n  "timeout": "1m30s",\n  "keepAlive": "500ms",\n  "requestTimeout": 20,\n  "maxMemory": "512MiB",\n  "env": { "NODE_ENV": "production" },\n  "accessLog": "-"\n}\n',
  yaml: 'app: ./app.mjs\nbind:\n  - 127.0.0.1:0\nworkers: 2\nbootTimeout: 2m\ngracefulTimeout: 45\nsecureSchemeHeaders:\n  X-Forwarded-Proto: https\nlogLevel: warn\n',
};

for (const format of ['json', 'yaml'] as const) {
  test(`print-config --as-config of a ${format.toUpperCase()} config, saved to a file, checks valid and prints the same values`, async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'app.mjs'), 'export default () => {};\n');
    writeFileSync(join(dir, `tsgun.config.${format}`), ROUND_TRIP[format]);
    const printed = await runCliInProcess(['print-config', '--as-config', '--format', format, '--timeout', '40s'], { cwd: dir, env: { TSGUN_HOOK_TIMEOUT: '1m' } });
    assert.equal(printed.code, 0, printed.stderr);
    assert.equal(printed.stderr, '');
    const saved = `saved.${format}`;
    writeFileSync(join(dir, saved), printed.stdout);

    const check = await runCliInProcess(['check', '--config', saved, '--format', 'json', '--target', 'ci'], { cwd: dir });
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.equal((JSON.parse(check.stdout) as { valid: boolean }).valid, true);

    const original = await runCliInProcess(['print-config', '--config', `tsgun.config.${format}`, '--format', 'json', '--timeout', '40s'], { cwd: dir, env: { TSGUN_HOOK_TIMEOUT: '1m' } });
    const originalValues = Object.fromEntries(Object.entries((JSON.parse(original.stdout) as Described).settings).map(([k, v]) => [k, v.value]));
    assert.deepEqual(await valuesOf(dir, saved), originalValues);
    assert.equal(originalValues['timeout'], 40, 'the flag is in the saved config');
    assert.equal(originalValues['hookTimeout'], 60, 'and so is the env var, in seconds');

    const text = printed.stdout;
    const values = (format === 'json' ? JSON.parse(text) : parse(text)) as Record<string, unknown>;
    assert.equal(values['$schema'], './node_modules/tsgun/schema/tsgun.editor.schema.json');
    assert.equal(values['workers'] !== 'auto', true);
    if (format === 'yaml') {
      assert.match(text, /^timeout: 40 # from --timeout$/m);
      assert.match(text, /^hookTimeout: 60 # from TSGUN_HOOK_TIMEOUT$/m);
      assert.match(text, /^bootTimeout: 120 # from tsgun\.config\.yaml:5:14$/m);
      assert.match(text, /^bodyTimeout: 60$/m, 'no comment on a default');
    }
  });
}

test('--as-config: a default workers stays "auto"; hooks are left out and named; secrets stay redacted unless asked for', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'app.mjs'), 'export default () => {};\n');
  writeFileSync(join(dir, 'tsgun.config.mjs'), "export default { app: './app.mjs', env: { API_TOKEN: 'tok-1', MODE: 'x' }, onStarting() {}, preFork() {} };\n");
  const r = await runCliInProcess(['print-config', '--as-config'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const values = parse(r.stdout) as Record<string, unknown>;
  assert.equal(values['workers'], 'auto');
  assert.equal('onStarting' in values, false);
  assert.match(r.stdout, /^# Hooks are left out \(only a JS or TS config can set them\): onStarting, preFork\.$/m);
  assert.deepEqual(values['env'], { API_TOKEN: '[redacted]', MODE: 'x' });
  assert.ok(!r.stdout.includes('tok-1'));
  assert.match(r.stderr, /--show-secrets/);
  const clear = await runCliInProcess(['print-config', '--as-config', '--show-secrets', '--format', 'json'], { cwd: dir });
  assert.equal(clear.stderr, '');
  assert.deepEqual((JSON.parse(clear.stdout) as Record<string, unknown>)['env'], { API_TOKEN: 'tok-1', MODE: 'x' });
});

test('an invalid config with --format json|yaml: the errors of `check --format json` on stdout, nothing on stderr, exit 1', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'app.mjs'), 'export default () => {};\n');
  writeFileSync(join(dir, 'tsgun.config.json'), '{\n  "app": "./app.mjs",\n  "timeout": "30 parsecs",\n  "wrokers": 2\n}\n');
  const check = await runCliInProcess(['check', '--format', 'json', '--target', 'ci'], { cwd: dir });
  assert.equal(check.code, 1);

  const json = await runCliInProcess(['print-config', '--format', 'json'], { cwd: dir });
  assert.deepEqual([json.code, json.stderr], [1, '']);
  assert.equal(json.stdout, check.stdout, 'the same report as check');
  const report = JSON.parse(json.stdout) as { valid: boolean; errors: { code: string; path: string }[] };
  assert.equal(report.valid, false);
  assert.deepEqual(
    report.errors.map((e) => [e.code, e.path]),
    [
      ['TSG_CONFIG_INVALID', 'timeout'],
      ['TSG_CONFIG_INVALID', 'wrokers'],
    ],
  );

  const yaml = await runCliInProcess(['print-config', '--format', 'yaml', '--as-config'], { cwd: dir });
  assert.deepEqual([yaml.code, yaml.stderr], [1, '']);
  assert.deepEqual(parse(yaml.stdout), JSON.parse(check.stdout));

  // Without --format (a person at a terminal): the text report on stderr, as before.
  const text = await runCliInProcess(['print-config'], { cwd: dir });
  assert.deepEqual([text.code, text.stdout], [1, '']);
  assert.match(text.stderr, /^tsgun: invalid config in tsgun\.config\.json \(2 problems\) \[TSG_CONFIG_INVALID\]\n {2}tsgun\.config\.json:3:14: timeout: /);
});

test('no config at all with --format json: a TSG_CONFIG_NOT_FOUND report on stdout and exit 2', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'package.json'), '{}\n');
  const r = await runCliInProcess(['print-config', '--format', 'json'], { cwd: dir });
  assert.deepEqual([r.code, r.stderr], [2, '']);
  const report = JSON.parse(r.stdout) as { valid: boolean; errors: { code: string }[] };
  assert.deepEqual([report.valid, report.errors.map((e) => e.code)], [false, ['TSG_CONFIG_NOT_FOUND']]);
});
