// The access-log format (`accessLogFormat`): Gunicorn's atoms, parsed and checked once when the
// config is resolved, into JSON-safe parts that cross to the workers; log/access-log.ts renders
// them per request. The value `json` means one object per request instead.

import { TsgunError } from '../errors/tsgun-error.ts';
import { didYouMean } from '../util/did-you-mean.ts';

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

export type AccessLetter = keyof typeof LETTERS;

/** Names people write instead of a letter (`%(status)s`), for the did-you-mean of an unknown atom. */
const ALIASES: Record<string, AccessLetter> = {
  remote: 'h',
  remoteaddr: 'h',
  remoteaddress: 'h',
  addr: 'h',
  address: 'h',
  ip: 'h',
  client: 'h',
  host: 'h',
  ident: 'l',
  user: 'u',
  username: 'u',
  remoteuser: 'u',
  time: 't',
  date: 't',
  timestamp: 't',
  request: 'r',
  requestline: 'r',
  method: 'm',
  verb: 'm',
  path: 'U',
  url: 'U',
  uri: 'U',
  query: 'q',
  querystring: 'q',
  protocol: 'H',
  proto: 'H',
  version: 'H',
  status: 's',
  code: 's',
  bytes: 'B',
  size: 'B',
  length: 'B',
  referer: 'f',
  referrer: 'f',
  useragent: 'a',
  agent: 'a',
  seconds: 'T',
  millis: 'M',
  ms: 'M',
  milliseconds: 'M',
  duration: 'D',
  micros: 'D',
  microseconds: 'D',
  latency: 'D',
  pid: 'p',
  process: 'p',
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

/** One atom of a format: a letter, a request or response header (name lower-cased), or an environment variable. */
export type AccessAtom = { readonly letter: AccessLetter } | { readonly requestHeader: string } | { readonly responseHeader: string } | { readonly env: string };

/** Literal text or an atom. */
export type AccessPart = string | AccessAtom;

export type AccessLogFormat = { readonly kind: 'json' } | { readonly kind: 'line'; readonly parts: readonly AccessPart[] };

/** Parses a format; throws TSG_CONFIG_INVALID (path `accessLogFormat`) naming the column of what is wrong. */
export function parseAccessLogFormat(format: string): AccessLogFormat {
  return format === 'json' ? { kind: 'json' } : { kind: 'line', parts: parse(format) };
}

/** Splits the format into literals (adjacent ones merged) and atoms; throws on anything unknown. */
function parse(format: string): AccessPart[] {
  const parts: AccessPart[] = [];
  let literal = '';
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
    parts.push(atomOf(key, atom, format, pct));
    i = close + 2;
  }
  if (literal !== '') parts.push(literal);
  return parts;
}

function atomOf(key: string, atom: string, format: string, at: number): AccessAtom {
  if (Object.hasOwn(LETTERS, key)) return { letter: key as AccessLetter };
  const braced = /^\{([^{}]+)\}(.)$/.exec(key);
  if (braced !== null) {
    const name = braced[1]!;
    switch (braced[2]) {
      case 'i':
        return { requestHeader: name.toLowerCase() };
      case 'o':
        return { responseHeader: name.toLowerCase() };
      case 'e':
        return { env: name };
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
  let letter: AccessLetter | undefined;
  if (key.length === 1) {
    // Letters differ only in case (b/B, m/M), so the only sensible guess for one letter is its other case.
    const other = key === key.toLowerCase() ? key.toUpperCase() : key.toLowerCase();
    if (Object.hasOwn(LETTERS, other)) letter = other as AccessLetter;
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
