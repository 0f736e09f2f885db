// Which peers tsgun believes (`forwardedAllowIps`, `proxyAllowIps`), and what a trusted proxy's
// secure scheme headers say (Gunicorn's secure_scheme_headers, with its rule that headers which
// contradict each other make a bad request).

import { compileAllowList, type PeerMatcher } from '../config/allow-list.ts';

export { compileAllowList, type PeerMatcher };

/** `secureSchemeHeaders`, compiled for a scan of `rawHeaders` that allocates nothing for other headers. */
export interface SchemeHeaders {
  /** Lower-case name → lower-case value that means https. */
  readonly rules: ReadonlyMap<string, string>;
  /** `lengths[n]` is true when some rule's name has n characters. */
  readonly lengths: readonly boolean[];
  /** `firsts[c | 0x20]` is true when some rule's name starts with char code c (either case). */
  readonly firsts: readonly boolean[];
}

export function compileSchemeHeaders(headers: Readonly<Record<string, string>>): SchemeHeaders | null {
  const rules = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) rules.set(name.toLowerCase(), value.trim().toLowerCase());
  if (rules.size === 0) return null;
  const lengths: boolean[] = [];
  const firsts: boolean[] = [];
  for (const name of rules.keys()) {
    lengths[name.length] = true;
    firsts[name.charCodeAt(0) | 0x20] = true;
  }
  return { rules, lengths, firsts };
}

/**
 * What the secure scheme headers of a request say: `https`, `http` (a header is there with another
 * value), `conflict` (they disagree: Gunicorn's InvalidSchemeHeaders, a 400), or null (none is
 * there). Names are matched case-insensitively, values after trimming and case-insensitively.
 * Only call it for a trusted peer's request, or to decide whether to ask who the peer is.
 */
export function forwardedScheme(rawHeaders: readonly string[], compiled: SchemeHeaders): 'https' | 'http' | 'conflict' | null {
  let scheme: 'https' | 'http' | null = null;
  const { lengths, firsts, rules } = compiled;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    // Two array reads turn away almost every other header before anything is lower-cased.
    if (lengths[name.length] !== true || firsts[name.charCodeAt(0) | 0x20] !== true) continue;
    const wanted = rules.get(name.toLowerCase());
    if (wanted === undefined) continue;
    const said = rawHeaders[i + 1]!.trim().toLowerCase() === wanted ? 'https' : 'http';
    if (scheme !== null && scheme !== said) return 'conflict';
    scheme = said;
  }
  return scheme;
}

/**
 * The scheme a trusted proxy reported, put on the request (`req[FORWARDED_SCHEME]`) by the worker
 * server for the Fetch bridge. Absent when no trusted header said anything.
 */
export const FORWARDED_SCHEME: unique symbol = Symbol('tsgun.forwardedScheme');
