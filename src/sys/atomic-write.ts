// Small files the master writes and reads next to paths an operator chose (the pidfile, the reload
// status), safe in a directory other users can write to: a file there may be a symlink someone
// planted at a name they could predict, or a FIFO that blocks whoever opens it.

import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, fsyncSync, openSync, readSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces `path` with `text`: a temporary file with a random name is created next to it with
 * O_EXCL|O_NOFOLLOW (never an existing file, never through a symlink), written, fsynced and renamed
 * over `path`. rename(2) replaces a symlink at `path` itself rather than writing where it points,
 * and readers never see a half-written file.
 */
export function writeFileAtomic(path: string, text: string, mode = 0o644): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  let fdOpen = true;
  try {
    writeFileSync(fd, text);
    // Without it a crash soon after the rename can leave an empty file under the real name.
    fsyncSync(fd);
    fdOpen = false;
    closeSync(fd);
    renameSync(temp, path);
  } catch (error) {
    if (fdOpen) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // nothing to remove
    }
    throw error;
  }
}

/**
 * The text of a small regular file, or null when there is none to read: missing, a symlink
 * (O_NOFOLLOW), a FIFO or device (O_NONBLOCK, then refused by its type), a directory. At most
 * `limit` bytes are read.
 */
export function readSmallFile(path: string, limit = 4096): string | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    if (!fstatSync(fd).isFile()) return null;
    const buffer = Buffer.alloc(limit);
    let length = 0;
    while (length < limit) {
      const n = readSync(fd, buffer, length, limit - length, null);
      if (n === 0) break;
      length += n;
    }
    return buffer.toString('utf8', 0, length);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
