// Development reload (`reload: true`): the local files the app's import loads, recorded so that the
// master watches exactly these rather than a whole directory. A `module.registerHooks` load hook sees
// every module Node loads from here on, ES modules and `require` alike (TypeScript and JSON
// included). Imported only under `reload`: a worker without it installs no hook.

import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

/** tsgun's own code (`src/` when run from source, `dist/` when installed): never the app's. */
const OWN_DIR = fileURLToPath(new URL('../', import.meta.url));

/**
 * The file a loaded module's URL names, or null when it is not the app's own: a builtin or any other
 * scheme than `file:`, a package under node_modules, or tsgun itself. The query of a URL
 * (`?v=2`) is dropped: it names the same file.
 */
export function appFile(url: string, ownDir: string = OWN_DIR): string | null {
  if (!url.startsWith('file:')) return null;
  let path: string;
  try {
    const bare = new URL(url);
    bare.search = '';
    bare.hash = '';
    path = fileURLToPath(bare);
  } catch {
    return null;
  }
  if (path.includes('/node_modules/') || path.startsWith(ownDir)) return null;
  return path;
}

export class ModuleGraph {
  readonly #seen = new Set<string>();
  #fresh: string[] = [];
  #report: ((files: string[]) => void) | null = null;
  #scheduled = false;

  /** Records `url` if it is one of the app's files not seen before. */
  saw(url: string): void {
    const file = appFile(url);
    if (file === null || this.#seen.has(file)) return;
    this.#seen.add(file);
    this.#fresh.push(file);
    if (this.#report !== null && !this.#scheduled) {
      // A lazy import() loads a whole subgraph at once: one message for it, not one per file.
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        const files = this.take();
        if (files.length > 0) this.#report?.(files);
      });
    }
  }

  /** The files recorded since the last take. */
  take(): string[] {
    const files = this.#fresh;
    this.#fresh = [];
    return files;
  }

  /** From now on, files loaded later (a lazy `import()` in a handler) are handed to `report` in batches. */
  follow(report: (files: string[]) => void): void {
    this.#report = report;
  }
}

/** Starts recording: every module loaded from now on passes the hook. */
export function recordModuleGraph(): ModuleGraph {
  const graph = new ModuleGraph();
  registerHooks({
    load(url, context, next) {
      // Before the load itself: a file that fails to parse was still part of the app, and its fix
      // must trigger the next reload.
      graph.saw(url);
      return next(url, context);
    },
  });
  return graph;
}
