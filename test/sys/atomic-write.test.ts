// The pidfile and the reload status are written where other users may write too: nothing tsgun
// writes or reads there may follow a symlink someone planted, or block on a FIFO.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readSmallFile, writeFileAtomic } from '../../src/sys/atomic-write.ts';
import { readPid, writePidfile } from '../../src/sys/pidfile.ts';
import { tempDir } from '../helpers/cli.ts';
import { actAsMaster } from '../helpers/master-title.ts';

test('writeFileAtomic writes the text with mode 0644 and leaves no temporary file behind', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'tsgun.pid');
  writeFileAtomic(path, '123\n');
  writeFileAtomic(path, '456\n');
  assert.equal(readFileSync(path, 'utf8'), '456\n');
  assert.equal(statSync(path).mode & 0o777 & ~process.umask(), 0o644 & ~process.umask());
  assert.deepEqual(readdirSync(dir), ['tsgun.pid']);
});

test('writeFileAtomic replaces a symlink at the target instead of writing where it points', (t) => {
  const dir = tempDir(t);
  const victim = join(dir, 'victim');
  writeFileSync(victim, 'root only\n', { mode: 0o600 });
  const path = join(dir, 'tsgun.pid.reload.json');
  symlinkSync(victim, path);
  writeFileAtomic(path, '{"ok":true}\n');
  assert.equal(readFileSync(victim, 'utf8'), 'root only\n');
  assert.ok(lstatSync(path).isFile(), 'the symlink itself was replaced by a regular file');
  assert.equal(readFileSync(path, 'utf8'), '{"ok":true}\n');
});

test('writeFileAtomic does not use the names the old code predicted (<path>.<pid>.tmp)', (t) => {
  const dir = tempDir(t);
  const victim = join(dir, 'victim');
  writeFileSync(victim, 'root only\n', { mode: 0o600 });
  const path = join(dir, 'tsgun.pid');
  symlinkSync(victim, `${path}.${process.pid}.tmp`);
  symlinkSync(victim, `${path}.reload.json.${process.pid}.tmp`);
  writeFileAtomic(path, `${process.pid}\n`);
  writeFileAtomic(`${path}.reload.json`, '{}\n');
  assert.equal(readFileSync(victim, 'utf8'), 'root only\n');
  assert.ok(lstatSync(`${path}.${process.pid}.tmp`).isSymbolicLink());
});

test('readSmallFile reads a regular file, and returns null for a symlink, a FIFO, a directory or nothing', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'file'), 'x'.repeat(100));
  symlinkSync(join(dir, 'file'), join(dir, 'link'));
  execFileSync('mkfifo', [join(dir, 'fifo')]);
  assert.equal(readSmallFile(join(dir, 'file')), 'x'.repeat(100));
  assert.equal(readSmallFile(join(dir, 'file'), 10), 'x'.repeat(10));
  assert.equal(readSmallFile(join(dir, 'link')), null);
  assert.equal(readSmallFile(join(dir, 'fifo')), null, 'a FIFO nobody writes to neither blocks nor is read');
  assert.equal(readSmallFile(dir), null);
  assert.equal(readSmallFile(join(dir, 'missing')), null);
});

test('a pidfile symlinked to a file naming a live process neither blocks the start nor is followed', (t) => {
  const dir = tempDir(t);
  const decoy = join(dir, 'decoy');
  writeFileSync(decoy, '1\n'); // pid 1 is always alive: the old code refused to start
  const path = join(dir, 'tsgun.pid');
  symlinkSync(decoy, path);
  const pidfile = writePidfile(path, 4242);
  assert.equal(readFileSync(decoy, 'utf8'), '1\n');
  assert.equal(readFileSync(path, 'utf8'), '4242\n');
  assert.equal(readPid(path), 4242);
  pidfile.remove();
  assert.equal(readPid(path), null);
});

test('a FIFO at the pidfile path does not hang the start', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'tsgun.pid');
  execFileSync('mkfifo', [path]);
  writePidfile(path, 4242).remove();
  assert.equal(readSmallFile(path), null, 'removed');
});

test('the pidfile still refuses a second master while the first one runs', (t) => {
  actAsMaster(t);
  const dir = tempDir(t);
  const path = join(dir, 'tsgun.pid');
  writeFileSync(path, `${process.pid}\n`);
  assert.throws(() => writePidfile(path, process.pid + 1), /names a running process/);
  assert.equal(readFileSync(path, 'utf8'), `${process.pid}\n`);
});
