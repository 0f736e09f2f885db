// Imports a JS/TS config module and the local files it imports afresh on each call, and reports
// those files. Node's ESM cache keeps the first copy of a module forever and cosmiconfig's
// clearCaches() does not reach it; a `?v=N` query on the entry refreshes only the top file. So a
// resolve hook tags the local (non-node_modules) modules reached from a tagged parent with a
// generation, making them new while packages stay shared (as Vite's config loader).
//
// ES modules cannot be unloaded: every module a load evaluates stays in the process for good. A
// master that re-imported the whole local graph on each reload grew by the graph's size per reload
// (a 1.2 MB data module: +4.8 MB of RSS per reload, +286 MB after 60). So only what changed is
// evaluated again: the entry file on every load (its top level is the config and runs each time),
// and an imported local file only when its text, or the text of something it imports locally,
// differs from the copy already loaded. Everything else is the same module instance as before.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire, registerHooks, type ResolveFnOutput, type ResolveHookContext } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PARAM = 'tsgun-config-gen';
const TYPESCRIPT_FORMATS: Readonly<Record<string, 'module-typescript' | 'commonjs-typescript'>> = { '.ts': 'module-typescript', '.mts': 'module-typescript', '.cts': 'commonjs-typescript' };

/** A local module evaluated by an earlier load, which a later one may share. */
interface Known {
  /** The generation in its URL: importing that URL again gives the very same instance. */
  readonly generation: number;
  /** The hash of the text it was evaluated from. */
  readonly hash: string;
  /** The local files it imported (absolute paths). */
  readonly imports: readonly string[];
}

/** One load in progress. */
interface Load {
  readonly generation: number;
  /** Every local file of the graph, new or shared (absolute paths). */
  readonly files: Set<string>;
  /** Files evaluated by this load → the local files each imported. */
  readonly fresh: Map<string, Set<string>>;
  /** The text each new module was evaluated from, and the hash of its bytes. */
  readonly loaded: Map<string, { readonly text: string; readonly hash: string }>;
  /** Texts to load instead of the disk's (a worker running the config its master validated). */
  readonly pinned: Readonly<Record<string, string>>;
  /** Pinned TypeScript texts with their types stripped already: loaded as JavaScript, without Node's stripper. */
  readonly runnable: Readonly<Record<string, string>>;
  /** Files this load shares with an earlier one → the instance's generation and its (unchanged) text. */
  readonly shared: ReadonlyMap<string, { readonly generation: number; readonly text: string }>;
}

/** Path → the latest successfully loaded instance of each local module of the last graph. */
const known = new Map<string, Known>();
const loads = new Map<number, Load>();
let nextGeneration = 1;
let hooked = false;

function generationOf(url: string | undefined): number | undefined {
  if (url === undefined || !url.startsWith('file:')) return undefined;
  const q = url.indexOf('?');
  if (q === -1) return undefined;
  const value = new URLSearchParams(url.slice(q + 1)).get(PARAM);
  return value === null ? undefined : Number(value);
}

// tsgun's own modules are shared, never re-imported: a symlinked or workspace install resolves to a
// real path outside node_modules, which would otherwise count as the user's local code.
const OWN_ROOT = new URL('../../', import.meta.url).href;

function isLocalFile(url: string): boolean {
  return url.startsWith('file:') && !url.includes('/node_modules/') && !url.startsWith(OWN_ROOT);
}

/** Of the bytes, so that two files that differ only in bytes invalid as UTF-8 still differ. */
function hashOf(source: string | Uint8Array): string {
  return createHash('sha256')
    .update(typeof source === 'string' ? Buffer.from(source, 'utf8') : source)
    .digest('base64url');
}

/**
 * The known modules a load may share: those whose text (pinned, else on disk) is the one they were
 * evaluated from and whose local imports may all be shared too. A module whose import changed must
 * be evaluated again, or it would keep the old import's bindings. The entry is never shared.
 */
function shareable(entry: string, pinned: Readonly<Record<string, string>>): Map<string, { generation: number; text: string }> {
  const candidates = new Map<string, { generation: number; text: string }>();
  for (const [path, module] of known) {
    if (path === entry) continue;
    let source: string | Buffer;
    try {
      source = Object.hasOwn(pinned, path) ? pinned[path]! : readFileSync(path);
    } catch {
      continue; // gone or unreadable: the import reports it, if it is still imported
    }
    if (hashOf(source) === module.hash) candidates.set(path, { generation: module.generation, text: source.toString() });
  }
  // Drop, until nothing changes, every candidate that imports a file that is not one (cycles included).
  for (let dropped = true; dropped;) {
    dropped = false;
    for (const path of candidates.keys()) {
      if (known.get(path)!.imports.every((i) => candidates.has(i))) continue;
      candidates.delete(path);
      dropped = true;
    }
  }
  return candidates;
}

/** The load a resolution belongs to: the parent's, or the only one running (a shared module's dynamic import). */
function loadFor(parentGeneration: number): Load | undefined {
  const own = loads.get(parentGeneration);
  if (own !== undefined || loads.size !== 1) return own;
  return loads.values().next().value;
}

/**
 * The default resolution, except for a relative import of a file the load has pinned text for
 * that is no longer on disk (a deploy removed or renamed it since the master read it): it resolves
 * to that file anyway, and the load hook hands over the pinned text.
 */
function resolvePinned(specifier: string, context: ResolveHookContext, nextResolve: (specifier: string, context?: Partial<ResolveHookContext>) => ResolveFnOutput): ResolveFnOutput {
  try {
    return nextResolve(specifier, context);
  } catch (error) {
    const parent = context.parentURL;
    const generation = generationOf(parent);
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND' || generation === undefined || !/^\.\.?\//.test(specifier)) throw error;
    const url = new URL(specifier, parent);
    url.search = '';
    const path = fileURLToPath(url);
    if (loadFor(generation)?.pinned[path] === undefined) throw error;
    return { url: url.href, format: TYPESCRIPT_FORMATS[extname(path)] ?? (path.endsWith('.mjs') ? 'module' : undefined), shortCircuit: true };
  }
}

function installHook(): void {
  if (hooked) return;
  hooked = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const result = resolvePinned(specifier, context, nextResolve);
      const parentGeneration = generationOf(context.parentURL);
      if (parentGeneration === undefined || !isLocalFile(result.url) || generationOf(result.url) !== undefined) return result;
      const load = loadFor(parentGeneration);
      const path = fileURLToPath(result.url);
      const url = new URL(result.url);
      if (load === undefined) {
        // A module imported after its load ended (from a config function or a hook): as its parent.
        url.searchParams.set(PARAM, String(parentGeneration));
        return { ...result, url: url.href };
      }
      load.files.add(path);
      if (parentGeneration === load.generation) load.fresh.get(fileURLToPath(context.parentURL!))?.add(path);
      const generation = load.shared.get(path)?.generation ?? load.generation;
      if (generation === load.generation && !load.fresh.has(path)) load.fresh.set(path, new Set());
      url.searchParams.set(PARAM, String(generation));
      return { ...result, url: url.href };
    },
    // Records what was loaded (so that a worker can later load exactly the same text), and loads
    // pinned text instead of the file when the caller has one: a worker of generation N runs the
    // config its master validated for N, whatever the file says by the time the worker boots.
    load(url, context, nextLoad) {
      const generation = generationOf(url);
      const load = generation === undefined ? undefined : loads.get(generation);
      if (load === undefined) return nextLoad(url, context);
      const path = fileURLToPath(url);
      const pinned = Object.hasOwn(load.pinned, path) ? load.pinned[path] : undefined;
      if (pinned !== undefined) {
        load.loaded.set(path, { text: pinned, hash: hashOf(pinned) });
        // The default loader would strip types from the file on disk (and throw if it is broken
        // now), so TypeScript sources are handed over with their format instead.
        const typescript = TYPESCRIPT_FORMATS[extname(path)];
        if (typescript === 'module-typescript' && Object.hasOwn(load.runnable, path)) return { format: 'module', source: load.runnable[path]!, shortCircuit: true };
        if (typescript !== undefined) return { format: typescript, source: pinned, shortCircuit: true };
        // An ES module needs nothing from the file either: the default loader would read it anyway,
        // and fail once a deploy removed or renamed it, although the pinned text is all it needs.
        if (context.format === 'module') return { format: 'module', source: pinned, shortCircuit: true };
        return { ...nextLoad(url, context), source: pinned };
      }
      const result = nextLoad(url, context);
      const source = result.source;
      if (source !== undefined && source !== null) {
        const bytes = typeof source === 'string' ? source : Buffer.from(source as Uint8Array);
        load.loaded.set(path, { text: bytes.toString(), hash: hashOf(bytes) });
      }
      return result;
    },
  });
}

export interface FreshModule {
  readonly namespace: Record<string, unknown>;
  /** The entry file and every local file it imported, directly or not (absolute paths). */
  readonly dependencies: readonly string[];
  /** The text each of those files was loaded from. */
  readonly texts: Readonly<Record<string, string>>;
}

/**
 * Imports `file` (absolute path) with its local import graph as it is now: the entry and every local
 * file that changed (or imports one that did) are evaluated again, unchanged ones are shared with
 * the previous load, and packages from node_modules are never re-imported.
 */
export async function importFresh(file: string, pinned: Readonly<Record<string, string>> = {}, runnable: Readonly<Record<string, string>> = {}): Promise<FreshModule> {
  if (file.endsWith('.cjs')) return requireFresh(file);
  installHook();
  const generation = nextGeneration++;
  const load: Load = { generation, files: new Set([file]), fresh: new Map([[file, new Set()]]), loaded: new Map(), pinned, runnable, shared: shareable(file, pinned) };
  loads.set(generation, load);
  try {
    const url = `${pathToFileURL(file).href}?${PARAM}=${generation}`;
    const namespace = (await import(url)) as Record<string, unknown>;
    // A shared module's own imports were not resolved again: they are its known imports, shared too.
    const pending = [...load.files].filter((path) => load.shared.has(path));
    for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
      for (const child of known.get(path)?.imports ?? []) {
        if (load.files.has(child)) continue;
        load.files.add(child);
        if (load.shared.has(child)) pending.push(child);
      }
    }
    remember(load);
    const texts: Record<string, string> = {};
    for (const path of load.files) {
      const text = load.loaded.get(path)?.text ?? load.shared.get(path)?.text;
      if (text !== undefined) texts[path] = text;
    }
    return { namespace, dependencies: [...load.files], texts };
  } finally {
    loads.delete(generation);
  }
}

/**
 * After a load succeeded, its graph is what the next load may share. A module without a text (a
 * CommonJS file, which the ESM loader leaves to require) cannot be compared, so it and everything
 * importing it are evaluated afresh each time, as before.
 */
function remember(load: Load): void {
  for (const path of known.keys()) if (!load.files.has(path)) known.delete(path);
  for (const [path, imports] of load.fresh) {
    const loaded = load.loaded.get(path);
    if (loaded === undefined) known.delete(path);
    else known.set(path, { generation: load.generation, hash: loaded.hash, imports: [...imports] });
  }
}

/** CommonJS configs: the require cache is keyed by path, so drop the local entries before loading. */
function requireFresh(file: string): FreshModule {
  const require = createRequire(file);
  for (const key of Object.keys(require.cache)) if (!key.includes('/node_modules/')) delete require.cache[key];
  const exported = require(file) as unknown;
  const dependencies = Object.keys(require.cache).filter((key) => !key.includes('/node_modules/'));
  const namespace = { default: exported } as Record<string, unknown>;
  // CommonJS configs are not pinned: a worker re-reads them from disk (documented).
  return { namespace, dependencies: [file, ...dependencies.filter((d) => d !== file)], texts: {} };
}
