// Turns the text of an env var or CLI flag into the typed value its setting expects, guided by the
// schema: "4" → 4 for workers, "a,b" → ["a", "b"] for lists, "true"/"1"/"yes" → true for booleans.

import type { SchemaNode } from './registry.ts';

export type Coerced = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

function kinds(node: SchemaNode): Set<string> {
  const out = new Set<string>();
  for (const branch of node.anyOf ?? [node]) {
    if ('const' in branch) out.add(typeof branch.const);
    for (const v of branch.enum ?? []) out.add(v === null ? 'null' : typeof v);
    const t = branch.type;
    for (const k of t === undefined ? [] : typeof t === 'string' ? [t] : t) out.add(k);
  }
  return out;
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** One text value (env var or flag argument) for a scalar or list setting. */
export function coerceText(node: SchemaNode, text: string, listSeparator: 'comma' | 'none'): Coerced {
  const k = kinds(node);
  if (k.has('array')) {
    const items =
      listSeparator === 'comma'
        ? text
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '')
        : [text];
    return { ok: true, value: items };
  }
  if (k.has('object')) {
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
      return { ok: false, reason: 'must be a JSON object' };
    }
  }
  if (k.has('null') && (text === '' || text === 'null')) return { ok: true, value: null };
  if (k.has('boolean')) {
    if (TRUE.has(text.toLowerCase())) return { ok: true, value: true };
    if (FALSE.has(text.toLowerCase())) return { ok: true, value: false };
    // A boolean or a word (`captureOutput`: true, false or 'auto'): the word goes to the schema check.
    if (k.has('string')) return { ok: true, value: text };
    return { ok: false, reason: `must be true or false (got ${JSON.stringify(text)})` };
  }
  if ((k.has('integer') || k.has('number')) && /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(text.trim())) {
    // Past the largest double (`1e400`) a number is Infinity, which the schema check would show as
    // null: it goes on as the text given.
    const value = Number(text);
    if (Number.isFinite(value)) return { ok: true, value };
  }
  // Strings (and numbers that did not parse) go through as text; the schema check then says what is wrong.
  return { ok: true, value: text };
}

/** `KEY=VALUE` pairs from repeated `--env` flags. */
export function parseKeyValues(pairs: readonly string[]): Coerced {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return { ok: false, reason: `expected KEY=VALUE (got ${JSON.stringify(pair)})` };
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return { ok: true, value: out };
}
