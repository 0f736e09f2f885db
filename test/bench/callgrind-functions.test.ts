// bench/callgrind-functions.ts: exclusive costs from a callgrind dump, and run-time code named from
// Node's --perf-basic-prof map.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { exclusiveCosts, functionCosts, nameAt, readPerfMap } from '../../bench/callgrind-functions.ts';

// A dump as callgrind writes it: names compressed after their first use, a call's inclusive cost on
// the line after `calls=` (charged to the callee, not to the caller's own instructions).
const DUMP = [
  'version: 1',
  'events: Ir',
  'fl=(1) node',
  'fn=(1) main',
  '0x1000 10',
  'cfn=(2) Builtins_LoadIC',
  'calls=3 0x2000',
  '0x1004 900',
  '+4 5',
  'fn=(2)',
  '0x2000 300',
  'fn=(3) 0x00000000280c7180',
  '* 40',
  'cfn=(2)',
  'calls=1 0x2000',
  '* 100',
  'fn=(4) 0x0000000028000000',
  '0x28000000 7',
  'totals: 362',
].join('\n');

test('exclusiveCosts: own instructions per function, calls left to the callee, compressed names resolved', () => {
  const costs = exclusiveCosts(DUMP);
  assert.deepEqual(Object.fromEntries(costs), { main: 15, Builtins_LoadIC: 300, '0x00000000280c7180': 40, '0x0000000028000000': 7 });
  assert.equal(
    [...costs.values()].reduce((a, b) => a + b, 0),
    362,
    'the costs add up to the dump total',
  );
});

test('nameAt: the code object holding an address, none between objects', () => {
  const ranges = readPerfMap(["280c7000 400 JS:*'handle file:///w.js:1:2", '28000100 10 Builtins_Foo', 'not a line'].join('\n'));
  assert.equal(nameAt(ranges, 0x280c7180), "JS:*'handle file:///w.js:1:2");
  assert.equal(nameAt(ranges, 0x280c7400), null, 'one past the end');
  assert.equal(nameAt(ranges, 0x28000000), null, 'before the first');
  assert.equal(nameAt(ranges, 0x28000105), 'Builtins_Foo');
});

test('functionCosts: per request, run-time code named from the perf map beside the dump', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tsgun-cg-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'cg.4242.1'), DUMP);
  writeFileSync(join(dir, 'perf-4242.map'), "280c7000 400 JS:*'handle file:///w.js:1:2\n");
  const costs = Object.fromEntries(functionCosts(join(dir, 'cg.4242.1'), 10));
  assert.deepEqual(costs, { main: 1.5, Builtins_LoadIC: 30, 'JS *handle file:///w.js:1:2': 4, 'run-time code, unnamed': 0.7 });
});
