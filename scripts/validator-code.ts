// Build time only: compiles the schema nodes src/config/validate.ts validates against into ajv
// standalone code (src/config/schema-validator.generated.ts), so that no tsgun process loads ajv or
// compiles the schema at run time (ajv alone cost ~7 MB RSS and its compile time in every process).

import { Ajv, _, type KeywordCxt } from 'ajv';
// Both are CommonJS with `exports.default`, which is what TypeScript sees through a default import.
import standalone from 'ajv/dist/standalone/index.js';
import ucs2length from 'ajv/dist/runtime/ucs2length.js';
import { allSettings, schema, type SchemaNode } from '../src/config/registry.ts';

/**
 * The options validate.ts used when it compiled at run time. `typeof` was a `validate`-function
 * keyword then; standalone code cannot carry a function, so it is a `code` keyword with the same
 * test and the same error (ajv's default `must pass "typeof" keyword validation`, params {}).
 * test/config/validate.test.ts checks that both give equal results and errors.
 */
export function createBuildAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true, verbose: true, code: { source: true, esm: true, lines: true } });
  ajv.addKeyword({ keyword: 'x-tsgun', schemaType: 'object' });
  ajv.addKeyword({
    keyword: 'typeof',
    schemaType: 'string',
    code: (cxt: KeywordCxt) => cxt.fail(_`typeof ${cxt.data} !== ${cxt.schema as string}`),
  });
  return ajv;
}

/**
 * The nodes validate.ts validates against, by JSON pointer: every top-level property, every nested
 * setting (`tls.cert`) and, recursively, each of their anyOf branches (validateValue tries branches
 * one by one and descends into the one a value was meant for).
 */
export function validatedNodes(): Map<string, SchemaNode> {
  const pointers = pointerIndex(schema);
  const nodes = new Map<string, SchemaNode>();
  const add = (node: SchemaNode): void => {
    const pointer = pointers.get(node);
    if (pointer === undefined) throw new Error('a validated node is not inside the schema');
    if (nodes.has(pointer)) return;
    nodes.set(pointer, node);
    for (const branch of node.anyOf ?? []) add(branch);
  };
  for (const node of Object.values(schema.properties)) add(node);
  for (const setting of allSettings) add(setting.schema);
  return nodes;
}

/** Every object in a JSON document by its JSON pointer (RFC 6901) from the root. */
function pointerIndex(root: object): Map<object, string> {
  const index = new Map<object, string>();
  const walk = (value: unknown, pointer: string): void => {
    if (typeof value !== 'object' || value === null) return;
    index.set(value, pointer);
    for (const [key, child] of Object.entries(value)) walk(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  };
  walk(root, '');
  return index;
}

// ajv's runtime helpers that generated code may `require`: inlined (their source is self-contained)
// so that the generated module is plain ESM and ajv can stay a dev dependency.
const HELPERS: Record<string, { readonly name: string; readonly fn: { toString(): string } }> = {
  'require("ajv/dist/runtime/ucs2length").default': { name: 'ucs2length', fn: ucs2length.default },
};

const HEADER = `// GENERATED from schema/tsgun.schema.json by scripts/generate.ts (scripts/validator-code.ts). Do not edit; run \`npm run generate\`.
// @ts-nocheck: ajv's standalone validation code, untyped; \`validators\` at the end carries the types.
// One validator per schema node that src/config/validate.ts uses, compiled at build time so that no
// process loads ajv. Options: strict, allErrors, allowUnionTypes, verbose; keywords x-tsgun, typeof.`;

/** The generated module's text. */
export function generateValidatorModule(): string {
  const ajv = createBuildAjv();
  const nodes = [...validatedNodes()];
  const refs: Record<string, string> = {};
  nodes.forEach(([pointer, node], i) => {
    // Compiled as a schema of its own, as validate.ts did at run time (no $id: the root's is not theirs).
    ajv.addSchema({ ...node, $id: undefined }, `urn:tsgun:node:${pointer}`);
    refs[`v${i}`] = `urn:tsgun:node:${pointer}`;
  });
  // ajv exports each validator under its ref name; the module exports only the table below instead.
  const names = new Map<string, string>();
  let code = standalone.default(ajv, refs).replace(/^export const (v\d+) = (validate\d+);\n/gm, (_line, ref: string, name: string) => {
    names.set(ref, name);
    return '';
  });
  const helpers: string[] = [];
  for (const [call, helper] of Object.entries(HELPERS)) {
    if (!code.includes(call)) continue;
    code = code.replaceAll(call, helper.name);
    helpers.push(String(helper.fn));
  }
  const leftover = /require\([^)]*\)/.exec(code);
  if (leftover !== null) throw new Error(`the generated validator needs ${leftover[0]}: inline it in HELPERS (scripts/validator-code.ts)`);
  const table = nodes
    .map(([pointer], i) => {
      const name = names.get(`v${i}`);
      if (name === undefined) throw new Error(`ajv exported no validator for ${pointer}`);
      return `  [${JSON.stringify(pointer)}, ${name}],`;
    })
    .join('\n');
  return `${HEADER}

${code}

${helpers.join('\n\n')}

/** What ajv reports for one failed keyword (ajv's ErrorObject with \`verbose: true\`). */
export interface SchemaError {
  readonly keyword: string;
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly propertyName?: string;
  readonly message?: string;
  readonly schema: unknown;
  readonly parentSchema: unknown;
  readonly data: unknown;
}

export interface GeneratedValidator {
  (data: unknown): boolean;
  readonly errors?: readonly SchemaError[] | null;
}

/** The validator of each node, by the node's JSON pointer in schema/tsgun.schema.json. */
export const validators: ReadonlyMap<string, GeneratedValidator> = new Map([
${table}
]);
`;
}
