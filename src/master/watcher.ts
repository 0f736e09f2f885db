// Turns file changes into reload requests: the config file and every local module it imports
// (trigger `watch`), and in development (`reload`) the app's module graph as its workers reported it
// plus `reloadExtraFiles` (trigger `code-change`). Never a directory of the app as such: tsgun's own
// output files (pidfile, reload status, logs, sockets) and the app's data files often live there,
// and a write to one of them must not start a reload (it looped: each reload rewrites
// `<pidfile>.reload.json`). chokidar handles editors' atomic saves (write a temp file, rename it
// over); a debounce folds a burst of saves (a formatter rewriting several files) into one reload.

import { basename, dirname, isAbsolute, resolve } from 'node:path';
import type { FSWatcher } from 'chokidar';
import type { ResolvedConfig } from '../config/resolved-config.ts';
import type { Logger } from '../log/logger.ts';
import type { ReloadTrigger } from './reload-plan.ts';

const DEBOUNCE_MS = 250;
const IGNORED = /(^|\/)(node_modules|\.git)(\/|$)/;

export interface WatchTargets {
  /** A change is a `watch` reload: the config file and its local modules. */
  readonly config: readonly string[];
  /** A change is a `code-change` reload: the app's files and `reloadExtraFiles`. */
  readonly code: readonly string[];
  /** tsgun's own output files: never a trigger, even inside a directory listed in `reloadExtraFiles`. */
  readonly outputs: readonly string[];
}

/** The files tsgun itself writes for a config: pidfile, logs, control socket, unix sockets. */
export function tsgunOutputs(config: ResolvedConfig): string[] {
  const { paths } = config;
  const outputs = [paths.pidfile, paths.errorLog === '-' ? null : paths.errorLog, paths.accessLog === '-' ? null : paths.accessLog, paths.controlSocket];
  for (const bind of config.binds) if (bind.kind === 'unix') outputs.push(resolve(paths.workDir, bind.path));
  return outputs.filter((p) => p !== null);
}

/**
 * Whether `path` is one of `outputs` or a side file of one: `<pidfile>.reload.json`, a rotated
 * `<log>.1`, or the temporary file an atomic write renames over it (`.<name>.<random>.tmp`).
 */
export function isTsgunOutput(path: string, outputs: readonly string[]): boolean {
  return outputs.some((output) => path === output || path.startsWith(`${output}.`) || (dirname(path) === dirname(output) && basename(path).startsWith(`.${basename(output)}.`)));
}

/**
 * What to watch for the serving config: its own files under `watch` or `reload`, and under `reload`
 * the app module, `appFiles` (the module graph its workers reported) and `reloadExtraFiles`. A file
 * both the config and the app import is code: the app needs new workers to see it.
 */
export function watchTargets(config: ResolvedConfig, appFiles: Iterable<string> = []): WatchTargets {
  const { settings } = config;
  const outputs = tsgunOutputs(config);
  const keep = (path: string): boolean => isAbsolute(path) && !IGNORED.test(path) && !isTsgunOutput(path, outputs);
  const code = new Set<string>();
  if (settings.reload) {
    if (config.app.isFile) code.add(config.app.module);
    for (const file of appFiles) code.add(file);
  }
  // Given by the user, so under node_modules too; chokidar still skips node_modules inside a listed directory.
  const extra = settings.reload ? config.paths.reloadExtraFiles.filter((p) => !isTsgunOutput(p, outputs)) : [];
  const codeFiles = [...new Set([...[...code].filter(keep), ...extra])].sort();
  const configFiles = settings.watch || settings.reload ? config.dependencies.filter((p) => keep(p) && !code.has(p)) : [];
  return { config: [...new Set(configFiles)].sort(), code: codeFiles, outputs: outputs.sort() };
}

export class ReloadWatcher {
  #watcher: FSWatcher | null = null;
  /** The paths given to the watcher, to add and unwatch only what changed. */
  #watched = new Set<string>();
  #configFiles = new Set<string>();
  #outputs: readonly string[] = [];
  #timer: NodeJS.Timeout | null = null;
  #pending: ReloadTrigger | null = null;
  #key = '';
  #closed = false;
  #config: ResolvedConfig | null = null;
  #generation = 0;
  /** App files by generation: the serving one's, and those of newer ones (booting, or rolled back). */
  readonly #graphs = new Map<number, Set<string>>();
  readonly #request: (trigger: ReloadTrigger) => void;
  readonly #logger: Logger;

  constructor(request: (trigger: ReloadTrigger) => void, logger: Logger) {
    this.#request = request;
    this.#logger = logger;
  }

  /**
   * The serving config is `config`, of `generation` (at start, after a commit, after a change
   * applied in place). Files only older generations loaded are no longer watched.
   */
  configure(config: ResolvedConfig, generation: number): Promise<void> {
    this.#config = config;
    this.#generation = generation;
    for (const number of this.#graphs.keys()) if (number < generation) this.#graphs.delete(number);
    return this.#refresh();
  }

  /**
   * A worker of `generation` loaded `files`. A newer generation's files are watched at once: a reload
   * that rolled back because an edited file broke the app must see that file's fix.
   */
  loaded(generation: number, files: readonly string[]): Promise<void> {
    if (generation < this.#generation) return Promise.resolve();
    let graph = this.#graphs.get(generation);
    if (graph === undefined) this.#graphs.set(generation, (graph = new Set()));
    for (const file of files) graph.add(file);
    return this.#refresh();
  }

  #refresh(): Promise<void> {
    if (this.#config === null) return Promise.resolve();
    return this.update(
      watchTargets(
        this.#config,
        [...this.#graphs.values()].flatMap((g) => [...g]),
      ),
    );
  }

  /** Watches exactly `targets`, adding and unwatching only what changed; a no-op when nothing did. */
  async update(targets: WatchTargets): Promise<void> {
    const key = JSON.stringify(targets);
    if (key === this.#key) return;
    this.#key = key;
    this.#configFiles = new Set(targets.config);
    this.#outputs = targets.outputs;
    const paths = new Set([...targets.config, ...targets.code]);
    if (paths.size === 0) return this.#unwatchAll();
    if (this.#closed) return;
    if (this.#watcher === null) {
      // Imported here: a master that watches nothing (neither `watch` nor `reload`) never loads chokidar.
      const { watch } = await import('chokidar');
      // A newer update() replaced this one while chokidar loaded, or the master stopped meanwhile.
      if (this.#key !== key || this.#closed) return;
      const ignored = (path: string): boolean => IGNORED.test(path) || isTsgunOutput(path, this.#outputs);
      const watcher = watch([...paths], { ignoreInitial: true, ignored });
      this.#watcher = watcher;
      this.#watched = paths;
      watcher.on('all', (kind, path) => this.#changed(kind, path));
      watcher.on('error', (error) => this.#logger.warn({ event: 'watch.failed', err: error }, 'the file watcher failed'));
      await new Promise<void>((done) => watcher.once('ready', () => done()));
    } else {
      const gone = [...this.#watched].filter((p) => !paths.has(p));
      const added = [...paths].filter((p) => !this.#watched.has(p));
      this.#watched = paths;
      if (gone.length > 0) this.#watcher.unwatch(gone);
      if (added.length > 0) this.#watcher.add(added);
    }
    this.#logger.info(
      // Counts, not the lists: a module graph can run to hundreds of files, and a log line stays under 4 KiB.
      { event: 'watch.started', files: targets.config.length, code: targets.code.length },
      `watching ${paths.size} path(s) for changes`,
    );
  }

  #changed(kind: string, path: string): void {
    const trigger: ReloadTrigger = this.#configFiles.has(path) ? 'watch' : 'code-change';
    this.#logger.debug({ event: 'watch.changed', kind, path, trigger }, `${kind} ${path}`);
    // A code change needs new workers; it wins over a config-only change in the same burst.
    this.#pending = this.#pending === 'code-change' ? 'code-change' : trigger;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      const pending = this.#pending!;
      this.#pending = null;
      this.#logger.info({ event: 'watch.triggered', trigger: pending }, 'files changed; reloading');
      this.#request(pending);
    }, DEBOUNCE_MS);
  }

  /** For good: the master stops. An update still in flight starts no watcher. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#unwatchAll();
  }

  async #unwatchAll(): Promise<void> {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const watcher = this.#watcher;
    this.#watcher = null;
    this.#watched = new Set();
    await watcher?.close();
  }
}
