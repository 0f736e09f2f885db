// The messages between the master and its config reader (src/master/config-reader.ts), parsed from
// unknown like every IPC message: a malformed one is dropped, never half-used. The reader process
// itself is exercised end to end in test/e2e/config-reader.test.ts and test/e2e/resolve-once.test.ts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toWireConfig } from '../../src/ipc/wire-config.ts';
import { parseReadReply, parseReadRequest } from '../../src/master/config-reader.ts';
import { resolvedConfig } from '../helpers/config.ts';

test('a read reply: a config with its hook names, a refusal with its problems, or a crash', () => {
  const config = JSON.parse(JSON.stringify(toWireConfig(resolvedConfig({})))) as unknown;
  const read = { type: 'read', config, hooks: ['preFork'], runnable: { '/srv/tsgun.config.ts': 'export default {}' } };
  assert.deepEqual(parseReadReply(read), read);
  const invalid = { type: 'invalid', code: 'TSG_CONFIG_INVALID', message: 'invalid config', problems: [{ path: 'workers', message: 'no' }], file: '/srv/tsgun.config.ts' };
  assert.deepEqual(parseReadReply(invalid), invalid);
  const crashed = { type: 'crashed', message: 'boom', stack: 'Error: boom' };
  assert.deepEqual(parseReadReply(crashed), crashed);

  for (const bad of [
    null,
    'read',
    { ...read, config: { settings: {} } },
    { ...read, hooks: [1] },
    { ...read, runnable: { a: 1 } },
    { ...invalid, code: 'NOT_A_CODE' },
    { ...invalid, problems: 'x' },
    { type: 'crashed', message: 'boom' },
    { type: 'other' },
  ]) {
    assert.equal(parseReadReply(bad), undefined, JSON.stringify(bad));
  }
});

test('a read request carries the inputs a config is resolved from', () => {
  const request = { type: 'read', inputs: { configPath: 'tsgun.config.ts', cwd: '/srv', env: { PATH: '/bin' }, cli: [{ setting: 'workers', flag: '--workers', raw: '2' }] } };
  assert.deepEqual(parseReadRequest(request), request);
  assert.deepEqual(parseReadRequest({ ...request, inputs: { ...request.inputs, configPath: undefined } })?.inputs.cwd, '/srv');
  for (const bad of [{ type: 'read' }, { ...request, inputs: { ...request.inputs, cwd: 1 } }, { ...request, inputs: { ...request.inputs, cli: {} } }, { ...request, type: 'x' }]) {
    assert.equal(parseReadRequest(bad), undefined);
  }
});
