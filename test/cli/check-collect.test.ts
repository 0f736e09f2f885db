// What `tsgun check` finds (src/cli/check-collect.ts and the loader's checks under it), in this
// process: every problem at once and sorted, the checks skipped when what they depend on is broken,
// each machine check with its own code (accounts, directories, who may write, TLS files), and the
// ci target that runs none of them. The app import spawns a process: test/e2e/check-app.test.ts.

import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { chmodSync, chownSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { appFrame, parseProbeReply } from '../../src/cli/app-probe-messages.ts';
import { collectCheck } from '../../src/cli/check-collect.ts';
import type { ConfigRequest } from '../../src/cli/program.ts';
import { inspectConfig, loadConfig, loadOptionsFor } from '../../src/config/load-config.ts';
import type { ConfigProblem } from '../../src/errors/tsgun-error.ts';
import { TsgunError } from '../../src/errors/tsgun-error.ts';
import { verifyAccounts } from '../../src/sys/privileges.ts';
import { accessProblem } from '../../src/sys/verify-access.ts';
import { cleanEnv, repoRoot, tempDir } from '../helpers/cli.ts';
import { runCliInProcess } from '../helpers/cli-in-process.ts';

const TLS = join(repoRoot, 'test/fixtures/tls');
const isRoot = process.geteuid?.() === 0;

/** A project directory with a valid app and `tsgun.config.yaml` holding `yaml`. */
function project(t: TestContext, yaml: string): string {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "type": "module" }\n');
  writeFileSync(join(dir, 'app.mjs'), 'export default (req, res) => res.end("ok\\n");\n');
  writeFileSync(join(dir, 'tsgun.config.yaml'), yaml);
  return dir;
}

function request(dir: string, env: Record<string, string> = {}): ConfigRequest {
  return { configPath: undefined, cli: [], io: { argv: [], env: cleanEnv(env), cwd: dir, stdout: () => {}, stderr: () => {} } };
}

/** The problems of a check without the app import (which would start a process), as [path, code, line] rows. */
async function check(dir: string, target: 'machine' | 'ci' = 'machine', env: Record<string, string> = {}): Promise<ConfigProblem[]> {
  const result = await collectCheck(request(dir, env), { target, app: false });
  return [...(result.error?.problems ?? [])];
}

const rows = (problems: readonly ConfigProblem[]) => problems.map((p) => [p.path, p.code ?? 'TSG_CONFIG_INVALID', p.origin?.kind === 'file' ? p.origin.line : p.origin?.kind]);

test('every problem at once: a schema error no longer hides a missing chdir, a bad accessLogFormat and missing TLS files; sorted by line', async (t) => {
  const dir = project(
    t,
    ['app: ./app.mjs', 'tls:', '  cert: ./missing-cert.pem', '  key: ./missing-key.pem', 'accessLogFormat: "%(h)s %(nope)s"', 'chdir: ./not-there', 'workers: many', ''].join('\n'),
  );
  assert.deepEqual(rows(await check(dir)), [
    ['tls.cert', 'TSG_PATH_MISSING', 3],
    ['tls.key', 'TSG_PATH_MISSING', 4],
    ['accessLogFormat', 'TSG_CONFIG_INVALID', 5],
    ['chdir', 'TSG_PATH_MISSING', 6],
    ['workers', 'TSG_CONFIG_INVALID', 7],
  ]);
});

test('serve loads through the same checks: one error with every problem, sorted', async (t) => {
  const dir = project(t, 'app: ./app.mjs\nworkers: many\nchdir: ./not-there\n');
  const options = loadOptionsFor({ configPath: undefined, cwd: dir, env: {}, cli: [] }, 'serve', verifyAccounts);
  await assert.rejects(loadConfig(options), (error: unknown) => {
    assert.ok(error instanceof TsgunError && error.code === 'TSG_CONFIG_INVALID');
    assert.deepEqual(
      error.problems.map((p) => p.path),
      ['workers', 'chdir'],
    );
    return true;
  });
});

test('problems sort by location: the file by line and column, then env vars, then flags', async (t) => {
  const dir = project(t, 'app: ./app.mjs\nchdir: ./not-there\nworkers: many\n');
  const r = await runCliInProcess(['check', '--target', 'ci', '--timeout', 'soon'], { cwd: dir, env: { TSGUN_LOG_LEVEL: 'loud' } });
  assert.equal(r.code, 1);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('  '));
  assert.deepEqual(
    lines.map((l) => l.trim().split(': ')[0]),
    ['tsgun.config.yaml:3:10', 'env TSGUN_LOG_LEVEL', 'flag --timeout'],
  );
});

test('a check that depends on a broken setting is skipped: files relative to a missing chdir are not reported again', async (t) => {
  const dir = project(t, 'app: ./app.mjs\nchdir: ./release\nerrorLog: ./blocked/error.log\npidfile: ./run/tsgun.pid\ncontrolSocket: /nonexistent-tsgun-dir/control.sock\n');
  writeFileSync(join(dir, 'blocked'), 'a file, not a directory');
  // Only chdir, and the absolute control socket path, which does not depend on it.
  assert.deepEqual(rows(await check(dir)), [
    ['chdir', 'TSG_PATH_MISSING', 2],
    ['controlSocket', 'TSG_PATH_MISSING', 5],
  ]);
  // With chdir there, the relative paths are checked in it.
  mkdirSync(join(dir, 'release'));
  writeFileSync(join(dir, 'release', 'blocked'), 'a file, not a directory');
  assert.deepEqual(rows(await check(dir)), [
    ['errorLog', 'TSG_PATH_ACCESS', 3],
    ['pidfile', 'TSG_PATH_MISSING', 4],
    ['controlSocket', 'TSG_PATH_MISSING', 5],
  ]);
});

test('an invalid user hides nothing else: the schema error and the unknown user are both reported', async (t) => {
  const dir = project(t, 'app: ./app.mjs\nuser: tsgun-no-such-user\nworkers: many\n');
  const problems = await check(dir);
  assert.deepEqual(rows(problems), [
    ['user', 'TSG_ACCOUNT_UNKNOWN', 2],
    ['workers', 'TSG_CONFIG_INVALID', 3],
  ]);
  assert.equal(problems[0]!.message, 'there is no user named "tsgun-no-such-user" on this host');
});

test('a group that does not exist, and a numeric user without a passwd entry or group', async (t) => {
  assert.deepEqual(rows(await check(project(t, 'app: ./app.mjs\ngroup: tsgun-no-such-group\n'))), [['group', 'TSG_ACCOUNT_UNKNOWN', 2]]);
  assert.deepEqual(rows(await check(project(t, 'app: ./app.mjs\nuser: 4242424\n'))), [['user', 'TSG_ACCOUNT_UNKNOWN', 2]]);
});

test('unix socket, pidfile and control socket directories must exist (tsgun does not create them); a log directory is created', async (t) => {
  const dir = project(t, 'app: ./app.mjs\nbind: ["127.0.0.1:0", "unix:./sockets/app.sock"]\npidfile: ./run/tsgun.pid\ncontrolSocket: ./run/control.sock\nerrorLog: ./logs/new/error.log\n');
  const problems = await check(dir);
  assert.deepEqual(rows(problems), [
    ['bind[1]', 'TSG_PATH_MISSING', 2],
    ['pidfile', 'TSG_PATH_MISSING', 3],
    ['controlSocket', 'TSG_PATH_MISSING', 4],
  ]);
  assert.equal(problems[0]!.message, `the directory ${join(dir, 'sockets')} of the unix socket ${join(dir, 'sockets/app.sock')} does not exist; tsgun does not create it`);
  mkdirSync(join(dir, 'sockets'));
  mkdirSync(join(dir, 'run'));
  assert.deepEqual(await check(dir), []);
});

test('a log whose directory cannot be created (a file in its path) and a log path that is a directory', async (t) => {
  const dir = project(t, 'app: ./app.mjs\naccessLog: ./app.mjs/logs/access.log\nerrorLog: ./logs\n');
  mkdirSync(join(dir, 'logs'));
  const problems = await check(dir);
  assert.deepEqual(rows(problems), [
    ['accessLog', 'TSG_PATH_ACCESS', 2],
    ['errorLog', 'TSG_PATH_ACCESS', 3],
  ]);
  assert.equal(problems[0]!.message, `cannot create ${join(dir, 'app.mjs/logs/access.log')}: ${join(dir, 'app.mjs')} (in its directory path) is not a directory`);
});

test(
  'as root: the access log must be writable by `user` (workers open it), the errorLog and pidfile by the master, and the errorLog reachable by `user`',
  { skip: !isRoot && 'needs root' },
  async (t) => {
    const dir = project(t, 'app: ./app.mjs\nuser: nobody\naccessLog: ./private/access.log\nerrorLog: ./private/error.log\npidfile: ./private/tsgun.pid\n');
    mkdirSync(join(dir, 'private'), { mode: 0o700 });
    chmodSync(dir, 0o755);
    const problems = await check(dir);
    // The master (root) may write there; the workers can neither create their access log nor open the
    // errorLog the master gives them. Regression: the errorLog was checked for the master alone, and
    // such a config passed check, then every worker failed its boot with TSG_LOG_OPEN.
    assert.deepEqual(rows(problems), [
      ['accessLog', 'TSG_PATH_ACCESS', 3],
      ['errorLog', 'TSG_PATH_ACCESS', 4],
    ]);
    assert.match(problems[0]!.message, /^cannot create .*\/private\/access\.log: the workers \(user "nobody"\) may not create files in .*\/private \(mode 0700, owner 0:0\)$/);
    assert.match(problems[1]!.message, /^cannot open .*\/private\/error\.log: the workers \(user "nobody"\) may not enter .*\/private \(mode 0700, owner 0:0\)$/);
    // Entering is all the workers need for the errorLog (the master creates it and gives it to them).
    chmodSync(join(dir, 'private'), 0o711);
    assert.deepEqual(rows(await check(dir)), [['accessLog', 'TSG_PATH_ACCESS', 3]]);
    chmodSync(join(dir, 'private'), 0o777);
    assert.deepEqual(await check(dir), []);
  },
);

test('as root: a TLS key only root may read is no problem with `user` set: the master reads it for the workers', { skip: !isRoot && 'needs root' }, async (t) => {
  const dir = project(t, 'app: ./app.mjs\nuser: nobody\nbind: ["127.0.0.1:0"]\ntls:\n  cert: ./cert.pem\n  key: ./key.pem\n');
  chmodSync(dir, 0o755);
  copyFileSync(join(TLS, 'cert.pem'), join(dir, 'cert.pem'));
  copyFileSync(join(TLS, 'key.pem'), join(dir, 'key.pem'));
  chmodSync(join(dir, 'cert.pem'), 0o644);
  chmodSync(join(dir, 'key.pem'), 0o600);
  assert.deepEqual(rows(await check(dir)), []);
});

test('who may write, by mode bits for another user: owner, group and other classes, and search on every directory above', (t) => {
  const dir = tempDir(t);
  chmodSync(dir, 0o755);
  const nobody = { uid: 65534, gid: 65534, groups: [65534], label: 'nobody', self: false };
  const root = { uid: 0, gid: 0, groups: [0], label: 'root', self: false };
  mkdirSync(join(dir, 'closed'), { mode: 0o700 });
  mkdirSync(join(dir, 'open'), { mode: 0o777 });
  chmodSync(join(dir, 'open'), 0o777);
  assert.match(accessProblem(join(dir, 'closed', 'x.log'), 'write', nobody) ?? '', /nobody may not create files in .*closed \(mode 0700/);
  assert.equal(accessProblem(join(dir, 'closed', 'x.log'), 'write', root), null);
  assert.equal(accessProblem(join(dir, 'open', 'x.log'), 'write', nobody), null);
  // A missing directory is created in the closest one that exists.
  assert.equal(accessProblem(join(dir, 'open', 'a', 'b', 'x.log'), 'write', nobody), null);
  // No search permission on a directory above.
  mkdirSync(join(dir, 'closed', 'inner'), { mode: 0o777 });
  chmodSync(join(dir, 'closed', 'inner'), 0o777);
  assert.match(accessProblem(join(dir, 'closed', 'inner', 'x.log'), 'write', nobody) ?? '', /nobody may not enter .*closed \(mode 0700/);
  // Reaching a file another process makes (the errorLog): search on every directory, no write.
  mkdirSync(join(dir, 'pass'), { mode: 0o711 });
  chmodSync(join(dir, 'pass'), 0o711);
  assert.equal(accessProblem(join(dir, 'pass', 'logs', 'x.log'), 'reach', nobody), null);
  assert.match(accessProblem(join(dir, 'pass', 'logs', 'x.log'), 'write', nobody) ?? '', /nobody may not create files in .*pass \(mode 0711/);
  assert.match(accessProblem(join(dir, 'closed', 'x.log'), 'reach', nobody) ?? '', /^cannot open .*closed\/x\.log: nobody may not enter .*closed \(mode 0700/);
  assert.match(accessProblem(join(dir, 'closed', 'inner', 'x.log'), 'reach', nobody) ?? '', /nobody may not enter .*closed \(mode 0700/);
  if (!isRoot) return;
  // The group class: the directory's group is one of the user's groups (chown needs root).
  mkdirSync(join(dir, 'shared'), { mode: 0o770 });
  chmodSync(join(dir, 'shared'), 0o770);
  chownSync(join(dir, 'shared'), 0, 4242);
  const member = { uid: 4243, gid: 1, groups: [1, 4242], label: 'member', self: false };
  assert.equal(accessProblem(join(dir, 'shared', 'x.sock'), 'create', member), null);
  assert.match(accessProblem(join(dir, 'shared', 'x.sock'), 'create', { ...member, groups: [1] }) ?? '', /member may not create files in .*shared \(mode 0770, owner 0:4242\)/);
  // The owner class applies to the owner even where the group class would allow.
  chownSync(join(dir, 'shared'), 4243, 4242);
  chmodSync(join(dir, 'shared'), 0o070);
  assert.match(accessProblem(join(dir, 'shared', 'x.sock'), 'create', member) ?? '', /member may not create files in/);
});

test('TLS: a certificate that is not PEM (DER), a key file that holds a certificate, a key that does not match', async (t) => {
  const dir = project(t, 'app: ./app.mjs\nbind: ["127.0.0.1:0"]\ntls:\n  cert: ./cert.der\n  key: ./cert.pem\n');
  copyFileSync(join(TLS, 'cert.der'), join(dir, 'cert.der'));
  copyFileSync(join(TLS, 'cert.pem'), join(dir, 'cert.pem'));
  const problems = await check(dir);
  assert.deepEqual(rows(problems), [
    ['tls.cert', 'TSG_TLS_INVALID', 4],
    ['tls.key', 'TSG_TLS_INVALID', 5],
  ]);
  assert.match(problems[0]!.message, /cert\.der holds no PEM certificate .*it looks like DER/);
  assert.match(problems[1]!.message, /cert\.pem holds no PEM private key .*it holds a certificate: is it tls\.cert\?/);

  writeFileSync(join(dir, 'tsgun.config.yaml'), 'app: ./app.mjs\nbind: ["127.0.0.1:0"]\ntls:\n  cert: ./cert.pem\n  key: ./other-key.pem\n');
  copyFileSync(join(TLS, 'other-key.pem'), join(dir, 'other-key.pem'));
  const mismatch = await check(dir);
  assert.deepEqual(rows(mismatch), [['tls.key', 'TSG_TLS_INVALID', 5]]);
  assert.match(mismatch[0]!.message, /the private key in .*other-key\.pem does not belong to the certificate in .*cert\.pem \(CN=localhost\)/);

  copyFileSync(join(TLS, 'key.pem'), join(dir, 'key.pem'));
  writeFileSync(join(dir, 'tsgun.config.yaml'), 'app: ./app.mjs\nbind: ["127.0.0.1:0"]\ntls:\n  cert: ./cert.pem\n  key: ./key.pem\n  ca: ./cert.pem\n');
  assert.deepEqual(await check(dir), []);
});

test('TLS: an expired certificate is an error; one that expires within 30 days a warning, which leaves the config valid', async (t) => {
  const dir = project(t, 'app: ./app.mjs\nbind: ["127.0.0.1:0"]\ntls:\n  cert: ./expired.pem\n  key: ./key.pem\n');
  copyFileSync(join(TLS, 'expired-cert.pem'), join(dir, 'expired.pem'));
  copyFileSync(join(TLS, 'key.pem'), join(dir, 'key.pem'));
  const expired = await check(dir);
  assert.deepEqual(rows(expired), [['tls.cert', 'TSG_TLS_INVALID', 4]]);
  assert.match(expired[0]!.message, /\(CN=expired\.test\) expired on 2020-02-01; renew it$/);

  // A start does not refuse it: expiry is check's to judge.
  const serve = loadOptionsFor({ configPath: undefined, cwd: dir, env: {}, cli: [] }, 'serve', verifyAccounts);
  assert.equal((await loadConfig(serve)).paths.tls!.cert, join(dir, 'expired.pem'));

  // cert.pem expires in 2126: judged ten days before that.
  copyFileSync(join(TLS, 'cert.pem'), join(dir, 'cert.pem'));
  writeFileSync(join(dir, 'tsgun.config.yaml'), 'app: ./app.mjs\nbind: ["127.0.0.1:0"]\ntls:\n  cert: ./cert.pem\n  key: ./key.pem\n');
  const options = loadOptionsFor({ configPath: undefined, cwd: dir, env: {}, cli: [] }, 'check', verifyAccounts);
  const validTo = new X509Certificate(readFileSync(join(TLS, 'cert.pem'))).validToDate;
  const now = new Date(validTo.getTime() - 10 * 24 * 60 * 60 * 1000 - 60_000);
  const inspected = await inspectConfig({ ...options, now });
  assert.deepEqual(
    inspected.problems.map((p) => [p.path, p.code, p.severity]),
    [['tls.cert', 'TSG_TLS_EXPIRING', 'warning']],
  );
  assert.match(inspected.problems[0]!.message, /\(CN=localhost\) expires in 10 days, on 2126-/);
  // A warning leaves the config valid.
  assert.equal((await loadConfig({ ...options, now })).paths.tls!.cert, join(dir, 'cert.pem'));
  assert.equal((await collectCheck(request(dir), { target: 'machine', app: false })).error, null);
});

test('--target ci: a production config whose files, directories and user are not on this machine is valid', async (t) => {
  const dir = project(
    t,
    [
      'app: dist/server.js',
      'chdir: /srv/app/current',
      'user: tsgun-no-such-user',
      'bind: ["0.0.0.0:443", "unix:/run/tsgun/app.sock"]',
      'pidfile: /run/tsgun/tsgun.pid',
      'accessLog: /var/log/tsgun/access.log',
      'tls:',
      '  cert: /etc/tsgun/cert.pem',
      '  key: /etc/tsgun/key.pem',
      '',
    ].join('\n'),
  );
  assert.deepEqual(await check(dir, 'ci'), []);
  const r = await runCliInProcess(['check', '--target', 'ci'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  // The same config on this machine: each of those is a problem.
  assert.deepEqual(
    (await check(dir)).map((p) => p.path),
    ['app', 'chdir', 'user', 'bind[1]', 'pidfile', 'tls.cert', 'tls.key'],
  );
});

test('--target ci still runs the schema, the rules and the formats', async (t) => {
  const dir = project(t, 'app: "dist/server.js#not-a-name"\nworkers: many\naccessLogFormat: "%(nope)s"\nmaxRequestsJitter: 5\n');
  assert.deepEqual(
    (await check(dir, 'ci')).map((p) => p.path),
    ['app', 'workers', 'accessLogFormat', 'maxRequestsJitter'],
  );
});

test('--no-app (app: false) and --target ci start no process; a missing app module is reported without one', async (t) => {
  // This file runs in the fast tier, whose guard makes any spawn throw: these would fail if they tried.
  const dir = project(t, 'app: ./app.mjs\n');
  assert.equal((await collectCheck(request(dir), { target: 'machine', app: false })).error, null);
  assert.equal((await collectCheck(request(dir), { target: 'ci', app: true })).error, null);
  writeFileSync(join(dir, 'tsgun.config.yaml'), 'app: ./gone.mjs\n');
  const missing = await collectCheck(request(dir), { target: 'machine', app: true });
  assert.deepEqual(rows(missing.error!.problems), [['app', 'TSG_APP_LOAD', 1]]);
});

test("the app's frame in a stack: the first outside tsgun and node_modules; a syntax error's location line", () => {
  const tsgun = '/opt/tsgun/src/';
  const stack = [
    'Error: boom',
    '    at connect (/srv/app/node_modules/pg/lib/client.js:10:5)',
    '    at file:///srv/app/db.mjs:2:6',
    '    at loadApp (/opt/tsgun/src/worker/app-adapter.ts:120:9)',
    '    at node:internal/modules/esm/module_job:1:1',
  ].join('\n');
  assert.deepEqual(appFrame(stack, tsgun), { file: '/srv/app/db.mjs', line: 2, column: 6 });
  // Only a library frame: better than none.
  assert.deepEqual(appFrame('Error: x\n    at f (/srv/app/node_modules/lib/index.js:3:1)\n    at g (/opt/tsgun/src/a.ts:1:1)', tsgun), {
    file: '/srv/app/node_modules/lib/index.js',
    line: 3,
    column: 1,
  });
  assert.equal(appFrame('Error: x\n    at g (/opt/tsgun/src/a.ts:1:1)\n    at node:internal/x:1:1', tsgun), null);
  // A TypeScript syntax error: the location first, its column under the caret.
  assert.deepEqual(appFrame('/srv/app/server.ts:4\n  const x: number = ;\n                    ^\n\nSyntaxError: Expression expected', tsgun), { file: '/srv/app/server.ts', line: 4, column: 21 });
});

test('probe replies are parsed from unknown: a malformed one is refused', () => {
  assert.deepEqual(parseProbeReply({ type: 'loaded', kind: 'fetch' }), { type: 'loaded', kind: 'fetch' });
  const failed = { type: 'failed', reason: 'import-threw', message: 'boom', frame: { file: '/a.mjs', line: 1, column: null } };
  assert.deepEqual(parseProbeReply(failed), failed);
  assert.equal(parseProbeReply({ type: 'failed', reason: 'import-threw', message: 'boom', frame: { file: '/a.mjs' } }), undefined);
  assert.equal(parseProbeReply({ type: 'loaded' }), undefined);
  assert.equal(parseProbeReply('loaded'), undefined);
});
