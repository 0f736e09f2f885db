// LogFile: opened synchronously (a bad path is a coded error now, not an 'error' event later),
// reopened by opening the new file first, and never thrown off by a failing write.

import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync, type write } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/cli.ts';
import { eventually } from '../helpers/eventually.ts';
import { TsgunError } from '../../src/errors/tsgun-error.ts';
import { LogFile, type LogFileProblem } from '../../src/log/log-file.ts';

function flushed(file: LogFile): Promise<void> {
  return new Promise((resolve) => file.flush(() => resolve()));
}

function isLogOpen(path: string, code: string) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof TsgunError, String(error));
    assert.equal(error.code, 'TSG_LOG_OPEN');
    assert.ok(error.message.includes(path), `the message names the path: ${error.message}`);
    assert.ok(error.message.includes(code), `the message names the errno: ${error.message}`);
    return true;
  };
}

test('a path that is a directory, or under a regular file, is TSG_LOG_OPEN at once', (t) => {
  const dir = tempDir(t);
  assert.throws(() => LogFile.open(dir, { onProblem: () => {} }), isLogOpen(dir, 'EISDIR'));
  const file = join(dir, 'plain');
  writeFileSync(file, '');
  const under = join(file, 'access.log');
  assert.throws(() => LogFile.open(under, { onProblem: () => {} }), isLogOpen(under, 'E'));
});

test('a directory the process may not write is TSG_LOG_OPEN naming the uid', (t) => {
  if (process.getuid?.() === 0) return t.skip('root may write anywhere; the e2e test covers this with user: nobody');
  const dir = tempDir(t);
  const locked = join(dir, 'locked');
  mkdirSync(locked, { mode: 0o500 });
  t.after(() => chmodSync(locked, 0o700));
  assert.throws(() => LogFile.open(join(locked, 'a.log'), { onProblem: () => {} }), isLogOpen(join(locked, 'a.log'), 'EACCES'));
});

test('lines are appended; missing directories are created', async (t) => {
  const path = join(tempDir(t), 'deep', 'er', 'a.log');
  const file = LogFile.open(path, { onProblem: () => {} });
  t.after(() => file.close());
  for (let i = 0; i < 1000; i++) file.write(`line ${i}\n`);
  await flushed(file);
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  assert.equal(lines.length, 1000);
  assert.equal(lines[999], 'line 999');
});

test('reopen after rotation: old lines stay in the rotated file, new ones go to a new file', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'a.log');
  const file = LogFile.open(path, { onProblem: () => {} });
  t.after(() => file.close());
  file.write('before\n');
  await flushed(file);
  renameSync(path, `${path}.1`);
  file.write('queued before the reopen\n');
  file.reopen();
  file.write('after\n');
  await flushed(file);
  assert.equal(readFileSync(`${path}.1`, 'utf8').split('\n')[0], 'before');
  assert.ok(readFileSync(path, 'utf8').endsWith('after\n'));
});

test('a reopen that fails throws TSG_LOG_OPEN and keeps writing to the old file', async (t) => {
  const dir = tempDir(t);
  const logs = join(dir, 'logs');
  const path = join(logs, 'a.log');
  const file = LogFile.open(path, { onProblem: () => {} });
  t.after(() => file.close());
  file.write('one\n');
  await flushed(file);
  // The rotation tool moved the directory away and something put a file where it was.
  renameSync(logs, `${logs}.old`);
  writeFileSync(logs, 'not a directory');
  assert.throws(() => file.reopen(), isLogOpen(path, 'E'));
  file.write('two\n');
  await flushed(file);
  assert.equal(readFileSync(join(`${logs}.old`, 'a.log'), 'utf8'), 'one\ntwo\n');
  assert.equal(readFileSync(logs, 'utf8'), 'not a directory');
});

test('a full disk: reported once, nothing thrown, the queue bounded, flush does not hang', { skip: !existsSync('/dev/full') && 'no /dev/full' }, async (t) => {
  const problems: LogFileProblem[] = [];
  const { write: realWrite } = await import('node:fs');
  let attempts = 0;
  const counting = ((...args: Parameters<typeof write>) => {
    attempts++;
    return Reflect.apply(realWrite, undefined, args);
  }) as typeof write;
  const file = LogFile.open('/dev/full', { onProblem: (p) => problems.push(p), maxPending: 10_000, retryMs: 5, write: counting });
  t.after(() => file.close());
  const line = `${'x'.repeat(99)}\n`;
  for (let i = 0; i < 1000; i++) file.write(line);
  await flushed(file);
  // Let a few retries fail too.
  const before = attempts;
  await eventually(() => attempts >= before + 3, { what: 'three more failed writes' });
  for (let i = 0; i < 1000; i++) file.write(line);
  await flushed(file);
  assert.equal(problems.length, 1, `one report: ${JSON.stringify(problems)}`);
  assert.equal(problems[0]!.event, 'log.write-failed');
  assert.equal(problems[0]!.event === 'log.write-failed' && problems[0]!.error.code, 'ENOSPC');
  assert.ok(file.pending <= 10_000 + line.length, `bounded: ${file.pending}`);
});

test('writes that fail and then work again: retried in order, the recovery reported with the dropped count', async (t) => {
  const path = join(tempDir(t), 'a.log');
  const { write: realWrite } = await import('node:fs');
  let failing = true;
  // A disk that fills up and is then cleaned: the first writes fail with ENOSPC.
  const flaky = ((fd: number, buffer: Buffer, offset: number, length: number, position: null, cb: (e: NodeJS.ErrnoException | null, n: number) => void) => {
    if (failing) return process.nextTick(cb, Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }), 0);
    return realWrite(fd, buffer, offset, length, position, cb);
  }) as unknown as typeof write;
  const problems: LogFileProblem[] = [];
  const file = LogFile.open(path, { onProblem: (p) => problems.push(p), write: flaky, maxPending: 20, retryMs: 5 });
  t.after(() => file.close());
  file.write('a\n');
  file.write('b\n');
  await flushed(file);
  assert.deepEqual(
    problems.map((p) => p.event),
    ['log.write-failed'],
  );
  file.write('c'.repeat(30) + '\n'); // over the bound: dropped
  failing = false;
  await eventually(() => problems.length >= 2, { what: 'the retry timer wrote the queued lines', timeoutMs: 10_000, intervalMs: 5 });
  file.write('d\n');
  await flushed(file);
  assert.equal(readFileSync(path, 'utf8'), 'a\nb\nd\n');
  assert.deepEqual(problems[1], { event: 'log.write-recovered', path, dropped: 1 });
});

test('two reopens while a write is in flight: that write lands, then every line reaches the newest file', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'a.log');
  const { write: realWrite } = await import('node:fs');
  // Holds each write until released, as a slow disk would.
  const held: (() => void)[] = [];
  const slow = ((fd: number, buffer: Buffer, offset: number, length: number, position: null, cb: (e: NodeJS.ErrnoException | null, n: number) => void) => {
    held.push(() => realWrite(fd, buffer, offset, length, position, cb));
  }) as unknown as typeof write;
  const file = LogFile.open(path, { onProblem: (p) => assert.fail(JSON.stringify(p)), write: slow });
  t.after(() => {
    while (held.length > 0) held.shift()!();
    return file.close();
  });
  file.write('first\n');
  assert.equal(held.length, 1, 'a write is in flight');
  renameSync(path, `${path}.1`);
  file.reopen();
  renameSync(path, `${path}.2`);
  file.reopen();
  file.write('second\n');
  held.shift()!();
  await eventually(
    () => {
      while (held.length > 0) held.shift()!();
      return existsSync(path) && readFileSync(path, 'utf8').includes('second');
    },
    { what: 'the second line was written', timeoutMs: 5_000, intervalMs: 5 },
  );
  assert.equal(readFileSync(`${path}.1`, 'utf8'), 'first\n', 'the write in flight was not cut by closing its fd');
  assert.equal(readFileSync(`${path}.2`, 'utf8'), '');
  assert.equal(readFileSync(path, 'utf8'), 'second\n');
});

test('chown gives a regular file away and leaves a device alone', (t) => {
  if (process.getuid?.() !== 0) return t.skip('only root can chown');
  const path = join(tempDir(t), 'a.log');
  const file = LogFile.open(path, { onProblem: () => {} });
  t.after(() => file.close());
  file.chown(65534, 65534);
  assert.equal(statSync(path).uid, 65534);
  assert.equal(statSync(path).gid, 65534);
  const devNull = LogFile.open('/dev/null', { onProblem: () => {} });
  t.after(() => devNull.close());
  devNull.chown(65534, 65534);
  assert.equal(statSync('/dev/null').uid, 0, '/dev/null keeps its owner');
});
