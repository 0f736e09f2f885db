// Who a worker becomes when `user`/`group` are set, and the switch itself. The group comes from
// the passwd database when `group` is not set (Debian has no group `nobody`: nobody's primary group
// is nogroup), supplementary groups are initialised so that root's group 0 does not survive the
// drop, and the calls go groups → gid → uid, the only order in which each is still permitted.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ResolvedConfig, ValueSource } from '../config/resolved-config.ts';
import { isTsgunError, TsgunError, type ConfigProblem } from '../errors/tsgun-error.ts';

export interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  /** The primary group. */
  readonly gid: number;
}

export interface GroupEntry {
  readonly name: string;
  readonly gid: number;
}

/** `name:password:uid:gid:gecos:home:shell` lines; comments, NIS `+`/`-` lines and junk are skipped. */
export function parsePasswd(text: string): PasswdEntry[] {
  const entries: PasswdEntry[] = [];
  for (const fields of records(text)) {
    const uid = id(fields[2]);
    const gid = id(fields[3]);
    if (fields.length >= 4 && uid !== null && gid !== null) entries.push({ name: fields[0]!, uid, gid });
  }
  return entries;
}

/** `name:password:gid:members` lines. */
export function parseGroup(text: string): GroupEntry[] {
  const entries: GroupEntry[] = [];
  for (const fields of records(text)) {
    const gid = id(fields[2]);
    if (fields.length >= 3 && gid !== null) entries.push({ name: fields[0]!, gid });
  }
  return entries;
}

function* records(text: string): Generator<string[]> {
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('+') || trimmed.startsWith('-')) continue;
    const fields = trimmed.split(':');
    if (fields[0] !== '') yield fields;
  }
}

function id(text: string | undefined): number | null {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : null;
}

/** A user or group as the settings give it: a name, a number, or a string of digits (a number). */
function asId(value: string | number): number | null {
  return typeof value === 'number' ? value : id(value);
}

/** Look-ups by name or id. */
export interface AccountDatabase {
  user(key: string | number): PasswdEntry | undefined;
  group(key: string | number): GroupEntry | undefined;
}

/** An AccountDatabase over passwd and group texts (fixtures in tests). */
export function accountsFromText(passwd: string, group: string): AccountDatabase {
  const users = parsePasswd(passwd);
  const groups = parseGroup(group);
  return {
    user: (key) => users.find((u) => (typeof key === 'number' ? u.uid === key : u.name === key)),
    group: (key) => groups.find((g) => (typeof key === 'number' ? g.gid === key : g.name === key)),
  };
}

/**
 * The system's accounts: /etc/passwd and /etc/group, read in Node; an account only a name service
 * knows (LDAP, sssd) is asked of `getent`, the NSS front end glibc and musl systems ship.
 */
export function systemAccounts(): AccountDatabase {
  const files = accountsFromText(readOr('/etc/passwd'), readOr('/etc/group'));
  return {
    user: (key) => files.user(key) ?? parsePasswd(getent('passwd', key))[0],
    group: (key) => files.group(key) ?? parseGroup(getent('group', key))[0],
  };
}

function readOr(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function getent(database: 'passwd' | 'group', key: string | number): string {
  try {
    return execFileSync('getent', [database, String(key)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5_000 });
  } catch {
    return ''; // not found (exit 2), or no getent
  }
}

/** What a worker switches to. */
export interface Identity {
  /** null: keep the uid (only `group` is set). */
  readonly uid: number | null;
  readonly gid: number;
  /** The user's name for initgroups (its groups from /etc/group); null: the groups become [gid]. */
  readonly userName: string | null;
}

/**
 * Resolves `user` and `group`. Without `group`, the gid is the user's primary group from the passwd
 * database. A numeric `user` with no passwd entry has no known group: rather than keep the master's
 * (root's gid 0) or invent one, that needs `group` set, or it is refused. Throws TSG_PRIVILEGE_DROP.
 */
export function resolveIdentity(user: string | number | null, group: string | number | null, accounts: AccountDatabase): Identity | null {
  if (user === null && group === null) return null;
  const problems: ConfigProblem[] = [];
  const userId = user === null ? null : asId(user);
  const entry = user === null ? undefined : accounts.user(userId ?? user);
  if (user !== null && entry === undefined && userId === null) problems.push({ path: 'user', message: `there is no user named "${user}" on this host` });
  const groupId = group === null ? null : asId(group);
  const groupEntry = group === null || groupId !== null ? undefined : accounts.group(group);
  if (group !== null && groupId === null && groupEntry === undefined) problems.push({ path: 'group', message: `there is no group named "${group}" on this host` });
  if (user !== null && group === null && entry === undefined && userId !== null) {
    problems.push({ path: 'user', message: `uid ${userId} has no passwd entry, so its primary group is unknown; set \`group\` as well` });
  }
  if (problems.length > 0) {
    const message = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    throw new TsgunError('TSG_PRIVILEGE_DROP', message, { problems });
  }
  return {
    uid: user === null ? null : (userId ?? entry!.uid),
    gid: groupId ?? groupEntry?.gid ?? entry!.gid,
    userName: entry?.name ?? null,
  };
}

/** The process calls the switch makes, replaceable in tests (Node's names and signatures). */
export interface PrivilegeCalls {
  geteuid(): number;
  getegid(): number;
  initgroups(user: string, extraGroup: number): void;
  setgroups(groups: number[]): void;
  setgid(id: number): void;
  setuid(id: number): void;
}

/**
 * Switches the process to `identity`: supplementary groups, then gid, then uid (after setuid the
 * process may no longer change its groups). A process that is not root can only stay who it is.
 * Throws TSG_PRIVILEGE_DROP.
 */
export function dropPrivileges(identity: Identity, calls: PrivilegeCalls = process as unknown as PrivilegeCalls): void {
  const wanted = `${identity.userName ?? (identity.uid === null ? '(unchanged)' : identity.uid)}:${identity.gid}`;
  if (calls.geteuid() !== 0) {
    if ((identity.uid === null || identity.uid === calls.geteuid()) && identity.gid === calls.getegid()) return;
    throw new TsgunError('TSG_PRIVILEGE_DROP', `cannot switch to ${wanted}: only a master started as root can switch users (running as uid ${calls.geteuid()})`);
  }
  try {
    if (identity.userName !== null) calls.initgroups(identity.userName, identity.gid);
    else calls.setgroups([identity.gid]);
    calls.setgid(identity.gid);
    if (identity.uid !== null) calls.setuid(identity.uid);
  } catch (error) {
    throw new TsgunError('TSG_PRIVILEGE_DROP', `cannot switch to ${wanted}: ${(error as Error).message}`, { cause: error });
  }
}

/** `tsgun check`: a `user` or `group` that does not exist here, as config problems. */
export function verifyAccounts(config: ResolvedConfig, locate: (path: readonly (string | number)[]) => ValueSource, accounts?: AccountDatabase): ConfigProblem[] {
  const { user, group } = config.settings;
  if (user === null && group === null) return [];
  try {
    resolveIdentity(user, group, accounts ?? systemAccounts());
    return [];
  } catch (error) {
    if (!isTsgunError(error)) throw error;
    return error.problems.map((problem) => {
      const source = locate([problem.path]);
      return source.kind === 'default' ? problem : { ...problem, origin: source };
    });
  }
}
