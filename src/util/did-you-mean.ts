// Suggests the closest known name for a misspelled one: unknown config keys, env vars, subcommands.

/** Damerau-Levenshtein (optimal string alignment) distance, case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...new Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[s.length]![t.length]!;
}

/**
 * The candidate nearest to `name`, or undefined when nothing is plausibly meant.
 * A case-only or separator-only difference (`max_requests`, `MaxRequests`) always matches.
 */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  const squash = (s: string): string => s.toLowerCase().replace(/[-_]/g, '');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (squash(candidate) === squash(name)) return candidate;
    if (Math.min(candidate.length, name.length) >= 3 && (candidate.startsWith(name) || name.startsWith(candidate))) return candidate;
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  return bestDistance <= allowed ? best : undefined;
}

/** ` Did you mean "x"?` or the empty string, ready to append to a message. */
export function suggestion(name: string, candidates: Iterable<string>): string {
  const match = didYouMean(name, candidates);
  return match === undefined ? '' : ` Did you mean "${match}"?`;
}
