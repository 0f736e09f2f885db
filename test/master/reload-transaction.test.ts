// The reload pipeline on its own, with a recording host: which phase waits for which effect, what
// each failure ends with (code, reason), what a live-only change does, how the new generation is
// opened, and how requests made during a reload coalesce into one more.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResolvedConfig } from '../../src/config/resolved-config.ts';
import { TsgunError } from '../../src/errors/tsgun-error.ts';
import type { BoundListener } from '../../src/ipc/messages.ts';
import type { ReloadOutcome } from '../../src/master/events.ts';
import { Fleet } from '../../src/master/fleet.ts';
import { Reloads, ReloadTransaction, type ReloadHost } from '../../src/master/reload-transaction.ts';
import { Watchdog } from '../../src/master/watchdog.ts';
import { WorkerHandle } from '../../src/master/worker-handle.ts';
import { resolvedConfig as config } from '../helpers/config.ts';
import { FakeChild, FakePort, recordingLogger } from '../helpers/fake-port.ts';

const listeners: BoundListener[] = [{ fd: 10, kind: 'tcp', address: '127.0.0.1:8000' }];

function setup(settings: Record<string, unknown> = {}, options: { onReload?: boolean; bindError?: Error } = {}) {
  const port = new FakePort();
  const { logger, events } = recordingLogger();
  const watchdog = new Watchdog(port, logger);
  const fleet = new Fleet({ port, logger, watchdog, baseEnv: {}, workerCwd: '/srv/app', preFork: () => null, abandon: () => {}, retainListeners: () => [] }, config(settings), listeners);
  let nextEffect = 1;
  const started: { what: string; id: number; timeoutMs?: number; context?: unknown }[] = [];
  const abandoned: number[] = [];
  const applied: ResolvedConfig[] = [];
  const host: ReloadHost = {
    logger,
    cwd: '/srv/app',
    fleet,
    now: () => port.now(),
    readConfig: (timeoutMs) => {
      started.push({ what: 'config', id: nextEffect, timeoutMs });
      return nextEffect++;
    },
    onReload: (context) => {
      if (options.onReload !== true) return null;
      started.push({ what: 'onReload', id: nextEffect, context });
      return nextEffect++;
    },
    abandon: (effect) => void abandoned.push(effect),
    acquireListeners: async () => {
      if (options.bindError !== undefined) throw options.bindError;
      return listeners;
    },
    applyInPlace: (c) => void applied.push(c),
  };
  return { port, events, fleet, host, started, abandoned, applied };
}

const ok = (value: ResolvedConfig) => ({ ok: true as const, value });

test('the pipeline: read (its own effect only), onReload, then the next generation opens and boots', async () => {
  const s = setup({ workers: 2, bootTimeout: 45 }, { onReload: true });
  const replies: ReloadOutcome[] = [];
  const reload = new ReloadTransaction(s.host, 'signal', [(o) => replies.push(o)]);
  reload.begin();
  assert.equal(reload.phase, 'reading');
  assert.equal(s.started.length, 1);
  assert.equal(s.started[0]!.timeoutMs, 45_000, 'the config read has the serving bootTimeout');
  assert.equal(reload.effect, 1);
  const next = config({ workers: 2, bootTimeout: 45, app: './app2.mjs' });

  assert.equal(await reload.configRead(7, ok(next)), null, 'a result of another effect is not its own');
  assert.equal(reload.phase, 'reading');
  assert.equal(await reload.configRead(1, ok(next)), null);
  assert.equal(reload.phase, 'on-reload');
  assert.equal(reload.effect, 2);
  assert.deepEqual(s.started[1]!.context, { config: next, previous: s.fleet.current.config, generation: 2 });
  assert.equal(await reload.configRead(1, ok(next)), null, 'a second config result is ignored');

  assert.equal(await reload.hookDone(2, { ok: true, value: undefined }), null);
  assert.equal(reload.phase, 'booting');
  assert.equal(reload.effect, null);
  assert.equal(reload.generation?.number, 2);
  assert.equal(reload.generation?.config, next);
  assert.equal(s.fleet.generation(2), reload.generation);
  assert.deepEqual(
    s.events('reload.booting').map((e) => [e['generation'], e['workers'], e['batch'], e['changed']]),
    [[2, 2, 2, ['app']]],
  );
  assert.deepEqual(replies, [], 'nobody is answered before the end');
});

test('TTIN/TTOU survive a reload unless the new config changes `workers`; the batch is reloadBatch, at most the target', async () => {
  const s = setup({ workers: 2 });
  s.fleet.target = 5;
  const keep = new ReloadTransaction(s.host, 'signal', []);
  keep.begin();
  await keep.configRead(1, ok(config({ workers: 2, reloadBatch: 2 })));
  assert.equal(keep.target, 5);
  assert.equal(keep.batch, 2);
  const change = new ReloadTransaction(s.host, 'signal', []);
  change.begin();
  await change.configRead(2, ok(config({ workers: 3, reloadBatch: 9 })));
  assert.equal(change.target, 3);
  assert.equal(change.batch, 3);
});

test('failures before booting end the reload with their code, and nothing was opened', async () => {
  const cases: {
    name: string;
    run: (s: ReturnType<typeof setup>, r: ReloadTransaction) => Promise<unknown>;
    code: string;
    reason: RegExp;
    settings?: Record<string, unknown>;
    options?: Parameters<typeof setup>[1];
  }[] = [
    {
      name: 'an invalid config',
      run: (_s, r) => r.configRead(1, { ok: false, error: new TsgunError('TSG_CONFIG_INVALID', 'the config has 1 problem'), timedOut: false }),
      code: 'TSG_CONFIG_INVALID',
      reason: /^the new config is invalid; nothing changed\.\n/,
    },
    {
      name: 'a config read past bootTimeout',
      run: (_s, r) => r.configRead(1, { ok: false, error: new Error('late'), timedOut: true }),
      code: 'TSG_CONFIG_LOAD',
      reason: /did not load within bootTimeout \(7 s\); nothing changed/,
      settings: { bootTimeout: 7 },
    },
    {
      name: 'a restart-class change',
      run: (_s, r) => r.configRead(1, ok(config({ backlog: 100 }))),
      code: 'TSG_RELOAD_REFUSED',
      reason: /changes backlog, which only a restart/,
      options: { onReload: true },
    },
    {
      name: 'onReload failing',
      run: async (_s, r) => {
        await r.configRead(1, ok(config({})));
        return r.hookDone(2, { ok: false, error: new Error('not today'), timedOut: false });
      },
      code: 'TSG_HOOK',
      reason: /the onReload hook failed: not today/,
      options: { onReload: true },
    },
    {
      name: 'a busy new bind',
      run: (_s, r) => r.configRead(1, ok(config({ bind: ['127.0.0.1:8001'] }))),
      code: 'TSG_BIND',
      reason: /^cannot open the new listeners; nothing changed\.\n/,
      options: { bindError: new TsgunError('TSG_BIND', 'cannot bind 127.0.0.1:8001') },
    },
  ];
  for (const c of cases) {
    const s = setup(c.settings, c.options);
    const reload = new ReloadTransaction(s.host, 'control', []);
    reload.begin();
    const ending = (await c.run(s, reload)) as { outcome: ReloadOutcome } | null;
    assert.ok(ending !== null && !ending.outcome.ok, c.name);
    assert.equal(ending.outcome.code, c.code, c.name);
    assert.equal(ending.outcome.generation, null, c.name);
    assert.match(ending.outcome.reason, c.reason, c.name);
    assert.equal(s.fleet.generation(2), undefined, `${c.name}: no generation opened`);
    if (c.code === 'TSG_RELOAD_REFUSED')
      assert.deepEqual(
        s.started.map((e) => e.what),
        ['config'],
        'onReload does not run for a refused change',
      );
  }
});

test('a config save that changes only live settings applies in place and commits at once', async () => {
  const s = setup({ workers: 2 });
  const reload = new ReloadTransaction(s.host, 'watch', []);
  reload.begin();
  const next = config({ workers: 3, logLevel: 'debug' });
  const ending = await reload.configRead(1, ok(next));
  assert.ok(ending !== null && ending.outcome.ok && !ending.outcome.newGeneration);
  assert.deepEqual(s.applied, [next]);
  assert.equal(s.fleet.generation(2), undefined);
  assert.deepEqual(s.events('reload.committed')[0]!['changed'], ['workers', 'logLevel']);
});

test("a new worker failing: the reason says how, and the failure code is the worker's own when it is tsgun's", async () => {
  const s = setup({ workers: 1 });
  const reload = new ReloadTransaction(s.host, 'signal', []);
  reload.begin();
  await reload.configRead(1, ok(config({ workers: 1, bootTimeout: 9 })));
  const worker = () => new WorkerHandle(10, 1, 2, new FakeChild(5000), 0);

  const crashed = reload.workerFailed(worker(), { code: 1, signal: null });
  assert.ok(!crashed.outcome.ok);
  assert.equal(crashed.outcome.code, 'TSG_RELOAD_FAILED');
  assert.equal(crashed.outcome.reason, 'worker 1 of generation 2 exited during boot (code 1); generation 1 keeps serving');

  const slow = worker();
  slow.killForBootTimeout();
  assert.match((reload.workerFailed(slow, { code: null, signal: 'SIGKILL' }).outcome as { reason: string }).reason, /did not report ready within bootTimeout \(9 s\)/);

  const broken = worker();
  broken.bootFailed({ code: 'TSG_APP_LOAD', message: 'cannot import ./app.mjs' });
  const failed = reload.workerFailed(broken);
  assert.ok(!failed.outcome.ok);
  assert.equal(failed.outcome.code, 'TSG_APP_LOAD');
  assert.match(failed.outcome.reason, /failed to boot: cannot import \.\/app\.mjs/);

  assert.deepEqual(reload.abandoned().outcome, { ok: false, generation: 2, code: 'TSG_RELOAD_FAILED', reason: 'abandoned: tsgun began shutting down' });
});

test('Reloads: requests during a reload become one more, a watch never overrides an explicit trigger; a stop fails the queued ones', async () => {
  const s = setup({ workers: 1 });
  const reloads = new Reloads(s.host);
  const answers: string[] = [];
  const reply = (name: string) => (o: ReloadOutcome) => void answers.push(`${name}:${o.ok ? 'ok' : o.code}`);
  reloads.request('signal', [reply('a')]);
  const first = reloads.active!;
  reloads.request('control', [reply('b')]);
  reloads.request('watch', [reply('c')]);
  assert.equal(s.events('reload.queued').length, 2);
  assert.equal(reloads.active, first);

  reloads.end(first.abandoned());
  const second = reloads.active!;
  assert.notEqual(second, first);
  assert.equal(second.trigger, 'control');
  assert.deepEqual(second.replies.length, 2);
  assert.deepEqual(answers, ['a:TSG_RELOAD_FAILED']);

  reloads.request('signal', [reply('d')]);
  reloads.abandon();
  assert.deepEqual(answers, ['a:TSG_RELOAD_FAILED', 'd:TSG_RELOAD_FAILED', 'b:TSG_RELOAD_FAILED', 'c:TSG_RELOAD_FAILED']);
  assert.deepEqual(s.abandoned, [second.effect ?? 2], 'the effect the reload waited on is abandoned');
  assert.equal(reloads.active, null);
  assert.match(String(s.events('reload.rolled-back').at(-1)!['reason']), /abandoned/);
});
