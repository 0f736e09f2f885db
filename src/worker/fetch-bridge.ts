// Serves a Fetch-style handler (`fetch(Request) => Response`, Hono and friends) on node:http and
// the HTTP/2 compatibility API, at the cost of the framework's own node adapter: the Request is a
// LazyRequest (only what the app reads is built), a Response with a known body is written in one
// call (light-response.ts, response-writer.ts), and the abort plumbing exists only once the app reads
// `request.signal`. Bodies still stream both ways, with backpressure, never buffered whole.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { installFetchGlobals } from './fetch-globals.ts';
import { FORWARDED_SCHEME } from './forwarded.ts';
import { describe } from './describe-value.ts';
import { authorityOf } from './http2-request.ts';
import { LazyRequest } from './lazy-request.ts';
import { LightResponse } from './light-response.ts';
import { requestHref } from './request-url.ts';
import { writeKnown, writeNative } from './response-writer.ts';

export type FetchHandler = (request: Request, context?: unknown) => Response | Promise<Response>;

const NativeResponse = globalThis.Response;

/** The address the client connected to, as a Host value: for an HTTP/1.0 request without a Host. */
function localHost(req: IncomingMessage): string {
  const address = req.socket.localAddress;
  if (address === undefined) return 'localhost';
  const host = address.includes(':') ? `[${address}]` : address;
  return req.socket.localPort === undefined ? host : `${host}:${req.socket.localPort}`;
}

/** The method as a Request holds it: Fetch upper-cases these six whatever their case (HTTP/2 may send `get`). */
function fetchMethod(method: string | undefined): string {
  if (method === undefined) return 'GET';
  if (method === 'GET' || method === 'POST' || method === 'HEAD' || method === 'PUT' || method === 'DELETE' || method === 'OPTIONS') return method;
  const upper = method.toUpperCase();
  return upper === 'GET' || upper === 'POST' || upper === 'HEAD' || upper === 'PUT' || upper === 'DELETE' || upper === 'OPTIONS' ? upper : method;
}

/**
 * The Request for a node request. Throws BadRequestTarget (a 400, the app is not called) for an
 * unusable Host header or target.
 */
export function toRequest(req: IncomingMessage, res: ServerResponse): Request {
  // A trusted proxy's secure scheme header (set by the worker server) wins over the socket, as in
  // Gunicorn; the host is the Host header's (Gunicorn does not believe X-Forwarded-Host either), and
  // the path is the target's own (request-url.ts says why it is never resolved as a URL).
  const scheme = (req as IncomingMessage & { [FORWARDED_SCHEME]?: 'http' | 'https' })[FORWARDED_SCHEME] ?? ((req.socket as TLSSocket).encrypted === true ? 'https' : 'http');
  // HTTP/2 names the authority in :authority (a Host field, if sent too, must agree: http2-request.ts).
  const host = req.httpVersionMajor === 2 ? authorityOf(req) : req.headers.host;
  const url = requestHref(scheme, req.url ?? '/', host, () => localHost(req));
  return new LazyRequest(req, res, url, fetchMethod(req.method)) as unknown as Request;
}

/** Writes what the handler returned; a promise only when there is something to wait for (a stream). */
function send(request: Request, response: unknown, req: IncomingMessage, res: ServerResponse): void | Promise<void> {
  // Answered already: requestTimeout's 503 went while the handler ran (its signal said so). What it
  // returns late goes nowhere, as the app meant nothing to go out twice.
  if (res.headersSent) {
    const late = LightResponse.native(response);
    if (late instanceof NativeResponse) late.body?.cancel().catch(() => undefined);
    return;
  }
  // A body the app began to read and left (bodyLeftUnread): close after this response rather than
  // leave the next request behind it. HTTP/2 resets the stream instead.
  if (req.httpVersionMajor === 1 && LazyRequest.bodyLeftUnread(request)) res.setHeader('connection', 'close');
  const known = LightResponse.known(response);
  if (known !== undefined) return writeKnown(known, req, res);
  const native = LightResponse.native(response);
  if (!(native instanceof NativeResponse)) throw new TypeError(`the fetch handler returned ${describe(response)}, expected a Response`);
  return writeNative(native, req, res);
}

/**
 * A node request listener that serves `handler`. Errors throw or reject, for the worker's 500 guard.
 * The handler's second argument is `{ incoming, outgoing }`, the node request and response, as
 * @hono/node-server passes them: Hono's getConnInfo and `c.env.incoming` read the client's address
 * from it.
 */
export function fetchListener(handler: FetchHandler): (req: IncomingMessage, res: ServerResponse) => void | Promise<void> {
  installFetchGlobals();
  return (req, res) => {
    const request = toRequest(req, res);
    const result = handler(request, { incoming: req, outgoing: res }) as unknown;
    if (typeof result === 'object' && result !== null && typeof (result as Promise<unknown>).then === 'function') {
      return (result as Promise<unknown>).then((response) => send(request, response, req, res));
    }
    return send(request, result, req, res);
  };
}
