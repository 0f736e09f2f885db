// The `Request` a Fetch app is given: a stand-in that is a Request to `instanceof` and answers
// `method` and `url` from what the worker already knows, and builds the rest only when the app reads
// it: `headers` (a Headers filled from rawHeaders), `signal` (an AbortController, and a 'close'
// listener on the response), and the native Request itself for the body and every other member.
// Building all of these for every request cost Hono 3.4× the CPU of @hono/node-server, which
// builds them lazily the same way (its src/request.ts).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { defineDelegates } from './delegates.ts';
import { complete, cutShort, type Outgoing } from './response-writer.ts';

const NativeRequest = globalThis.Request;

const utf8 = new TextDecoder();

/** The bytes in an ArrayBuffer of their own (a Buffer may be a slice of Node's shared pool). */
const ownBuffer = (bytes: Buffer): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

const ABORTED = 'the client closed the connection before the response was complete';

/** Methods Fetch's Request constructor refuses (its "forbidden methods"). */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

export class LazyRequest {
  readonly #req: IncomingMessage;
  readonly #res: Outgoing;
  readonly #url: string;
  readonly #method: string;
  #headers: Headers | undefined;
  #signal: AbortSignal | undefined;
  #native: Request | undefined;
  /** The body was read by text(), json(), arrayBuffer() or bytes() straight from the node request. */
  #read = false;
  /** The body was handed to the native Request as a web stream of the node request. */
  #streamed = false;

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

  /** Whether `value` is a lazy request whose native Request, headers or signal were built (for tests). */
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
          if (!complete(res)) controller.abort(new Error(ABORTED));
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
    return this.#read || (this.#native?.bodyUsed ?? false);
  }

  // The body read whole, straight from the node request: no native Request, no web stream between.
  text(): Promise<string> {
    return this.#direct() ? this.#readAll().then((bytes) => utf8.decode(bytes)) : this.#materialise().text();
  }

  json(): Promise<unknown> {
    return this.#direct() ? this.#readAll().then((bytes) => JSON.parse(utf8.decode(bytes)) as unknown) : this.#materialise().json();
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.#direct() ? this.#readAll().then(ownBuffer) : this.#materialise().arrayBuffer();
  }

  bytes(): Promise<Uint8Array> {
    return this.#direct() ? this.#readAll().then((bytes) => new Uint8Array(ownBuffer(bytes))) : this.#materialise().bytes();
  }

  /** Whether the body can be read from the node request itself (a body-carrying method, nothing read yet). */
  #direct(): boolean {
    return this.#native === undefined && this.#method !== 'GET' && this.#method !== 'HEAD' && !this.#req.readableDidRead;
  }

  #readAll(): Promise<Buffer> {
    if (this.#read) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    this.#read = true;
    const req = this.#req;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      const onData = (chunk: Buffer | string): void => void chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, req.readableEncoding ?? 'utf8') : chunk);
      const onEnd = (): void => {
        cleanup();
        resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
      };
      const onError = (error: Error): void => {
        cleanup();
        reject(error);
      };
      // A client that goes away mid-body: the read fails as the native body stream's would.
      const onClose = (): void => {
        if (!req.readableEnded) onError(new Error('the client closed the connection before the request body was complete'));
      };
      const cleanup = (): void => {
        req.off('data', onData);
        req.off('end', onEnd);
        req.off('error', onError);
        req.off('close', onClose);
      };
      req.on('data', onData);
      req.on('end', onEnd);
      req.on('error', onError);
      req.on('close', onClose);
    });
  }

  #materialise(): Request {
    if (this.#native === undefined) {
      const method = this.#method;
      // Fetch refuses to build a Request with these (a TypeError, which made any TRACE a 500): it is
      // built as a GET without a body (TRACE has none, RFC 9110 9.3.8) and says its own method, as
      // @hono/node-server's does.
      const forbidden = FORBIDDEN_METHODS.has(method.toUpperCase());
      const init: RequestInit & { duplex?: 'half' } = { method: forbidden ? 'GET' : method, headers: this.headers, signal: this.signal };
      if (method !== 'GET' && method !== 'HEAD' && !forbidden) {
        // Read already (text(), json()…): the native Request gets an empty body, locked, as a used one's is.
        if (this.#read) init.body = new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
        else {
          init.body = Readable.toWeb(this.#req) as ReadableStream<Uint8Array>;
          this.#streamed = true;
        }
        init.duplex = 'half';
      }
      this.#native = new NativeRequest(this.#url, init);
      if (forbidden) Object.defineProperty(this.#native, 'method', { value: method, enumerable: true });
      if (this.#read) this.#native.body?.getReader();
    }
    return this.#native;
  }

  /**
   * Whether the body went to a web stream and has not all come in: the app made `request.body` (or
   * read through the native Request) and left some unread. Node discards an unread body only if
   * nothing started reading it, so this one would stay in the socket, and the connection's next
   * request behind it would wait until a timeout cut the connection.
   */
  static bodyLeftUnread(value: unknown): boolean {
    return typeof value === 'object' && value !== null && #req in value && value.#streamed && !value.#req.complete;
  }

  static target(request: LazyRequest): Request {
    return request.#materialise();
  }
}

Object.setPrototypeOf(LazyRequest.prototype, NativeRequest.prototype);
defineDelegates(LazyRequest.prototype, NativeRequest.prototype, (self) => LazyRequest.target(self as LazyRequest));
