// `tsgun reload --dry-run` without a master: the plan built from a hand-made live config (as the
// master would send it) and a new resolved config, and its text and JSON renderings. The e2e test
// (test/e2e/reload-dry-run.test.ts) asks a real master.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ResolvedConfig } from '../../src/config/resolved-config.ts';
import { planDryRun, type DryRunPlan } from '../../src/cli/reload-dry-run.ts';
import { renderDryRun } from '../../src/cli/reload-dry-run-text.ts';
import { liveConfigOf, type LiveConfig, type LiveState } from '../../src/master/live-config.ts';
import { tempDir } from '../helpers/cli.ts';
import { runCliInProcess } from '../helpers/cli-in-process.ts';
import { CONFIG_FILE, resolvedConfig } from '../helpers/config.ts';

const NONCE = '00112233445566778899aabbccddeeff';
const STATE: LiveState = { pid: 4242, generation: 3, nextGeneration: 5, workers: 2, running: 2, reloading: false, cwd: '/srv/app', activated: false };

/** The master's answer for a config it runs, through JSON as it crosses the socket. */
function live(config: ResolvedConfig, state: Partial<LiveState> = {}): LiveConfig {
  return JSON.parse(JSON.stringify(liveConfigOf(config, { ...STATE, ...state }, NONCE))) as LiveConfig;
}

test('a live change: listed as live; tsgun reload still boots the next generation with the count TTIN left', () => {
  const plan = planDryRun(live(resolvedConfig({ workers: 2 }), { workers: 4 }), resolvedConfig({ workers: 2, logLevel: 'debug' }), NONCE);
  assert.equal(plan.proceeds, true);
  assert.deepEqual(plan.changes, [{ setting: 'logLevel', reload: 'live', from: 'info', to: 'debug' }]);
  assert.deepEqual(plan.boot, { generation: 5, workers: 4, batch: 4 }, 'the number the master gives, the TTIN count kept');
  assert.deepEqual(plan.drain, { generation: 3, workers: 2 });
  assert.match(plan.notes.join('\n'), /only live settings changed.*always boots a new generation/);
  // A new `workers` wins over TTIN, as in the master.
  assert.equal(planDryRun(live(resolvedConfig({ workers: 2 }), { workers: 4 }), resolvedConfig({ workers: 3, reloadBatch: 1 }), NONCE).boot?.workers, 3);
});

test('a restart-class change refuses the reload: nothing boots, no hook runs', () => {
  const plan = planDryRun(live(resolvedConfig({ onReload: () => {} })), resolvedConfig({ backlog: 100, onReload: () => {} }), NONCE);
  assert.equal(plan.proceeds, false);
  assert.equal(plan.code, 'TSG_RELOAD_REFUSED');
  assert.deepEqual(plan.refused, ['backlog']);
  assert.deepEqual([plan.boot, plan.drain, plan.binds, plan.hooks], [null, null, null, []]);
});

test('env values are compared by digest: which names changed, never a value', () => {
  const running = live(resolvedConfig({ env: { API_TOKEN: 'old-secret', KEEP: 'same-value' } }));
  assert.doesNotMatch(JSON.stringify(running), /old-secret|same-value/, 'the master sends no env value in clear');
  const plan = planDryRun(running, resolvedConfig({ env: { API_TOKEN: 'new-secret', KEEP: 'same-value', ADDED: 'x' } }), NONCE);
  assert.deepEqual(plan.changes, [{ setting: 'env', reload: 'respawn', env: { added: ['ADDED'], removed: [], changed: ['API_TOKEN'] } }]);
  assert.doesNotMatch(JSON.stringify(plan) + renderDryRun(plan, '/srv/app'), /secret|same-value/);
  // Another nonce: the same values no longer compare equal, so the nonce of the request must be the plan's.
  assert.equal(planDryRun(running, resolvedConfig({ env: { API_TOKEN: 'old-secret', KEEP: 'same-value' } }), 'ffeeddccbbaa99887766554433221100').changes.length, 1);
  assert.equal(planDryRun(running, resolvedConfig({ env: { API_TOKEN: 'old-secret', KEEP: 'same-value' } }), NONCE).changes.length, 0);
});

test('hooks compare by source; the plan lists the hooks the reload runs, from the config that runs them', () => {
  const hook = (name: string) => ({ [name]: new Function(`return ${JSON.stringify(name)}`) });
  const before = resolvedConfig({ ...hook('onReload'), ...hook('preFork'), ...hook('workerExit'), ...hook('postFork') });
  const after = resolvedConfig({ workers: 3, ...hook('postFork'), ...hook('postWorkerInit'), ...hook('nworkersChanged'), ...hook('childExit') });
  const plan = planDryRun(live(before), after, NONCE);
  assert.deepEqual(
    plan.changes.map((c) => [c.setting, c.reload, c.from, c.to]),
    [
      ['workers', 'live', 2, 3],
      ['onReload', 'live', '[function]', null],
      ['preFork', 'live', '[function]', null],
      ['postWorkerInit', 'respawn', null, '[function]'],
      ['childExit', 'live', null, '[function]'],
      ['workerExit', 'respawn', '[function]', null],
      ['nworkersChanged', 'live', null, '[function]'],
    ],
  );
  assert.deepEqual(
    plan.hooks.map((h) => [h.name, h.process, h.config, h.runs]),
    [
      ['onReload', 'master', 'live', 1],
      ['preFork', 'master', 'live', 3],
      ['postFork', 'worker', 'new', 3],
      ['postWorkerInit', 'worker', 'new', 3],
      ['workerExit', 'worker', 'live', 2],
      ['childExit', 'master', 'serving', 2],
      ['nworkersChanged', 'master', 'new', 1],
    ],
  );
});

test("binds: opened, closed and kept by the listener pool's own identity (a relative unix path against the master's directory)", () => {
  const plan = planDryRun(
    live(resolvedConfig({ bind: ['127.0.0.1:0', 'unix:run/app.sock', '127.0.0.1:8000'] })),
    resolvedConfig({ bind: ['127.0.0.1:0', 'unix:/srv/app/run/app.sock|600', '127.0.0.1:8001'] }),
    NONCE,
  );
  assert.deepEqual(
    plan.changes.map((c) => c.reload),
    ['rebind'],
  );
  assert.deepEqual(plan.binds, { open: ['127.0.0.1:8001'], close: ['127.0.0.1:8000'], keep: ['127.0.0.1:0', 'unix:/srv/app/run/app.sock|600'], activated: false });
  const activated = planDryRun(live(resolvedConfig({ bind: ['127.0.0.1:8000'] }), { activated: true }), resolvedConfig({ bind: ['127.0.0.1:8001'] }), NONCE);
  assert.deepEqual(activated.binds, { open: [], close: [], keep: ['127.0.0.1:8000'], activated: true });
});

/** A hand-made plan, as the JSON output documents it. */
const PLAN: DryRunPlan = {
  proceeds: true,
  code: null,
  reason: null,
  configFile: CONFIG_FILE,
  master: { pid: 4242, configFile: CONFIG_FILE, generation: 3, workers: 2, running: 2, reloading: false },
  changes: [
    { setting: 'app', reload: 'respawn', from: './app.mjs', to: './app2.mjs' },
    { setting: 'bind', reload: 'rebind', from: ['127.0.0.1:8000'], to: ['127.0.0.1:8001'] },
    { setting: 'logLevel', reload: 'live', from: 'info', to: 'debug' },
    { setting: 'env', reload: 'respawn', env: { added: ['B'], removed: [], changed: ['TOKEN'] } },
    { setting: 'postFork', reload: 'respawn', from: null, to: '[function]' },
  ],
  refused: [],
  newGeneration: true,
  binds: { open: ['127.0.0.1:8001'], close: ['127.0.0.1:8000'], keep: [], activated: false },
  boot: { generation: 4, workers: 2, batch: 1 },
  drain: { generation: 3, workers: 2 },
  hooks: [
    { name: 'onReload', process: 'master', config: 'live', runs: 1, when: 'before any worker boots' },
    { name: 'postFork', process: 'worker', config: 'new', runs: 2, when: 'in each new worker' },
  ],
  errors: [],
  notes: ['a note'],
};

test('text rendering: changes by reload class, listeners, workers, hooks, notes, then the verdict', () => {
  assert.equal(
    renderDryRun(PLAN, '/srv/app'),
    `Reload plan for tsgun.config.mjs: the master (pid 4242) serves generation 3 with 2 workers, from tsgun.config.mjs.

Changes:
  app       new generation          "./app.mjs" -> "./app2.mjs"
  bind      new generation, rebind  ["127.0.0.1:8000"] -> ["127.0.0.1:8001"]
  logLevel  live                    "info" -> "debug"
  env       new generation          added B; changed TOKEN (values not shown)
  postFork  new generation          set

Listeners:
  open   127.0.0.1:8001  before any worker boots (an address in use fails the reload there)
  close  127.0.0.1:8000  once generation 3's workers are gone

Workers:
  boot   generation 4  2 workers, 1 at a time, retiring as many old ones after each batch
  drain  generation 3  2 workers, once every new worker is ready

Hooks:
  onReload  master, running config  once: before any worker boots
  postFork  worker, new config      2 times: in each new worker

Notes:
  - a note

The reload would proceed (5 settings changed): generation 4 boots 2 workers, then generation 3 drains.
`,
  );
  const refused: DryRunPlan = { ...PLAN, proceeds: false, code: 'TSG_RELOAD_REFUSED', reason: 'backlog needs a restart', changes: [{ setting: 'backlog', reload: 'restart', from: 2048, to: 100 }] };
  const text = renderDryRun({ ...refused, binds: null, boot: null, drain: null, hooks: [], notes: [] }, '/srv/app');
  assert.match(text, /^ {2}backlog {2}refused: restart {2}2048 -> 100$/m);
  assert.match(text, /\nThe reload would be refused \[TSG_RELOAD_REFUSED\]: backlog needs a restart\.\n$/);
  assert.doesNotMatch(text, /Workers:|Hooks:/);
});

test('JSON rendering: the documented keys, in order', async (t) => {
  assert.deepEqual(Object.keys(PLAN), ['proceeds', 'code', 'reason', 'configFile', 'master', 'changes', 'refused', 'newGeneration', 'binds', 'boot', 'drain', 'hooks', 'errors', 'notes']);
  // The plan the command builds has the same keys in the same order (JSON output is JSON.stringify of it).
  assert.deepEqual(Object.keys(planDryRun(live(resolvedConfig({})), resolvedConfig({}), NONCE)), Object.keys(PLAN));
  assert.deepEqual(Object.keys(planDryRun(live(resolvedConfig({})), resolvedConfig({ backlog: 1 }), NONCE)), Object.keys(PLAN));

  // Without a control socket there is no master to ask (exit 2); --format belongs to --dry-run.
  const dir = tempDir(t);
  writeFileSync(join(dir, 'app.mjs'), 'export default (req, res) => res.end();\n');
  writeFileSync(join(dir, 'tsgun.config.mjs'), `export default { app: './app.mjs', pidfile: ${JSON.stringify(join(dir, 'tsgun.pid'))} };\n`);
  const onlyPidfile = await runCliInProcess(['reload', '--dry-run', '--format', 'json'], { cwd: dir });
  assert.equal(onlyPidfile.code, 2, onlyPidfile.stderr);
  assert.equal(onlyPidfile.stdout, '');
  assert.match(onlyPidfile.stderr, /over its control socket, and the config sets only a pidfile/);
  const format = await runCliInProcess(['reload', '--format', 'json'], { cwd: dir });
  assert.equal(format.code, 2);
  assert.match(format.stderr, /--format is the output format of --dry-run/);
});

test('reload, reload --dry-run and upgrade refuse an APP and setting flags the master would not apply (regression: "committed", the old app kept)', async (t) => {
  const dir = tempDir(t);
  for (const args of [
    ['reload', './app2.mjs'],
    ['reload', '--app', './app2.mjs', '-w', '3'],
    ['reload', '--dry-run', '-w', '5'],
    ['upgrade', '--log-level', 'debug'],
  ]) {
    const r = await runCliInProcess([...args, '--control-socket', join(dir, 'none.sock')], { cwd: dir });
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /does not apply (--app|APP|--workers|--log-level)/, args.join(' '));
    assert.match(r.stderr, /the master reads its config file again, with the flags it was started with/);
  }
  // What the command reads itself (where the master is, how long to wait) is taken: here, no master.
  const own = await runCliInProcess(['reload', '--control-socket', join(dir, 'none.sock'), '--boot-timeout', '5'], { cwd: dir });
  assert.equal(own.code, 2);
  assert.match(own.stderr, /no master is listening there/);
});
