// What runs as a pidfile's pid (src/sys/pidfile.ts processAt), read from a /proc laid out in a temp dir.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { processAt } from '../../src/sys/pidfile.ts';

test("a master's title, cut to its command line's length or not, is a master; any other command line is not; no /proc entry is unknown", (t) => {
  const proc = mkdtempSync(join(tmpdir(), 'tsgun-proc-'));
  t.after(() => rmSync(proc, { recursive: true, force: true }));
  const cmdline = (pid: number, text: string): void => {
    mkdirSync(join(proc, String(pid)));
    writeFileSync(join(proc, String(pid), 'cmdline'), text);
  };
  cmdline(10, 'tsgun: master [app]\0\0\0\0\0\0\0\0\0\0');
  cmdline(11, 'tsgun: mast\0');
  cmdline(12, 'sleep\x00300\x00');
  cmdline(13, 'tsg\0');
  cmdline(14, '');
  assert.deepEqual(processAt(10, proc), { kind: 'master' });
  assert.deepEqual(processAt(11, proc), { kind: 'master' }, 'a title longer than the command line it replaced is cut');
  assert.deepEqual(processAt(12, proc), { kind: 'other', command: 'sleep 300' });
  assert.deepEqual(processAt(13, proc), { kind: 'other', command: 'tsg' }, 'too short to tell: not taken for a master');
  assert.deepEqual(processAt(14, proc), { kind: 'other', command: '' }, 'a zombie has no command line');
  assert.deepEqual(processAt(15, proc), { kind: 'unknown' });
  // This very process (on Linux): Node's own command line.
  if (process.platform === 'linux') assert.equal(processAt(process.pid).kind, 'other');
});
