// The `Response` a Fetch app builds, while tsgun serves it: one that keeps a string, bytes or null
// body and its init as given, so that the Fetch bridge writes them in one `writeHead` + `end` call.
// A native Response turns every body into a ReadableStream at construction, and reading it back
// costs promises per chunk: with Hono that was a third of the CPU of a hello request.
// Anything a known body does not answer by itself (`body`, `text()`, `clone()`…) builds the native
// Response once and is answered by it; any other body or init (a stream, a Blob, a statusText, a
// status out of range) builds it at once, so that its errors are thrown where the native one
// throws them. @hono/node-server takes the same approach (its Response replaces the global one).

import { defineDelegates } from './delegates.ts';

const NativeResponse = globalThis.Response;
const TEXT_PLAIN = 'text/plain;charset=UTF-8';
// Statuses whose response has no body: the native constructor refuses a body with them.
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
// A header name as RFC 9110 allows it, and a value with nothing Headers would trim or refuse.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PLAIN_VALUE = /^(?:[^\0\t\n\r ][^\0\n\r]*[^\0\t\n\r ]|[^\0\t\n\r ])?$/;

type KnownBody = string | Uint8Array | null;
type HeadersRecord = Readonly<Record<string, string>>;

/** What the bridge writes for a response whose body is known: no Headers object unless one was made. */
export interface KnownParts {
  readonly status: number;
  readonly body: KnownBody;
  /** The app's Headers, or a record of lower-case names to plain values, or undefined (none given). */
  readonly headers: Headers | HeadersRecord | undefined;
}

function knownBody(body: unknown): KnownBody | undefined {
  if (body === null || body === undefined) return null;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return undefined;
}

/** A record Headers would take as it is (every name a token, every value a plain string, no name twice in two cases), lower-cased. */
function plainRecord(init: object): HeadersRecord | undefined {
  if (Object.getPrototypeOf(init) !== Object.prototype) return undefined;
  let out: Record<string, string> | undefined;
  for (const name in init) {
    const value = (init as Record<string, unknown>)[name];
    if (typeof value !== 'string' || !TOKEN.test(name) || !PLAIN_VALUE.test(value)) return undefined;
    const lower = name.toLowerCase();
    out ??= {};
    if (lower in out) return undefined;
    out[lower] = value;
  }
  return out ?? {};
}

export class LightResponse {
  #status = 200;
  #body: KnownBody = null;
  /** Headers the app passed: read, never changed (the app may pass one object to many responses). */
  #given: Headers | HeadersRecord | undefined;
  /** This response's own Headers, made when someone asks for `headers`. */
  #headers: Headers | undefined;
  #native: Response | undefined;

  constructor(body?: unknown, init?: ResponseInit) {
    const known = knownBody(body);
    const status = init?.status;
    const statusText = init?.statusText;
    const headers = init?.headers;
    const simple =
      known !== undefined &&
      (status === undefined || (Number.isInteger(status) && status >= 200 && status <= 599 && (known === null || !NULL_BODY.has(status)))) &&
      (statusText === undefined || statusText === '');
    if (simple) {
      this.#status = status ?? 200;
      this.#body = known;
      if (headers === undefined || headers === null) return;
      if (headers instanceof Headers) {
        this.#given = headers;
        return;
      }
      if (typeof headers === 'object' && !Array.isArray(headers)) {
        this.#given = plainRecord(headers);
        if (this.#given !== undefined) return;
      }
      // Arrays and unusual records: Headers validates them (and throws) as the native Response would.
      this.#headers = this.#own(new Headers(headers));
      return;
    }
    this.#native = new NativeResponse(body as ConstructorParameters<typeof Response>[0], init);
  }

  /** The known parts, for the writer; undefined once (or if) the native Response exists. */
  static known(response: unknown): KnownParts | undefined {
    if (typeof response !== 'object' || response === null || !(#native in response) || response.#native !== undefined) return undefined;
    return { status: response.#status, body: response.#body, headers: response.#headers ?? response.#given };
  }

  /** The native Response behind a light one (built now if need be), or the value itself. */
  static native(response: unknown): unknown {
    return typeof response === 'object' && response !== null && #native in response ? response.#materialise() : response;
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    // Responses from fetch() and from before the swap are native: still Responses to the app.
    return value instanceof NativeResponse;
  }

  /** `headers` as the native Response has them: a string body's default content-type added. */
  #own(headers: Headers): Headers {
    if (typeof this.#body === 'string' && !headers.has('content-type')) headers.set('content-type', TEXT_PLAIN);
    return headers;
  }

  #materialise(): Response {
    if (this.#native === undefined) {
      this.#native = new NativeResponse(this.#body, { status: this.#status, headers: this.headers });
      // From here on the native Response answers everything, its headers a copy of these.
      this.#headers = undefined;
      this.#given = undefined;
    }
    return this.#native;
  }

  get headers(): Headers {
    if (this.#native !== undefined) return this.#native.headers;
    this.#headers ??= this.#own(new Headers(this.#given));
    return this.#headers;
  }

  get status(): number {
    return this.#native?.status ?? this.#status;
  }

  get ok(): boolean {
    const status = this.status;
    return status >= 200 && status <= 299;
  }

  get statusText(): string {
    return this.#native?.statusText ?? '';
  }

  get type(): Response['type'] {
    return this.#native?.type ?? 'default';
  }

  get url(): string {
    return this.#native?.url ?? '';
  }

  get redirected(): boolean {
    return this.#native?.redirected ?? false;
  }

  get bodyUsed(): boolean {
    return this.#native?.bodyUsed ?? false;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.#materialise().body;
  }

  /** For the delegates (delegates.ts): what every other member is answered by. */
  static target(response: LightResponse): Response {
    return response.#materialise();
  }
}

// LightResponse is a Response to `instanceof` and to prototype lookups; every member it does not
// answer itself (text(), clone(), and whatever a later Node adds) is the native one's.
Object.setPrototypeOf(LightResponse.prototype, NativeResponse.prototype);
Object.setPrototypeOf(LightResponse, NativeResponse);
defineDelegates(LightResponse.prototype, NativeResponse.prototype, (self) => LightResponse.target(self as LightResponse));
