// `tsgun reload --dry-run` against a real master: the plan is against the config the master runs
// (asked over the control socket, not re-read from disk), with each change's reload class; exit 0
// when the reload would proceed, 7 when it would be refused (a restart-class change, an invalid
// config), 2 when no master answers. And the master does not reload: no reload.started, same workers.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DryRunPlan } from '../../src/cli/reload-dry-run.ts';
import { runCli } from '../helpers/cli.ts';
import { appSource, ask, BASE, generationPids, mjsConfig, project } from '../helpers/reload.ts';
import { startServer } from '../helpers/server.ts';

const HOOKS = '  onReload() {},\n  postFork() {},\n';

test('dry runs of a live, a new-generation, a refused and an invalid change: exit 0, 0, 7, 7, and the master does not reload', async (t) => {
  const p = project(t, { 'app.mjs': appSource('v1'), 'app2.mjs': appSource('v2') });
  const running = { ...BASE, controlSocket: p.path('control.sock'), env: { API_TOKEN: 'running-secret' } };
  p.write('tsgun.config.mjs', mjsConfig(running, HOOKS));
  const server = await startServer(t, { args: ['--config', 'tsgun.config.mjs'], cwd: p.dir });
  const url = await server.url();
  const workers = generationPids(server, 1);
  assert.equal(workers.length, 2);
  const dryRun = (settings: Record<string, unknown>, ...args: string[]) => {
    p.write('tsgun.config.mjs', mjsConfig(settings, HOOKS));
    return runCli(['reload', '--dry-run', '--config', 'tsgun.config.mjs', ...args], { cwd: p.dir });
  };
  const json = async (settings: Record<string, unknown>, code: number): Promise<DryRunPlan> => {
    const r = await dryRun(settings, '--format', 'json');
    assert.equal(r.code, code, r.stdout + r.stderr);
    assert.equal(r.stderr, '');
    return JSON.parse(r.stdout) as DryRunPlan;
  };

  // Nothing changed: it would proceed, and a reload by tsgun reload still boots generation 2.
  const same = await dryRun(running);
  assert.equal(same.code, 0, same.stdout + same.stderr);
  assert.match(same.stdout, /^Changes: none$/m);
  assert.match(same.stdout, /^The reload would proceed \(no setting changed\): generation 2 boots 2 workers, then generation 1 drains\.$/m);

  // A live change, against what the master runs (the file on disk already says debug).
  const live = await dryRun({ ...running, logLevel: 'debug' });
  assert.equal(live.code, 0, live.stdout + live.stderr);
  assert.match(live.stdout, /^ {2}logLevel +live +"info" -> "debug"$/m);
  const livePlan = await json({ ...running, logLevel: 'debug' }, 0);
  assert.deepEqual(livePlan.changes, [{ setting: 'logLevel', reload: 'live', from: 'info', to: 'debug' }]);
  assert.equal(livePlan.master?.pid, server.pid);
  assert.deepEqual(livePlan.boot, { generation: 2, workers: 2, batch: 2 }, 'tsgun reload always boots a new generation');
  assert.match(livePlan.notes.join('\n'), /only live settings changed/);

  // A new-generation change: another app, another count and a changed secret; new workers and hooks.
  const next = await json({ ...running, app: './app2.mjs', workers: 3, env: { API_TOKEN: 'next-secret' } }, 0);
  assert.deepEqual(
    next.changes.map((c) => [c.setting, c.reload]),
    [
      ['app', 'respawn'],
      ['workers', 'live'],
      ['env', 'respawn'],
    ],
  );
  assert.deepEqual(next.changes.find((c) => c.setting === 'env')?.env, { added: [], removed: [], changed: ['API_TOKEN'] });
  assert.deepEqual(next.boot, { generation: 2, workers: 3, batch: 3 });
  assert.deepEqual(next.drain, { generation: 1, workers: 2 });
  assert.deepEqual(
    next.hooks.map((h) => [h.name, h.config, h.runs]),
    [
      ['onReload', 'live', 1],
      ['postFork', 'new', 3],
    ],
  );
  const nextText = await dryRun({ ...running, app: './app2.mjs', workers: 3, env: { API_TOKEN: 'next-secret' } });
  assert.equal(nextText.code, 0);
  assert.match(nextText.stdout, /^ {2}app +new generation +"\.\/app\.mjs" -> "\.\/app2\.mjs"$/m);
  assert.match(nextText.stdout, /^ {2}boot +generation 2 +3 workers, all at once$/m);
  assert.match(nextText.stdout, /^ {2}postFork +worker, new config +3 times: in each new worker/m);
  assert.doesNotMatch(nextText.stdout, /secret/);

  // A restart-class change: refused, exit 7.
  const refused = await dryRun({ ...running, backlog: 100 });
  assert.equal(refused.code, 7, refused.stdout + refused.stderr);
  assert.match(refused.stdout, /^ {2}backlog +refused: restart +\d+ -> 100$/m);
  assert.match(refused.stdout, /^The reload would be refused \[TSG_RELOAD_REFUSED\]: the new config changes backlog, which only a restart of tsgun can apply/m);
  const refusedPlan = await json({ ...running, backlog: 100 }, 7);
  assert.equal(refusedPlan.proceeds, false);
  assert.deepEqual(refusedPlan.refused, ['backlog']);

  // An invalid config: exit 7 with the problem as tsgun check prints it.
  const invalid = await dryRun({ ...running, workers: 'many' });
  assert.equal(invalid.code, 7, invalid.stdout + invalid.stderr);
  assert.equal(invalid.stdout, '');
  const check = await runCli(['check', '--config', 'tsgun.config.mjs'], { cwd: p.dir });
  assert.equal(check.code, 1);
  assert.ok(invalid.stderr.startsWith(check.stderr), `${invalid.stderr}\ndoes not start with\n${check.stderr}`);
  assert.match(invalid.stderr, /workers: must be an integer/);
  assert.match(invalid.stderr, /The reload would be refused \[TSG_CONFIG_INVALID\]/);
  const invalidPlan = await json({ ...running, workers: 'many' }, 7);
  assert.equal(invalidPlan.code, 'TSG_CONFIG_INVALID');
  assert.match(invalidPlan.errors.map((e) => `${e.path}: ${e.message}`).join('\n'), /workers: must be an integer/);

  // The master answered every dry run and reloaded nothing.
  assert.ok(server.events('control.request').length >= 8);
  assert.equal(server.events('reload.started').length, 0);
  assert.equal(server.events('worker.spawned').length, 2);
  assert.deepEqual(generationPids(server, 1), workers);
  assert.ok(workers.includes((await ask(url)).pid), 'generation 1 still serves');
  assert.equal((await ask(url)).version, 'v1');
});

test('no master listening on the control socket: exit 2', async (t) => {
  const p = project(t, { 'app.mjs': appSource('v1') });
  p.write('tsgun.config.mjs', mjsConfig({ ...BASE, controlSocket: p.path('control.sock') }));
  for (const format of ['text', 'json']) {
    const r = await runCli(['reload', '--dry-run', '--format', format, '--config', 'tsgun.config.mjs'], { cwd: p.dir });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /no master is listening/);
  }
});
