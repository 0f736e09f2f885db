// Lints the import layering of src/ (STYLE.md): util, errors → sys, log, ipc, config → hooks →
// master | worker → cli. A folder imports only from its own layer-mates below it or from lower
// layers; master/ and worker/ never import each other; src/index.ts pulls in no process code.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// util sits below errors so that errors may use it; the rest is STYLE.md's order.
const LAYERS: Record<string, number> = { util: 0, errors: 1, sys: 2, log: 2, ipc: 2, config: 2, hooks: 3, master: 4, worker: 4, cli: 5 };
/** Folders of one layer that still may not see each other. */
const APART = [['master', 'worker']];
const src = resolve(import.meta.dirname, '../src');

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

const folderOf = (file: string): string => relative(src, file).split('/')[0]!;
const violations: string[] = [];

for (const file of files(src)) {
  const from = folderOf(file);
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]/g)) {
    const target = resolve(dirname(file), match[1]!);
    if (!target.startsWith(src)) continue;
    const to = folderOf(target);
    const where = `${relative(src, file)} imports ${match[1]}`;
    if (from === 'index.ts') {
      if (LAYERS[to] === undefined || LAYERS[to]! > 2) violations.push(`${where}: src/index.ts may import only util, errors and config types`);
      continue;
    }
    if (from === to) continue;
    if (LAYERS[from] === undefined) violations.push(`${where}: src/${from}/ is not a known layer; add it to scripts/lint-layers.ts`);
    else if (LAYERS[to] === undefined) violations.push(`${where}: src/${to} is not a known layer`);
    else if (APART.some((pair) => pair.includes(from) && pair.includes(to))) violations.push(`${where}: ${from}/ and ${to}/ must not import each other; share types through ipc/`);
    // A type-only import between layer-mates (sys/ taking config's BindAddress) couples no code:
    // it erases at run time, so it cannot create a load-order cycle.
    else if (LAYERS[to] === LAYERS[from] && /^\s*(?:import|export)\s+type\s/.test(match[0])) continue;
    else if (LAYERS[to]! >= LAYERS[from]!) violations.push(`${where}: ${from}/ (layer ${LAYERS[from]}) may import only lower layers, not ${to}/ (layer ${LAYERS[to]})`);
  }
}

if (violations.length > 0) {
  console.error(`import layering violated:\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
console.log('import layering ok');
