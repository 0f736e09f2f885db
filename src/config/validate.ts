// Schema validation, turned into one readable problem per mistake: the key path, what is allowed,
// what was given, and a did-you-mean for unknown keys and enum values. The validators are ajv's
// standalone code, compiled at build time (scripts/validator-code.ts): ajv itself is never loaded.

import { suggestion } from '../util/did-you-mean.ts';
import { describeSchema, preview } from './describe-schema.ts';
import { schema, topLevelKeys, type SchemaNode } from './registry.ts';
import { durationHint } from './units.ts';
import { validators, type GeneratedValidator, type SchemaError } from './schema-validator.generated.ts';

/** A schema problem before it is tied to where the value came from. */
export interface SchemaProblem {
  /** Path segments from the config root: ['tls', 'crt'], ['bind', 1]. */
  readonly path: readonly (string | number)[];
  readonly message: string;
  /** True when the problem is about the key itself (unknown key), not its value. */
  readonly atKey: boolean;
}

let byNode: WeakMap<SchemaNode, GeneratedValidator> | undefined;

/** The generated validators are keyed by JSON pointer; a node object finds its own by identity. */
function validatorFor(node: SchemaNode): GeneratedValidator {
  byNode ??= new WeakMap([...validators].map(([pointer, fn]) => [nodeAt(pointer), fn]));
  const fn = byNode.get(node);
  if (fn === undefined) throw new Error('no generated validator for this schema node: list it in scripts/validator-code.ts and run `npm run generate`');
  return fn;
}

function nodeAt(pointer: string): SchemaNode {
  let node: unknown = schema;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  }
  if (typeof node !== 'object' || node === null) throw new Error(`the generated validator is stale: ${pointer} is not in the schema; run \`npm run generate\``);
  return node as SchemaNode;
}

/** Validates one partial config object (a file's, or the values from env vars or flags). */
export function validateConfigObject(config: Record<string, unknown>): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const [key, value] of Object.entries(config)) {
    const node = schema.properties[key];
    if (node === undefined) {
      problems.push({ path: [key], atKey: true, message: `not a setting.${suggestion(key, topLevelKeys)}` });
      continue;
    }
    problems.push(...validateValue(node, value, [key]));
  }
  return problems;
}

/** Validates one value against its schema node, choosing the anyOf branch the value was meant for. */
export function validateValue(node: SchemaNode, value: unknown, path: (string | number)[]): SchemaProblem[] {
  if (node.anyOf !== undefined) {
    if (node.anyOf.some((branch) => validatorFor(branch)(value) === true)) return [];
    // Descend into the branch the value was meant for only where it has structure (an object or a
    // list): "not a key of tls" beats "must be an object or null". Scalars get the whole choice.
    const meant = node.anyOf.filter((branch) => branchAcceptsKind(branch, value));
    if (meant.length === 1 && typeof value === 'object' && value !== null) return validateValue(meant[0]!, value, path);
    const hint = node['x-tsgun']?.unit === 'seconds' ? durationHint(value) : '';
    return [{ path, atKey: false, message: `must be ${describeSchema(node)} (got ${preview(value)})${hint}` }];
  }
  const validate = validatorFor(node);
  if (validate(value) === true) return [];
  return (validate.errors ?? []).flatMap((error) => explain(error, path));
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function branchAcceptsKind(branch: SchemaNode, value: unknown): boolean {
  const kind = jsonKind(value);
  if ('const' in branch) return jsonKind(branch.const) === kind;
  if (branch.enum !== undefined) return branch.enum.some((v) => jsonKind(v) === kind);
  const types = branch.type === undefined ? [] : typeof branch.type === 'string' ? [branch.type] : branch.type;
  return types.includes(kind) || (kind === 'integer' && types.includes('number'));
}

function explain(error: SchemaError, base: (string | number)[]): SchemaProblem[] {
  const path = [...base, ...pointerSegments(error.instancePath)];
  const parent = error.parentSchema as SchemaNode | undefined;
  const got = preview(error.data);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      const known = Object.keys(parent?.properties ?? {});
      const where = path.length === 0 ? 'a setting' : `a key of ${formatPath(path)}`;
      return [{ path: [...path, key], atKey: true, message: `not ${where}.${suggestion(key, known)}` }];
    }
    case 'enum': {
      const allowed = (parent?.enum ?? []).map(String);
      const hint = typeof error.data === 'string' ? suggestion(error.data, allowed) : '';
      return [{ path, atKey: false, message: `must be ${describeSchema(parent ?? {})} (got ${got}).${hint}`.replace(/\)\.$/, ')') }];
    }
    case 'uniqueItems': {
      const { i, j } = error.params as { i: number; j: number };
      return [{ path, atKey: false, message: `lists ${preview((error.data as unknown[])[i])} twice (items ${j} and ${i})` }];
    }
    case 'minItems':
      return [{ path, atKey: false, message: `must not be empty` }];
    case 'typeof':
      return [{ path, atKey: false, message: `must be a function (got ${got}); hooks can only be set in a JS or TS config` }];
    case 'propertyNames':
      return []; // reported by the `pattern` error that carries the offending key
    case 'pattern':
      if (error.propertyName !== undefined) {
        return [{ path: [...path, error.propertyName], atKey: true, message: `${JSON.stringify(error.propertyName)} is not ${describeSchema(parent ?? {})}` }];
      }
      return [{ path, atKey: false, message: `must be ${describeSchema(parent ?? {})} (got ${got})` }];
    default:
      return [{ path, atKey: false, message: `must be ${describeSchema(parent ?? {})} (got ${got})` }];
  }
}

function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg));
}

/** `tls.cert`, `bind[1]`, `secureSchemeHeaders["X-A"]`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}
