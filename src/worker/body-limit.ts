// limitRequestBody (nginx's client_max_body_size): a declared Content-Length over the limit is
// refused before the app runs; a body of unknown length (chunked HTTP/1.1, or HTTP/2 DATA without a
// content-length) is counted as it reaches the request stream, and past the limit the rest is
// dropped instead of reaching the app. Nothing here runs unless the setting is on.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Whether the request declares a body larger than `limit` bytes. */
export function declaresTooLarge(req: IncomingMessage, limit: number): boolean {
  const declared = req.headers['content-length'];
  // Node's parser has already refused a Content-Length that is not a number, or two that differ.
  return declared !== undefined && Number(declared) > limit;
}

/**
 * Counts a body whose length was not declared and calls `onOver` once it passes `limit` bytes. From
 * then on its bytes are dropped: the app never reads past the limit, and the request stays
 * incomplete (a truncated body must not look complete), so `onOver` answers and closes.
 *
 * Node's HTTP/1 parser passes each piece of body to `req.push()` (parserOnBody in
 * lib/_http_common.js), and so does the HTTP/2 compatibility layer (onStreamData in
 * lib/internal/http2/compat.js); counting there costs nothing for requests that do not need it, where
 * a 'data' listener would switch the app's stream into flowing mode. A declared length needs no
 * count: llhttp and nghttp2 both refuse a body longer than its Content-Length.
 */
export function capBody(req: IncomingMessage, limit: number, onOver: () => void): void {
  if (req.headers['content-length'] !== undefined) return;
  // Without Transfer-Encoding an HTTP/1 request has no body (RFC 9112 section 6.3).
  if (req.httpVersionMajor !== 2 && req.headers['transfer-encoding'] === undefined) return;
  let received = 0;
  let over = false;
  const push = req.push;
  req.push = function (this: IncomingMessage, chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) return over ? false : push.call(this, chunk, encoding);
    if (over) return true;
    received += (chunk as Uint8Array).byteLength;
    if (received <= limit) return push.call(this, chunk, encoding);
    over = true;
    onOver();
    return true;
  };
}

/** What an HTTP/2 response exposes of its stream here (node:http2 is not loaded for this). */
interface H2Stream {
  readonly headersSent: boolean;
  readonly destroyed: boolean;
  respond(headers: Record<string, string | number>, options: { endStream: boolean }): void;
  close(code: number): void;
}

/** RFC 9113 section 7: NO_ERROR asks the client to stop sending once the response is complete (8.1); CANCEL abandons the stream. */
const NO_ERROR = 0;
const CANCEL = 8;

/**
 * A body grew past the limit: 413 if the app has not begun its response, else the response is cut.
 * HTTP/1.1: the 413 is written past the response object (which the app still holds) and the
 * connection is half-closed, its further bytes read and dropped for `lingerMs`, so that a client
 * still sending reads the 413 rather than a reset. HTTP/2: the 413 goes on the stream, which is then
 * reset (NO_ERROR: stop sending); the session and its other streams go on. Returns the status sent.
 */
export function answerTooLarge(req: IncomingMessage, res: ServerResponse, lingerMs: number): 413 | null {
  const stream = (res as ServerResponse & { stream?: H2Stream }).stream;
  if (stream !== undefined) {
    if (stream.destroyed) return null;
    const answer = !stream.headersSent;
    if (answer) stream.respond({ ':status': 413, 'content-length': 0 }, { endStream: true });
    stream.close(answer ? NO_ERROR : CANCEL);
    return answer ? 413 : null;
  }
  const socket: Socket = req.socket;
  if (res.headersSent || !socket.writable) {
    socket.destroy();
    return null;
  }
  socket.end('HTTP/1.1 413 Content Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  setTimeout(() => socket.destroy(), lingerMs).unref();
  return 413;
}
