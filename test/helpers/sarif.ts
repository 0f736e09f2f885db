// Validates a SARIF log against the SARIF 2.1.0 JSON schema (test/fixtures/sarif/, draft-07, so
// ajv's default build), with the schema's three string formats checked by hand rather than by a
// further dependency.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { repoRoot } from './cli.ts';

let validate: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (validate !== undefined) return validate;
  const schema = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  // A URI reference may be relative: any string without spaces or control characters.
  ajv.addFormat('uri-reference', (value: string) => !/[\s\u0000-\u001f]/.test(value));
  ajv.addFormat('date-time', (value: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value));
  validate = ajv.compile(schema);
  return validate;
}

/** The schema's complaints about `log`, one per line, or '' when it is a valid SARIF 2.1.0 log. */
export function sarifSchemaErrors(log: unknown): string {
  const check = validator();
  if (check(log)) return '';
  return (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');
}
