// Before a server listens on a unix socket path: the path must be free, or hold a socket file a dead
// server left behind. Anything else is someone's, and is never deleted: a socket a live server
// answers on, or a file, directory or symlink that happens to be at that path.

import { lstatSync, unlinkSync, type Stats } from 'node:fs';
import net from 'node:net';

function kindOf(stat: Stats): string {
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFile()) return 'a regular file';
  if (stat.isFIFO()) return 'a FIFO';
  return 'a device';
}

function failure(code: string, message: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(message);
  error.code = code;
  return error;
}

/**
 * What is at `path` for a unix socket server, from lstat(2): nothing, a socket, or some other kind
 * of file named in words (`a regular file`); a symlink is reported as one, never followed.
 */
export function socketPathKind(path: string): 'none' | 'socket' | string {
  let stat: Stats;
  try {
    stat = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
    throw error;
  }
  return stat.isSocket() ? 'socket' : kindOf(stat);
}

/** Connects once: 'live' if a server is there (even one too busy to accept), 'stale' if refused. */
function probe(path: string): Promise<'live' | 'stale' | 'gone'> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ path });
    socket.once('connect', () => {
      socket.destroy();
      resolve('live');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      // ECONNREFUSED is the only proof that nobody listens: EAGAIN means a full backlog (a live
      // server that is slow to accept), EACCES that we may not even ask.
      if (error.code === 'ECONNREFUSED') resolve('stale');
      else if (error.code === 'ENOENT') resolve('gone');
      else if (error.code === 'EAGAIN') resolve('live');
      else reject(error);
    });
  });
}

/**
 * Makes `path` free for `listen()`: removes a stale socket. Throws an errno-style error: EEXIST
 * when the path holds something other than a socket, EADDRINUSE when a server answers on it, or
 * the error that stopped the check (EACCES).
 */
export async function clearStaleSocket(path: string): Promise<void> {
  const kind = socketPathKind(path);
  if (kind === 'none') return;
  if (kind !== 'socket') throw failure('EEXIST', `${path} exists and is ${kind}, not a socket; tsgun does not delete it`);
  const state = await probe(path);
  if (state === 'live') throw failure('EADDRINUSE', `a server is listening on ${path}`);
  if (state === 'stale') {
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
