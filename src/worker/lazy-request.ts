// The `Request` a Fetch app is given: a stand-in that is a Request to `instanceof` and answers
// `method` and `url` from what the worker already knows, and builds the rest only when the app reads
// it: `headers` (a Headers filled from rawHeaders), `signal` (an AbortController, and a 'close'
// listener on the response), and the native Request itself for the body and every other member.
// Building all of these for every request cost Hono 3.4× the CPU of @hono/node-server, which
// builds them lazily the same way (its src/request.ts).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { defineDelegates } from './delegates.ts';

const NativeRequest = globalThis.Request;

type Outgoing = ServerResponse & { readonly closed?: boolean };

/** Whether the response's connection (HTTP/2: stream) closed before the response was complete. */
function cutShort(res: Outgoing): boolean {
  return (res.destroyed || res.closed === true) && !res.writableFinished;
}

const ABORTED = 'the client closed the connection before the response was complete';

export class LazyRequest {
  readonly #req: IncomingMessage;
  readonly #res: Outgoing;
  readonly #url: string;
  readonly #method: string;
  #headers: Headers | undefined;
  #signal: AbortSignal | undefined;
  #native: Request | undefined;

  constructor(req: IncomingMessage, res: ServerResponse, url: string, method: string) {
    this.#req = req;
    this.#res = res;
    this.#url = url;
    this.#method = method;
  }

  /** The native Request behind a lazy one (built now if need be), else undefined. */
  static unwrap(value: unknown): Request | undefined {
    return typeof value === 'object' && value !== null && #req in value ? value.#materialise() : undefined;
  }

  /** Whether `value` is a lazy request whose native Request, headers or signal were built (for tests and the bench). */
  static built(value: LazyRequest): { request: boolean; headers: boolean; signal: boolean } {
    return { request: value.#native !== undefined, headers: value.#headers !== undefined, signal: value.#signal !== undefined };
  }

  get method(): string {
    return this.#method;
  }

  get url(): string {
    return this.#url;
  }

  get headers(): Headers {
    if (this.#headers === undefined) {
      const headers = new Headers();
      const raw = this.#req.rawHeaders;
      for (let i = 0; i < raw.length; i += 2) {
        const name = raw[i]!;
        if (name.charCodeAt(0) === 58 /* ':' */) continue; // HTTP/2 pseudo-headers
        headers.append(name, raw[i + 1]!);
      }
      this.#headers = headers;
    }
    return this.#headers;
  }

  /**
   * Aborts when the client goes away before the response is complete, and on requestTimeout (the
   * worker server's `req.signal`). Made when first read: a request whose app never reads it pays
   * for no controller and no listener.
   */
  get signal(): AbortSignal {
    if (this.#signal === undefined) {
      const controller = new AbortController();
      const res = this.#res;
      if (cutShort(res)) controller.abort(new Error(ABORTED));
      else
        res.once('close', () => {
          if (!res.writableFinished) controller.abort(new Error(ABORTED));
        });
      // requestTimeout's signal is the worker server's own property. Node 24's IncomingMessage.signal
      // getter (on the prototype) is not read: it would build another controller for every request.
      const limit = Object.hasOwn(this.#req, 'signal') ? (this.#req as IncomingMessage & { signal: AbortSignal }).signal : undefined;
      this.#signal = limit === undefined ? controller.signal : AbortSignal.any([controller.signal, limit]);
    }
    return this.#signal;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.#materialise().body;
  }

  get bodyUsed(): boolean {
    return this.#native?.bodyUsed ?? false;
  }

  #materialise(): Request {
    if (this.#native === undefined) {
      const method = this.#method;
      const init: RequestInit & { duplex?: 'half' } = { method, headers: this.headers, signal: this.signal };
      if (method !== 'GET' && method !== 'HEAD') {
        init.body = Readable.toWeb(this.#req) as ReadableStream<Uint8Array>;
        init.duplex = 'half';
      }
      this.#native = new NativeRequest(this.#url, init);
    }
    return this.#native;
  }

  static target(request: LazyRequest): Request {
    return request.#materialise();
  }
}

Object.setPrototypeOf(LazyRequest.prototype, NativeRequest.prototype);
defineDelegates(LazyRequest.prototype, NativeRequest.prototype, (self) => LazyRequest.target(self as LazyRequest));
