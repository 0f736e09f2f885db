// balanceConnections' part of the boot message (src/ipc/messages.ts): the table's fd and the
// worker's slot cross the pipe, are absent when the setting is off, and a malformed one drops the message.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMasterMessage } from '../../src/ipc/messages.ts';
import { toWireConfig } from '../../src/ipc/wire-config.ts';
import { resolvedConfig } from '../helpers/config.ts';

const wire = JSON.parse(JSON.stringify(toWireConfig(resolvedConfig({ balanceConnections: true })))) as unknown;
const boot = (extra: Record<string, unknown>) =>
  parseMasterMessage({ type: 'boot', payload: { id: 1, generation: 1, config: wire, listeners: [{ fd: 4, kind: 'tcp', address: '127.0.0.1:1' }], ...extra } });

test('a boot message carries the balance table and slot, or none', () => {
  const on = boot({ balance: { fd: 5, slot: 3 } });
  assert.equal(on?.type, 'boot');
  assert.deepEqual(on?.type === 'boot' ? on.payload.balance : null, { fd: 5, slot: 3 });
  const off = boot({});
  assert.equal(off?.type === 'boot' && 'balance' in off.payload, false);
});

test('a malformed balance drops the boot message', () => {
  for (const balance of [null, 5, { fd: 5 }, { fd: '5', slot: 1 }, { fd: 5, slot: 1.5 }]) assert.equal(boot({ balance }), undefined, JSON.stringify(balance));
});
