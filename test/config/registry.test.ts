// Walks every setting of the registry: the schema is the source of truth, so it must be complete.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allSettings, schema, settings } from '../../src/config/registry.ts';
import { validateValue } from '../../src/config/validate.ts';
import { settingNames } from '../../src/config/settings.generated.ts';

const RELOAD_CLASSES = ['live', 'respawn', 'rebind', 'restart'];

test('every setting has a default that validates, or is required, or is a hook', () => {
  for (const s of settings) {
    if (s.isHook) {
      assert.equal(s.hasDefault, false, `${s.name}: hooks have no default`);
      continue;
    }
    if (!s.hasDefault) {
      assert.equal(s.meta.required, true, `${s.name} has no default and is not marked required`);
      continue;
    }
    assert.deepEqual(validateValue(s.schema, s.default, [s.name]), [], `${s.name}: default ${JSON.stringify(s.default)} does not validate`);
  }
});

test('every setting has a reload class, a section and a description', () => {
  for (const s of allSettings) {
    assert.ok(RELOAD_CLASSES.includes(s.reload), `${s.name}: reload class ${s.reload}`);
    assert.ok(s.section.length > 0, `${s.name}: section`);
    assert.ok((s.schema.description ?? '').length > 20, `${s.name}: description`);
  }
});

test('every setting has a CLI flag and an env var, or says explicitly that it has none', () => {
  for (const s of allSettings) {
    assert.ok(s.meta.cli === false || /^(-\w, )?--[a-z][a-z0-9-]*$/.test(s.meta.cli), `${s.name}: cli ${String(s.meta.cli)}`);
    assert.ok(s.meta.env === false || /^TSGUN_[A-Z0-9_]+$/.test(s.meta.env), `${s.name}: env ${String(s.meta.env)}`);
    assert.ok('gunicorn' in s.meta, `${s.name}: says which Gunicorn setting it corresponds to (or null)`);
    if (!s.isHook && s.meta.nestedFlags !== true && s.meta.cli === false && s.meta.env === false) {
      assert.fail(`${s.name}: a plain setting with neither flag nor env var`);
    }
  }
});

test('flags and env vars are unique', () => {
  const flags = allSettings.flatMap((s) => [s.flag, s.shortFlag]).filter((f) => f !== null);
  const envs = allSettings.map((s) => s.envVar).filter((e) => e !== null);
  assert.equal(new Set(flags).size, flags.length, 'duplicate CLI flag');
  assert.equal(new Set(envs).size, envs.length, 'duplicate env var');
});

test('hooks say which process they run in and how they are called', () => {
  const hooks = settings.filter((s) => s.isHook).map((s) => s.name);
  for (const name of [
    'onStarting',
    'onReload',
    'whenReady',
    'preFork',
    'postFork',
    'postWorkerInit',
    'workerInt',
    'workerAbort',
    'preRequest',
    'postRequest',
    'childExit',
    'workerExit',
    'nworkersChanged',
    'onExit',
  ]) {
    assert.ok(hooks.includes(name), `hook ${name} is declared`);
    const hook = settings.find((s) => s.name === name)!.meta.hook!;
    assert.ok(hook.process === 'master' || hook.process === 'worker');
    assert.match(hook.signature, /^\(.*\) => /);
  }
});

test('the generated types list exactly the registry settings', () => {
  assert.deepEqual(
    [...settingNames],
    settings.map((s) => s.name),
  );
});

test('the schema rejects unknown keys and is draft-07', () => {
  assert.equal(schema.additionalProperties, false);
  assert.equal((schema as { $schema?: string }).$schema, 'http://json-schema.org/draft-07/schema#');
});
