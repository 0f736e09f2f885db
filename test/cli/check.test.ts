// `tsgun check` and the command line itself, run in this process through the CLI's injectable I/O
// (test/e2e/cli.test.ts runs a few of the same through a real process). With --no-app: importing
// the app is a child process (test/e2e/check-app.test.ts), which the fast tier does not start.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, tempDir } from '../helpers/cli.ts';
import { runCliInProcess } from '../helpers/cli-in-process.ts';

test('the README example config is valid: exit 0', async () => {
  const r = await runCliInProcess(['check', '--no-app', '--config', 'examples/hello/tsgun.config.ts']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'examples/hello/tsgun.config.ts: config is valid (app ./app.ts, 1 bind, 2 workers)\n');
  assert.equal(r.stderr, '');
});

test("the project's own tsgun.config.ts is found without --config", async () => {
  const r = await runCliInProcess(['check', '--no-app']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^tsgun\.config\.ts: config is valid \(app \.\/examples\/hello\/app\.ts/);
});

test('check --format json: the documented stable shape, valid and invalid', async (t) => {
  const ok = await runCliInProcess(['check', '--no-app', '--config', 'examples/hello/tsgun.config.ts', '--format', 'json']);
  assert.equal(ok.code, 0);
  assert.deepEqual(JSON.parse(ok.stdout), { valid: true, configFile: join(repoRoot, 'examples/hello/tsgun.config.ts'), errors: [], warnings: [] });

  const dir = tempDir(t);
  writeFileSync(join(dir, 'tsgun.config.yaml'), 'app: ./missing.ts\nworkers: many\n');
  const bad = await runCliInProcess(['check', '--no-app', '--format', 'json'], { cwd: dir });
  assert.equal(bad.code, 1);
  assert.deepEqual(JSON.parse(bad.stdout), {
    valid: false,
    configFile: join(dir, 'tsgun.config.yaml'),
    // Every problem at once, sorted by location; the app module is looked for even with --no-app.
    errors: [
      {
        code: 'TSG_APP_LOAD',
        path: 'app',
        message: `the app module ${join(dir, 'missing.ts')} does not exist`,
        origin: { kind: 'file', file: join(dir, 'tsgun.config.yaml'), line: 1, column: 6, relativePath: 'tsgun.config.yaml' },
      },
      {
        code: 'TSG_CONFIG_INVALID',
        path: 'workers',
        message: 'must be an integer from 1 to 1024 or "auto" (got "many")',
        origin: { kind: 'file', file: join(dir, 'tsgun.config.yaml'), line: 2, column: 10, relativePath: 'tsgun.config.yaml' },
      },
    ],
    warnings: [],
  });
});

test('a missing --config file cannot be checked: exit 2', async () => {
  const r = await runCliInProcess(['check', '--config', 'no/such/tsgun.config.ts']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^tsgun: config file not found: .*no\/such\/tsgun\.config\.ts \[TSG_CONFIG_NOT_FOUND\]\n/);
});

test('no config file and no app: exit 2 with what to do', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'package.json'), '{}');
  const r = await runCliInProcess(['check'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no config file found/);
  assert.match(r.stderr, /\[TSG_CONFIG_NOT_FOUND\]/);
});

test('an app on the command line (--app) needs no config file; --no-app skips its import wherever it is given', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'package.json'), '{}');
  writeFileSync(join(dir, 'app.mjs'), 'export default () => {};\n');
  const r = await runCliInProcess(['check', '--no-app', '--app', './app.mjs', '-w', '3', '-b', '127.0.0.1:0', '-b', 'unix:./s.sock'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'the command-line config: config is valid (app ./app.mjs, 2 binds, 3 workers)\n');
  // After --app too (commander alone would let the later of the two win); the fast-tier guard
  // would refuse the import's child process.
  const after = await runCliInProcess(['check', '--app', './app.mjs', '-w', '1', '--no-app'], { cwd: dir });
  assert.equal(after.code, 0, after.stderr);
  assert.equal(after.stdout, 'the command-line config: config is valid (app ./app.mjs, 1 bind, 1 workers)\n');
});

test('env vars and flags are validated and named in the message', async () => {
  const r = await runCliInProcess(['check', '--no-app', '--config', 'examples/hello/tsgun.config.ts', '--timeout', 'soon'], { env: { TSGUN_LOG_LEVEL: 'loud' } });
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    [
      'tsgun: invalid config in examples/hello/tsgun.config.ts (2 problems) [TSG_CONFIG_INVALID]',
      '  env TSGUN_LOG_LEVEL: logLevel: must be one of "trace", "debug", "info", "warn", "error", "fatal", "silent" (got "loud")',
      '  flag --timeout: timeout: must be a number >= 0 or a duration such as "30s", "500ms", "2m" or "1m30s" (got "soon")',
      '',
    ].join('\n'),
  );
});

test('a misspelt subcommand gets a did-you-mean, not "app not found": exit 2', async () => {
  for (const [typo, meant] of [
    ['chek', 'check'],
    ['serv', 'serve'],
    ['print-conifg', 'print-config'],
  ]) {
    const r = await runCliInProcess([typo!]);
    assert.equal(r.code, 2, typo);
    assert.equal(r.stderr, `tsgun: unknown command "${typo}". Did you mean "${meant}"? [TSG_USAGE]\n  Run \`tsgun --help\` for the commands and options.\n`);
  }
});

test('usage errors exit 2; --help and --version exit 0', async () => {
  const unknown = await runCliInProcess(['check', '--wrokers', '2']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown option '--wrokers'\n\(Did you mean --workers\?\)/);
  const format = await runCliInProcess(['check', '--format', 'xml']);
  assert.equal(format.code, 2);
  assert.match(format.stderr, /Allowed choices are text, json/);
  const help = await runCliInProcess(['--help']);
  assert.equal(help.code, 0);
  for (const word of ['serve', 'check', 'print-config']) assert.match(help.stdout, new RegExp(word));
  const checkHelp = await runCliInProcess(['check', '--help']);
  assert.equal(checkHelp.code, 0);
  assert.match(checkHelp.stdout, /--max-requests-jitter <n>/, 'setting flags come from the registry');
  const version = await runCliInProcess(['--version']);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('a unix bind or control socket path past 107 bytes is an error of check, not a bind EINVAL at start (regression)', async (t) => {
  const dir = tempDir(t);
  const long = join(dir, `${'s'.repeat(120)}.sock`);
  writeFileSync(join(dir, 'tsgun.config.json'), JSON.stringify({ app: join(repoRoot, 'examples/hello/app.ts'), bind: [`unix:${long}`], controlSocket: long.replace('.sock', '.ctl') }));
  const r = await runCliInProcess(['check', '--no-app', '--format', 'json'], { cwd: dir });
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as { errors: { code: string; path: string; message: string }[] };
  assert.deepEqual(
    report.errors.map((e) => [e.code, e.path]),
    [
      ['TSG_PATH_ACCESS', 'bind[0]'],
      ['TSG_PATH_ACCESS', 'controlSocket'],
    ],
  );
  for (const e of report.errors) assert.match(e.message, /bytes long, and a unix socket's path takes at most 107/);
});
