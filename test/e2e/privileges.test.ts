// The workers' privilege drop through the real CLI (issue 14, item 8): `user: "nobody"` without
// `group` could not boot on Debian (there is no group nobody: the drop called setgid("nobody")),
// and a numeric `user` kept gid 0 and root's supplementary groups. Now the primary group comes
// from the passwd database and the supplementary groups are initialised before setgid/setuid.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot, runCli, tempDir } from '../helpers/cli.ts';
import { getOnce } from '../helpers/load.ts';
import { mjsConfig } from '../helpers/reload.ts';
import { startServer } from '../helpers/server.ts';

const APP = join(repoRoot, 'test/fixtures/e2e/app.mjs');
const isRoot = process.getuid?.() === 0;

/** nobody's uid and primary gid from /etc/passwd, or null. */
function nobody(): { uid: number; gid: number } | null {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('nobody:'));
  if (line === undefined) return null;
  const fields = line.split(':');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

/** Real uid, real gid and supplementary groups of a process, from /proc. */
function ids(pid: number): { uid: number; gid: number; groups: number[] } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): string => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status)![1]!.trim();
  return {
    uid: Number(field('Uid').split(/\s+/)[0]),
    gid: Number(field('Gid').split(/\s+/)[0]),
    groups: field('Groups') === '' ? [] : field('Groups').split(/\s+/).map(Number),
  };
}

for (const [name, user] of [
  ['user "nobody" without group', 'nobody'],
  ['a numeric user (65534) without group', 65534],
] as const) {
  test(`${name} boots and serves as nobody with nobody's primary group, and no group 0`, async (t) => {
    if (!isRoot) return t.skip('needs root to switch users');
    const account = nobody();
    if (account === null || (user === 65534 && account.uid !== 65534)) return t.skip('no user nobody with uid 65534 here');
    const dir = tempDir(t);
    const config = join(dir, 'tsgun.config.mjs');
    writeFileSync(config, mjsConfig({ app: APP, bind: ['127.0.0.1:0'], workers: 1, user }));
    const server = await startServer(t, { args: ['--config', config] });
    const res = await getOnce(await server.url(), { path: '/env' });
    assert.equal(res.status, 200);
    assert.equal(JSON.parse(res.body).uid, account.uid);
    const [worker] = server.liveWorkerPids();
    const worked = ids(worker!);
    assert.equal(worked.uid, account.uid);
    assert.equal(worked.gid, account.gid, "nobody's primary group (nogroup on Debian), not root's gid 0");
    assert.ok(!worked.groups.includes(0), `no supplementary group 0: ${worked.groups.join(' ')}`);
    assert.equal(ids(server.pid).uid, 0, 'the master stays root');
  });
}

test('tsgun check: a user that does not exist, and a uid without a passwd entry and no group, are config errors', async () => {
  const unknown = await runCli(['check', '--app', APP, '--user', 'no-such-user-tsgun']);
  assert.equal(unknown.code, 1, unknown.stderr);
  assert.match(unknown.stderr, /user: there is no user named "no-such-user-tsgun" on this host/);
  const orphan = await runCli(['check', '--app', APP, '--user', '4242424']);
  assert.equal(orphan.code, 1, orphan.stderr);
  assert.match(orphan.stderr, /uid 4242424 has no passwd entry.*set `group`/);
  const withGroup = await runCli(['check', '--app', APP, '--user', '4242424', '--group', '4242424']);
  assert.equal(withGroup.code, 0, withGroup.stderr);
});
