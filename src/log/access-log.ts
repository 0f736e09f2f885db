// The access log line, rendered: the format parsed at resolution (config/access-log-format.ts)
// becomes a list of literal strings and reader functions, so a request costs a few property reads
// and concatenations; `json` gives one object per request instead. Client-supplied text is escaped,
// so a crafted header or Basic-auth user name cannot start a fake log line.

import { Buffer } from 'node:buffer';
import type { IncomingMessage, OutgoingHttpHeader, ServerResponse } from 'node:http';
import type { AccessAtom, AccessLetter, AccessLogFormat } from '../config/access-log-format.ts';
import { assertNever } from '../util/assert-never.ts';

export interface AccessEntry {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** `process.hrtime.bigint()` when the request arrived. */
  readonly start: bigint;
  /** `process.hrtime.bigint()` when the response finished (or the client went away). */
  readonly end: bigint;
  /** The status logged: the response's, or 499 (nginx's) when its client went away before any was sent. */
  readonly status: number;
  /** `Date.now()` when the request arrived. */
  readonly startedAt: number;
  /** Response body bytes. */
  readonly bytesSent: number;
  readonly remoteAddress: string;
  readonly pid: number;
}

export type AccessFormatter = (entry: AccessEntry) => string | Record<string, unknown>;

type Reader = (entry: AccessEntry) => string;

/** The per-request formatter of a parsed format (a resolved config's `accessFormat`). */
export function compileAccessLogFormat(parsed: AccessLogFormat): AccessFormatter {
  if (parsed.kind === 'json') return jsonEntry;
  const clock = apacheClock();
  const parts = parsed.parts.map((part) => (typeof part === 'string' ? part : readerFor(part, clock)));
  if (parts.length === 1 && typeof parts[0] === 'string') {
    const text = parts[0];
    return () => text;
  }
  return (entry) => {
    let line = '';
    for (const part of parts) line += typeof part === 'string' ? part : part(entry);
    return line;
  };
}

function readerFor(atom: AccessAtom, clock: (ms: number) => string): Reader {
  if ('letter' in atom) return letterReader(atom.letter, clock);
  if ('requestHeader' in atom) {
    const header = atom.requestHeader;
    return (e) => text(headerText(e.req.headers[header]));
  }
  if ('responseHeader' in atom) {
    const header = atom.responseHeader;
    return (e) => text(responseHeader(e.res, header));
  }
  const name = atom.env;
  return () => text(process.env[name]);
}

function letterReader(letter: AccessLetter, clock: (ms: number) => string): Reader {
  switch (letter) {
    case 'h':
      return (e) => text(e.remoteAddress);
    case 'l':
      return () => '-';
    case 'u':
      return (e) => text(basicUser(e.req.headers.authorization));
    case 't':
      return (e) => clock(e.startedAt);
    case 'r':
      return (e) => text(`${e.req.method ?? '-'} ${urlOf(e.req)} HTTP/${e.req.httpVersion}`);
    case 'm':
      return (e) => text(e.req.method);
    case 'U':
      return (e) => text(pathOf(urlOf(e.req)));
    case 'q':
      return (e) => text(queryOf(urlOf(e.req)));
    case 'H':
      return (e) => text(`HTTP/${e.req.httpVersion}`);
    case 's':
      return (e) => String(e.status);
    case 'B':
      return (e) => String(e.bytesSent);
    case 'b':
      return (e) => (e.bytesSent > 0 ? String(e.bytesSent) : '-');
    case 'f':
      return (e) => text(e.req.headers.referer);
    case 'a':
      return (e) => text(e.req.headers['user-agent']);
    case 'T':
      return (e) => String(Math.floor(elapsedNs(e) / 1e9));
    case 'M':
      return (e) => String(Math.floor(elapsedNs(e) / 1e6));
    case 'D':
      return (e) => String(Math.floor(elapsedNs(e) / 1e3));
    case 'L':
      return (e) => {
        const us = Math.floor(elapsedNs(e) / 1e3);
        return `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}`;
      };
    case 'p':
      return (e) => `<${e.pid}>`;
    default:
      return assertNever(letter);
  }
}

/** The `json` format: fixed fields, never cookies or credentials. Missing values are null. */
function jsonEntry(e: AccessEntry): Record<string, unknown> {
  const url = urlOf(e.req);
  return {
    remoteAddress: e.remoteAddress === '' ? null : e.remoteAddress,
    method: e.req.method ?? null,
    url,
    path: pathOf(url),
    query: queryOf(url) ?? null,
    protocol: `HTTP/${e.req.httpVersion}`,
    status: e.status,
    bytes: e.bytesSent,
    referer: e.req.headers.referer ?? null,
    userAgent: e.req.headers['user-agent'] ?? null,
    durationMs: Math.round(elapsedNs(e) / 1e3) / 1e3,
    // Not `time` and `pid`: the log line carries pino's own, which these would shadow.
    startedAt: new Date(e.startedAt).toISOString(),
  };
}

// Express and Koa rewrite req.url while routing through mounted routers; originalUrl keeps what
// the client asked for (morgan reads it for the same reason).
function urlOf(req: IncomingMessage): string {
  const original = (req as { originalUrl?: unknown }).originalUrl;
  return typeof original === 'string' ? original : (req.url ?? '');
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

function queryOf(url: string): string | undefined {
  const q = url.indexOf('?');
  return q === -1 ? undefined : url.slice(q + 1);
}

function elapsedNs(e: AccessEntry): number {
  const ns = Number(e.end - e.start);
  return ns > 0 ? ns : 0;
}

/** The user of `Authorization: Basic base64(user:password)`; undefined unless it has that shape. */
function basicUser(authorization: string | undefined): string | undefined {
  if (authorization === undefined || authorization.length < 7 || authorization.slice(0, 6).toLowerCase() !== 'basic ') return undefined;
  const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // No colon means this is not user:password, maybe a bare token: print nothing rather than a secret.
  return colon > 0 ? decoded.slice(0, colon) : undefined;
}

function headerText(value: OutgoingHttpHeader | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

// Headers passed only to writeHead(), and the ones Node adds itself (Date, Content-Length,
// Transfer-Encoding, Connection), never reach getHeader(): they exist only in the serialized
// header block. Fastify and plain-Node apps answer that way, so fall back to reading it.
function responseHeader(res: ServerResponse, name: string): string | undefined {
  const value = headerText(res.getHeader(name));
  if (value !== undefined) return value;
  const block = (res as unknown as { _header?: unknown })._header;
  if (typeof block !== 'string') return undefined;
  let found: string | undefined;
  for (const line of block.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon === -1 || colon !== name.length || line.slice(0, colon).toLowerCase() !== name) continue;
    const v = line.slice(colon + 1).trim();
    found = found === undefined ? v : `${found}, ${v}`;
  }
  return found;
}

// Cc controls (C0, DEL, C1: U+0085 is a line break to some tools), the quote and the backslash.
// Node decodes header bytes as latin1, so a UTF-8 C2 85 from a client arrives as U+0085.
const UNSAFE = /[\x00-\x1f"\\\x7f-\x9f]/;
const UNSAFE_ALL = /[\x00-\x1f"\\\x7f-\x9f]/g;

function escapeChar(c: string): string {
  if (c === '"') return '\\"';
  if (c === '\\') return '\\\\';
  return `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
}

/** A value for the line: '-' when missing or empty, otherwise escaped. */
function text(value: string | undefined): string {
  if (value === undefined || value === '') return '-';
  return UNSAFE.test(value) ? value.replace(UNSAFE_ALL, escapeChar) : value;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `[10/Oct/2000:13:55:36 -0700]` in local time, computed once per second. */
function apacheClock(): (ms: number) => string {
  let second = NaN;
  let cached = '';
  return (ms) => {
    const s = Math.floor(ms / 1000);
    if (s === second) return cached;
    const d = new Date(ms);
    const offset = -d.getTimezoneOffset();
    const abs = Math.abs(offset);
    const zone = `${offset < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}${pad2(abs % 60)}`;
    cached = `[${pad2(d.getDate())}/${MONTHS[d.getMonth()]}/${d.getFullYear()}:${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())} ${zone}]`;
    second = s;
    return cached;
  };
}
