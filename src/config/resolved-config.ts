// The resolved config: every setting present, deep-frozen, with where each value came from, and the
// forms the processes use computed once here: durations in milliseconds and absolute paths, so that
// no use site multiplies by 1000 or joins a relative path against a directory of its own choosing.

import type { ProblemOrigin } from '../errors/tsgun-error.ts';
import type { AccessLogFormat } from './access-log-format.ts';
import type { BindAddress } from './bind.ts';
import type { Settings } from './settings.generated.ts';

export type ValueSource = { readonly kind: 'default' } | ProblemOrigin;

export interface AppSpec {
  /** An absolute file path, or a package specifier resolved from `baseDir`. */
  readonly module: string;
  /** The export to use, or null for tsgun's default choice (default export, then app, handler, fetch). */
  readonly exportName: string | null;
  readonly isFile: boolean;
  /** The directory a package specifier is resolved from. */
  readonly baseDir: string;
}

/** Every duration setting in milliseconds (the settings hold seconds, as users write them). */
export interface Durations {
  readonly timeout: number;
  readonly bootTimeout: number;
  readonly gracefulTimeout: number;
  /** Null: no limit. */
  readonly requestTimeout: number | null;
  readonly hookTimeout: number;
  readonly keepAlive: number;
  readonly headersTimeout: number;
  readonly bodyTimeout: number;
  readonly sendTimeout: number;
}

/** The settings that name files, as absolute paths. */
export interface ResolvedPaths {
  /**
   * The directory the master and its workers run in: `chdir` (relative to the app's base directory),
   * else the working directory tsgun was started in. Log files, the pidfile and the control socket
   * given as relative paths are relative to it.
   */
  readonly workDir: string;
  /** `chdir`, absolute, or null. */
  readonly chdir: string | null;
  /** `-` for stdout, else an absolute path. */
  readonly errorLog: string;
  /** Null: off; `-`: stdout, inside the JSON log; else an absolute path. */
  readonly accessLog: string | null;
  readonly pidfile: string | null;
  readonly controlSocket: string | null;
  /** `tls.cert`, `tls.key`, `tls.ca` and `tls.sni`'s files relative to the app's base directory; null without `tls`. */
  readonly tls: {
    readonly cert: string | null;
    readonly key: string | null;
    readonly ca: string | null;
    /** By server name, as written in `tls.sni`. */
    readonly sni: Readonly<Record<string, { readonly cert: string; readonly key: string }>>;
  } | null;
  /** `reloadExtraFiles`, relative to the config file's directory (the working directory without one). */
  readonly reloadExtraFiles: readonly string[];
}

export interface ResolvedConfig {
  readonly settings: Settings;
  /** Source of every setting by dotted name (`workers`, `tls.cert`). */
  readonly sources: Readonly<Record<string, ValueSource>>;
  /** The config file used, or null when none was found. */
  readonly configFile: string | null;
  /** The config file and every local module it imports. */
  readonly dependencies: readonly string[];
  /**
   * The text of the config file and of each local module it imports, as read. A worker loads
   * these instead of the files on disk, so it runs exactly the config its master validated.
   */
  readonly texts: Readonly<Record<string, string>>;
  /**
   * The TLS files (`tls.cert`, `tls.key`, `tls.ca`, each `tls.sni` pair) by absolute path, as the
   * config reader read and checked them. A worker of the generation uses these, never the disk: a
   * file replaced since (a renewal a reload refused) cannot break its respawns. Absent where the
   * config was read for `check` or `print-config`.
   */
  readonly tlsFiles?: Readonly<Record<string, string>>;
  readonly binds: readonly BindAddress[];
  readonly app: AppSpec;
  /** `maxMemory` in bytes, or null. */
  readonly maxMemoryBytes: number | null;
  /** `umask` as a number, or null. */
  readonly umaskValue: number | null;
  /** The duration settings in milliseconds. */
  readonly ms: Durations;
  /** The path settings, absolute. */
  readonly paths: ResolvedPaths;
  /** `accessLogFormat`, parsed (and so known to be valid). */
  readonly accessFormat: AccessLogFormat;
}
