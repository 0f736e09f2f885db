// The resolved config: every setting present, deep-frozen, with where each value came from.

import type { ProblemOrigin } from '../errors/tsgun-error.ts';
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
  readonly binds: readonly BindAddress[];
  readonly app: AppSpec;
  /** `maxMemory` in bytes, or null. */
  readonly maxMemoryBytes: number | null;
  /** `umask` as a number, or null. */
  readonly umaskValue: number | null;
}
