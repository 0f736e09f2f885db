// The reload plan is a pure function of the old config, the new one and what triggered the reload.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planReload } from '../../src/master/reload-plan.ts';
import { resolvedConfig } from '../helpers/config.ts';

const config = (settings: Record<string, unknown>) => resolvedConfig(settings);

test('a deploy (HUP) always boots a new generation, even when no setting changed', () => {
  const plan = planReload(config({}), config({}), 'signal');
  assert.deepEqual(plan.changes, []);
  assert.equal(plan.newGeneration, true);
  assert.equal(planReload(config({}), config({}), 'control').newGeneration, true);
  assert.equal(planReload(config({}), config({}), 'code-change').newGeneration, true);
});

test('a config save touching only live settings applies in place', () => {
  const plan = planReload(config({ workers: 2, timeout: 30 }), config({ workers: 4, timeout: 10, logLevel: 'debug' }), 'watch');
  assert.deepEqual(plan.changes.map((c) => c.setting).sort(), ['logLevel', 'timeout', 'workers']);
  assert.equal(plan.newGeneration, false);
  assert.deepEqual(plan.refused, []);
});

test('respawn and rebind settings need a new generation; rebind is flagged', () => {
  const respawn = planReload(config({}), config({ keepAlive: 2 }), 'watch');
  assert.equal(respawn.newGeneration, true);
  assert.equal(respawn.rebind, false);
  const rebind = planReload(config({ bind: ['127.0.0.1:8000'] }), config({ bind: ['127.0.0.1:8001'] }), 'watch');
  assert.equal(rebind.rebind, true);
  assert.equal(rebind.newGeneration, true);
});

test('restart-class changes are refused, by name', () => {
  const plan = planReload(config({ backlog: 2048 }), config({ backlog: 100, pidfile: '/tmp/x.pid' }), 'signal');
  assert.deepEqual([...plan.refused].sort(), ['backlog', 'pidfile']);
});

test('hooks compare by source: a re-imported identical hook is no change, an edited worker hook is', () => {
  const a = config({ postFork: () => 1 });
  const same = config({ postFork: () => 1 });
  const edited = config({ postFork: () => 2 });
  assert.deepEqual(planReload(a, same, 'watch').changes, []);
  const plan = planReload(a, edited, 'watch');
  assert.deepEqual(plan.changes, [{ setting: 'postFork', reload: 'respawn' }]);
  assert.equal(plan.newGeneration, true);
  // A master hook is live: the new one is used from the next call on.
  assert.equal(planReload(config({ onExit: () => 1 }), config({ onExit: () => 2 }), 'watch').newGeneration, false);
});
