// Who a worker becomes when `user`/`group` are set, and the switch itself. The group comes from
// the passwd database when `group` is not set (Debian has no group `nobody`: nobody's primary group
// is nogroup), supplementary groups are initialised so that root's group 0 does not survive the
// drop, and the calls go groups → gid → uid, the only order in which each is still permitted.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { CheckContext } from '../config/check-context.ts';
import type { ResolvedConfig, ValueSource } from '../config/resolved-config.ts';
import { isTsgunError, TsgunError, type ConfigProblem } from '../errors/tsgun-error.ts';
import { accessProblem, currentProcess, type Who } from './verify-access.ts';

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

/** The gids of the group lines whose member list (the fourth field) names `userName`. */
function groupsListing(text: string, userName: string): number[] {
  const gids: number[] = [];
  for (const fields of records(text)) {
    const gid = id(fields[2]);
    if (gid !== null && (fields[3] ?? '').split(',').includes(userName)) gids.push(gid);
  }
  return gids;
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
  /** The groups that list `userName` as a member (its supplementary groups, as initgroups sets them). */
  supplementaryGroups?(userName: string): number[];
}

/** An AccountDatabase over passwd and group texts (fixtures in tests). */
export function accountsFromText(passwd: string, group: string): AccountDatabase {
  const users = parsePasswd(passwd);
  const groups = parseGroup(group);
  return {
    user: (key) => users.find((u) => (typeof key === 'number' ? u.uid === key : u.name === key)),
    group: (key) => groups.find((g) => (typeof key === 'number' ? g.gid === key : g.name === key)),
    supplementaryGroups: (userName) => groupsListing(group, userName),
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
    // Memberships only a name service knows are not looked up: a check may then report a denial the kernel would not.
    supplementaryGroups: (userName) => files.supplementaryGroups!(userName),
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

/**
 * The checks of a config that need the account database, run by the loader (for `serve`, `check`
 * and every reload) after the file system checks of config/: `user` and `group` exist here, then
 * each file the processes create or read may be used by the process that uses it (verify-access.ts).
 * A check whose setting (or `chdir`, for a relative path) already has a problem is skipped.
 * Without a context, only the accounts are checked.
 */
export function verifyAccounts(config: ResolvedConfig, locate: (path: readonly (string | number)[]) => ValueSource, context?: CheckContext, accounts?: AccountDatabase): ConfigProblem[] {
  const { user, group } = config.settings;
  const problems: ConfigProblem[] = [];
  let identity: Identity | null = null;
  const database = user === null && group === null ? null : (accounts ?? systemAccounts());
  if (database !== null && context?.isBroken(['user'], ['group']) !== true) {
    try {
      identity = resolveIdentity(user, group, database);
    } catch (error) {
      if (!isTsgunError(error)) throw error;
      for (const problem of error.problems) {
        const source = locate([problem.path]);
        problems.push({ ...problem, code: 'TSG_ACCOUNT_UNKNOWN', ...(source.kind === 'default' ? {} : { origin: source }) });
      }
    }
  }
  if (context === undefined) return problems;
  const master = currentProcess();
  // Unknown workers (a user that does not exist, or one that is itself invalid): only the master's files are checked.
  const workers = database === null ? master : identity === null ? null : workersOf(identity, user, group, master, database);
  for (const use of context.files) {
    const who = use.user === 'master' ? master : workers;
    // Read by this process already (config/verify-tls.ts), or reached where this process writes: only
    // another user can fail where it did not.
    if (who === null || ((use.access === 'read' || use.access === 'reach') && who.self) || context.isBroken(...use.dependsOn)) continue;
    const why = accessProblem(use.file, use.access, who);
    if (why !== null) problems.push(context.problem(use.path, 'TSG_PATH_ACCESS', why));
  }
  return problems;
}

function workersOf(identity: Identity, user: string | number | null, group: string | number | null, master: Who, accounts: AccountDatabase): Who {
  const uid = identity.uid ?? master.uid;
  const groups = identity.userName === null ? [identity.gid] : [identity.gid, ...(accounts.supplementaryGroups?.(identity.userName) ?? [])];
  const label = user !== null ? `the workers (user ${JSON.stringify(String(user))})` : `the workers (group ${JSON.stringify(String(group))})`;
  return { uid, gid: identity.gid, groups, label, self: uid === master.uid && identity.gid === master.gid };
}
