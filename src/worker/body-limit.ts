// limitRequestBody (nginx's client_max_body_size): a declared Content-Length over the limit is
// refused before the app runs; a chunked body is counted as the parser hands it to the request
// stream, and past the limit the rest is dropped instead of reaching the app. Nothing here runs
// unless the setting is on, and only a body without a Content-Length is counted chunk by chunk.

import type { IncomingMessage } from 'node:http';

/** Whether the request declares a body larger than `limit` bytes. */
export function declaresTooLarge(req: IncomingMessage, limit: number): boolean {
  const declared = req.headers['content-length'];
  // Node's parser has already refused a Content-Length that is not a number, or two that differ.
  return declared !== undefined && Number(declared) > limit;
}

/**
 * Counts a body sent without a Content-Length (chunked) and calls `onOver` once it passes `limit`
 * bytes. From then on its bytes are dropped: the app never reads past the limit, and the request
 * stays incomplete (a truncated body must not look complete), so `onOver` answers and closes.
 *
 * Node's parser passes each piece of body to `req.push()` (parserOnBody in lib/_http_common.js, the
 * same on Node 22 and 24); counting there costs nothing for requests that do not need it, where a
 * 'data' listener would switch the app's stream into flowing mode.
 */
export function capBody(req: IncomingMessage, limit: number, onOver: () => void): void {
  // Without Transfer-Encoding a request's body is its Content-Length, or none (RFC 9112 section 6.3).
  if (req.headers['transfer-encoding'] === undefined) return;
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
