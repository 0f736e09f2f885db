// What `tsc` says about a user's mistakes in a config typed by `defineConfig` (issue 12, item 2): each
// misspelt key and each wrongly typed value at its own line, in the object form and in a config
// function, never one TS2769 overload block at the call, and a wrong `bind` compared with tsgun's
// setting rather than Function.prototype.bind. It runs the repository's own tsc on the fixture project
// test/fixtures/types-project, whose tsconfig maps `tsgun` to src/index.ts. tsc is a process of its
// own, so this lives in the e2e tier.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { cleanEnv, repoRoot } from '../helpers/cli.ts';
import { scaled } from '../helpers/time.ts';

const PROJECT = join(repoRoot, 'test/fixtures/types-project');
const TSC = join(repoRoot, 'node_modules/.bin/tsc');

interface Diagnostic {
  /** Relative to the repository, as tsc prints it. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly code: string;
  /** The whole message, its elaboration lines included. */
  readonly text: string;
}

interface TscRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** `file(line,col): error TSnnnn: message`, then indented elaboration lines (--pretty false). */
function parse(stdout: string): Diagnostic[] {
  const out: { file: string; line: number; column: number; code: string; text: string }[] = [];
  for (const raw of stdout.split('\n')) {
    const head = /^(.+)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(raw);
    if (head) out.push({ file: head[1]!, line: Number(head[2]), column: Number(head[3]), code: head[4]!, text: head[5]! });
    else if (raw.trim() !== '' && out.length > 0) out[out.length - 1]!.text += `\n${raw}`;
  }
  return out;
}

function runTsc(): Promise<TscRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSC, ['--noEmit', '--pretty', 'false', '-p', PROJECT], {
      cwd: repoRoot,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: scaled(180_000), // a kill switch for a hung compiler, not a measurement
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, diagnostics: parse(stdout) }));
  });
}

// One compile serves every test below (a compile takes seconds).
const compiled = runTsc();

/** The 1-based line and column where `text` first occurs in the fixture file (it must occur once). */
function position(file: string, text: string): { line: number; column: number } {
  const lines = readFileSync(join(PROJECT, file), 'utf8').split('\n');
  const hits = lines.flatMap((content, i) => (content.includes(text) ? [{ line: i + 1, column: content.indexOf(text) + 1 }] : []));
  assert.equal(hits.length, 1, `${JSON.stringify(text)} occurs once in ${file}`);
  return hits[0]!;
}

async function diagnosticsOf(file: string): Promise<Diagnostic[]> {
  const run = await compiled;
  return run.diagnostics.filter((d) => d.file === `test/fixtures/types-project/${file}`);
}

function show(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.file}(${d.line},${d.column}): error ${d.code}: ${d.text}`).join('\n');
}

/** Asserts exactly these errors in `file`, each at the position of its text, with its code and message. */
async function assertErrorsAt(file: string, expected: readonly { at: string; code: string; message: RegExp }[]): Promise<void> {
  const found = await diagnosticsOf(file);
  const where = (d: { line: number; column: number }) => `${d.line},${d.column}`;
  assert.deepEqual(
    found.map(where),
    expected.map((e) => where(position(file, e.at))),
    `errors in ${file} at their keys; tsc said:\n${show(found)}`,
  );
  for (const [i, e] of expected.entries()) {
    assert.equal(found[i]!.code, e.code, show([found[i]!]));
    assert.match(found[i]!.text, e.message);
  }
}

const TYPO = { at: 'wrokers:', code: 'TS2322', message: /Type 'number' is not assignable to type '"wrokers is not a tsgun setting"'/ };
const WRONG_TYPE = { at: 'timeout: true', code: 'TS2322', message: /^Type 'true' is not assignable to type '[^']*\bnumber\b[^']*'\.$/ };

test('tsc runs on the fixture project and fails only on the configs that hold mistakes', async () => {
  const run = await compiled;
  assert.equal(run.stderr, '');
  assert.ok(run.code !== null && run.code !== 0, `tsc exited with ${run.code}:\n${run.stdout}`);
  const files = new Set(run.diagnostics.map((d) => d.file));
  assert.deepEqual(
    [...files].sort(),
    ['async-wrapped.config.ts', 'async.config.ts', 'bind.config.ts', 'function.config.ts', 'tsgun.config.ts', 'typo-only.config.ts'].map((f) => `test/fixtures/types-project/${f}`),
    `no error in valid.config.ts nor in tsgun's own source; tsc said:\n${run.stdout}`,
  );
});

test("valid configs type-check: hooks, spreads, config functions, and an async one returning `workers: 'auto'` (the overloads rejected it)", async () => {
  assert.deepEqual(await diagnosticsOf('valid.config.ts'), []);
});

test('no mistake becomes a TS2769 "No overload matches this call" block', async () => {
  const run = await compiled;
  assert.deepEqual(
    run.diagnostics.filter((d) => d.code === 'TS2769'),
    [],
  );
  assert.doesNotMatch(run.stdout, /No overload matches this call/);
});

test('a config object: the misspelt key and the wrongly typed value are both reported, each on its own line', async () => {
  await assertErrorsAt('tsgun.config.ts', [TYPO, WRONG_TYPE]);
});

test('a config function returning an object: both mistakes reported, each on its own line', async () => {
  await assertErrorsAt('function.config.ts', [TYPO, WRONG_TYPE]);
});

test('an async config function whose returned object goes through defineConfig: both mistakes on their own lines', async () => {
  await assertErrorsAt('async-wrapped.config.ts', [TYPO, WRONG_TYPE]);
});

test('an async config function returning an object literal: the first mistake is reported where the object starts, naming the key (tsc does not elaborate through a Promise)', async () => {
  const found = await diagnosticsOf('async.config.ts');
  assert.equal(found.length, 1, show(found));
  const start = position('async.config.ts', '=> ({');
  assert.deepEqual([found[0]!.line, found[0]!.column], [start.line, start.column + '=> '.length], show(found));
  assert.equal(found[0]!.code, 'TS2322');
  assert.match(found[0]!.text, /Types of property '(wrokers|timeout)' are incompatible/);
});

test("a misspelt key alone gets tsc's own excess-property error at the key, with its suggestion", async () => {
  await assertErrorsAt('typo-only.config.ts', [
    {
      at: 'wrokers:',
      code: 'TS2561',
      message: /^Object literal may only specify known properties, but 'wrokers' does not exist in type 'UserConfig'\. Did you mean to write 'workers'\?$/,
    },
  ]);
});

test('a wrong bind is compared with the bind setting, not with Function.prototype.bind', async () => {
  await assertErrorsAt('bind.config.ts', [{ at: 'bind:', code: 'TS2322', message: /^Type 'string' is not assignable to type 'readonly string\[\]'\.$/ }]);
  const run = await compiled;
  assert.doesNotMatch(run.stdout, /thisArg|OmitThisParameter|ThisParameterType/);
});

/**
 * The completions, and the details of `bind` among them, at each cursor marker of `text`: an in-memory
 * file of the fixture project, asked of the language service as an editor would.
 */
function editorAt(text: string): { completions: ts.CompletionInfo | undefined; details: ts.CompletionEntryDetails | undefined }[] {
  const file = join(PROJECT, 'editor.ts');
  const marker = '/*|*/';
  const source = text.replaceAll(marker, '');
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(PROJECT, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')) },
  );
  assert.ok(parsed);
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [file],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => (name === file ? ts.ScriptSnapshot.fromString(source) : ts.sys.fileExists(name) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(name) ?? '') : undefined),
    getCurrentDirectory: () => PROJECT,
    getCompilationSettings: () => parsed.options,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (name) => name === file || ts.sys.fileExists(name),
    readFile: (name) => (name === file ? source : ts.sys.readFile(name)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host);
  const positions: number[] = [];
  for (let at = text.indexOf(marker), removed = 0; at !== -1; at = text.indexOf(marker, at + 1), removed += marker.length) positions.push(at - removed);
  return positions.map((position) => ({
    completions: service.getCompletionsAtPosition(file, position, {}),
    details: service.getCompletionEntryDetails(file, position, 'bind', {}, undefined, undefined, undefined),
  }));
}

test("an editor offers tsgun's bind (not Function.prototype.bind) in a config object and in what a config function returns", () => {
  const results = editorAt(`import { defineConfig } from 'tsgun';
export const object = defineConfig({ app: './app.ts', /*|*/ });
export const fn = defineConfig((ctx) => ({ app: ctx.command, /*|*/ }));
export const asyncFn = defineConfig(async ({ command }) => ({ app: command, /*|*/ }));
`);
  assert.equal(results.length, 3);
  for (const [i, { completions, details }] of results.entries()) {
    const names = completions?.entries.map((e) => e.name) ?? [];
    assert.ok(names.includes('bind') && names.includes('workers'), `completions ${i}: ${names.join(', ')}`);
    assert.ok(!names.includes('call') && !names.includes('apply'), `completions ${i} offer Function's members: ${names.join(', ')}`);
    assert.equal(ts.displayPartsToString(details?.displayParts), '(property) UserConfig.bind?: readonly string[] | undefined', `completion ${i}`);
  }
});
