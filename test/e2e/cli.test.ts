// The command as a real process, for what the in-process CLI tests (test/cli/) cannot show: the
// installed bin/tsgun.js running the compiled dist/ (what `npx tsgun` runs after `npm ci`), and
// src/cli/main.ts wiring argv, the real environment, stdout/stderr and the exit code.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { cleanEnv, repoRoot, runCli, tempDir } from '../helpers/cli.ts';

const run = promisify(execFile);

test('bin/tsgun.js checks the example config from dist/', async () => {
  assert.ok(existsSync(join(repoRoot, 'dist/cli/main.js')), 'dist/ is built by `npm ci` (prepare) or `npm run build`');
  const { stdout } = await run(process.execPath, [join(repoRoot, 'bin/tsgun.js'), 'check', '--config', 'examples/hello/tsgun.config.ts'], {
    cwd: repoRoot,
    env: cleanEnv(),
  });
  assert.equal(stdout, 'examples/hello/tsgun.config.ts: config is valid (app ./app.ts, 1 bind, 2 workers)\n');
});

test('src/cli/main.ts: a valid config prints on stdout and exits 0', async () => {
  const r = await runCli(['check', '--config', 'examples/hello/tsgun.config.ts']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'examples/hello/tsgun.config.ts: config is valid (app ./app.ts, 1 bind, 2 workers)\n');
  assert.equal(r.stderr, '');
});

test('src/cli/main.ts: a TSGUN_* variable of the real environment is read and validated: exit 1 on stderr', async () => {
  const r = await runCli(['check', '--config', 'examples/hello/tsgun.config.ts'], { env: { TSGUN_LOG_LEVEL: 'loud' } });
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^tsgun: invalid config in examples\/hello\/tsgun\.config\.ts \(1 problem\) \[TSG_CONFIG_INVALID\]\n {2}env TSGUN_LOG_LEVEL: logLevel: must be one of /);
});

test('src/cli/main.ts: a usage error exits 2; --version exits 0', async () => {
  const unknown = await runCli(['check', '--wrokers', '2']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown option '--wrokers'/);
  const version = await runCli(['--version']);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
});

test('what a config prints goes to stderr: check --format json and print-config --as-config stay parseable (regression: a line before the report)', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'app.mjs'), 'export default (req, res) => res.end("x");\n');
  writeFileSync(join(dir, 'noisy.mjs'), 'console.log("config says hi");\nexport default async () => { console.log("and from its function"); return { app: "./app.mjs" }; };\n');
  const checked = await runCli(['check', 'noisy.mjs', '--no-app', '--format', 'json'], { cwd: dir });
  assert.equal(checked.code, 0, checked.stderr);
  assert.deepEqual(JSON.parse(checked.stdout), { valid: true, configFile: join(dir, 'noisy.mjs'), errors: [], warnings: [] });
  assert.match(checked.stderr, /config says hi\nand from its function/);
  const printed = await runCli(['print-config', '-c', 'noisy.mjs', '--as-config'], { cwd: dir });
  assert.equal(printed.code, 0, printed.stderr);
  writeFileSync(join(dir, 'saved.yaml'), printed.stdout);
  const loadsBack = await runCli(['check', 'saved.yaml', '--no-app'], { cwd: dir });
  assert.equal(loadsBack.code, 0, loadsBack.stdout + loadsBack.stderr);
});
