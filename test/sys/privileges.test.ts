// The privilege drop on fixture passwd/group texts: `user: nobody` without `group` on Debian (no
// group nobody) takes nobody's primary group, a numeric user never keeps gid 0, and the calls go
// groups → gid → uid.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TsgunError } from '../../src/errors/tsgun-error.ts';
import { accountsFromText, dropPrivileges, parseGroup, parsePasswd, resolveIdentity, verifyAccounts, type PrivilegeCalls } from '../../src/sys/privileges.ts';
import { resolvedConfig } from '../helpers/config.ts';

// Debian 12's own entries (nobody's primary group is nogroup, 65534; there is no group nobody).
const DEBIAN_PASSWD = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
# a comment
+@netgroup::::::
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
app:x:1000:1000:App,,,:/home/app:/bin/bash
broken line
`;
const DEBIAN_GROUP = `root:x:0:
daemon:x:1:
www-data:x:33:
adm:x:4:app
nogroup:x:65534:
app:x:1000:
`;
const accounts = accountsFromText(DEBIAN_PASSWD, DEBIAN_GROUP);

test('passwd and group parsing skips comments, NIS lines and junk', () => {
  assert.deepEqual(
    parsePasswd(DEBIAN_PASSWD).map((e) => e.name),
    ['root', 'daemon', 'www-data', 'nobody', 'app'],
  );
  assert.deepEqual(
    parsePasswd(DEBIAN_PASSWD).find((e) => e.name === 'nobody'),
    { name: 'nobody', uid: 65534, gid: 65534 },
  );
  assert.deepEqual(
    parseGroup(DEBIAN_GROUP).find((g) => g.gid === 4),
    { name: 'adm', gid: 4 },
  );
});

test('user "nobody" without group: nobody\'s primary group from passwd (nogroup), not a group named nobody', () => {
  assert.deepEqual(resolveIdentity('nobody', null, accounts), { uid: 65534, gid: 65534, userName: 'nobody' });
});

test('a numeric user with a passwd entry: its name (for initgroups) and primary group, never gid 0', () => {
  assert.deepEqual(resolveIdentity(65534, null, accounts), { uid: 65534, gid: 65534, userName: 'nobody' });
  assert.deepEqual(resolveIdentity('1000', null, accounts), { uid: 1000, gid: 1000, userName: 'app' });
});

test('group given by name or number wins over the primary group', () => {
  assert.deepEqual(resolveIdentity('app', 'www-data', accounts), { uid: 1000, gid: 33, userName: 'app' });
  assert.deepEqual(resolveIdentity('app', 4242, accounts), { uid: 1000, gid: 4242, userName: 'app' });
  assert.deepEqual(resolveIdentity(null, 'nogroup', accounts), { uid: null, gid: 65534, userName: null });
});

test('a numeric user without a passwd entry needs a group: refused rather than left with gid 0', () => {
  assert.throws(
    () => resolveIdentity(4321, null, accounts),
    (e: unknown) => e instanceof TsgunError && e.code === 'TSG_PRIVILEGE_DROP' && /uid 4321 has no passwd entry.*set `group`/.test(e.message),
  );
  assert.deepEqual(resolveIdentity(4321, 'nogroup', accounts), { uid: 4321, gid: 65534, userName: null });
});

test('unknown names are TSG_PRIVILEGE_DROP with one problem per setting', () => {
  assert.throws(
    () => resolveIdentity('nobodyx', 'nobody', accounts),
    (e: unknown) => e instanceof TsgunError && e.code === 'TSG_PRIVILEGE_DROP' && e.problems.map((p) => p.path).join() === 'user,group' && /no group named "nobody"/.test(e.message),
  );
  assert.equal(resolveIdentity(null, null, accounts), null);
});

function recorder(euid = 0, egid = 0): { calls: string[]; fake: PrivilegeCalls } {
  const calls: string[] = [];
  return {
    calls,
    fake: {
      geteuid: () => euid,
      getegid: () => egid,
      initgroups: (user, extra) => void calls.push(`initgroups(${user},${extra})`),
      setgroups: (groups) => void calls.push(`setgroups(${groups.join(',')})`),
      setgid: (id) => void calls.push(`setgid(${id})`),
      setuid: (id) => void calls.push(`setuid(${id})`),
    },
  };
}

test('the drop runs groups, then gid, then uid; a user without a name gets exactly [gid]', () => {
  const named = recorder();
  dropPrivileges({ uid: 65534, gid: 65534, userName: 'nobody' }, named.fake);
  assert.deepEqual(named.calls, ['initgroups(nobody,65534)', 'setgid(65534)', 'setuid(65534)']);
  const numeric = recorder();
  dropPrivileges({ uid: 4321, gid: 65534, userName: null }, numeric.fake);
  assert.deepEqual(numeric.calls, ['setgroups(65534)', 'setgid(65534)', 'setuid(4321)']);
  const groupOnly = recorder();
  dropPrivileges({ uid: null, gid: 33, userName: null }, groupOnly.fake);
  assert.deepEqual(groupOnly.calls, ['setgroups(33)', 'setgid(33)']);
});

test('not root: staying who it is is a no-op, anything else a clear TSG_PRIVILEGE_DROP', () => {
  const same = recorder(1000, 1000);
  dropPrivileges({ uid: 1000, gid: 1000, userName: 'app' }, same.fake);
  assert.deepEqual(same.calls, []);
  const other = recorder(1000, 1000);
  assert.throws(
    () => dropPrivileges({ uid: 65534, gid: 65534, userName: 'nobody' }, other.fake),
    (e: unknown) => e instanceof TsgunError && e.code === 'TSG_PRIVILEGE_DROP' && /started as root/.test(e.message),
  );
  assert.deepEqual(other.calls, []);
});

test('a failing call becomes TSG_PRIVILEGE_DROP with its cause', () => {
  const { fake } = recorder();
  fake.setuid = () => {
    throw Object.assign(new Error('EPERM, Operation not permitted'), { code: 'EPERM' });
  };
  assert.throws(
    () => dropPrivileges({ uid: 1, gid: 1, userName: 'daemon' }, fake),
    (e: unknown) => e instanceof TsgunError && e.code === 'TSG_PRIVILEGE_DROP' && /cannot switch to daemon:1: EPERM/.test(e.message),
  );
});

test('tsgun check: a user or group that does not exist is a config problem with its origin', () => {
  const config = resolvedConfig({ user: 'nobodyx', group: 'nobody' });
  const problems = verifyAccounts(config, () => ({ kind: 'cli', flag: '--user' }), undefined, accounts);
  assert.deepEqual(
    problems.map((p) => [p.path, p.message]),
    [
      ['user', 'there is no user named "nobodyx" on this host'],
      ['group', 'there is no group named "nobody" on this host'],
    ],
  );
  assert.deepEqual(problems[0]!.origin, { kind: 'cli', flag: '--user' });
  assert.deepEqual(
    verifyAccounts(resolvedConfig({ user: 'nobody' }), () => ({ kind: 'default' }), undefined, accounts),
    [],
  );
});
