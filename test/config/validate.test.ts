// The validators compiled at build time (src/config/schema-validator.generated.ts) against ajv
// compiling the same schema nodes at run time with the options validate.ts used before: both must
// accept and reject the same values with equal error objects, so that every config message stays
// what it was. Values: every setting's default, every value (at any depth) of every config in the
// invalid corpus, and values aimed at each keyword the schema uses.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import { validatedNodes } from '../../scripts/validator-code.ts';
import { loadConfigFile, SEARCH_PLACES } from '../../src/config/load-file.ts';
import { allSettings } from '../../src/config/registry.ts';
import { validators } from '../../src/config/schema-validator.generated.ts';
import { validateConfigObject } from '../../src/config/validate.ts';
import { repoRoot } from '../helpers/cli.ts';

/** Verbatim what src/config/validate.ts compiled at run time before the validator was generated. */
function runTimeAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true, verbose: true });
  ajv.addKeyword({ keyword: 'x-tsgun', schemaType: 'object' });
  ajv.addKeyword({
    keyword: 'typeof',
    schemaType: 'string',
    validate: (expected: string, data: unknown) => typeof data === expected,
    errors: false,
  });
  return ajv;
}

/** Every value inside a config, at any depth, and the config itself. */
function* valuesIn(value: unknown): Generator<unknown> {
  yield value;
  if (typeof value === 'object' && value !== null) for (const child of Object.values(value)) yield* valuesIn(child);
}

async function corpusValues(): Promise<unknown[]> {
  const dir = join(repoRoot, 'test/fixtures/invalid');
  const values: unknown[] = [];
  for (const name of readdirSync(dir)) {
    for (const place of SEARCH_PLACES) {
      try {
        values.push(...valuesIn((await loadConfigFile(join(dir, name, place), { command: 'check' })).config));
      } catch {
        // not this case's file name, or a case that is broken before validation (syntax, a throw)
      }
    }
  }
  return values;
}

const probes: unknown[] = [
  undefined,
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 40,
  Number.NaN,
  '',
  'x',
  'auto',
  '022',
  '0o999',
  '512MiB',
  '1.5 PB',
  '127.0.0.1:8000',
  'unix:',
  [],
  [1],
  ['a', 'a'],
  ['a', 'b'],
  [''],
  [{}],
  {},
  { a: 'b' },
  { 'Bad Header:': 'x' },
  { 'A=B': '1' },
  { A: 1 },
  { cert: 'c.pem' },
  { cert: 1, nope: true },
  () => {},
  async () => {},
  // minLength/maxLength count code points (ajv's ucs2length, inlined into the generated code)
  'x'.repeat(64),
  'x'.repeat(65),
  '😀'.repeat(40),
  '😀'.repeat(64),
  '😀'.repeat(65),
];

const comparable = (errors: ValidateFunction['errors'] | undefined): unknown =>
  // parentSchema and schema are copies of the same schema text on the generated side; the run-time
  // side's top-level parentSchema also carries the `$id: undefined` it was compiled with.
  errors?.map((e) => ({ ...e, parentSchema: JSON.parse(JSON.stringify(e.parentSchema ?? null)), schema: JSON.parse(JSON.stringify(e.schema ?? null)) })) ?? null;

test('the generated validators cover exactly the schema nodes validate.ts validates against', () => {
  assert.deepEqual([...validators.keys()].sort(), [...validatedNodes().keys()].sort());
  for (const setting of allSettings) assert.ok([...validatedNodes().values()].includes(setting.schema), `${setting.name} has a validator`);
});

test('the generated validators and ajv compiling at run time agree on results and error objects', async () => {
  const ajv = runTimeAjv();
  const defaults = allSettings.filter((s) => s.hasDefault).map((s) => s.default);
  const values = [...defaults, ...(await corpusValues()), ...probes];
  assert.ok(values.length > 200, `only ${values.length} values to compare`);
  let rejected = 0;
  for (const [pointer, node] of validatedNodes()) {
    const expected = ajv.compile({ ...node, $id: undefined });
    const actual = validators.get(pointer)!;
    for (const value of values) {
      const ok = expected(value);
      assert.equal(actual(value), ok, `${pointer}: ${String(JSON.stringify(value))}`);
      assert.deepEqual(comparable(actual.errors as ValidateFunction['errors']), comparable(expected.errors), `${pointer}: errors for ${String(JSON.stringify(value))}`);
      if (!ok) rejected++;
    }
  }
  assert.ok(rejected > 1000, `only ${rejected} rejections compared`);
});

test('lengths count code points, as ajv does (the inlined ucs2length)', () => {
  assert.deepEqual(validateConfigObject({ procName: '😀'.repeat(64) }), []);
  assert.equal(validateConfigObject({ procName: '😀'.repeat(65) }).length, 1);
});
