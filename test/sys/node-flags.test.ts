// What a worker and the app probe take from the Node flags of the process that starts them.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inheritedExecArgv } from '../../src/sys/node-flags.ts';

test('conditions, imports and V8 options are inherited; inspector, test runner and watch flags are not', () => {
  const given = [
    '--conditions=tsgun-source',
    '--import',
    './x.mjs',
    '--max-old-space-size=512',
    '--inspect=9229',
    '--inspect-brk',
    '--debug-port=1',
    '--test',
    '--test-reporter=spec',
    '--watch',
    '--watch-path=src',
  ];
  assert.deepEqual(inheritedExecArgv(given), ['--conditions=tsgun-source', '--import', './x.mjs', '--max-old-space-size=512']);
});
