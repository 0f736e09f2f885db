// Regression (issue 14, item 5): the pidfile and `<pidfile>.reload.json` were written through
// temporary files with predictable names (`<path>.<pid>.tmp`) opened with a plain write, which
// follows symlinks. With the pidfile in a directory other users can write to, `nobody` planted a
// symlink at such a name and the root master overwrote a root-only file with the reload status.
// Runs as root only: it needs a real unprivileged user to plant the links.

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, chownSync, lstatSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { runCli, tempDir } from '../helpers/cli.ts';
import { appSource, BASE, mjsConfig, project } from '../helpers/reload.ts';
import { startServer } from '../helpers/server.ts';

const SECRET = 'root-only secret: must never change\n';

function nobody(): { uid: number; gid: number } | null {
  try {
    return { uid: Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' })) };
  } catch {
    return null;
  }
}

/** Runs as `nobody`: creates each symlink (name → target), as an unprivileged local user would. */
async function plantAsNobody(user: { uid: number; gid: number }, links: readonly string[], target: string): Promise<void> {
  const script = "const fs = require('node:fs'); const [target, ...links] = process.argv.slice(1); for (const l of links) fs.symlinkSync(target, l);";
  const child = spawn(process.execPath, ['-e', script, target, ...links], { uid: user.uid, gid: user.gid, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const [code] = await once(child, 'exit');
  assert.equal(code, 0, `nobody could not plant the links: ${stderr}`);
}

function assertSecretIntact(secret: string): void {
  assert.equal(readFileSync(secret, 'utf8'), SECRET, 'the root-only file was not written to');
  const stat = statSync(secret);
  assert.equal(stat.mode & 0o777, 0o600);
  assert.equal(stat.uid, 0);
}

async function attack(t: TestContext, shared: (base: string, user: { uid: number; gid: number }) => string): Promise<void> {
  const user = nobody();
  if (user === null) return t.skip('no user named nobody to plant the links');
  const base = tempDir(t, 'tsgun-pidfile-');
  chmodSync(base, 0o711); // nobody may pass through to the shared directory, not list or write here
  const secret = join(base, 'root-only');
  writeFileSync(secret, SECRET, { mode: 0o600 });
  const run = shared(base, user);
  const pidfile = join(run, 'tsgun.pid');
  const status = `${pidfile}.reload.json`;

  // Before the start: the plausible names themselves, and the old temporary name for each pid the
  // master may get (the next few thousand; the master is the CLI process started next).
  const lastPid = Number(readFileSync('/proc/sys/kernel/ns_last_pid', 'utf8'));
  const guessed = Array.from({ length: 3000 }, (_, i) => `${pidfile}.${lastPid + 1 + i}.tmp`);
  await plantAsNobody(user, [pidfile, status, ...guessed], secret);

  const p = project(t, { 'app.mjs': appSource('v1') });
  p.write('tsgun.config.mjs', mjsConfig({ ...BASE, workers: 1, pidfile }));
  const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir });
  const masterPid = server.pid;
  assertSecretIntact(secret);
  assert.ok(lstatSync(pidfile).isFile(), 'the planted symlink at the pidfile path was replaced, not followed');
  assert.equal(readFileSync(pidfile, 'utf8'), `${masterPid}\n`);

  // Now the master's pid is known: the old name of the status file's temporary file.
  const statusTemp = `${status}.${masterPid}.tmp`;
  await plantAsNobody(user, [statusTemp], secret);
  const r = await runCli(['reload', '--config', 'tsgun.config.mjs'], { cwd: p.dir });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^reload committed: generation 2 is serving/);
  assertSecretIntact(secret);
  assert.ok(lstatSync(status).isFile(), 'the planted symlink at the status path was replaced, not followed');
  const written = JSON.parse(readFileSync(status, 'utf8')) as { pid: number; outcome: { ok: boolean; generation: number } };
  assert.equal(written.pid, masterPid);
  assert.equal(written.outcome.ok, true);
  assert.equal(written.outcome.generation, 2);
  assert.equal(statSync(status).mode & 0o022, 0, 'not writable by others');
  for (const link of [statusTemp, guessed[0]!, guessed.at(-1)!]) assert.ok(lstatSync(link).isSymbolicLink(), `${link} was left alone`);

  server.signal('SIGTERM');
  assert.equal((await server.exited).code, 0);
  assertSecretIntact(secret);
  assert.throws(() => lstatSync(pidfile), { code: 'ENOENT' }, 'the pidfile is removed at exit');
  assert.throws(() => lstatSync(status), { code: 'ENOENT' }, 'the status file is removed at exit');
}

test('a world-writable sticky pidfile directory (like /tmp): links planted by nobody are never followed', async (t) => {
  if (process.getuid?.() !== 0) return t.skip('runs as root only: a real unprivileged user (nobody) has to plant the symlinks');
  await attack(t, (base) => {
    const run = join(base, 'run');
    mkdirSync(run);
    chmodSync(run, 0o1777);
    return run;
  });
});

test('a pidfile directory owned by the unprivileged user (where protected_symlinks does not help): links are never followed', async (t) => {
  if (process.getuid?.() !== 0) return t.skip('runs as root only: a real unprivileged user (nobody) has to plant the symlinks');
  await attack(t, (base, user) => {
    const run = join(base, 'run');
    mkdirSync(run, { mode: 0o755 });
    chownSync(run, user.uid, user.gid);
    return run;
  });
});
