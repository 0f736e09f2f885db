// Parses the unit-bearing setting values: memory sizes and umasks.

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

/** `"022"`, `"0o027"` or 18 → the numeric mask. */
export function parseUmask(value: number | string): number {
  if (typeof value === 'number') return value;
  return Number.parseInt(value.replace(/^0o/, ''), 8);
}
