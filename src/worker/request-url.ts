// The URL a Fetch app sees. Its origin is the scheme tsgun decided (the socket, or a trusted proxy's
// secure scheme header) and the Host header; its path is the request target's own bytes. Resolving
// the target as a URL against a base, as `new URL(req.url, base)` does, lets `GET //evil.example/x`
// change the host the app sees, and an absolute-form `https://…` target change the scheme: behind
// nginx, `location /admin { deny all; }` sees `//evil.example/admin` while the app routes `/admin`.
// Gunicorn's PATH_INFO and @hono/node-server keep the target's path the same way.

/** Why a request has no usable URL: the worker answers 400 and never calls the app. */
export class BadRequestTarget extends Error {
  readonly code: 'INVALID_HOST' | 'INVALID_TARGET';

  constructor(code: 'INVALID_HOST' | 'INVALID_TARGET', message: string) {
    super(message);
    this.code = code;
  }
}

// Bytes a target may hold as they are. Anything else in a target llhttp accepted (`\`, which the URL
// parser reads as `/`; `#`, which it reads as the start of a fragment and drops) is percent-encoded,
// so that the app decodes the very bytes the client sent.
const PLAIN_TARGET = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?%") PLAIN_TARGET[c.charCodeAt(0)] = 1;

// A Host is `reg-name` or an IPv4 address (RFC 3986 unreserved characters only: no userinfo, no
// percent-encoding, which no client sends) or a bracketed IPv6 literal, then an optional port.
const HOST_NAME = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~') HOST_NAME[c.charCodeAt(0)] = 1;

function isPort(text: string): boolean {
  if (text.length === 0) return true; // `host:` is allowed by RFC 3986 (an empty port)
  if (text.length > 5) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return Number(text) <= 65535;
}

/** Whether `host` is a usable Host header value: `name`, `name:port`, `[v6]`, `[v6]:port`. */
export function isValidHost(host: string): boolean {
  if (host.length === 0 || host.length > 1024) return false;
  let end: number;
  if (host.charCodeAt(0) === 91 /* [ */) {
    end = host.indexOf(']');
    if (end < 3) return false;
    for (let i = 1; i < end; i++) {
      const c = host.charCodeAt(i);
      const hex = (c >= 48 && c <= 58) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 46;
      if (!hex) return false;
    }
    end += 1;
    // The URL parser knows which literals are valid IPv6 addresses; only this rare form asks it.
    if (!URL.canParse(`http://${host.slice(0, end)}/`)) return false;
  } else {
    end = host.indexOf(':');
    if (end === -1) end = host.length;
    if (end === 0) return false;
    for (let i = 0; i < end; i++) {
      const c = host.charCodeAt(i);
      if (c > 127 || HOST_NAME[c] !== 1) return false;
    }
  }
  if (end === host.length) return true;
  return host.charCodeAt(end) === 58 /* : */ && isPort(host.slice(end + 1));
}

/** The target with every byte the URL parser would reinterpret percent-encoded. */
function escapeTarget(target: string): string {
  for (let i = 0; i < target.length; i++) {
    const c = target.charCodeAt(i);
    if (c > 127 || PLAIN_TARGET[c] !== 1) {
      let out = target.slice(0, i);
      for (let j = i; j < target.length; j++) {
        const d = target.charCodeAt(j);
        // Node hands the target over as latin1: one char per byte.
        out += d <= 127 && PLAIN_TARGET[d] === 1 ? target[j] : `%${d.toString(16).toUpperCase().padStart(2, '0')}`;
      }
      return out;
    }
  }
  return target;
}

/**
 * The path-and-query of an absolute-form target (`http://host/path?q`), whose authority must name
 * the same host as the Host header (RFC 9112 3.2.2: a client sends both; a server uses the target's.
 * When they differ, one of two parties on the path is being lied to, so neither is believed).
 */
function absolutePath(target: string, host: string): string {
  const start = target.indexOf('://') + 3;
  let end = start;
  while (end < target.length && target[end] !== '/' && target[end] !== '?') end++;
  // The same authority with and without the scheme's default port (`a.b:80` and `a.b`) is the same.
  const defaultPort = start === 8 ? ':443' : ':80';
  const bare = (authority: string): string => (authority.endsWith(defaultPort) ? authority.slice(0, -defaultPort.length) : authority).toLowerCase();
  if (bare(target.slice(start, end)) !== bare(host)) {
    throw new BadRequestTarget('INVALID_TARGET', `the absolute-form target names ${JSON.stringify(target.slice(start, end))}, the Host header ${JSON.stringify(host)}`);
  }
  const rest = target.slice(end);
  return rest.length === 0 ? '/' : rest.charCodeAt(0) === 63 /* ? */ ? `/${rest}` : rest;
}

/**
 * `scheme://host` + the target's path, for `new Request()`. `host` is the Host header (undefined or
 * empty for an HTTP/1.0 request without one: then `localHost()`, the address the client connected
 * to, asked only then: it costs a getsockname per connection).
 * Throws BadRequestTarget for a Host that is not a host, or a target that is not a path.
 */
export function requestUrl(scheme: 'http' | 'https', target: string, host: string | undefined, localHost: () => string): string {
  if (host === undefined || host.length === 0) host = localHost();
  else if (!isValidHost(host)) throw new BadRequestTarget('INVALID_HOST', `the Host header ${JSON.stringify(host.slice(0, 200))} is not a host`);
  let path: string;
  const first = target.charCodeAt(0);
  if (first === 47 /* / */) path = target;
  else if (first === 104 || first === 72 /* h, H */ ? /^https?:\/\//i.test(target) : false) path = absolutePath(target, host);
  else throw new BadRequestTarget('INVALID_TARGET', `a Fetch app cannot be given the request target ${JSON.stringify(target.slice(0, 200))}`);
  return `${scheme}://${host}${escapeTarget(path)}`;
}

/**
 * Whether `url` (from requestUrl) is already what the URL parser would serialise it to, so that the
 * parser can be skipped: a lower-case name whose last label is no number (`1.2.3.999` and `0x7f.1`
 * are IPv4 to the parser) and no IDNA label, a port without leading zeros that is not the scheme's
 * default, and a path without dot segments (also `%2e`) or `'` (encoded in a query). Anything else
 * goes through the parser, as a Request would send it: the answer is the same, only slower.
 */
function isCanonical(scheme: 'http' | 'https', host: string, path: string): boolean {
  let end = host.indexOf(':');
  if (end === -1) end = host.length;
  else {
    const port = host.slice(end + 1);
    if (port.length === 0 || port.charCodeAt(0) === 48 /* 0 */ || port === (scheme === 'http' ? '80' : '443')) return false;
  }
  if (end === 0) return false;
  let label = 0;
  for (let i = 0; i < end; i++) {
    const c = host.charCodeAt(i);
    if (c === 46 /* . */) {
      if (i + 1 < end) label = i + 1;
    } else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95)) return false;
  }
  const last = host.charCodeAt(label);
  if ((last >= 48 && last <= 57) || last === 46 || host.includes('xn--')) return false;
  return !path.includes('/.') && !path.includes('%2e') && !path.includes('%2E') && !path.includes("'");
}

/**
 * The URL a Fetch app's `request.url` gives: requestUrl's, serialised as the URL parser would (as
 * `new Request(url).url` did). Throws BadRequestTarget for a Host of legal characters that is still
 * no host (`1.2.3.999`, `xn--a`): the URL parser is the judge, asked only when the fast check fails.
 */
export function requestHref(scheme: 'http' | 'https', target: string, host: string | undefined, localHost: () => string): string {
  const url = requestUrl(scheme, target, host, localHost);
  const authorityEnd = url.indexOf('/', scheme.length + 3);
  if (isCanonical(scheme, url.slice(scheme.length + 3, authorityEnd), url.slice(authorityEnd))) return url;
  try {
    return new URL(url).href;
  } catch {
    throw new BadRequestTarget('INVALID_HOST', `the Host header ${JSON.stringify(String(host).slice(0, 200))} is not a host`);
  }
}
