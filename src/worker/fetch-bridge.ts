// Serves a Fetch-style handler (`fetch(Request) => Response`, Hono and friends) on node:http.
// Bodies stream both ways: the request body is the socket's stream, the response body is pumped
// with backpressure, so neither is ever buffered whole. The Request's `signal` aborts when the
// client goes away before the response is finished.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { FORWARDED_SCHEME } from './forwarded.ts';
import { authorityOf } from './http2-request.ts';
import { BadRequestTarget, requestUrl } from './request-url.ts';

export type FetchHandler = (request: Request, context?: unknown) => Response | Promise<Response>;

const NO_BODY_METHODS = new Set(['GET', 'HEAD']);

/** The address the client connected to, as a Host value: for an HTTP/1.0 request without a Host. */
function localHost(req: IncomingMessage): string {
  const address = req.socket.localAddress;
  if (address === undefined) return 'localhost';
  const host = address.includes(':') ? `[${address}]` : address;
  return req.socket.localPort === undefined ? host : `${host}:${req.socket.localPort}`;
}

/**
 * The Web `Request` for a node request. Throws BadRequestTarget (a 400, the app is not called) for
 * an unusable Host header or target.
 */
export function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  // A trusted proxy's secure scheme header (set by the worker server) wins over the socket, as in
  // Gunicorn; the host is the Host header's (Gunicorn does not believe X-Forwarded-Host either), and
  // the path is the target's own (request-url.ts says why it is never resolved as a URL).
  const scheme = (req as IncomingMessage & { [FORWARDED_SCHEME]?: 'http' | 'https' })[FORWARDED_SCHEME] ?? ((req.socket as TLSSocket).encrypted === true ? 'https' : 'http');
  // HTTP/2 names the authority in :authority (a Host field, if sent too, must agree: http2-request.ts).
  const host = req.httpVersionMajor === 2 ? authorityOf(req) : req.headers.host;
  const url = requestUrl(scheme, req.url ?? '/', host, () => localHost(req));
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.charCodeAt(0) === 58 /* ':' */) continue; // HTTP/2 pseudo-headers
    headers.append(name, raw[i + 1]!);
  }
  const method = req.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal };
  if (!NO_BODY_METHODS.has(method)) {
    init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  try {
    return new Request(url, init);
  } catch (error) {
    // A Host of legal characters that is still no host (`1.2.3.999`, `xn--a`): the URL parser is
    // the judge, asked only when it refused, so that a valid request pays nothing for the check.
    if (!URL.canParse(url)) throw new BadRequestTarget('INVALID_HOST', `the Host header ${JSON.stringify(String(host).slice(0, 200))} is not a host`);
    throw error;
  }
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

/** Writes a Web `Response` to a node response, streaming its body with backpressure. */
export async function writeResponse(response: Response, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie') continue;
    headers[name] = value;
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, response.statusText || undefined, headers);

  const body = response.body;
  if (body === null || req.method === 'HEAD') {
    if (body !== null) await body.cancel().catch(() => undefined);
    res.end();
    return;
  }
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) {
        await reader.cancel().catch(() => undefined);
        return;
      }
      if (!res.write(value)) await waitForDrainOrClose(res);
    }
    res.end();
  } catch (error) {
    // The body failed half-way: the status line is gone, so the only honest signal left is to cut
    // the connection (a truncated chunked body is detectable by the client; a clean end is not).
    await reader.cancel(error).catch(() => undefined);
    res.destroy(error as Error);
    throw error;
  }
}

/**
 * A node request listener that serves `handler`. Errors reject, for the worker's 500 guard. The
 * handler's second argument is `{ incoming, outgoing }`, the node request and response, as
 * @hono/node-server passes them: Hono's getConnInfo and `c.env.incoming` read the client's address
 * from it.
 */
export function fetchListener(handler: FetchHandler): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const controller = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) controller.abort(new Error('the client closed the connection before the response was complete'));
    });
    // requestTimeout's signal (set by the worker server) aborts the request too.
    const limit = (req as IncomingMessage & { signal?: AbortSignal }).signal;
    const signal = limit === undefined ? controller.signal : AbortSignal.any([controller.signal, limit]);
    const response = await handler(toRequest(req, signal), { incoming: req, outgoing: res });
    if (!(response instanceof Response)) {
      throw new TypeError(`the fetch handler returned ${describe(response)}, expected a Response`);
    }
    await writeResponse(response, req, res);
  };
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return `a function of ${value.length} parameter${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).slice(0, 6);
    return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`;
  }
  return `${typeof value} ${JSON.stringify(value)}`;
}
