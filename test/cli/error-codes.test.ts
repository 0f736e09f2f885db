// Every error code thrown in src/ is in the code table (and so in the generated docs/errors.md).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { errorCodes } from '../../src/errors/codes.ts';
import { repoRoot } from '../helpers/cli.ts';

test('codes used in the source are documented, and documented codes are used', () => {
  const used = new Set<string>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !p.endsWith('errors/codes.ts')) {
        for (const m of readFileSync(p, 'utf8').matchAll(/'(TSG_[A-Z_]+)'/g)) used.add(m[1]!);
      }
    }
  };
  walk(join(repoRoot, 'src'));
  const documented = new Set(Object.keys(errorCodes));
  for (const code of used) assert.ok(documented.has(code), `${code} is used but not in src/errors/codes.ts`);
  for (const code of documented) assert.ok(used.has(code), `${code} is documented but never used`);
  const doc = readFileSync(join(repoRoot, 'docs/errors.md'), 'utf8');
  for (const code of documented) assert.ok(doc.includes(`\`${code}\``), `${code} missing from docs/errors.md`);
});
