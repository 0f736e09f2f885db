// Turns a schema node into the phrase an error message uses: "an integer from 1 to 1024 or \"auto\"".

import type { SchemaNode } from './registry.ts';

export function describeSchema(node: SchemaNode): string {
  if (node.title !== undefined) return node.title;
  if (node.anyOf !== undefined) return joinOr(node.anyOf.map(describeSchema));
  if ('const' in node) return JSON.stringify(node.const);
  if (node.enum !== undefined) return `one of ${node.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (node.typeof === 'function') return 'a function';
  const types = node.type === undefined ? [] : typeof node.type === 'string' ? [node.type] : [...node.type];
  return joinOr(types.map((t) => describeType(t, node)));
}

function describeType(type: string, node: SchemaNode): string {
  switch (type) {
    case 'integer':
    case 'number': {
      const noun = type === 'integer' ? 'an integer' : 'a number';
      if (node.minimum !== undefined && node.maximum !== undefined) return `${noun} from ${node.minimum} to ${node.maximum}`;
      if (node.minimum !== undefined) return `${noun} >= ${node.minimum}`;
      if (node.exclusiveMinimum !== undefined) return `${noun} > ${node.exclusiveMinimum}`;
      return noun;
    }
    case 'string':
      if (node.pattern !== undefined) return `a string matching /${node.pattern}/`;
      return node.minLength === 1 ? 'a non-empty string' : 'a string';
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    case 'array':
      return node.items === undefined ? 'a list' : `a list of ${plural(describeSchema(node.items))}`;
    case 'object':
      return typeof node.additionalProperties === 'object' ? `an object whose values are ${plural(describeSchema(node.additionalProperties))}` : 'an object';
    default:
      return type;
  }
}

function plural(phrase: string): string {
  return phrase.replace(/^an? (non-empty )?(\w+)/, (_m, adj: string | undefined, noun: string) => `${adj ?? ''}${noun}s`);
}

function joinOr(parts: string[]): string {
  if (parts.length <= 1) return parts[0] ?? 'anything';
  return `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)}`;
}

/** A short rendering of a bad value for a message: strings quoted, long values cut. */
export function preview(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  // JSON would print Infinity and NaN as null.
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'undefined';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
