// Finds the config file (cosmiconfig) and reads it: JS/TS through a fresh import, JSON and YAML with
// a parser that keeps source positions so that every later error can point at a line and column.

import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader } from 'cosmiconfig';
import type * as Yaml from 'yaml';
import { TsgunError, type ProblemOrigin } from '../errors/tsgun-error.ts';
import { isPlainObject } from '../util/is-plain-object.ts';
import { settledOrIdle } from '../util/settled-or-idle.ts';
import { importFresh } from './fresh-import.ts';
import { jsonErrorOffset } from './json-error.ts';
import type { Locator } from './locate.ts';
import { createModuleLocator } from './locate-module.ts';

export const SEARCH_PLACES = [
  'tsgun.config.ts',
  'tsgun.config.mts',
  'tsgun.config.js',
  'tsgun.config.mjs',
  'tsgun.config.cjs',
  'tsgun.config.json',
  'tsgun.config.yaml',
  'tsgun.config.yml',
  '.tsgunrc',
  '.tsgunrc.json',
  '.tsgunrc.yaml',
  '.tsgunrc.yml',
  'package.json',
] as const;

export type ConfigFormat = 'module' | 'json' | 'yaml';

/** What a config function receives: `defineConfig(({ command }) => ({ ... }))`. */
export interface ConfigContext {
  readonly command: 'serve' | 'check' | 'print-config' | 'reload';
  /** Texts to use instead of the files on disk (a worker loading its generation's config). */
  readonly pinned?: Readonly<Record<string, string>> | undefined;
}

export interface LoadedFile {
  readonly file: string;
  readonly format: ConfigFormat;
  readonly config: Record<string, unknown>;
  /** The file itself and every local module it imports (what the reload watcher watches). */
  readonly dependencies: readonly string[];
  /** Line/column lookup: JSON and YAML parsed up front, JS/TS parsed on the first lookup (locate-module.ts). */
  readonly locator: Locator | undefined;
  /** The text each dependency was read from: what a worker of this config's generation loads. */
  readonly texts: Readonly<Record<string, string>>;
}

interface Raw {
  value: unknown;
  format: ConfigFormat;
  dependencies: readonly string[];
  locator: Locator | undefined;
  texts: Readonly<Record<string, string>>;
}

const MODULE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.cjs'];

/** Searches upwards from `cwd` (to the nearest package.json) for a config file; null when none. */
export async function findConfigFile(cwd: string): Promise<string | null> {
  // Imported here: only a search needs cosmiconfig, and `--config` (or a worker) never searches.
  const { cosmiconfig } = await import('cosmiconfig');
  let explorer: ReturnType<typeof cosmiconfig>;
  try {
    explorer = makeExplorer(cosmiconfig);
  } catch (error) {
    throw metaConfigError(error);
  }
  const result = await explorer.search(cwd);
  return result === null ? null : result.filepath;
}

/**
 * cosmiconfig first reads its own settings (a "cosmiconfig" key) from the package.json and
 * .config files of the working directory, for every tool, before any search: a package.json that
 * is not JSON failed there, outside tsgun's loaders, as an internal error (whatever tsgun.config.*
 * sat next to it). It is the config's problem, TSG_CONFIG_LOAD, naming the file.
 */
function metaConfigError(error: unknown): unknown {
  const match = /^JSON Error in (.+?):\s*([^]*)$/.exec(error instanceof Error ? error.message : '');
  if (match === null) return error;
  const [, file, why] = match;
  return new TsgunError('TSG_CONFIG_LOAD', `cannot search for the config: ${file} is not valid JSON (${why!.split('\n')[0]}); cosmiconfig reads it before any config file`, {
    file: file!,
    cause: error,
  });
}

function makeExplorer(cosmiconfig: typeof import('cosmiconfig').cosmiconfig): ReturnType<typeof import('cosmiconfig').cosmiconfig> {
  return cosmiconfig('tsgun', {
    searchPlaces: [...SEARCH_PLACES],
    searchStrategy: 'project',
    cache: false,
    ignoreEmptySearchPlaces: false,
    // Only learn where the file is; tsgun reads it itself. package.json counts only with a "tsgun" key.
    loaders: Object.fromEntries(['.json', '.yaml', '.yml', 'noExt', ...MODULE_EXTENSIONS].map((ext): [string, Loader] => [ext, findLoader])),
  });
}

const findLoader: Loader = (filepath, content) => (basename(filepath) === 'package.json' ? safeJson(content) : {});

function safeJson(content: string): unknown {
  try {
    return JSON.parse(content);
  } catch {
    return null;
  }
}

/** Why a config that awaits for ever is reported rather than waited for (util/settled-or-idle.ts). */
const NOTHING_PENDING = 'nothing is left pending (no timer, socket, file operation or child process) that could settle it; is a resolve() never called?';

/** Reads and evaluates one config file. Every failure is a TsgunError pointing at the file. */
export async function loadConfigFile(path: string, context: ConfigContext): Promise<LoadedFile> {
  const file = resolve(path);
  const origin: ProblemOrigin = { kind: 'file', file };
  let text: string;
  try {
    text = context.pinned?.[file] ?? (await readFile(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TsgunError(
      code === 'ENOENT' ? 'TSG_CONFIG_NOT_FOUND' : 'TSG_CONFIG_LOAD',
      code === 'ENOENT' ? `config file not found: ${file}` : `cannot read config file ${file}: ${(error as Error).message}`,
      { cause: error, file, problems: [] },
    );
  }
  if (text.trim() === '') {
    throw loadError(file, 'the config file is empty; it must define at least `app`', origin);
  }
  const raw = await settledOrIdle(readRaw(file, text, context.pinned), () => loadError(file, `the config module's top-level await never settles: ${NOTHING_PENDING}`, origin));
  let value = raw.value;
  if (typeof value === 'function') {
    let hung = false;
    const hang = (): TsgunError => ((hung = true), loadError(file, `the config function returned a promise that never settles: ${NOTHING_PENDING}`, origin));
    try {
      value = await settledOrIdle(Promise.resolve((value as (ctx: ConfigContext) => unknown)(context)), hang);
    } catch (error) {
      if (hung) throw error;
      throw loadError(file, `the config function threw: ${describeThrown(error)}`, locateThrow(error, file) ?? origin, error);
    }
  }
  if (!isPlainObject(value)) {
    const what = value === undefined ? 'nothing' : Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`;
    const hint = raw.format === 'module' ? '; use `export default defineConfig({ ... })`' : '';
    throw loadError(file, `the config must be an object of settings (got ${what})${hint}`, origin);
  }
  return { file, format: raw.format, config: value, dependencies: raw.dependencies, locator: raw.locator, texts: raw.texts };
}

async function readRaw(file: string, text: string, pinned: Readonly<Record<string, string>> | undefined): Promise<Raw> {
  const ext = extname(file);
  const name = basename(file);
  if (MODULE_EXTENSIONS.includes(ext)) return readModule(file, text, pinned);
  // JSON and YAML need the yaml package (duplicate keys, line numbers); a JS/TS config never loads it
  // (measured: yaml is 72 modules, ~40 ms and a few MiB in a master that does not need it).
  const [yaml, { createLocator }] = await Promise.all([import('yaml'), import('./locate.ts')]);
  const texts = { [file]: text };
  if (name === 'package.json') {
    const all = parseJson(yaml, file, text);
    if (!isPlainObject(all) || !('tsgun' in all)) throw loadError(file, 'package.json has no "tsgun" key', { kind: 'file', file });
    return { value: all['tsgun'], format: 'json', dependencies: [file], locator: createLocator(text, ['tsgun']), texts };
  }
  if (ext === '.json') return { value: parseJson(yaml, file, text), format: 'json', dependencies: [file], locator: createLocator(text), texts };
  if (ext === '.yaml' || ext === '.yml') return { value: parseYaml(yaml, file, text), format: 'yaml', dependencies: [file], locator: createLocator(text), texts };
  // An extensionless rc file holds JSON or YAML; YAML 1.2 reads both. A broken one that looks like
  // JSON gets JSON's message ("Expected ','"), not YAML's ("Implicit keys need to be on a single line").
  let value: unknown;
  try {
    value = parseYaml(yaml, file, text);
  } catch (yamlError) {
    // parseJson throws its own error; it returns only for valid JSON that YAML rejects (a duplicate key).
    if (/^\s*\{/.test(text)) parseJson(yaml, file, text);
    throw yamlError;
  }
  return { value, format: 'yaml', dependencies: [file], locator: createLocator(text), texts };
}

async function readModule(file: string, text: string, pinned: Readonly<Record<string, string>> | undefined): Promise<Raw> {
  try {
    const { namespace, dependencies, texts } = await importFresh(file, pinned);
    if (!('default' in namespace)) {
      throw loadError(file, 'the config module has no default export; use `export default defineConfig({ ... })`', { kind: 'file', file });
    }
    // Located in the text that was evaluated, should the file have changed since it was read.
    return { value: namespace['default'], format: 'module', dependencies, locator: createModuleLocator(file, texts[file] ?? text), texts };
  } catch (error) {
    if (error instanceof TsgunError) throw error;
    const where = locateThrow(error, file) ?? { kind: 'file', file };
    const what = error instanceof SyntaxError ? 'has a syntax error' : 'threw while being imported';
    throw loadError(file, `the config module ${what}: ${describeThrown(error)}`, where, error);
  }
}

function parseJson(yaml: typeof Yaml, file: string, text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const offset = jsonErrorOffset(text);
    const pos = offset === -1 ? undefined : offsetToPosition(text, offset);
    const clean = message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/, (\.\.\.)?".*" is not valid JSON$/s, '');
    throw loadError(file, `invalid JSON: ${clean}`, { kind: 'file', file, ...pos }, error);
  }
  // JSON.parse keeps the last of two equal keys without a word; a config that says `workers`
  // twice is a mistake either way, and YAML configs already reject it.
  const duplicate = yaml.parseDocument(text, { uniqueKeys: true, lineCounter: new yaml.LineCounter() }).errors.find((e) => e.code === 'DUPLICATE_KEY');
  if (duplicate !== undefined) {
    const [line, column] = duplicate.linePos?.[0] === undefined ? [undefined, undefined] : [duplicate.linePos[0].line, duplicate.linePos[0].col];
    const key = /^"((?:[^"\\]|\\.)*)"/.exec(text.slice(duplicate.pos[0]))?.[1];
    throw loadError(file, `invalid JSON: ${key === undefined ? 'a key' : `the key "${key}"`} appears twice in the same object`, {
      kind: 'file',
      file,
      ...(line === undefined ? {} : { line, column }),
    });
  }
  return value;
}

function parseYaml(yaml: typeof Yaml, file: string, text: string): unknown {
  const doc = yaml.parseDocument(text, { prettyErrors: true });
  const first = doc.errors[0];
  if (first !== undefined) {
    const pos = first.linePos?.[0];
    const message = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw loadError(file, `invalid YAML: ${message}`, { kind: 'file', file, line: pos?.line, column: pos?.col }, first);
  }
  return doc.toJS();
}

function offsetToPosition(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function describeThrown(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? String(error);
  return String(error);
}

const OWN_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Where in the user's files an error was thrown: the first stack location that is neither in
 * node_modules nor in tsgun itself. TypeScript syntax errors put it on the stack's first line as
 * a plain path ("/x/c.ts:4"); JavaScript syntax errors carry none, so `node --check` is asked.
 */
function locateThrow(error: unknown, file: string): ProblemOrigin | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  for (const match of stack.matchAll(/(file:\/\/\/[^\s?):]+|(?<![\w/])\/[^\s?():]+)(?:\?[^\s):]*)?:(\d+)(?::(\d+))?/g)) {
    const raw = match[1]!;
    const path = raw.startsWith('file:') ? fileURLToPath(raw) : raw;
    if (path.includes('/node_modules/') || path.startsWith(OWN_ROOT)) continue;
    const column = match[3] !== undefined ? Number(match[3]) : error instanceof SyntaxError ? caretColumn(stack) : undefined;
    return { kind: 'file', file: path, line: Number(match[2]), column };
  }
  if (error instanceof SyntaxError && !/\.[mc]?ts$/.test(file)) return checkSyntax(file);
  return undefined;
}

/** A TypeScript syntax error's stack has no column, but its code frame marks it with `^` (tabs shown as spaces). */
function caretColumn(stack: string): number | undefined {
  const caret = /^( *)\^+ *$/m.exec(stack);
  return caret === null ? undefined : caret[1]!.length + 1;
}

function checkSyntax(file: string): ProblemOrigin | undefined {
  const { stderr } = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 10_000 });
  const lines = (stderr ?? '').split('\n');
  const at = /^(.*):(\d+)$/.exec(lines[0] ?? '');
  if (at === null || at[1] !== file) return undefined;
  const caret = (lines[2] ?? '').indexOf('^');
  return { kind: 'file', file, line: Number(at[2]), column: caret === -1 ? undefined : caret + 1 };
}

function loadError(file: string, message: string, origin: ProblemOrigin, cause?: unknown): TsgunError {
  return new TsgunError('TSG_CONFIG_LOAD', `cannot load config file ${file}`, { cause, file, problems: [{ path: '', message, origin }] });
}
