// Positions in JS/TS config modules (src/config/locate-module.ts): every shape of config a user
// writes, TypeScript syntax included, located as the yaml locator locates JSON and YAML. Expected
// positions are found by searching the source for a needle, so each case reads as its source.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfigFile } from '../../src/config/load-file.ts';
import { createLocator, type Position } from '../../src/config/locate.ts';
import { createModuleLocator } from '../../src/config/locate-module.ts';
import { resolveConfig } from '../../src/config/resolve.ts';
import { deepFreeze } from '../../src/util/deep-freeze.ts';
import { toWireConfig } from '../../src/ipc/wire-config.ts';
import { tempDir } from '../helpers/cli.ts';
import { runCliInProcess } from '../helpers/cli-in-process.ts';

const require = createRequire(import.meta.url);
const acornLoaded = (): boolean => require.resolve('acorn') in require.cache;

const warnings: string[] = [];
process.on('warning', (warning) => warnings.push(warning.message));

/** The 1-based line and column of the `nth` occurrence of `needle` in `text`. */
function at(text: string, needle: string, nth = 0): Position {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    assert.notEqual(offset, -1, `${JSON.stringify(needle)} #${nth} is not in the source`);
  }
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

const locate = (file: string, text: string, path: readonly (string | number)[], atKey = false) => createModuleLocator(file, text).locate(path, atKey);

// First in the file: once any test has located something, acorn is loaded in this process.
test('a valid TS config is loaded, resolved, frozen and sent to a worker without parsing it; print-config asks and gets positions', async (t) => {
  if (acornLoaded()) return t.skip('acorn was loaded by another test in this process');
  const dir = tempDir(t, 'tsgun-locate-');
  const file = join(dir, 'tsgun.config.ts');
  const text = `interface Extra { readonly note: string }\nexport default {\n  app: './app.mjs',\n  workers: 2 as number,\n  tls: { cert: './c.pem', key: './k.pem' },\n};\n`;
  writeFileSync(file, text);
  const loaded = await loadConfigFile(file, { command: 'serve' });
  const result = resolveConfig({ file: loaded, env: {}, cli: [], cpus: 2, cwd: dir });
  assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
  deepFreeze(result.config);
  const wire = JSON.parse(JSON.stringify(toWireConfig(result.config))) as { sources: Record<string, unknown> };
  assert.deepEqual(wire.sources['workers'], { kind: 'file', file }, "the worker's copy carries no position");
  assert.equal(acornLoaded(), false, 'nothing asked for a position, so nothing was parsed');

  const workers = result.config.sources['workers'];
  assert.ok(workers?.kind === 'file');
  assert.deepEqual({ line: workers.line, column: workers.column }, at(text, '2 as number'));
  const cert = result.config.sources['tls.cert'];
  assert.ok(cert?.kind === 'file');
  assert.deepEqual({ line: cert.line, column: cert.column }, at(text, '{ cert'), 'tls.cert comes from the tls object as a whole');
  assert.equal(acornLoaded(), true);
});

test('export default defineConfig({ ... }): the key of an unknown key, the value of a bad one', () => {
  const text = `import { defineConfig } from 'tsgun';\n\nexport default defineConfig({\n  app: './app.mjs',\n  wrokers: 2,\n  logLevel: 'verbose',\n});\n`;
  assert.deepEqual(locate('/p/tsgun.config.ts', text, ['wrokers'], true), at(text, 'wrokers'));
  assert.deepEqual(locate('/p/tsgun.config.ts', text, ['wrokers'], false), at(text, '2,'));
  assert.deepEqual(locate('/p/tsgun.config.ts', text, ['logLevel']), at(text, "'verbose'"));
});

test('export default { ... } and nested paths: tls.cert, bind[1], env.FOO, secureSchemeHeaders with string keys', () => {
  const text = [
    'export default {',
    "  app: './app.mjs',",
    "  bind: ['127.0.0.1:8000', 'http://0.0.0.0:8001'],",
    "  tls: { cert: 42, 'key': './k.pem' },",
    "  env: { FOO: 1, 'BAR-BAZ': 'x' },",
    "  secureSchemeHeaders: { 'X-Forwarded-Proto': 'https' },",
    '};',
    '',
  ].join('\n');
  const file = '/p/tsgun.config.mjs';
  assert.deepEqual(locate(file, text, ['bind', 1]), at(text, "'http://"));
  assert.deepEqual(locate(file, text, ['bind', '1']), at(text, "'http://"), 'an index given as text');
  assert.deepEqual(locate(file, text, ['tls', 'cert']), at(text, '42'));
  assert.deepEqual(locate(file, text, ['tls', 'key'], true), at(text, "'key'"));
  assert.deepEqual(locate(file, text, ['env', 'FOO']), at(text, '1, '));
  assert.deepEqual(locate(file, text, ['env', 'BAR-BAZ'], true), at(text, "'BAR-BAZ'"));
  assert.deepEqual(locate(file, text, ['secureSchemeHeaders', 'X-Forwarded-Proto']), at(text, "'https'"));
  // Not written: the nearest literal that is, as the yaml locator does.
  assert.deepEqual(locate(file, text, ['tls', 'ca']), at(text, '{ cert'));
  assert.deepEqual(locate(file, text, ['bind', 5]), at(text, "['127"));
  assert.deepEqual(locate(file, text, ['workers']), at(text, '{'));
});

test('a config function: arrow with an object body, a block that returns, a function declaration', () => {
  const arrow = `import { defineConfig } from 'tsgun';\nexport default defineConfig((ctx) => ({\n  app: './a.mjs',\n  wrokers: 2,\n}));\n`;
  assert.deepEqual(locate('/p/c.ts', arrow, ['wrokers'], true), at(arrow, 'wrokers'));

  const block = [
    "import { defineConfig, type UserConfig } from 'tsgun';",
    'export default defineConfig(({ command }): UserConfig => {',
    "  const base = { app: './a.mjs', timeout: 'long' };",
    "  if (command === 'serve') {",
    '    const inner = () => ({ unhandledRejection: "nested function: not a return of the config" });',
    '    return { ...base, workers: 4 };',
    '  }',
    "  return { ...base, unhandledRejection: 'crash' };",
    '});',
    '',
  ].join('\n');
  // Of two returned objects, the one that holds the path.
  assert.deepEqual(locate('/p/c.ts', block, ['unhandledRejection']), at(block, "'crash'"));
  assert.deepEqual(locate('/p/c.ts', block, ['workers']), at(block, '4 }'));
  // A value from a spread of a local variable: the spread, where it came from.
  assert.deepEqual(locate('/p/c.ts', block, ['timeout']), at(block, '...base'));

  const declared = `export default function config() {\n  const c = { app: './a.mjs', workers: 'many' };\n  return c;\n}\n`;
  assert.deepEqual(locate('/p/c.js', declared, ['workers']), at(declared, "'many'"));

  const named = `function config() {\n  return { app: './a.mjs', workers: 'many' };\n}\nexport default defineConfig(config);\n`;
  assert.deepEqual(locate('/p/c.js', named, ['workers']), at(named, "'many'"));

  const asyncFn = `export default async () => {\n  const x = await Promise.resolve(1);\n  return { app: './a.mjs', workers: 'many' };\n};\n`;
  assert.deepEqual(locate('/p/c.mjs', asyncFn, ['workers']), at(asyncFn, "'many'"));
});

test('a variable: export default config, defineConfig(config), export { config as default }, an aliased defineConfig', () => {
  const direct = `const config = {\n  app: './a.mjs',\n  wrokers: 2,\n};\nexport default config;\n`;
  assert.deepEqual(locate('/p/c.mjs', direct, ['wrokers'], true), at(direct, 'wrokers'));
  const wrapped = `import { defineConfig } from 'tsgun';\nconst config = defineConfig({ app: './a.mjs', wrokers: 2 });\nexport default defineConfig(config);\n`;
  assert.deepEqual(locate('/p/c.ts', wrapped, ['wrokers'], true), at(wrapped, 'wrokers'));
  const reexport = `const config = { app: './a.mjs', wrokers: 2 };\nexport { config as default };\n`;
  assert.deepEqual(locate('/p/c.mjs', reexport, ['wrokers'], true), at(reexport, 'wrokers'));
  const aliased = `import { defineConfig as tsgun } from 'tsgun';\nexport default tsgun({ app: './a.mjs', wrokers: 2 });\n`;
  assert.deepEqual(locate('/p/c.mjs', aliased, ['wrokers'], true), at(aliased, 'wrokers'));
  const nested = `const tls = { cert: 42 };\nexport default { app: './a.mjs', tls };\n`;
  assert.deepEqual(locate('/p/c.mjs', nested, ['tls', 'cert']), at(nested, '42'), 'a shorthand property followed to its object');
});

test('module.exports in CommonJS, with require and a frozen object', () => {
  const cjs = `'use strict';\nconst { defineConfig } = require('tsgun');\nmodule.exports = defineConfig({\n  app: './a.mjs',\n  bind: 8000,\n});\n`;
  assert.deepEqual(locate('/p/tsgun.config.cjs', cjs, ['bind']), at(cjs, '8000'));
  // CommonJS that is not valid ESM (a top-level return) in a .js file of a CommonJS package.
  const script = `if (process.env.SKIP) return;\nmodule.exports = Object.freeze({ app: './a.mjs', workers: 'x' });\n`;
  assert.deepEqual(locate('/p/tsgun.config.js', script, ['workers']), at(script, "'x'"));
  // The last assignment is the one that counts.
  const twice = `module.exports = { workers: 1 };\nmodule.exports = { workers: 'two' };\n`;
  assert.deepEqual(locate('/p/tsgun.config.cjs', twice, ['workers']), at(twice, "'two'"));
});

test('TypeScript syntax is blanked out first: interfaces, annotations, generics, as const, satisfies, type imports', () => {
  const text = [
    "import type { UserConfig } from 'tsgun';",
    "import { defineConfig, type Settings } from 'tsgun';",
    '',
    'interface Deploy {',
    '  readonly replicas: number;',
    '}',
    'type Port = `${number}`;',
    "declare const region: 'eu' | 'us';",
    'const deploy: Deploy = { replicas: 2 };',
    "const port: Port = '8000';",
    'function pick<T extends object, K extends keyof T>(value: T, key: K): T[K] {',
    '  return value[key];',
    '}',
    '',
    'export default defineConfig<UserConfig>({',
    "  app: './a.mjs' as const,",
    '  bind: [`127.0.0.1:${port}`, 42 as unknown as string] satisfies string[],',
    "  wrokers: pick(deploy, 'replicas')!,",
    "  tls: { cert: 1 } as Settings['tls'],",
    '} satisfies UserConfig as UserConfig);',
    '',
  ].join('\n');
  assert.deepEqual(locate('/p/tsgun.config.ts', text, ['wrokers'], true), at(text, 'wrokers'));
  // A call: its value is located at the call.
  assert.deepEqual(locate('/p/tsgun.config.ts', text, ['wrokers']), at(text, 'pick(deploy'));
  assert.deepEqual(locate('/p/tsgun.config.ts', text, ['bind', 1]), at(text, '42 as'));
  assert.deepEqual(locate('/p/tsgun.config.ts', text, ['app']), at(text, "'./a.mjs'"));
});

test('TS that Node cannot strip (nor import), an enum or an angle-bracket assertion: no position, no throw', () => {
  const enumText = `enum Mode { A }\nexport default { app: './a.mjs', workers: 'x' };\n`;
  assert.equal(locate('/p/tsgun.config.ts', enumText, ['workers']), undefined);
  const angle = `export default <object>{ app: './a.mjs', workers: 'x' };\n`;
  assert.equal(locate('/p/tsgun.config.ts', angle, ['workers']), undefined);
});

test('values computed at run time: the property that holds them, else the export', () => {
  const text = [
    "import { defineConfig } from 'tsgun';",
    'const workers = process.env.WEB_CONCURRENCY ?? "4";',
    'const shared = loadShared();',
    'export default defineConfig({',
    "  app: './a.mjs',",
    '  workers,',
    '  tls: shared.tls,',
    '  env: makeEnv({ FOO: 1 }),',
    '  bind: [...shared.binds, "x"],',
    '  [dynamicKey()]: 1,',
    "  ['logLevel']: 'loud',",
    '});',
    '',
  ].join('\n');
  const file = '/p/tsgun.config.ts';
  assert.deepEqual(locate(file, text, ['workers']), at(text, 'workers,'), 'a variable: its property');
  assert.deepEqual(locate(file, text, ['tls', 'kee'], true), at(text, 'tls:'), 'inside a computed value: its property');
  assert.deepEqual(locate(file, text, ['env', 'FOO']), at(text, 'env:'), "a call's argument is not the config");
  assert.deepEqual(locate(file, text, ['bind', 1]), at(text, '[...shared'), 'an index after a spread is unknown: the list');
  assert.deepEqual(locate(file, text, ['logLevel']), at(text, "'loud'"), 'a computed key that is a literal');
  assert.deepEqual(locate(file, text, ['onStarting']), at(text, '{\n  app'), 'a computed key that is not: the object');

  const conditional = `const prod = process.env.NODE_ENV === 'production';\nexport default prod ? { app: './a.mjs', workers: 'x' } : { app: './b.mjs' };\n`;
  assert.deepEqual(locate('/p/c.mjs', conditional, ['workers']), at(conditional, "'x'"), 'either branch of a conditional');
  const opaque = `import { load } from './load.mjs';\nexport default await load();\n`;
  assert.deepEqual(locate('/p/c.mjs', opaque, ['workers']), at(opaque, 'await load'), 'nothing to search: the export');
});

test('methods, getters and duplicate keys', () => {
  const text = `export default {\n  app: './a.mjs',\n  workers: 1,\n  onStarting(server) {},\n  get timeout() { return -1; },\n  workers: 'many',\n};\n`;
  assert.deepEqual(locate('/p/c.mjs', text, ['onStarting']), at(text, 'onStarting'));
  assert.deepEqual(locate('/p/c.mjs', text, ['timeout']), at(text, 'timeout'));
  assert.deepEqual(locate('/p/c.mjs', text, ['workers']), at(text, "'many'"), 'the last of two keys, as at run time');
});

test('no position when the module has no export or does not parse', () => {
  assert.equal(locate('/p/c.mjs', `const config = { workers: 'x' };\n`, ['workers']), undefined);
  assert.equal(locate('/p/c.mjs', `export default { workers: 'x' ;\n`, ['workers']), undefined);
  assert.equal(locate('/p/c.ts', `export default { workers: 'x' ;\n`, ['workers']), undefined);
});

test('lines and columns count as the yaml locator counts them: from 1, in UTF-16 units, CRLF included', () => {
  const json = '{\r\n  "app": "./ü😀.mjs", "workers": "x",\r\n  "tls": { "cert": 1, "key": [1, 2] }\r\n}\r\n';
  const module = `export default ${json}`;
  const yamlLocator = createLocator(json);
  const moduleLocator = createModuleLocator('/p/c.mjs', module);
  for (const [path, atKey] of [
    [['workers'], false],
    [['workers'], true],
    [['tls', 'cert'], false],
    [['tls', 'key', 1], false],
    [['tls', 'key'], true],
  ] as const) {
    // Line 1 differs by the `export default ` prefix; the paths are on the lines after it.
    assert.deepEqual(moduleLocator.locate(path, atKey), yamlLocator.locate(path, atKey), JSON.stringify(path));
  }
  // A type with characters outside the BMP before the key on the same line: columns do not shift.
  const ts = `export default { app: './a.mjs' as '😀é😀', workers: 'x' };\n`;
  assert.deepEqual(locate('/p/c.ts', ts, ['workers'], true), at(ts, 'workers'));
});

test('tsgun check of a TS config: FILE:LINE:COLUMN in text, line and column in JSON', async (t) => {
  const dir = tempDir(t, 'tsgun-locate-cli-');
  const text = `import type { UserConfig } from 'tsgun';\n\nexport default {\n  app: './app.mjs',\n  wrokers: 2,\n} as UserConfig;\n`;
  writeFileSync(join(dir, 'tsgun.config.ts'), text);
  writeFileSync(join(dir, 'app.mjs'), 'export default (req, res) => res.end();\n');
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  const textRun = await runCliInProcess(['check', '--no-app'], { cwd: dir });
  assert.equal(textRun.code, 1);
  assert.match(textRun.stderr, /^ {2}tsgun\.config\.ts:5:3: wrokers: not a setting\. Did you mean "workers"\?$/m);
  const jsonRun = await runCliInProcess(['check', '--no-app', '--format', 'json'], { cwd: dir });
  assert.equal(jsonRun.code, 1);
  const report = JSON.parse(jsonRun.stdout) as { errors: { path: string; origin: { file: string; line?: number; column?: number } }[] };
  const [problem] = report.errors;
  assert.equal(problem?.path, 'wrokers');
  assert.equal(problem.origin.file, join(dir, 'tsgun.config.ts'));
  assert.deepEqual([problem.origin.line, problem.origin.column], [5, 3]);
});

test("stripping types shows no 'experimental' warning of tsgun's own making", async () => {
  locate('/p/c.ts', `const a: number = 1;\nexport default { workers: a };\n`, ['workers']);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(
    warnings.filter((w) => w.includes('stripTypeScriptTypes')),
    [],
  );
});
