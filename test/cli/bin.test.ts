// The installed command: bin/tsgun.js runs the compiled dist/ (what `npx tsgun` runs after `npm ci`).

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { cleanEnv, repoRoot } from '../helpers/cli.ts';

const run = promisify(execFile);

test('bin/tsgun.js checks the example config from dist/', async () => {
  assert.ok(existsSync(join(repoRoot, 'dist/cli/main.js')), 'dist/ is built by `npm ci` (prepare) or `npm run build`');
  const { stdout } = await run(process.execPath, [join(repoRoot, 'bin/tsgun.js'), 'check', '--config', 'examples/hello/tsgun.config.ts'], {
    cwd: repoRoot,
    env: cleanEnv(),
  });
  assert.equal(stdout, 'examples/hello/tsgun.config.ts: config is valid (app ./app.ts, 1 bind, 2 workers)\n');
});
