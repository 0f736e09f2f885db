// Parses the unit-bearing setting values: memory sizes, durations and umasks.

import { didYouMean } from '../util/did-you-mean.ts';

const SIZE = /^([0-9]+(?:\.[0-9]+)?)\s*([kKmMgG]i?[bB]?|[bB])?$/;
const POWERS: Record<string, number> = { k: 1, m: 2, g: 3 };

/** `512MiB` → 536870912. SI units (kB, MB, GB) are powers of 1000, binary (KiB, M, G) of 1024. */
export function parseSize(value: number | string): number {
  if (typeof value === 'number') return value;
  const match = SIZE.exec(value.trim());
  if (match === null) throw new Error(`not a size: ${value}`);
  const amount = Number(match[1]);
  const unit = match[2] ?? 'b';
  const power = POWERS[unit[0]!.toLowerCase()] ?? 0;
  const si = /^[kmg]b$/i.test(unit);
  return Math.round(amount * (si ? 1000 : 1024) ** power);
}

/**
 * A duration string: one or more `NUMBER UNIT` parts, units `h`, `m`, `s`, `ms`, each at most once
 * and largest first (`500ms`, `30s`, `2m`, `1h`, `1m30s`, `1.5h`), spaces allowed around the parts.
 * A bare number in a string is not one: seconds are written as a number. The same text is the
 * pattern of the duration branch of every duration setting in schema/tsgun.schema.json (a test
 * keeps them equal), so editors, the validator and this parser agree.
 */
export const DURATION_PATTERN = '^(?=\\s*[0-9])\\s*(?:[0-9]+(?:\\.[0-9]+)?\\s*h\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*m(?!s)\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*s\\s*)?(?:[0-9]+(?:\\.[0-9]+)?\\s*ms\\s*)?$';
const DURATION = new RegExp(DURATION_PATTERN, 'u');
const PART = /([0-9]+(?:\.[0-9]+)?)\s*(ms|h|m|s)/g;
const SECONDS_PER: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };

/** A duration setting's value in seconds: 30 → 30, `'1m30s'` → 90, `'500ms'` → 0.5. */
export function parseDuration(value: number | string): number {
  if (typeof value === 'number') return value;
  if (!DURATION.test(value)) throw new Error(`not a duration: ${value}`);
  let seconds = 0;
  // Milliseconds are summed apart so that `'1s500ms'` is exactly 1.5, not 1.5000000000000002.
  let ms = 0;
  for (const [, amount, unit] of value.matchAll(PART)) {
    if (unit === 'ms') ms += Number(amount);
    else seconds += Number(amount) * SECONDS_PER[unit!]!;
  }
  return seconds + ms / 1000;
}

export const DURATION_UNITS = ['ms', 's', 'm', 'h'] as const;

// Words people write for the units, mapped to tsgun's.
const UNIT_WORDS: Record<string, string> = {
  millisecond: 'ms',
  milliseconds: 'ms',
  millis: 'ms',
  msec: 'ms',
  msecs: 'ms',
  sec: 's',
  secs: 's',
  second: 's',
  seconds: 's',
  min: 'm',
  mins: 'm',
  minute: 'm',
  minutes: 'm',
  hr: 'h',
  hrs: 'h',
  hour: 'h',
  hours: 'h',
};

/**
 * The end of a message about a string that is not a duration: a did-you-mean when it reads as a
 * number with a misspelt or unknown unit (`'30 secs'` → `"30s"`), else what the units are.
 */
export function durationHint(value: unknown): string {
  if (typeof value !== 'string') return '';
  const text = value.trim();
  if (/^[0-9]+(\.[0-9]+)?$/.test(text)) return `. Did you mean ${text} (a number of seconds) or "${text}s"?`;
  if (/^-[0-9]/.test(text)) return '; a duration cannot be negative';
  // A word (`soon`) was no attempt at a duration: the examples in the message say enough.
  if (!/^[0-9]/.test(text)) return '';
  const match = /^([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]+)$/.exec(text);
  const unit = match === null ? undefined : unitFor(match[2]!);
  if (match !== null && unit !== undefined) return `. Did you mean "${match[1]}${unit}"?`;
  return `; the units are ${DURATION_UNITS.join(', ')}`;
}

/** The unit a misspelt or spelt-out one most likely means: `secs` → `s`, `S` → `s`, `minuts` → `m`. */
function unitFor(word: string): string | undefined {
  const spelt = UNIT_WORDS[word.toLowerCase()] ?? UNIT_WORDS[didYouMean(word, Object.keys(UNIT_WORDS)) ?? ''];
  return spelt ?? didYouMean(word, DURATION_UNITS);
}

/** `"022"`, `"0o027"` or 18 → the numeric mask. */
export function parseUmask(value: number | string): number {
  if (typeof value === 'number') return value;
  return Number.parseInt(value.replace(/^0o/, ''), 8);
}
