// The conformance layer over llhttp: what a request head must satisfy before the app sees it, beyond
// what Node's parser already refuses (RFC 9110/9112 rules llhttp leaves to the server, and tsgun's
// request limits counted the way Gunicorn counts them). Pure functions over what Node parsed: one
// pass over rawHeaders, no allocation unless the request is refused. docs/security.md has the table
// of every refusal with its RFC reference; worker-server.ts only calls checkRequest.

/** The parts of an IncomingMessage the check reads. */
export interface RequestHead {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly httpVersionMajor: number;
  readonly httpVersionMinor: number;
  readonly rawHeaders: readonly string[];
}

/** tsgun's request limits in bytes or fields; 0 for none (limitRequestHeadersSize always has one). */
export interface RequestLimits {
  readonly requestLine: number;
  readonly fields: number;
  readonly fieldSize: number;
  readonly headersSize: number;
}

export type RefusalReason =
  | 'unsupported-version'
  | 'missing-host'
  | 'duplicate-field'
  | 'invalid-host'
  | 'transfer-encoding-http10'
  | 'invalid-transfer-coding'
  | 'unsupported-transfer-coding'
  | 'connect-method'
  | 'asterisk-form'
  | 'invalid-target'
  | 'target-host-mismatch'
  | 'request-line-too-long'
  | 'too-many-fields'
  | 'field-too-large'
  | 'header-section-too-large';

export interface Refusal {
  readonly status: 400 | 414 | 431 | 501 | 505;
  readonly text: string;
  readonly reason: RefusalReason;
  /** `request.client-error`'s code: a broken RFC rule, or one of tsgun's limits. */
  readonly code: 'NONCONFORMING_REQUEST' | 'REQUEST_LIMIT';
  /** For people (the log line's msg). */
  readonly message: string;
}

/** The verdict on an acceptable request with a chunked body (its trailers are checked later: forbiddenTrailers). */
export const CHUNKED = 'chunked';

export type Verdict = Refusal | typeof CHUNKED | null;

/** One refusal, frozen: made once at load, so that refusing allocates nothing. */
export const refusal = (status: Refusal['status'], text: string, reason: RefusalReason, message: string): Refusal =>
  Object.freeze({ status, text, reason, code: status === 414 || status === 431 ? 'REQUEST_LIMIT' : 'NONCONFORMING_REQUEST', message });

// One frozen object per refusal: refusing allocates nothing either.
const R = {
  version: refusal(505, 'HTTP Version Not Supported', 'unsupported-version', 'the request is not HTTP/1.0 or HTTP/1.1'),
  missingHost: refusal(400, 'Bad Request', 'missing-host', 'an HTTP/1.1 request without a Host field (RFC 9112 3.2)'),
  duplicateHost: refusal(400, 'Bad Request', 'duplicate-field', 'more than one Host field line (RFC 9112 3.2)'),
  duplicateType: refusal(400, 'Bad Request', 'duplicate-field', 'more than one Content-Type field line (RFC 9110 5.3)'),
  duplicateAuth: refusal(400, 'Bad Request', 'duplicate-field', 'more than one Authorization or Proxy-Authorization field line (RFC 9110 5.3)'),
  invalidHost: refusal(400, 'Bad Request', 'invalid-host', 'a Host field value that is not host[:port] (RFC 9112 3.2)'),
  te10: refusal(400, 'Bad Request', 'transfer-encoding-http10', 'Transfer-Encoding in an HTTP/1.0 request: its framing is faulty (RFC 9112 6.1)'),
  teNotChunked: refusal(400, 'Bad Request', 'invalid-transfer-coding', 'Transfer-Encoding whose final coding is not chunked (RFC 9112 6.3)'),
  teUnsupported: refusal(501, 'Not Implemented', 'unsupported-transfer-coding', 'a transfer coding other than chunked, which tsgun does not decode (RFC 9112 6.1)'),
  asterisk: refusal(400, 'Bad Request', 'asterisk-form', 'the asterisk-form target (*) is for OPTIONS only (RFC 9112 3.2.4)'),
  target: refusal(400, 'Bad Request', 'invalid-target', 'a request target that is not origin-form, absolute-form http(s) or * (RFC 9112 3.2)'),
  mismatch: refusal(400, 'Bad Request', 'target-host-mismatch', 'an absolute-form target whose authority is not the Host field (RFC 9112 3.2.2)'),
  line: refusal(414, 'URI Too Long', 'request-line-too-long', 'the request line is longer than limitRequestLine'),
  fields: refusal(431, 'Request Header Fields Too Large', 'too-many-fields', 'more header fields than limitRequestFields'),
  fieldSize: refusal(431, 'Request Header Fields Too Large', 'field-too-large', 'a header field line longer than limitRequestFieldSize'),
  headersSize: refusal(431, 'Request Header Fields Too Large', 'header-section-too-large', 'header field lines longer in total than limitRequestHeadersSize'),
} as const;

/** The refusal for a CONNECT request (Node hands it to the server's 'connect' event, never to the app). */
export const CONNECT_REFUSAL: Refusal = refusal(501, 'Not Implemented', 'connect-method', 'CONNECT: tsgun is an origin server, not a tunnel');

// Field names the check cares about, told apart by length first: most names match no length here.
const HOST = 1;
const CONTENT_TYPE = 2;
const AUTHORIZATION = 4;
const PROXY_AUTHORIZATION = 8;
const TRANSFER_ENCODING = 16;

/** Whether `name` is `lower` (ASCII, already lower case), ignoring case, without allocating. */
function sameName(name: string, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    const c = name.charCodeAt(i);
    const l = lower.charCodeAt(i);
    if (c !== l && !(l >= 97 && l <= 122 && (c | 0x20) === l)) return false;
  }
  return true;
}

function fieldBit(name: string): number {
  switch (name.length) {
    case 4:
      return sameName(name, 'host') ? HOST : 0;
    case 12:
      return sameName(name, 'content-type') ? CONTENT_TYPE : 0;
    case 13:
      return sameName(name, 'authorization') ? AUTHORIZATION : 0;
    case 17:
      return sameName(name, 'transfer-encoding') ? TRANSFER_ENCODING : 0;
    case 19:
      return sameName(name, 'proxy-authorization') ? PROXY_AUTHORIZATION : 0;
    default:
      return 0;
  }
}

/**
 * The verdict on a request head: null (serve it), CHUNKED (serve it, and check its trailers once
 * they came), or why it is refused. Checked in the order a reader of the head meets the problems:
 * version, request line, limits, fields, target.
 */
export function checkRequest(head: RequestHead, limits: RequestLimits): Verdict {
  if (head.httpVersionMajor !== 1 || (head.httpVersionMinor !== 0 && head.httpVersionMinor !== 1)) return R.version;
  const method = head.method ?? '';
  const url = head.url ?? '';
  // The request line as Gunicorn counts it: method SP target SP HTTP/1.x, without its CRLF.
  if (limits.requestLine > 0 && method.length + url.length + 10 > limits.requestLine) return R.line;
  const raw = head.rawHeaders;
  if (limits.fields > 0 && raw.length / 2 > limits.fields) return R.fields;
  const fieldLimit = limits.fieldSize > 0 ? limits.fieldSize : Infinity;
  let total = 0;
  let seen = 0;
  let host = -1;
  // Transfer-Encoding lines: how many, and whether every one is exactly `chunked`.
  let teOther = false;
  let teLast = -1;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    // A field line counted whole, as Gunicorn counts it: `name: value` and its CRLF (llhttp hands
    // the value over without the whitespace around it, so that whitespace is counted as one space).
    const line = name.length + value.length + 4;
    if (line > fieldLimit) return R.fieldSize;
    total += line;
    const bit = fieldBit(name);
    if (bit === 0) continue;
    if (bit === TRANSFER_ENCODING) {
      if (!sameWord(value, 'chunked')) teOther = true;
      teLast = i + 1;
    } else if ((seen & bit) !== 0) {
      return bit === HOST ? R.duplicateHost : bit === CONTENT_TYPE ? R.duplicateType : R.duplicateAuth;
    } else if (bit === HOST) host = i + 1;
    seen |= bit;
  }
  if (total > limits.headersSize) return R.headersSize;
  if (host === -1 ? head.httpVersionMinor === 1 : !isHostField(raw[host]!)) return host === -1 ? R.missingHost : R.invalidHost;
  if (teLast !== -1) {
    if (head.httpVersionMinor === 0) return R.te10;
    if (teOther) return endsWithChunked(raw[teLast]!) ? R.teUnsupported : R.teNotChunked;
  }
  const target = checkTarget(method, url, host === -1 ? null : raw[host]!);
  if (target !== null) return target;
  return teLast === -1 ? null : CHUNKED;
}

/**
 * The last Host value found valid. A keep-alive connection, and most clients of one server, send
 * the same Host with every request: comparing it with the last one costs a tenth of checking it
 * again (measured with callgrind: the check was ~470 instructions of the ~63k a hello request costs
 * a worker). A memo of a pure function: it can only skip work, never change a verdict.
 */
let validHost = '';

function isHostField(value: string): boolean {
  if (value === validHost) return true;
  if (!isHost(value, 0, value.length, true)) return false;
  validHost = value;
  return true;
}

/** `value` is `word` (lower case) ignoring case. */
function sameWord(value: string, word: string): boolean {
  return value.length === word.length && sameName(value, word);
}

/** Whether the last coding of a Transfer-Encoding list value is `chunked`. */
function endsWithChunked(value: string): boolean {
  const comma = value.lastIndexOf(',');
  let start = comma + 1;
  while (start < value.length && (value.charCodeAt(start) === 32 || value.charCodeAt(start) === 9)) start++;
  return value.length - start === 7 && sameName(value.slice(start), 'chunked');
}

function checkTarget(method: string, url: string, host: string | null): Refusal | null {
  const first = url.charCodeAt(0);
  // origin-form, the common case: llhttp checked its characters; a fragment is no part of a target
  // (RFC 9112 3.2: clients strip it), and a proxy and the app may cut it at different places.
  if (first === 47 /* / */) return url.length === 1 || url.indexOf('#') === -1 ? null : R.target;
  if (url === '*') return method === 'OPTIONS' ? null : R.asterisk;
  return checkAbsoluteForm(url, host);
}

/**
 * absolute-form (RFC 9112 3.2.2): `http://authority/path` or `https://…`, as a client sends to a
 * proxy. tsgun is an origin server: another scheme is refused, userinfo is refused (RFC 9110 4.2.4),
 * and the authority must be the Host field's (the RFC has the server ignore Host; an app reading
 * Host would route elsewhere).
 */
function checkAbsoluteForm(url: string, host: string | null): Refusal | null {
  let at: number;
  if (url.length > 7 && sameName(url, 'http://')) at = 7;
  else if (url.length > 8 && sameName(url, 'https://')) at = 8;
  else return R.target;
  let end = at;
  while (end < url.length) {
    const c = url.charCodeAt(end);
    if (c === 47 || c === 63) break; // / ?
    end++;
  }
  if (!isHost(url, at, end, false)) return R.target;
  if (url.indexOf('#', end) !== -1) return R.target;
  if (host !== null && !sameAuthority(url, at, end, host, at === 8 ? 443 : 80)) return R.mismatch;
  return null;
}

/** The target's authority and the Host value name the same host and port (case aside, default port implied). */
function sameAuthority(url: string, at: number, end: number, host: string, defaultPort: number): boolean {
  const a = url.slice(at, end).toLowerCase();
  const b = host.toLowerCase();
  if (a === b) return true;
  const suffix = `:${defaultPort}`;
  const strip = (s: string): string => (s.endsWith(suffix) ? s.slice(0, -suffix.length) : s);
  return strip(a) === strip(b);
}

// RFC 3986 reg-name: unreserved, sub-delims and pct-encoded ('%' checked apart).
const REG_NAME = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=") REG_NAME[c.charCodeAt(0)] = 1;

/**
 * Whether `text.slice(start, end)` is `uri-host [":" port]` (RFC 9112 3.2, RFC 3986 3.2.2):
 * a reg-name or IPv4 address, or a bracketed IP literal, then an optional port of at most 5 digits.
 * An empty host is allowed only where the grammar allows it (the Host field: `allowEmpty`).
 */
export function isHost(text: string, start: number, end: number, allowEmpty: boolean): boolean {
  if (start === end) return allowEmpty;
  let i = start;
  if (text.charCodeAt(i) === 91 /* [ */) {
    i++;
    while (i < end && text.charCodeAt(i) !== 93 /* ] */) {
      const c = text.charCodeAt(i);
      const ok = (c >= 48 && c <= 58) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 46 || c === 118 || c === 86;
      if (!ok) return false;
      i++;
    }
    if (i === end || i === start + 1) return false;
    i++;
  } else {
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c === 58 /* : */) break;
      if (c === 37 /* % */) {
        if (i + 2 >= end || !isHex(text.charCodeAt(i + 1)) || !isHex(text.charCodeAt(i + 2))) return false;
        i += 3;
        continue;
      }
      if (c > 127 || REG_NAME[c] !== 1) return false;
      i++;
    }
    if (i === start && !allowEmpty) return false;
  }
  if (i === end) return true;
  if (text.charCodeAt(i) !== 58) return false;
  const digits = end - i - 1;
  if (digits > 5) return false;
  let port = 0;
  for (let j = i + 1; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c < 48 || c > 57) return false;
    port = port * 10 + (c - 48);
  }
  return port <= 65535;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/**
 * Fields that must not come in a trailer section (RFC 9110 6.5.1: framing, routing, authentication,
 * request modifiers, content format, connection management). llhttp refuses Content-Length and
 * Transfer-Encoding there itself (a parse error); the rest it hands over in req.rawTrailers.
 */
const FORBIDDEN_TRAILERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'trailer',
  'te',
  'connection',
  'keep-alive',
  'upgrade',
  'proxy-connection',
  'authorization',
  'proxy-authorization',
  'cookie',
  'content-type',
  'content-encoding',
  'content-range',
  'expect',
  'range',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'if-range',
  'max-forwards',
  'cache-control',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
]);

/**
 * The trailer fields (as rawTrailers, name then value) without those RFC 9110 6.5.1 forbids, or
 * null when none is forbidden (the common case: nothing to change).
 */
export function allowedTrailers(rawTrailers: readonly string[]): string[] | null {
  let kept: string[] | null = null;
  for (let i = 0; i < rawTrailers.length; i += 2) {
    const forbidden = FORBIDDEN_TRAILERS.has(rawTrailers[i]!.toLowerCase());
    if (forbidden && kept === null) kept = rawTrailers.slice(0, i);
    else if (!forbidden && kept !== null) kept.push(rawTrailers[i]!, rawTrailers[i + 1]!);
  }
  return kept;
}
