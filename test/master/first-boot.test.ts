// The first generation that never boots (issue 11): a worker slot that fails `bootAttempts` boots in
// a row before the server was ever ready makes the master stop its workers and exit with
// BOOT_FAILED, saying which worker and why. And what the arbiter reports for systemd
// (onLifecycle): ready, each reload's start and end, scaling, the stop.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ExitCode } from '../../src/errors/exit-codes.ts';
import { CONFIG_FILE, resolvedConfig } from '../helpers/config.ts';
import { harness, readyAll } from './arbiter-harness.ts';

test('bootAttempts 1 (default): the first boot failure stops the other workers and exits with BOOT_FAILED, naming the reason', async () => {
  const h = await harness({ workers: 2 });
  await h.bootFailed(1);
  assert.deepEqual(h.events('server.boot-failed'), [], 'the verdict waits for the exit');
  await h.exit(1, ExitCode.APP_LOAD);
  const [failed, ...more] = h.events('server.boot-failed');
  assert.ok(failed !== undefined && more.length === 0);
  assert.equal(failed.level, 'fatal');
  assert.deepEqual([failed['worker'], failed['generation'], failed['attempts'], failed['code'], failed['exitCode']], [1, 1, 1, 'TSG_APP_LOAD', 8]);
  assert.equal(failed['reason'], 'worker 1 failed to boot: cannot import ./app.mjs (its only boot attempt)');
  assert.match(String(failed.msg), /^the first generation never became ready: worker 1 failed to boot: cannot import \.\/app\.mjs \(its only boot attempt\); exiting with code 8$/);
  assert.equal(h.arbiter.view().state, 'stopping');
  assert.deepEqual(h.port.pending('respawn'), [], 'nothing is respawned');
  assert.deepEqual(
    h.child(2).sent.map((m) => m.type),
    ['quit'],
  );
  assert.deepEqual(h.stopped, []);
  await h.exit(2, 0);
  assert.deepEqual(h.stopped, [ExitCode.BOOT_FAILED]);
  assert.equal(h.port.spawns.length, 2);
  assert.deepEqual(h.lifecycle, [{ kind: 'stopping', status: 'failed: worker 1 failed to boot: cannot import ./app.mjs (its only boot attempt)' }]);
});

test('bootAttempts 3: a slot is respawned after its first two failures and the master gives up at the third; crashes and boot timeouts count', async () => {
  const h = await harness({ workers: 1, bootAttempts: 3, bootTimeout: 5 });
  await h.exit(1, 1);
  await h.port.advance(0);
  assert.equal(h.port.spawns.length, 2);
  // The second attempt hangs past bootTimeout: SIGKILLed, and its exit is the second failure.
  await h.port.advance(5_000);
  assert.deepEqual(h.child(2).signals, ['SIGKILL']);
  await h.exit(2, null, 'SIGKILL');
  assert.deepEqual(h.events('server.boot-failed'), []);
  await h.port.advance(250);
  assert.equal(h.port.spawns.length, 3);
  await h.bootFailed(3, 'TSG_HOOK');
  await h.exit(3, ExitCode.BOOT_HOOK);
  const [failed] = h.events('server.boot-failed');
  assert.ok(failed !== undefined);
  assert.deepEqual([failed['worker'], failed['attempts'], failed['code']], [1, 3, 'TSG_HOOK']);
  assert.equal(failed['reason'], 'worker 1 failed to boot: cannot import ./app.mjs (3 boot attempts in a row)');
  assert.deepEqual(h.stopped, [ExitCode.BOOT_FAILED]);
});

test('a crash or a boot timeout is named as such in the reason', async () => {
  const crashed = await harness({ workers: 1 });
  await crashed.exit(1, null, 'SIGSEGV');
  assert.equal(crashed.events('server.boot-failed')[0]?.['reason'], 'worker 1 exited during boot (SIGSEGV) (its only boot attempt)');
  assert.equal(crashed.events('server.boot-failed')[0]?.['code'], null);

  const hung = await harness({ workers: 1, bootTimeout: 5 });
  await hung.port.advance(5_000);
  await hung.exit(1, null, 'SIGKILL');
  assert.equal(hung.events('server.boot-failed')[0]?.['reason'], 'worker 1 did not report ready within bootTimeout (5 s) (its only boot attempt)');
  assert.deepEqual(hung.stopped, [ExitCode.BOOT_FAILED]);
});

test('once the server was ready, a respawn that fails to boot is backed off, never a reason to exit', async () => {
  const h = await harness({ workers: 2 });
  await readyAll(h, [1, 2]);
  await h.exit(1, 1);
  await h.port.advance(0);
  await h.bootFailed(3);
  await h.exit(3, ExitCode.APP_LOAD);
  assert.deepEqual(h.events('server.boot-failed'), []);
  assert.equal(h.arbiter.view().state, 'running');
  assert.equal(h.port.pending('respawn').length, 1);
});

test('a worker that was ready and then crashed is not a boot failure, even before the whole generation was ready', async () => {
  const h = await harness({ workers: 2 });
  await h.ready(1);
  await h.exit(1, 1);
  assert.deepEqual(h.events('server.boot-failed'), []);
  assert.equal(h.arbiter.view().state, 'running');
});

test('"in a row": a slot whose worker was ready in between starts counting again', async () => {
  const h = await harness({ workers: 2, bootAttempts: 2 });
  await h.bootFailed(1);
  await h.exit(1, ExitCode.APP_LOAD);
  await h.port.advance(0);
  const retry = h.port.spawns.at(-1)!;
  assert.equal(retry.id, 1);
  await h.ready(retry.key);
  await h.exit(retry.key, 1);
  await h.port.advance(250);
  const third = h.port.spawns.at(-1)!;
  assert.equal(third.id, 1);
  await h.bootFailed(third.key);
  await h.exit(third.key, ExitCode.APP_LOAD);
  assert.deepEqual(h.events('server.boot-failed'), [], 'one failure since it was ready, of 2 allowed');
  await h.port.advance(30_000);
  const fourth = h.port.spawns.at(-1)!;
  await h.bootFailed(fourth.key);
  await h.exit(fourth.key, ExitCode.APP_LOAD);
  assert.equal(h.events('server.boot-failed')[0]?.['attempts'], 2);
});

test('bootAttempts 0 never gives up; nor does development reload, which waits for a file change', async () => {
  for (const settings of [{ bootAttempts: 0 }, { reload: true }]) {
    const h = await harness({ workers: 1, ...settings });
    let key = 1;
    for (let n = 0; n < 5; n++) {
      await h.bootFailed(key);
      await h.exit(key, ExitCode.APP_LOAD);
      await h.port.advance(30_000);
      key = h.port.spawns.at(-1)!.key;
    }
    assert.equal(h.port.spawns.length, 6, JSON.stringify(settings));
    assert.deepEqual(h.events('server.boot-failed'), []);
    assert.equal(h.arbiter.view().state, 'running');
  }
});

test('a reload that commits before the first generation was ready makes the server ready: no more counting', async () => {
  const h = await harness({ workers: 1 });
  h.next.push(resolvedConfig({ workers: 1 }, { [CONFIG_FILE]: 'v2' }));
  await h.reload('control');
  const [fresh] = h.keysOf(2);
  await h.ready(fresh!);
  assert.equal(h.arbiter.view().generation, 2);
  assert.deepEqual(
    h.lifecycle.map((c) => c.kind),
    ['reloading', 'reloaded'],
  );
  await h.exit(fresh!, 1);
  assert.deepEqual(h.events('server.boot-failed'), []);
});

test('lifecycle: ready once, each reload begun and ended (committed or rolled back) with the serving generation, scaling, the stop', async () => {
  const h = await harness({ workers: 2 });
  await readyAll(h, [1, 2]);
  h.next.push(resolvedConfig({ workers: 2 }, { [CONFIG_FILE]: 'v2' }));
  await h.reload('signal');
  await readyAll(h, h.keysOf(2));
  h.next.push(resolvedConfig({ workers: 2 }, { [CONFIG_FILE]: 'v3' }));
  await h.reload('signal');
  const [broken] = h.keysOf(3);
  await h.bootFailed(broken!);
  await h.signal('SIGTTIN');
  await h.signal('SIGTERM');
  assert.deepEqual(h.lifecycle, [
    { kind: 'ready', generation: 1, workers: 2 },
    { kind: 'reloading', generation: 1, workers: 2 },
    { kind: 'reloaded', ok: true, code: null, generation: 2, workers: 2 },
    { kind: 'reloading', generation: 2, workers: 2 },
    { kind: 'reloaded', ok: false, code: 'TSG_APP_LOAD', generation: 2, workers: 2 },
    { kind: 'scaled', generation: 2, workers: 3 },
    { kind: 'stopping', status: 'graceful shutdown' },
  ]);
});
