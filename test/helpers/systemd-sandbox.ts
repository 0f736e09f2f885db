// A real systemd for an e2e test: /lib/systemd/systemd as PID 1 of fresh PID, mount, cgroup, UTS and
// IPC namespaces (the way systemd runs in a container), so that a test can install a unit, start,
// reload and stop it with the real `systemctl`, on a machine whose own PID 1 is not systemd. Needs
// root, unshare(1) and nsenter(1) (util-linux) and a cgroup2 hierarchy. The network and the file
// system stay the host's, except /run (a tmpfs of its own) and /sys/fs/cgroup (the sandbox's own
// cgroup, so systemd's slices never mix with the host's). Everything lives in one cgroup made for the
// sandbox: destroy() kills it whole (cgroup.kill) and removes it.
//
// TSGUN_TEST_SYSTEMD_ROOT runs another systemd than the host's: a directory into which its packages
// were unpacked (`dpkg-deb -x systemd_254….deb DIR`, the same for libsystemd-shared), e.g. Debian
// 12's backport (254) where the host has 252, which knows no Type=notify-reload. Only PID 1 comes
// from there; systemctl, systemd-notify and the unit files stay the host's. One way, as root, with
// apt state of its own (nothing is installed):
//   $D/bp.list: one line, `deb <your Debian mirror> bookworm-backports main`
//   A="-o Dir::Etc::SourceList=$D/bp.list -o Dir::Etc::SourceParts=/dev/null -o Dir::State::Lists=$D/lists -o Dir::Cache=$D/cache"
//   apt-get $A update && apt-get $A download systemd/bookworm-backports libsystemd-shared/bookworm-backports
//   for f in *.deb; do dpkg-deb -x "$f" $D/root; done   # then TSGUN_TEST_SYSTEMD_ROOT=$D/root

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { eventually } from './eventually.ts';
import { scaled } from './time.ts';

export const ROOT_VARIABLE = 'TSGUN_TEST_SYSTEMD_ROOT';

/** The target PID 1 starts: nothing but itself, so none of the host's units (getty, udev, sshd…). */
const TARGET = 'tsgun-sandbox.target';

/**
 * Masked as well, in case a unit pulls them in: they act on the host's file system, which the sandbox
 * shares. (Booted to multi-user.target once, systemd-tmpfiles-setup emptied the host's /tmp.)
 */
const MASKED = [
  'systemd-tmpfiles-setup.service',
  'systemd-tmpfiles-setup-dev.service',
  'systemd-tmpfiles-setup-dev-early.service',
  'systemd-tmpfiles-clean.service',
  'systemd-tmpfiles-clean.timer',
  'systemd-udevd.service',
  'systemd-udev-trigger.service',
  'systemd-sysusers.service',
  'systemd-journald.service',
  'systemd-journald.socket',
  'systemd-journald-dev-log.socket',
  'tmp.mount',
  'sysinit.target',
];

export interface SystemdBinary {
  /** PID 1's executable. */
  readonly path: string;
  /** Its shared libraries, when they are not where its RUNPATH says (an unpacked package). */
  readonly libraryPath: string | null;
  /** `systemd --version`'s number (252, 254, …). */
  readonly version: number;
}

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const has = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

/** Where the cgroup2 hierarchy is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid host). */
function cgroup2Mount(): string | null {
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const [before, after] = line.split(' - ');
    if (after?.startsWith('cgroup2 ') === true) return before!.split(' ')[4]!;
  }
  return null;
}

/** This process's own cgroup2 path ("0::/a/b"), under which the sandbox's cgroup is made. */
function ownCgroup(): string {
  const line = readFileSync('/proc/self/cgroup', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('0::'));
  return line === undefined ? '/' : line.slice(3);
}

function findSystemd(): SystemdBinary | string {
  const root = process.env[ROOT_VARIABLE];
  let path = '/lib/systemd/systemd';
  let libraryPath: string | null = null;
  if (root !== undefined && root !== '') {
    path = [join(root, 'lib/systemd/systemd'), join(root, 'usr/lib/systemd/systemd')].find((p) => existsSync(p)) ?? '';
    if (path === '') return `${ROOT_VARIABLE}=${root} holds no lib/systemd/systemd`;
    const libs = join(root, 'usr/lib');
    const multiarch = readdirSync(libs).find((d) => existsSync(join(libs, d, 'systemd')) && readdirSync(join(libs, d, 'systemd')).some((f) => f.startsWith('libsystemd-shared-')));
    libraryPath = multiarch === undefined ? null : join(libs, multiarch, 'systemd');
  }
  if (!existsSync(path)) return `no ${path} (Debian's systemd package; .ci/run installs it)`;
  const run = spawnSync(path, ['--version'], { encoding: 'utf8', env: libraryPath === null ? process.env : { ...process.env, LD_LIBRARY_PATH: libraryPath } });
  const version = /^systemd (\d+)/.exec(run.stdout ?? '');
  if (version === null) return `${path} --version said ${JSON.stringify((run.stdout ?? '') + (run.stderr ?? ''))}`;
  return { path, libraryPath, version: Number(version[1]) };
}

/** Why this machine cannot run the sandbox, or null when it can. */
export function sandboxUnavailable(): string | null {
  if (process.platform !== 'linux') return 'systemd runs on Linux only';
  if (process.getuid?.() !== 0) return 'needs root (new namespaces and a cgroup of its own)';
  for (const command of ['unshare', 'nsenter']) if (!has(command)) return `needs ${command} (util-linux)`;
  if (cgroup2Mount() === null) return 'no cgroup2 hierarchy mounted';
  const systemd = findSystemd();
  return typeof systemd === 'string' ? systemd : null;
}

/** The systemd the sandbox would run; call sandboxUnavailable() first. */
export function sandboxSystemd(): SystemdBinary {
  const systemd = findSystemd();
  if (typeof systemd === 'string') throw new Error(systemd);
  return systemd;
}

// PID 1's script: the mounts systemd expects of a container, then systemd itself. /dev/console is a
// file of the test's, so that systemd's own messages can be shown when something fails.
const INNER = `set -e
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/systemd/system
mount --bind "$SANDBOX_UNITS" /run/systemd/system
mount -t cgroup2 cgroup2 /sys/fs/cgroup
mount --bind "$SANDBOX_CONSOLE" /dev/console
exec "$SANDBOX_SYSTEMD" --system --unit=${TARGET} --log-target=console --show-status=no </dev/null >/dev/console 2>&1
`;

export class SystemdSandbox {
  readonly systemd: SystemdBinary;
  /** Host directory seen as /run/systemd/system inside: units and drop-ins go here. */
  readonly unitDir: string;
  /** A host directory for the test's own files (logs, projects). */
  readonly dir: string;
  readonly #cgroup: string;
  readonly #console: string;
  #pid = 0;

  private constructor(systemd: SystemdBinary, dir: string, cgroup: string) {
    this.systemd = systemd;
    this.dir = dir;
    this.unitDir = join(dir, 'units');
    this.#console = join(dir, 'console.log');
    this.#cgroup = cgroup;
  }

  /** Boots systemd and waits until it has started its (empty) target; destroyed when the test ends. */
  static async start(t: TestContext): Promise<SystemdSandbox> {
    const systemd = sandboxSystemd();
    const dir = mkdtempSync(join(tmpdir(), 'tsgun-systemd-'));
    const cgroup = join(cgroup2Mount()!, ownCgroup(), `tsgun-systemd-${process.pid}-${Date.now()}`);
    const sandbox = new SystemdSandbox(systemd, dir, cgroup);
    t.after(() => sandbox.destroy());
    mkdirSync(sandbox.unitDir);
    writeFileSync(sandbox.#console, '');
    writeFileSync(join(sandbox.unitDir, TARGET), '[Unit]\nDescription=tsgun test sandbox\n');
    for (const name of MASKED) symlinkSync('/dev/null', join(sandbox.unitDir, name));
    mkdirSync(cgroup);
    // The shell moves itself into the sandbox's cgroup before unshare, so that the new cgroup
    // namespace (and everything systemd creates) is rooted there.
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin',
      container: 'tsgun-test',
      SANDBOX_UNITS: sandbox.unitDir,
      SANDBOX_CONSOLE: sandbox.#console,
      SANDBOX_SYSTEMD: systemd.path,
    };
    if (systemd.libraryPath !== null) env['LD_LIBRARY_PATH'] = systemd.libraryPath;
    const launcher = spawn(
      'sh',
      ['-c', 'echo $$ > "$SANDBOX_CGROUP/cgroup.procs" && exec unshare --fork --pid --mount --mount-proc --cgroup --uts --ipc --propagation private sh -c "$SANDBOX_INNER"'],
      { env: { ...env, SANDBOX_CGROUP: cgroup, SANDBOX_INNER: INNER }, stdio: ['ignore', 'ignore', 'pipe'], detached: true },
    );
    let stderr = '';
    launcher.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<string>((resolve) => launcher.on('exit', (code, signal) => resolve(`the launcher exited (${code ?? signal}): ${stderr}`)));
    // PID 1 of the namespace is unshare's child; its host pid is what nsenter needs.
    sandbox.#pid = await eventually(
      async () => {
        const early = await Promise.race([exited, Promise.resolve(null)]);
        if (early !== null) throw new Error(early);
        const children = launcher.pid === undefined ? '' : readIfExists(`/proc/${launcher.pid}/task/${launcher.pid}/children`).trim();
        return children === '' ? 0 : Number(children.split(' ')[0]);
      },
      { what: 'the sandbox to fork its PID 1' },
    );
    await eventually(() => existsSync(`/proc/${sandbox.#pid}/root/run/systemd/private`), {
      what: 'systemd to open its private bus socket',
      timeoutMs: 30_000,
      detail: () => sandbox.console(),
    });
    const state = await sandbox.systemctl(['is-system-running', '--wait'], 60_000);
    if (!['running', 'degraded'].includes(state.stdout.trim())) throw new Error(`systemd in the sandbox is ${state.stdout.trim()} ${state.stderr}\n${sandbox.console()}`);
    return sandbox;
  }

  /** PID 1 of the sandbox, as the host sees it. */
  get pid(): number {
    return this.#pid;
  }

  /** A path inside the sandbox (its /run is its own), as the host reaches it. */
  hostPath(inside: string): string {
    return `/proc/${this.#pid}/root${inside}`;
  }

  /** What systemd wrote on its console, for failure messages. */
  console(): string {
    return readIfExists(this.#console);
  }

  /** Runs the host's systemctl inside the sandbox's namespaces (it talks to /run/systemd/private). */
  systemctl(args: readonly string[], timeoutMs = 30_000): Promise<CommandResult> {
    return this.exec(['systemctl', ...args], timeoutMs);
  }

  exec(argv: readonly string[], timeoutMs = 30_000): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('nsenter', ['-t', String(this.#pid), '-a', '--', ...argv], { stdio: ['ignore', 'pipe', 'pipe'], timeout: scaled(timeoutMs) });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  /** `systemctl show -p A,B unit` as a record. */
  async show(unit: string, properties: readonly string[]): Promise<Record<string, string>> {
    const result = await this.systemctl(['show', '-p', properties.join(','), unit]);
    if (result.code !== 0) throw new Error(`systemctl show ${unit}: ${result.stderr}`);
    return Object.fromEntries(
      result.stdout
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
  }

  /** Installs (or replaces) a unit file, or a drop-in as `NAME.service.d/x.conf`, and reloads systemd's view. */
  async install(files: Record<string, string>): Promise<void> {
    for (const [name, text] of Object.entries(files)) {
      const path = join(this.unitDir, name);
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, text);
    }
    const reloaded = await this.systemctl(['daemon-reload']);
    if (reloaded.code !== 0) throw new Error(`systemctl daemon-reload: ${reloaded.stderr}`);
  }

  /** Kills PID 1 and every process of the sandbox (one cgroup), then removes the cgroup and the files. */
  async destroy(): Promise<void> {
    if (existsSync(this.#cgroup)) {
      if (existsSync(join(this.#cgroup, 'cgroup.kill'))) writeFileSync(join(this.#cgroup, 'cgroup.kill'), '1');
      else for (const pid of cgroupPids(this.#cgroup)) tryKill(pid);
      await eventually(() => cgroupPids(this.#cgroup).length === 0, { what: 'every process of the systemd sandbox to die' });
      removeCgroup(this.#cgroup);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function readIfExists(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function tryKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone already
  }
}

/** Every pid in a cgroup and its descendants. */
function cgroupPids(cgroup: string): number[] {
  const pids = readIfExists(join(cgroup, 'cgroup.procs'))
    .split('\n')
    .filter((l) => l !== '')
    .map(Number);
  for (const entry of readdirSync(cgroup, { withFileTypes: true })) if (entry.isDirectory()) pids.push(...cgroupPids(join(cgroup, entry.name)));
  return pids;
}

/** rmdir, children first: a cgroup directory holds only kernel files, removed with it. */
function removeCgroup(cgroup: string): void {
  for (const entry of readdirSync(cgroup, { withFileTypes: true })) if (entry.isDirectory()) removeCgroup(join(cgroup, entry.name));
  rmdirSync(cgroup);
}
