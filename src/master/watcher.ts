// Turns file changes into reload requests: the config file and every local module it imports
// (`watch`), and in development the app's files and `reloadExtraFiles` (`reload`). chokidar handles
// editors' atomic saves (write a temp file, rename it over); a debounce folds a burst of saves
// (a formatter rewriting several files) into one reload.

import { dirname, isAbsolute, resolve } from 'node:path';
import type { FSWatcher } from 'chokidar';
import type { ResolvedConfig } from '../config/resolved-config.ts';
import type { Logger } from '../log/logger.ts';
import type { ReloadTrigger } from './reload-plan.ts';

const DEBOUNCE_MS = 250;
const IGNORED = [/(^|\/)node_modules(\/|$)/, /(^|\/)\.git(\/|$)/];

export interface WatchTargets {
  readonly config: readonly string[];
  readonly code: readonly string[];
}

/** What to watch for a config: its own files under `watch`, the app's directory and extras under `reload`. */
export function watchTargets(config: ResolvedConfig, cwd: string): WatchTargets {
  const { settings } = config;
  const configFiles = settings.watch ? [...config.dependencies] : [];
  const code: string[] = [];
  if (settings.reload) {
    if (config.app.isFile) code.push(dirname(config.app.module));
    for (const extra of settings.reloadExtraFiles) code.push(isAbsolute(extra) ? extra : resolve(config.configFile === null ? cwd : dirname(config.configFile), extra));
  }
  return { config: configFiles, code };
}

export class ReloadWatcher {
  #watcher: FSWatcher | null = null;
  #timer: NodeJS.Timeout | null = null;
  #pending: ReloadTrigger | null = null;
  #key = '';
  readonly #request: (trigger: ReloadTrigger) => void;
  readonly #logger: Logger;

  constructor(request: (trigger: ReloadTrigger) => void, logger: Logger) {
    this.#request = request;
    this.#logger = logger;
  }

  /** Watches exactly `targets` (replacing what was watched); a no-op when nothing changed. */
  async update(targets: WatchTargets): Promise<void> {
    const key = JSON.stringify(targets);
    if (key === this.#key) return;
    this.#key = key;
    await this.close();
    const configFiles = new Set(targets.config);
    const paths = [...targets.config, ...targets.code];
    if (paths.length === 0) return;
    // Imported here: a master that watches nothing (neither `watch` nor `reload`) never loads chokidar.
    const { watch } = await import('chokidar');
    if (this.#key !== key) return; // a newer update() replaced this one while chokidar loaded
    const watcher = watch(paths, { ignoreInitial: true, ignored: IGNORED });
    this.#watcher = watcher;
    watcher.on('all', (kind, path) => {
      const trigger: ReloadTrigger = configFiles.has(path) ? 'watch' : 'code-change';
      this.#logger.debug({ event: 'watch.changed', kind, path }, `${kind} ${path}`);
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
    });
    watcher.on('error', (error) => this.#logger.warn({ event: 'watch.failed', err: error }, 'the file watcher failed'));
    await new Promise<void>((done) => watcher.once('ready', () => done()));
    this.#logger.info({ event: 'watch.started', files: targets.config.length, paths: targets.code }, `watching ${paths.length} path(s) for changes`);
  }

  async close(): Promise<void> {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const watcher = this.#watcher;
    this.#watcher = null;
    await watcher?.close();
  }
}
