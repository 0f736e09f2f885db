// Writes a Fetch app's Response to a node response (HTTP/1 or the HTTP/2 compatibility API): the
// head in one `writeHead(status, headers)` call, Set-Cookie as a list. A body that is known (a light
// response's string or bytes, or a native stream that is already complete when first read) goes
// out with its Content-Length in one `end()`; any other body streams with backpressure, and a body
// that fails half-way cuts the connection (a truncated chunked body is detectable by the client; a
// clean end is not).

import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { isConnectionField } from './connection-fields.ts';
import type { KnownParts } from './light-response.ts';

const TEXT_PLAIN = 'text/plain;charset=UTF-8';

/**
 * Whether a response field is dropped: a connection field (connection-fields.ts). A Response copied
 * from an upstream (`return fetch(url)`) carries the upstream connection's: its
 * `transfer-encoding: chunked` next to the Content-Length tsgun writes is a message RFC 9112 6.2
 * forbids (nginx answers it 502). `connection: close` is kept, the way an app asks to close its
 * HTTP/1.1 connection (HTTP/2's response drops that one too, http2-server.ts).
 */
function dropped(name: string, value: unknown): boolean {
  if (!isConnectionField(name)) return false;
  return name.toLowerCase() !== 'connection' || typeof value !== 'string' || value.trim().toLowerCase() !== 'close';
}

export type Outgoing = ServerResponse & { readonly closed?: boolean; readonly stream?: { readonly destroyed: boolean } };

/**
 * Whether the response was complete. HTTP/2's compatibility response says writableFinished once
 * its stream closed, even by the client's RST_STREAM, so there it is `finished` (end() was called).
 */
export function complete(res: Outgoing): boolean {
  return res.stream === undefined ? res.writableFinished : res.finished;
}

/** Whether the response's connection (HTTP/2: stream) closed before the response was complete. */
export function cutShort(res: Outgoing): boolean {
  return (res.destroyed || res.closed === true || res.stream?.destroyed === true) && !complete(res);
}

/** A response whose body is known: written at once, nothing to wait for. */
export function writeKnown(parts: KnownParts, req: IncomingMessage, res: ServerResponse): void {
  const { status, body, headers } = parts;
  let out: OutgoingHttpHeaders;
  if (headers === undefined) {
    if (body === null) {
      res.writeHead(status);
      res.end();
      return;
    }
    out = typeof body === 'string' ? { 'content-type': TEXT_PLAIN, 'content-length': Buffer.byteLength(body) } : { 'content-length': body.byteLength };
  } else {
    if (headers instanceof Headers) out = flatten(headers);
    else {
      out = {};
      for (const name in headers) if (!dropped(name, headers[name])) out[name] = headers[name];
    }
    if (body !== null) {
      if (typeof body === 'string' && out['content-type'] === undefined) out['content-type'] = TEXT_PLAIN;
      // The body's own length, whatever the app said: one that disagrees misframes the connection.
      out['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    }
  }
  res.writeHead(status, out);
  if (body === null || req.method === 'HEAD') res.end();
  else res.end(body);
}

/** Headers as node writes them: one entry per name, Set-Cookie a list (never joined), no connection fields. */
export function flatten(headers: Headers): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  let cookies: string[] | undefined;
  // Iteration gives every Set-Cookie on its own and every other name once, its values joined.
  for (const [name, value] of headers) {
    if (name === 'set-cookie') (cookies ??= []).push(value);
    else if (!dropped(name, value)) out[name] = value;
  }
  if (cookies !== undefined) out['set-cookie'] = cookies;
  return out;
}

function waitForDrainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

type Read = Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;
const NOT_YET: unique symbol = Symbol('not yet');

/** The read's result if it is already settled (a few microtasks), else NOT_YET: never waits for the app. */
function readNow(read: Promise<Read>): Promise<Read | typeof NOT_YET> {
  return Promise.race([read, Promise.resolve().then((): typeof NOT_YET => NOT_YET)]);
}

/** What undici's fetch() decodes (lib/web/fetch): a Response it made with only these codings has a decoded body. */
const DECODED_BY_FETCH = new Set(['gzip', 'x-gzip', 'deflate', 'br']);

/**
 * A Response from fetch() (`return fetch(upstream)`, a proxy route) whose body fetch() decoded
 * keeps the upstream's Content-Encoding and Content-Length, which describe the encoded bytes: sent
 * on, they make the client decode plain text, and the length misframes the connection. They go,
 * as a proxy that decodes drops them. A Response the app built (`type` "default") is left as it is.
 */
function dropDecodedFraming(response: Response, out: OutgoingHttpHeaders): void {
  const coding = out['content-encoding'];
  if (typeof coding !== 'string' || response.type === 'default') return;
  const codings = coding
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '' && c !== 'identity');
  if (!codings.every((c) => DECODED_BY_FETCH.has(c))) return;
  delete out['content-encoding'];
  delete out['content-length'];
}

/** A chunk of a Response body stream: Fetch allows only bytes (Response.text() fails on anything else too). */
function bytesOf(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  const what = typeof value === 'string' ? 'a string' : value === null ? 'null' : typeof value === 'object' ? `a ${value.constructor?.name ?? 'object'}` : `a ${typeof value}`;
  throw new TypeError(`the response body stream gave ${what}, not a Uint8Array: enqueue bytes (new TextEncoder().encode(text) for text)`);
}

const byteLength = (chunks: readonly Uint8Array[]): number => chunks.reduce((sum, c) => sum + c.byteLength, 0);

/** Writes a native Response; its body streams unless it is complete at once. */
export async function writeNative(response: Response, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const out = flatten(response.headers);
  dropDecodedFraming(response, out);
  const statusText = response.statusText === '' ? undefined : response.statusText;
  const body = response.body;
  if (body === null) {
    res.writeHead(response.status, statusText, out);
    res.end();
    return;
  }
  const reader = body.getReader();
  const onClose = (): void => {
    // The client went away while the app's stream waits for its next chunk: tell the stream now.
    if (!complete(res)) reader.cancel().catch(() => undefined);
  };
  try {
    // A body made from a string or bytes is complete in one or two reads that settle at once: it
    // goes out with a Content-Length, not chunked.
    const chunks: Uint8Array[] = [];
    let pending: Promise<Read> | undefined;
    let done = false;
    for (let i = 0; i < 2 && !done; i++) {
      const read = reader.read();
      const result = await readNow(read);
      if (result === NOT_YET) {
        pending = read;
        break;
      }
      if (result.done) done = true;
      else chunks.push(bytesOf(result.value));
    }
    // HEAD: the length a GET would have, when the body is known at once (Response.json()); no body.
    if (req.method === 'HEAD') {
      if (done) out['content-length'] = byteLength(chunks);
      await reader.cancel().catch(() => undefined);
      res.writeHead(response.status, statusText, out);
      res.end();
      return;
    }
    if (!done && pending === undefined) pending = reader.read();
    // Complete: the body's own length, whatever the headers said (one that disagrees misframes the connection).
    if (done) out['content-length'] = byteLength(chunks);
    res.writeHead(response.status, statusText, out);
    if (done) {
      res.end(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
      return;
    }
    // Streamed under a Content-Length of the app's: Node refuses a write past it and an end short of
    // it (ERR_HTTP_CONTENT_LENGTH_MISMATCH), and the connection is cut below, never misframed.
    if (out['content-length'] !== undefined) res.strictContentLength = true;
    // The app's stream has not said more yet (an event stream): the head goes now, not with the
    // first chunk.
    if (chunks.length === 0 && typeof res.flushHeaders === 'function') res.flushHeaders();
    for (const chunk of chunks) res.write(chunk);
    res.once('close', onClose);
    for (let read = pending!; ; read = reader.read()) {
      const { done: end, value } = await read;
      if (end) break;
      if (cutShort(res)) {
        await reader.cancel().catch(() => undefined);
        return;
      }
      if (!res.write(bytesOf(value))) await waitForDrainOrClose(res);
    }
    res.end();
  } catch (error) {
    await reader.cancel(error).catch(() => undefined);
    // Failed before its head was written: the worker's guard answers 500. After: cut.
    if (res.headersSent) res.destroy(error as Error);
    throw error;
  } finally {
    res.off('close', onClose);
  }
}
