// What a value the app gave tsgun looks like, for an error message that says what was wrong with it.

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined (nothing)';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return `a function of ${value.length} parameter${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).slice(0, 6);
    return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`;
  }
  return `${typeof value} ${JSON.stringify(value)}`;
}
