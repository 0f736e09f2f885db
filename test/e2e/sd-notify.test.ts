// systemd Type=notify-reload (issue 11): tsgun under a fake NOTIFY_SOCKET, a unix datagram receiver
// (test/fixtures/systemd/notify-receiver.py: Node cannot receive one). The master's real mechanism
// runs: systemd's own systemd-notify. Asserted: the exact sequence READY=1 → RELOADING=1 with a
// plausible MONOTONIC_USEC → READY=1 per reload (one committed, one rolled back) → STOPPING=1;
// WATCHDOG=1 pings with WATCHDOG_USEC, none when WATCHDOG_PID names another process; no worker sees
// NOTIFY_SOCKET; a socket nobody listens on is reported and changes nothing else.
//
// systemd-notify comes from Debian's systemd package and python3 from the machine (.ci/run installs
// both when missing): without them this suite fails in CI and skips with a message elsewhere. The
// same unit under a real systemd (PID 1 of a namespace of its own): test/e2e/systemd-real.test.ts.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { repoRoot, tempDir } from '../helpers/cli.ts';
import { getOnce } from '../helpers/load.ts';
import { BASE, mjsConfig, project } from '../helpers/reload.ts';
import { startServer } from '../helpers/server.ts';
import { scaled } from '../helpers/time.ts';

const RECEIVER = join(repoRoot, 'test/fixtures/systemd/notify-receiver.py');
const has = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const missing = ['systemd-notify', 'python3'].filter((c) => !has(c));
const inCi = process.env['CI'] !== undefined && process.env['CI'] !== '';
const skip = missing.length > 0 && !inCi ? `needs ${missing.join(' and ')} (.ci/run installs them)` : false;

/** An app that answers with systemd's variables as its worker sees them. */
const ENV_APP = `export default (req, res) => res.end(JSON.stringify({ NOTIFY_SOCKET: process.env.NOTIFY_SOCKET ?? null, WATCHDOG_USEC: process.env.WATCHDOG_USEC ?? null, WATCHDOG_PID: process.env.WATCHDOG_PID ?? null }));\n`;

interface Datagram {
  readonly message: string;
  /** CLOCK_MONOTONIC µs when it arrived. */
  readonly at: bigint;
  readonly fields: ReadonlyMap<string, string>;
}

/** The fake notification socket: every datagram it got, and waits on them (never sleeps). */
class NotifyReceiver {
  readonly received: Datagram[] = [];
  /** Each returns true once it is satisfied (and resolved its wait). */
  #waiters: (() => boolean)[] = [];
  #stderr = '';

  private constructor() {}

  static async start(t: TestContext, socket: string): Promise<NotifyReceiver> {
    const receiver = new NotifyReceiver();
    const child = spawn('python3', [RECEIVER, socket], { stdio: ['ignore', 'pipe', 'pipe'] });
    t.after(() => child.kill('SIGKILL'));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (receiver.#stderr += d));
    let buffer = '';
    let bound!: () => void;
    const isBound = new Promise<void>((resolve) => (bound = resolve));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line === 'bound') bound();
        else receiver.#add(JSON.parse(line) as { message: string; at: number });
      }
    });
    await receiver.#until(isBound, 'the receiver to bind');
    return receiver;
  }

  /** What tsgun said, without systemd-notify's own BARRIER=1 after each message. */
  get messages(): Datagram[] {
    return this.received.filter((d) => d.message !== 'BARRIER=1');
  }

  /** The messages other than watchdog pings, as their first assignment (READY=1, RELOADING=1, …). */
  get states(): string[] {
    return this.messages.filter((d) => d.message !== 'WATCHDOG=1').map((d) => d.message.split('\n')[0]!);
  }

  /** Waits until `count` messages match. */
  async waitFor(match: (d: Datagram) => boolean, count = 1, what = 'a message'): Promise<Datagram[]> {
    const enough = (): Datagram[] | null => {
      const found = this.messages.filter(match);
      return found.length >= count ? found : null;
    };
    const found = enough();
    if (found !== null) return found;
    await this.#until(
      new Promise<void>((resolve) =>
        this.#waiters.push(() => {
          if (enough() === null) return false;
          resolve();
          return true;
        }),
      ),
      `${count} × ${what}`,
    );
    return enough()!;
  }

  #add(raw: { message: string; at: number }): void {
    const fields = new Map(raw.message.split('\n').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const));
    this.received.push({ message: raw.message, at: BigInt(raw.at), fields });
    this.#waiters = this.#waiters.filter((w) => !w());
  }

  async #until(promise: Promise<void>, what: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.received.map((d) => d.message))}; stderr: ${this.#stderr}`)), scaled(30_000));
    });
    try {
      await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

const monotonicUsec = (): bigint => process.hrtime.bigint() / 1000n;
/** A message whose first assignment is `state` (READY=1, RELOADING=1, STOPPING=1). */
const isState = (state: string) => (d: Datagram) => d.message.split('\n')[0] === state;

describe('systemd notify-reload over NOTIFY_SOCKET (systemd-notify)', { skip, concurrency: 2 }, () => {
  test('READY → RELOADING/READY per reload (committed, then rolled back) → STOPPING; WATCHDOG=1 pings; workers never see NOTIFY_SOCKET', async (t) => {
    const p = project(t, { 'app.mjs': ENV_APP, 'tsgun.config.mjs': mjsConfig(BASE) });
    const socket = p.path('notify.sock');
    const receiver = await NotifyReceiver.start(t, socket);
    const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir, env: { NOTIFY_SOCKET: socket, WATCHDOG_USEC: '400000' } });
    const [ready] = await receiver.waitFor(isState('READY=1'), 1, 'READY=1');
    assert.equal(ready!.fields.get('STATUS'), 'serving generation 1, 2 workers');

    const url = await server.url();
    const seen = JSON.parse((await getOnce(url)).body) as Record<string, string | null>;
    assert.deepEqual(seen, { NOTIFY_SOCKET: null, WATCHDOG_USEC: null, WATCHDOG_PID: null }, 'a worker (the app) never sees systemd variables');

    // A reload that commits: RELOADING=1 stamped when it began, then READY=1.
    const beforeHup = monotonicUsec();
    let mark = server.lines.length;
    server.signal('SIGHUP');
    await server.waitFor('reload.committed', { after: mark });
    const [, committed] = await receiver.waitFor(isState('READY=1'), 2, 'READY=1 after the commit');
    assert.equal(committed!.fields.get('STATUS'), 'serving generation 2, 2 workers');
    const [reloading] = await receiver.waitFor(isState('RELOADING=1'), 1, 'RELOADING=1');
    const stamp = BigInt(reloading!.fields.get('MONOTONIC_USEC') ?? '-1');
    assert.ok(stamp >= beforeHup && stamp <= reloading!.at, `MONOTONIC_USEC ${stamp} is between the HUP (${beforeHup}) and the message's arrival (${reloading!.at})`);
    assert.equal(reloading!.fields.get('STATUS'), 'reloading; serving generation 1, 2 workers');

    // A reload that rolls back (the new app throws on import): still RELOADING=1, then READY=1.
    p.write('app.mjs', "throw new Error('broken release');\n");
    const beforeSecond = monotonicUsec();
    mark = server.lines.length;
    server.signal('SIGHUP');
    const rolledBack = await server.waitFor('reload.rolled-back', { after: mark });
    assert.equal(rolledBack['code'], 'TSG_APP_LOAD');
    const [, again] = await receiver.waitFor(isState('RELOADING=1'), 2, 'the second RELOADING=1');
    assert.ok(BigInt(again!.fields.get('MONOTONIC_USEC')!) >= beforeSecond);
    const [, , afterRollback] = await receiver.waitFor(isState('READY=1'), 3, 'READY=1 after the rollback');
    assert.equal(afterRollback!.fields.get('STATUS'), 'serving generation 2, 2 workers; the last reload was rolled back (TSG_APP_LOAD)');

    // WATCHDOG_USEC=400000: a ping every 200 ms of handled events, only WATCHDOG=1 in it.
    await receiver.waitFor((d) => d.message === 'WATCHDOG=1', 3, 'WATCHDOG=1');

    server.signal('SIGTERM');
    assert.deepEqual(await server.exited, { code: 0, signal: null });
    const [stopping] = await receiver.waitFor(isState('STOPPING=1'), 1, 'STOPPING=1');
    assert.equal(stopping!.fields.get('STATUS'), 'graceful shutdown');
    assert.deepEqual(receiver.states, ['READY=1', 'RELOADING=1', 'READY=1', 'RELOADING=1', 'READY=1', 'STOPPING=1']);
    assert.equal(server.events('systemd.notify-failed').length, 0);
  });

  test('an abstract @socket works; WATCHDOG_PID naming another process means no pings', async (t) => {
    const p = project(t, { 'app.mjs': ENV_APP, 'tsgun.config.mjs': mjsConfig({ ...BASE, workers: 1 }) });
    const socket = `@tsgun-test-${process.pid}-${Date.now()}`;
    const receiver = await NotifyReceiver.start(t, socket);
    // WATCHDOG_PID=1: the watchdog is for another process (sd_watchdog_enabled(3)): the master would
    // otherwise ping at its very first handled event.
    const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir, env: { NOTIFY_SOCKET: socket, WATCHDOG_USEC: '200000', WATCHDOG_PID: '1' } });
    await receiver.waitFor(isState('READY=1'), 1, 'READY=1');
    assert.equal((await getOnce(await server.url())).status, 200);
    server.signal('SIGTERM');
    assert.deepEqual(await server.exited, { code: 0, signal: null });
    await receiver.waitFor(isState('STOPPING=1'), 1, 'STOPPING=1');
    assert.deepEqual(receiver.states, ['READY=1', 'STOPPING=1']);
    assert.equal(receiver.messages.filter((d) => d.message === 'WATCHDOG=1').length, 0);
  });

  test('a first generation that never boots: no READY=1, STOPPING=1 with the reason in STATUS, exit code 8', async (t) => {
    const p = project(t, { 'app.mjs': "throw new Error('no database');\n", 'tsgun.config.mjs': mjsConfig({ ...BASE, workers: 1 }) });
    const socket = p.path('notify.sock');
    const receiver = await NotifyReceiver.start(t, socket);
    const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir, env: { NOTIFY_SOCKET: socket }, waitFor: null });
    assert.deepEqual(await server.exited, { code: 8, signal: null });
    const [stopping] = await receiver.waitFor(isState('STOPPING=1'), 1, 'STOPPING=1');
    assert.match(stopping!.fields.get('STATUS') ?? '', /^failed: worker 1 failed to boot: .*no database.*\(its only boot attempt\)$/);
    assert.deepEqual(receiver.states, ['STOPPING=1']);
  });

  test('a NOTIFY_SOCKET nobody listens on: one systemd.notify-failed warning, and the server serves and stops as usual', async (t) => {
    const p = project(t, { 'app.mjs': ENV_APP, 'tsgun.config.mjs': mjsConfig({ ...BASE, workers: 1 }) });
    const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir, env: { NOTIFY_SOCKET: p.path('gone.sock'), WATCHDOG_USEC: '200000' } });
    const failed = await server.waitFor('systemd.notify-failed');
    assert.equal(failed.level, 'warn');
    assert.equal(failed['socket'], p.path('gone.sock'));
    assert.match(String(failed['reason']), /systemd-notify exited with code 1/);
    assert.equal((await getOnce(await server.url())).status, 200);
    server.signal('SIGTERM');
    assert.deepEqual(await server.exited, { code: 0, signal: null });
    assert.equal(server.events('systemd.notify-failed').filter((l) => l.level === 'warn').length, 1, 'warned once per outage, not per message');
  });
});

// The master stays lean (issue 9): the notifier is imported only when systemd asked for it.
const LOAD_HOOK = `
import { registerHooks } from 'node:module';
import { writeFileSync } from 'node:fs';
const loaded = [];
registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
process.on('exit', () => writeFileSync(process.env.LOADED_DIR + '/' + process.pid + '.json', JSON.stringify(loaded)));
`;

test('the master loads sd-notify.ts and systemd-notifier.ts only when NOTIFY_SOCKET is set', async (t) => {
  for (const socket of [null, 'set']) {
    const dir = tempDir(t, 'tsgun-sd-lean-');
    writeFileSync(join(dir, 'hook.mjs'), LOAD_HOOK);
    const p = project(t, { 'app.mjs': ENV_APP, 'tsgun.config.mjs': mjsConfig({ ...BASE, workers: 1 }) });
    const env: Record<string, string> = { NODE_OPTIONS: `--import ${join(dir, 'hook.mjs')}`, LOADED_DIR: dir };
    if (socket !== null) env['NOTIFY_SOCKET'] = p.path('nobody-listens.sock');
    const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir, env });
    server.signal('SIGTERM');
    assert.deepEqual(await server.exited, { code: 0, signal: null });
    const master = JSON.parse(readFileSync(join(dir, `${server.pid}.json`), 'utf8')) as string[];
    assert.ok(readdirSync(dir).length >= 3, 'the worker recorded its modules too');
    const notifierModules = master.filter((url) => /\/src\/(sys\/sd-notify|master\/systemd-notifier)\.ts$/.test(url));
    assert.equal(notifierModules.length, socket === null ? 0 : 2, `NOTIFY_SOCKET ${socket ?? 'unset'}: ${notifierModules.join(', ')}`);
  }
});
