// Raw HTTP/1 over a socket, for tests that send what no client library would: bytes written in
// chunks on a fresh connection, and the responses read back and split.

import assert from 'node:assert/strict';
import net from 'node:net';
import { scaled } from './time.ts';

export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type Target = { readonly port: number } | { readonly path: string };

/**
 * Opens a connection, hands it to `write` once connected, and resolves with everything read until
 * the server closes it (a reset after the server gave up on us counts as a close). Fails after a
 * scaled 10 s, naming `what` and what was read.
 */
export function talk(target: Target, write: (socket: net.Socket) => void | Promise<void>, what = 'the exchange'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = 'port' in target ? net.connect(target.port, '127.0.0.1') : net.connect(target.path);
    let data = '';
    const limit = scaled(10_000);
    const timer = setTimeout(() => socket.destroy(new Error(`${what}: no close within ${limit} ms; read so far: ${JSON.stringify(data.slice(0, 500))}`)), limit);
    socket.setEncoding('latin1').on('data', (d: string) => (data += d));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(data);
    });
    socket.on('connect', () => void write(socket));
  });
}

/** Writes each chunk in turn (a short gap between them) on a new connection; resolves with all it read once the server closes. */
export function exchange(target: Target, chunks: readonly (string | Buffer)[], gapMs = 20): Promise<string> {
  return talk(target, async (socket) => {
    for (const chunk of chunks) {
      if (socket.destroyed) return;
      socket.write(chunk);
      await new Promise((r) => setTimeout(r, gapMs));
    }
  });
}

/** Whether a TCP connection to 127.0.0.1:`port` is accepted now (for a foreign server, nginx or HAProxy, that logs no event tests can wait on). */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** Splits what a connection read into responses (Content-Length or chunked bodies). */
export function replies(text: string): Reply[] {
  const out: Reply[] = [];
  while (text.length > 0) {
    const end = text.indexOf('\r\n\r\n');
    assert.ok(end !== -1, `not an HTTP response: ${JSON.stringify(text)}`);
    const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) headers[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
    text = text.slice(end + 4);
    let body = '';
    if (headers['transfer-encoding'] === 'chunked') {
      for (;;) {
        const nl = text.indexOf('\r\n');
        const size = parseInt(text.slice(0, nl), 16);
        body += text.slice(nl + 2, nl + 2 + size);
        text = text.slice(nl + 2 + size + 2);
        if (size === 0) break;
      }
    } else {
      const length = Number(headers['content-length'] ?? 0);
      body = text.slice(0, length);
      text = text.slice(length);
    }
    out.push({ status: Number(statusLine!.split(' ')[1]), headers, body });
  }
  return out;
}
