// The JSON Schema for editors (issue 12, item 10), schema/tsgun.editor.schema.json, generated from the
// registry by scripts/editor-schema.ts: checked here as an editor would use it, with ajv on sample
// JSON and YAML configs. Hooks are not offered (and so cannot be set to 42), bind items carry a
// pattern that agrees with src/config/bind.ts, and every description has a markdownDescription.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { BIND_PATTERN, generateEditorSchema } from '../../scripts/editor-schema.ts';
import { parseBind } from '../../src/config/bind.ts';
import { settings } from '../../src/config/registry.ts';

const text = readFileSync(new URL('../../schema/tsgun.editor.schema.json', import.meta.url), 'utf8');
const editorSchema = JSON.parse(text) as { properties: Record<string, unknown> };

function compile() {
  // Strict, so that a keyword ajv does not know (a typo in the generator) fails here; the one
  // non-standard keyword is VS Code's markdownDescription, which other editors ignore.
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
  ajv.addKeyword({ keyword: 'markdownDescription', schemaType: 'string' });
  return ajv.compile(editorSchema);
}
const validate = compile();

function errorsOf(config: unknown): string[] {
  return validate(config) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

test('the committed editor schema is what the generator makes (npm run generate)', () => {
  assert.equal(text, generateEditorSchema());
});

test('a good JSON config and a good YAML config are accepted', () => {
  const json = JSON.parse(
    '{ "$schema": "./node_modules/tsgun/schema/tsgun.editor.schema.json", "app": "./dist/server.js#handler", "bind": ["0.0.0.0:8000", "[::1]:8443", "unix:/run/app.sock|660", "fd://3"], "workers": "auto", "timeout": "1m30s", "gracefulTimeout": 30, "keepAlive": "500ms", "requestTimeout": null, "maxMemory": "512MiB", "tls": { "cert": "cert.pem", "key": "key.pem" } }',
  ) as unknown;
  assert.deepEqual(errorsOf(json), []);
  const yaml = parse('app: ./app.ts\nbind:\n  - localhost:8000\n  - 127.0.0.1:0\nworkers: 4\nbootTimeout: 2m\nheadersTimeout: 60\naccessLog: "-"\n') as unknown;
  assert.deepEqual(errorsOf(yaml), []);
});

test('hooks are not offered, and a hook key in JSON/YAML is rejected whatever its value', () => {
  const hooks = settings.filter((s) => s.isHook).map((s) => s.name);
  assert.ok(hooks.length >= 14, `${hooks.length} hooks`);
  for (const hook of hooks) assert.equal(hook in editorSchema.properties, false, `${hook} is offered`);
  assert.notDeepEqual(errorsOf({ app: './app.ts', onStarting: 42 }), []);
  assert.notDeepEqual(errorsOf(parse('app: ./app.ts\npreFork: echo hi\n')), []);
  // What tsgun's own validation of JS/TS configs uses still takes a function.
  const registry = JSON.parse(readFileSync(new URL('../../schema/tsgun.schema.json', import.meta.url), 'utf8')) as { properties: Record<string, { typeof?: string }> };
  assert.equal(registry.properties['onStarting']?.typeof, 'function');
});

test('bind items must look like bind addresses; bad durations are rejected', () => {
  assert.notDeepEqual(errorsOf({ bind: ['localhost'] }), []);
  assert.notDeepEqual(errorsOf({ bind: ['http://0.0.0.0:8000'] }), []);
  assert.deepEqual(errorsOf({ bind: ['localhost:8000'] }), []);
  assert.notDeepEqual(errorsOf({ timeout: '30 parsecs' }), []);
  assert.notDeepEqual(errorsOf({ timeout: '-5s' }), []);
  assert.deepEqual(errorsOf({ timeout: '2m', requestTimeout: '1h30m' }), []);
});

// Samples of every form and of every way parseBind refuses one: the pattern must agree on each.
const BIND_SAMPLES = [
  '127.0.0.1:8000',
  '0.0.0.0:0',
  'localhost:80',
  'my-host.example.com:65535',
  'a:1',
  'Host-1.Example:443',
  '127.0.0.1:080',
  '1.2.3.999:80',
  '[::1]:8000',
  '[::]:0',
  '[fe80::1%eth0]:80',
  '[::ffff:1.2.3.4]:80',
  '[1:2:3:4:5:6:7:8]:1',
  '[2001:db8::]:443',
  'unix:/run/app.sock',
  'unix:relative.sock',
  'unix:/run/app.sock|660',
  'unix:/run/app.sock|0660',
  'unix:/tmp/with space.sock',
  'fd://3',
  'fd://123456789',
  // refused
  'localhost',
  '8000',
  ':8000',
  '127.0.0.1:',
  '127.0.0.1:65536',
  '127.0.0.1:123456',
  '127.0.0.1:80a',
  'http://0.0.0.0:8000',
  'tcp://127.0.0.1:80',
  '::1:8000',
  '[::1]8000',
  '[::1',
  '[127.0.0.1]:80',
  '[1::2::3]:80',
  '[fe80::1%]:80',
  'unix:',
  'unix:|660',
  'unix:/run/a.sock|999',
  'unix:/run/a.sock|66',
  'unix:/run/a.sock|660|1',
  'fd://',
  'fd://x',
  'fd://1234567890',
  '-host:80',
  'host-:80',
  'ho_st:80',
  'a..b:80',
  '.example.com:80',
  `${'a'.repeat(64)}:80`,
  `${'a'.repeat(63)}:80`,
  `${`${'a'.repeat(63)}.`.repeat(3)}${'a'.repeat(61)}:80`,
  `${`${'a'.repeat(63)}.`.repeat(3)}${'a'.repeat(62)}:80`,
  'host name:80',
  '',
];

test('the bind pattern accepts exactly what parseBind accepts, on every sample', () => {
  const pattern = new RegExp(BIND_PATTERN, 'u');
  const disagreements = BIND_SAMPLES.filter((s) => pattern.test(s) !== parseBind(s).ok).map((s) => `${JSON.stringify(s)}: pattern ${pattern.test(s)}, parseBind ${parseBind(s).ok}`);
  assert.deepEqual(disagreements, []);
  assert.ok(BIND_SAMPLES.filter((s) => parseBind(s).ok).length >= 20, 'samples of accepted forms');
  assert.ok(BIND_SAMPLES.filter((s) => !parseBind(s).ok).length >= 30, 'samples of refused forms');
});

test('every node with a description has a markdownDescription; plain descriptions carry no backticks', () => {
  let described = 0;
  const walk = (node: unknown, path: string): void => {
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (typeof record['description'] === 'string') {
      described++;
      assert.equal(typeof record['markdownDescription'], 'string', `${path} has no markdownDescription`);
      assert.equal((record['description'] as string).includes('`'), false, `${path}: backticks in the plain description`);
    }
    for (const [key, child] of Object.entries(record)) if (key !== 'default' && key !== 'enum' && key !== 'const') walk(child, `${path}/${key}`);
  };
  walk(editorSchema, '');
  assert.ok(described > 40, `${described} descriptions`);
  assert.equal(text.includes('x-tsgun'), false, "tsgun's own metadata stays in the registry");
});
