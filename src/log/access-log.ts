// The access log line: Gunicorn's access_log_format atoms, parsed once into a list of literal
// strings and reader functions, so a request costs a few property reads and concatenations. The
// value `json` gives one object per request instead. Client-supplied text is escaped, so a crafted
// header or Basic-auth user name cannot start a fake log line.

import { Buffer } from 'node:buffer';
import type { IncomingMessage, OutgoingHttpHeader, ServerResponse } from 'node:http';
import type { ResolvedConfig, ValueSource } from '../config/resolved-config.ts';
import { TsgunError, type ConfigProblem, type ProblemOrigin } from '../errors/tsgun-error.ts';
import { assertNever } from '../util/assert-never.ts';
import { didYouMean } from '../util/did-you-mean.ts';

export interface AccessEntry {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** `process.hrtime.bigint()` when the request arrived. */
  readonly start: bigint;
  /** `process.hrtime.bigint()` when the response finished. */
  readonly end: bigint;
  /** `Date.now()` when the request arrived. */
  readonly startedAt: number;
  /** Response body bytes. */
  readonly bytesSent: number;
  readonly remoteAddress: string;
  readonly pid: number;
}

export type AccessFormatter = (entry: AccessEntry) => string | Record<string, unknown>;

/** The one-letter atoms, `%(h)s` and so on, with what they print. */
const LETTERS = {
  h: 'remote address',
  l: "'-' (identd, never used)",
  u: 'user name from Basic auth, never the password',
  t: 'request time, Apache format [10/Oct/2000:13:55:36 -0700], local time',
  r: 'request line: GET /path?q HTTP/1.1',
  m: 'request method',
  U: 'URL path, without the query string',
  q: "query string, without the '?'",
  H: 'protocol: HTTP/1.1',
  s: 'status code',
  B: 'response body length in bytes (0 when empty)',
  b: "response body length in bytes, '-' when empty",
  f: 'referer',
  a: 'user agent',
  T: 'request duration in whole seconds',
  M: 'request duration in whole milliseconds',
  D: 'request duration in whole microseconds',
  L: 'request duration in decimal seconds (6 digits)',
  p: 'process id: <12345>',
} as const;

type Letter = keyof typeof LETTERS;

/** Names people write instead of a letter (`%(status)s`), for the did-you-mean of an unknown atom. */
const ALIASES: Record<string, Letter> = {
  remote: 'h', remoteaddr: 'h', remoteaddress: 'h', addr: 'h', address: 'h', ip: 'h', client: 'h', host: 'h',
  ident: 'l', user: 'u', username: 'u', remoteuser: 'u', time: 't', date: 't', timestamp: 't',
  request: 'r', requestline: 'r', method: 'm', verb: 'm', path: 'U', url: 'U', uri: 'U',
  query: 'q', querystring: 'q', protocol: 'H', proto: 'H', version: 'H', status: 's', code: 's',
  bytes: 'B', size: 'B', length: 'B', referer: 'f', referrer: 'f', useragent: 'a', agent: 'a',
  seconds: 'T', millis: 'M', ms: 'M', milliseconds: 'M', duration: 'D', micros: 'D', microseconds: 'D',
  latency: 'D', pid: 'p', process: 'p',
};

export const accessLogAtoms: readonly { atom: string; description: string }[] = Object.freeze(
  [
    ...Object.entries(LETTERS).map(([letter, description]) => ({ atom: `%(${letter})s`, description })),
    { atom: '%({name}i)s', description: 'request header, name case-insensitive' },
    { atom: '%({name}o)s', description: 'response header, name case-insensitive' },
    { atom: '%({NAME}e)s', description: 'environment variable' },
    { atom: '%%', description: 'a literal %' },
  ].map((x) => Object.freeze(x)),
);

type Reader = (entry: AccessEntry) => string;

export function compileAccessLogFormat(format: string): AccessFormatter {
  if (format === 'json') return jsonEntry;
  const parts = parse(format);
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

/** Splits the format into literals (adjacent ones merged) and readers; throws on anything unknown. */
function parse(format: string): (string | Reader)[] {
  const parts: (string | Reader)[] = [];
  let literal = '';
  const clock = apacheClock();
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct === -1) {
      literal += format.slice(i);
      break;
    }
    literal += format.slice(i, pct);
    const next = format[pct + 1];
    if (next === '%') {
      literal += '%';
      i = pct + 2;
      continue;
    }
    if (next !== '(') {
      throw invalid(format, `a lone "%" at column ${pct + 1}: an atom is written %(name)s, a literal percent sign %%`);
    }
    const close = format.indexOf(')', pct + 2);
    if (close === -1) throw invalid(format, `"%(" at column ${pct + 1} is never closed: an atom is written %(name)s`);
    const key = format.slice(pct + 2, close);
    const atom = format.slice(pct, close + 2);
    if (format[close + 1] !== 's') {
      throw invalid(format, `atom "${format.slice(pct, close + 1)}" at column ${pct + 1} must end in "s" (${format.slice(pct, close + 1)}s): only the s conversion is supported`);
    }
    if (literal !== '') parts.push(literal);
    literal = '';
    parts.push(readerFor(key, atom, format, pct, clock));
    i = close + 2;
  }
  if (literal !== '') parts.push(literal);
  return parts;
}

function readerFor(key: string, atom: string, format: string, at: number, clock: (ms: number) => string): Reader {
  if (Object.hasOwn(LETTERS, key)) return letterReader(key as Letter, clock);
  const braced = /^\{([^{}]+)\}(.)$/.exec(key);
  if (braced !== null) {
    const name = braced[1]!;
    switch (braced[2]) {
      case 'i': {
        const header = name.toLowerCase();
        return (e) => text(headerText(e.req.headers[header]));
      }
      case 'o': {
        const header = name.toLowerCase();
        return (e) => text(responseHeader(e.res, header));
      }
      case 'e':
        return () => text(process.env[name]);
      default: {
        const kind = braced[2]!.toLowerCase();
        const hint = 'ioe'.includes(kind) ? ` Did you mean "%({${name}}${kind})s"?` : '';
        throw invalid(format, `unknown atom "${atom}" at column ${at + 1}: after {${name}} comes i (request header), o (response header) or e (environment variable).${hint}`);
      }
    }
  }
  if (key.startsWith('{')) {
    throw invalid(format, `malformed atom "${atom}" at column ${at + 1}: write %({name}i)s for a request header, %({name}o)s for a response header, %({NAME}e)s for an environment variable`);
  }
  throw invalid(format, `unknown atom "${atom}" at column ${at + 1}.${letterHint(key)} Known: ${Object.keys(LETTERS).join(' ')}, {name}i, {name}o, {NAME}e.`);
}

/** ` Did you mean "%(s)s" (status code)?` for `%(S)s` or `%(status)s`; nothing when no guess is sensible. */
function letterHint(key: string): string {
  let letter: Letter | undefined;
  if (key.length === 1) {
    // Letters differ only in case (b/B, m/M), so the only sensible guess for one letter is its other case.
    const other = key === key.toLowerCase() ? key.toUpperCase() : key.toLowerCase();
    if (Object.hasOwn(LETTERS, other)) letter = other as Letter;
  } else {
    const squashed = key.replace(/[^a-z]/gi, '').toLowerCase();
    // An exact alias first: didYouMean takes a prefix match (useragent → user) as good as any.
    const alias = Object.hasOwn(ALIASES, squashed) ? squashed : didYouMean(squashed, Object.keys(ALIASES));
    if (alias !== undefined) letter = ALIASES[alias];
  }
  return letter === undefined ? '' : ` Did you mean "%(${letter})s" (${LETTERS[letter]})?`;
}

function invalid(format: string, message: string): TsgunError {
  return new TsgunError('TSG_CONFIG_INVALID', `accessLogFormat ${JSON.stringify(format)}: ${message}`, {
    problems: [{ path: 'accessLogFormat', message }],
  });
}

function letterReader(letter: Letter, clock: (ms: number) => string): Reader {
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
      return (e) => String(e.res.statusCode);
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
    status: e.res.statusCode,
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

/** The config check for `accessLogFormat`, so that `tsgun check` and the master catch a bad format, not each worker's boot. */
export function verifyAccessLogFormat(config: ResolvedConfig, locate: (path: readonly (string | number)[]) => ValueSource): ConfigProblem[] {
  try {
    compileAccessLogFormat(config.settings.accessLogFormat);
    return [];
  } catch (error) {
    if (!(error instanceof TsgunError)) throw error;
    const source = locate(['accessLogFormat']);
    const origin: ProblemOrigin | undefined = source.kind === 'default' ? undefined : source;
    return error.problems.map((p) => (origin === undefined ? p : { ...p, origin }));
  }
}
