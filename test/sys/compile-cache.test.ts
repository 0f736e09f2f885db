// The compile cache directory is used only where nobody else can write it (src/sys/compile-cache.ts).

import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { privateCompileCacheDir } from '../../src/sys/compile-cache.ts';
import { tempDir } from '../helpers/cli.ts';

const uid = process.getuid!();

test('the cache directory is created under XDG_CACHE_HOME (else ~/.cache), private to the user', (t) => {
  const base = tempDir(t);
  chmodSync(base, 0o755);
  const dir = privateCompileCacheDir({ XDG_CACHE_HOME: base }, uid);
  assert.equal(dir, join(base, 'tsgun', 'compile-cache'));
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  const home = tempDir(t);
  chmodSync(home, 0o755);
  assert.equal(privateCompileCacheDir({ HOME: home }, uid), join(home, '.cache', 'tsgun', 'compile-cache'));
  // A relative XDG_CACHE_HOME is ignored, as the XDG spec says.
  assert.equal(privateCompileCacheDir({ HOME: home, XDG_CACHE_HOME: 'rel' }, uid), join(home, '.cache', 'tsgun', 'compile-cache'));
});

test('no cache where someone else could write it, or when Node is told not to cache', (t) => {
  const base = tempDir(t);
  chmodSync(base, 0o755);
  assert.ok(privateCompileCacheDir({ XDG_CACHE_HOME: base }, uid) !== null);
  assert.equal(privateCompileCacheDir({ XDG_CACHE_HOME: base, NODE_DISABLE_COMPILE_CACHE: '1' }, uid), null);

  chmodSync(join(base, 'tsgun'), 0o770);
  assert.equal(privateCompileCacheDir({ XDG_CACHE_HOME: base }, uid), null, 'a group-writable tsgun directory');
  chmodSync(join(base, 'tsgun'), 0o700);
  chmodSync(base, 0o777);
  assert.equal(privateCompileCacheDir({ XDG_CACHE_HOME: base }, uid), null, 'a world-writable base (a shared /tmp)');
  chmodSync(base, 0o755);
  assert.equal(privateCompileCacheDir({ XDG_CACHE_HOME: base }, uid + 1), null, 'a directory owned by another user');

  const other = tempDir(t);
  chmodSync(other, 0o755);
  mkdirSync(join(other, 'tsgun'), { mode: 0o700 });
  const target = tempDir(t);
  symlinkSync(target, join(other, 'tsgun', 'compile-cache'));
  assert.equal(privateCompileCacheDir({ XDG_CACHE_HOME: other }, uid), null, 'a symlink in place of the directory');
});
