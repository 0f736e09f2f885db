// Imports a JS/TS config module and every local file it imports afresh on each call, and reports
// those files. Node's ESM cache keeps the first copy of a module forever and cosmiconfig's
// clearCaches() does not reach it; a `?v=N` query on the entry refreshes only the top file. So a
// resolve hook tags every local (non-node_modules) module reached from a tagged parent with the same
// generation, making the whole local graph new while packages stay shared (as Vite's config loader).

import { createRequire, registerHooks } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PARAM = 'tsgun-config-gen';
const TYPESCRIPT_FORMATS: Readonly<Record<string, 'module-typescript' | 'commonjs-typescript'>> = { '.ts': 'module-typescript', '.mts': 'module-typescript', '.cts': 'commonjs-typescript' };
const seen = new Map<number, Set<string>>();
/** Per generation: the source text of each local module as loaded, and texts to load instead of the disk's. */
const texts = new Map<number, { loaded: Map<string, string>; pinned: Readonly<Record<string, string>> }>();
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

function installHook(): void {
  if (hooked) return;
  hooked = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const result = nextResolve(specifier, context);
      const generation = generationOf(context.parentURL);
      if (generation === undefined || !isLocalFile(result.url) || generationOf(result.url) !== undefined) return result;
      seen.get(generation)?.add(fileURLToPath(result.url));
      const url = new URL(result.url);
      url.searchParams.set(PARAM, String(generation));
      return { ...result, url: url.href };
    },
    // Records what was loaded (so that a worker can later load exactly the same text), and loads
    // pinned text instead of the file when the caller has one: a worker of generation N runs the
    // config its master validated for N, whatever the file says by the time the worker boots.
    load(url, context, nextLoad) {
      const generation = generationOf(url);
      const record = generation === undefined ? undefined : texts.get(generation);
      if (record === undefined) return nextLoad(url, context);
      const path = fileURLToPath(url);
      const pinned = Object.hasOwn(record.pinned, path) ? record.pinned[path] : undefined;
      if (pinned !== undefined) {
        record.loaded.set(path, pinned);
        // The default loader would strip types from the file on disk (and throw if it is broken
        // now), so TypeScript sources are handed over with their format instead.
        const typescript = TYPESCRIPT_FORMATS[extname(path)];
        if (typescript !== undefined) return { format: typescript, source: pinned, shortCircuit: true };
        return { ...nextLoad(url, context), source: pinned };
      }
      const result = nextLoad(url, context);
      const source = result.source;
      if (source !== undefined && source !== null) record.loaded.set(path, typeof source === 'string' ? source : Buffer.from(source as Uint8Array).toString('utf8'));
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

/** Imports `file` (absolute path) with a fresh copy of its local import graph. */
export async function importFresh(file: string, pinned: Readonly<Record<string, string>> = {}): Promise<FreshModule> {
  if (file.endsWith('.cjs')) return requireFresh(file);
  installHook();
  const generation = nextGeneration++;
  const files = new Set<string>([file]);
  const loaded = new Map<string, string>();
  seen.set(generation, files);
  texts.set(generation, { loaded, pinned });
  try {
    const url = `${pathToFileURL(file).href}?${PARAM}=${generation}`;
    const namespace = (await import(url)) as Record<string, unknown>;
    return { namespace, dependencies: [...files], texts: Object.fromEntries(loaded) };
  } finally {
    seen.delete(generation);
    texts.delete(generation);
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
