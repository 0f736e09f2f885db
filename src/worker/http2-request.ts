// The request guard's check of an HTTP/2 request head, where conformance.ts checks HTTP/1's: nghttp2
// has already refused what RFC 9113 calls malformed (connection-specific fields, upper-case names,
// a missing :method or :path, a bad content-length), so what is left is tsgun's limits, counted as
// for HTTP/1 (the :path with the method as the request line; fields without the pseudo-headers,
// each as the line `name: value` CRLF it would be), and the Host field that must agree with
// :authority (RFC 9113 section 8.3.1).

import type { IncomingMessage } from 'node:http';
import { isHost, refusal, type Refusal, type RequestLimits } from './conformance.ts';

const R = {
  line: refusal(414, 'URI Too Long', 'request-line-too-long', 'the :method and :path are longer than limitRequestLine'),
  fields: refusal(431, 'Request Header Fields Too Large', 'too-many-fields', 'more header fields than limitRequestFields'),
  fieldSize: refusal(431, 'Request Header Fields Too Large', 'field-too-large', 'a header field longer than limitRequestFieldSize'),
  headersSize: refusal(431, 'Request Header Fields Too Large', 'header-section-too-large', 'header fields longer in total than limitRequestHeadersSize'),
  duplicateHost: refusal(400, 'Bad Request', 'duplicate-field', 'more than one Host field'),
  invalidHost: refusal(400, 'Bad Request', 'invalid-host', 'an :authority or Host that is not host[:port]'),
  missingHost: refusal(400, 'Bad Request', 'missing-host', 'neither :authority nor Host (RFC 9113 8.3.1)'),
  mismatch: refusal(400, 'Bad Request', 'target-host-mismatch', 'a Host field that names another authority than :authority (RFC 9113 8.3.1)'),
  target: refusal(400, 'Bad Request', 'invalid-target', 'a :path with a fragment, or with a byte that is not visible ASCII (RFC 3986; refused over HTTP/1.1 too)'),
} as const;

/**
 * Whether a :path holds what an HTTP/1.1 request target may not: a fragment (a proxy and the app may
 * cut the path at different places) or a byte outside visible ASCII (raw UTF-8, a space). llhttp
 * refuses those in a request line; nghttp2 only refuses controls.
 */
function badPath(path: string): boolean {
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c < 0x21 || c > 0x7e || c === 0x23 /* # */) return true;
  }
  return false;
}

/** The refusal for an HTTP/2 request head, or null to let it through. */
export function checkHttp2Request(req: IncomingMessage, limits: RequestLimits): Refusal | null {
  if (limits.requestLine > 0 && (req.method?.length ?? 0) + (req.url?.length ?? 0) + 10 > limits.requestLine) return R.line;
  if (badPath(req.url ?? '')) return R.target;
  const raw = req.rawHeaders;
  const fieldLimit = limits.fieldSize > 0 ? limits.fieldSize : Infinity;
  let fields = 0;
  let total = 0;
  let authority: string | null = null;
  let host: string | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    if (name.charCodeAt(0) === 58 /* : */) {
      if (name === ':authority') authority = value;
      continue;
    }
    const line = name.length + value.length + 4;
    if (line > fieldLimit) return R.fieldSize;
    total += line;
    fields++;
    if (name === 'host') {
      if (host !== null) return R.duplicateHost;
      host = value;
    }
  }
  if (limits.fields > 0 && fields > limits.fields) return R.fields;
  if (total > limits.headersSize) return R.headersSize;
  const named = authority ?? host;
  if (named === null) return R.missingHost;
  if (!isHost(named, 0, named.length, false)) return R.invalidHost;
  if (authority !== null && host !== null && host.toLowerCase() !== authority.toLowerCase()) return R.mismatch;
  return null;
}

/** The authority an HTTP/2 request names (:authority, else Host), for a Fetch app's URL. */
export function authorityOf(req: IncomingMessage): string | undefined {
  const headers = req.headers as IncomingMessage['headers'] & { ':authority'?: string };
  return headers[':authority'] ?? headers.host;
}
