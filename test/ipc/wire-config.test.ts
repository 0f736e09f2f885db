// The resolved config as it crosses to a worker: JSON-safe, hooks named not sent, checked when parsed.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseMasterMessage } from '../../src/ipc/messages.ts';
import { parseWireConfig, toWireConfig, WORKER_HOOKS } from '../../src/ipc/wire-config.ts';
import { resolvedConfig } from '../helpers/config.ts';

const schema = JSON.parse(readFileSync(new URL('../../schema/tsgun.schema.json', import.meta.url), 'utf8')) as {
  properties: Record<string, { 'x-tsgun'?: { hook?: { process: string } } }>;
};

test('WORKER_HOOKS are exactly the schema hooks that run in the worker', () => {
  const worker = Object.entries(schema.properties)
    .filter(([, s]) => s['x-tsgun']?.hook?.process === 'worker')
    .map(([name]) => name);
  assert.deepEqual([...WORKER_HOOKS].sort(), worker.sort());
});

test('hook functions stay behind; the worker-side ones that are set are named', () => {
  const noop = (): void => undefined;
  const config = resolvedConfig({ workers: 3, timeout: 12, accessLog: '-', postFork: noop, preRequest: noop, onStarting: noop, childExit: noop });
  const wire = toWireConfig(config);
  assert.deepEqual([...wire.workerHooks].sort(), ['postFork', 'preRequest']);
  for (const value of Object.values(wire.settings)) assert.notEqual(typeof value, 'function');
  assert.equal('onStarting' in wire.settings, false);
  // What crosses the pipe (serialization: 'json') is what the worker gets back.
  const crossed = JSON.parse(JSON.stringify(wire)) as unknown;
  assert.deepEqual(parseWireConfig(crossed), crossed);
  const back = parseWireConfig(crossed)!;
  assert.equal(back.settings.workers, 3);
  assert.equal(back.ms.timeout, 12_000);
  assert.equal(back.app.module, '/srv/app/app.mjs');
  assert.deepEqual(back.texts, config.texts);
  assert.deepEqual(back.accessFormat, config.accessFormat);
});

test('the pinned texts cross only to a worker that picks hooks from them', () => {
  const texts = { '/srv/app/tsgun.config.ts': 'export default {}', '/srv/app/upstreams.ts': 'x'.repeat(1_000) };
  const noop = (): void => undefined;
  assert.deepEqual(toWireConfig({ ...resolvedConfig({ onStarting: noop }), texts }).texts, {}, 'master-side hooks only: the worker imports nothing');
  assert.deepEqual(toWireConfig({ ...resolvedConfig({ postFork: noop }), texts }).texts, texts);
});

test('a boot message whose config lacks what a worker relies on is dropped at the boundary', () => {
  const wire = JSON.parse(JSON.stringify(toWireConfig(resolvedConfig({})))) as Record<string, unknown>;
  const boot = (config: unknown) => parseMasterMessage({ type: 'boot', payload: { id: 1, generation: 1, config, listeners: [{ fd: 4, kind: 'tcp', address: '127.0.0.1:1' }] } });
  assert.equal(boot(wire)?.type, 'boot');
  const broken: [string, (c: Record<string, unknown>) => unknown][] = [
    ['no ms', ({ ms: _, ...rest }) => rest],
    ['a negative duration', (c) => ({ ...c, ms: { ...(c['ms'] as object), gracefulTimeout: -1 } })],
    ['an unknown worker hook', (c) => ({ ...c, workerHooks: ['onStarting'] })],
    ['app without a module', (c) => ({ ...c, app: { ...(c['app'] as object), module: 3 } })],
    ['a non-string text', (c) => ({ ...c, texts: { '/x': 1 } })],
    ['a bad access format part', (c) => ({ ...c, accessFormat: { kind: 'line', parts: [{ letter: 'h', env: 'X' }] } })],
    ['settings without logLevel', (c) => ({ ...c, settings: { ...(c['settings'] as object), logLevel: undefined } })],
  ];
  for (const [what, breakIt] of broken) assert.equal(boot(breakIt(wire)), undefined, what);
  assert.equal(parseMasterMessage({ type: 'boot', payload: { id: 1, generation: 1, config: wire, listeners: [{ fd: 'x' }] } }), undefined, 'a bad listener');
});
