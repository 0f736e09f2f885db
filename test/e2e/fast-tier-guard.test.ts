// The fast tier's fence (test/helpers/fast-tier-guard.ts): a test file outside test/e2e/ that starts
// a child process fails, naming the command; the short tools tsgun itself calls are let through.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cleanEnv, repoRoot, tempDir } from '../helpers/cli.ts';

// Each assertion inside runs in a test file outside test/e2e/ (a temporary directory), with the guard preloaded.
const FENCED = `
import assert from 'node:assert/strict';
import { exec, execFileSync, execSync, fork, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';

const refused = (command) => (error) => error.message.includes('is in the fast tier (outside test/e2e/) but started a child process: ' + command);

test('starting a process is refused, whichever API starts it', () => {
  assert.throws(() => spawn(process.execPath, ['-e', '0']), refused(process.execPath + ' -e 0'));
  assert.throws(() => fork('server.mjs'), refused(process.execPath));
  assert.throws(() => exec('sleep 1'), refused('/bin/sh -c sleep 1'));
  assert.throws(() => spawnSync(process.execPath, ['src/cli/main.ts', 'check']), refused(process.execPath + ' src/cli/main.ts check'));
  assert.throws(() => execFileSync('node', ['-v']), refused('node -v'));
  assert.throws(() => execSync('node -v'), refused('node -v'));
});

test('mkfifo, getent and node --check FILE are let through', () => {
  writeFileSync('ok.mjs', 'export {};\\n');
  assert.equal(spawnSync(process.execPath, ['--check', 'ok.mjs']).status, 0);
  execFileSync('mkfifo', ['fifo']);
  assert.match(execFileSync('getent', ['passwd', '0'], { encoding: 'utf8' }), /^root:/);
});
`;

test("a test file outside test/e2e/ cannot start a child process; tsgun's own short tools still run", async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'fenced.test.mjs'), FENCED);
  const guard = join(repoRoot, 'test/helpers/fast-tier-guard.ts');
  // A runner of its own, not a child of this one (which NODE_TEST_CONTEXT would make it).
  const { NODE_TEST_CONTEXT: _, ...env } = cleanEnv();
  const child = spawn(process.execPath, ['--import', guard, '--test', '--test-reporter=spec', 'fenced.test.mjs'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  const [code] = (await once(child, 'close')) as [number | null];
  assert.equal(code, 0, out);
  assert.match(out, /ℹ pass 2\n/, out);
  assert.match(out, /ℹ fail 0\n/, out);
});
