// The public API that config files import: `import { defineConfig } from 'tsgun'`. Importing it starts
// nothing and pulls in neither master nor worker code.

import type { ConfigContext } from './config/load-file.ts';
import type { UserConfig } from './config/settings.generated.ts';

export type { UserConfig, Settings, TlsSettings, SettingName } from './config/settings.generated.ts';
export type { MasterHookContext, ReloadHookContext, WorkerExitInfo, WorkerInfo } from './config/hook-types.ts';
export type { ResolvedConfig, ValueSource, AppSpec } from './config/resolved-config.ts';
export type { ConfigContext } from './config/load-file.ts';
export type { BindAddress } from './config/bind.ts';
export { errorCodes, type ErrorCode } from './errors/codes.ts';
export { ExitCode } from './errors/exit-codes.ts';
export { TsgunError, type ConfigProblem, type ProblemOrigin } from './errors/tsgun-error.ts';

/** A config, or a (possibly async) function of the command being run that returns one. */
export type ConfigExport = UserConfig | ConfigFunction;

export type ConfigFunction = (context: ConfigContext) => UserConfig | Promise<UserConfig>;

/**
 * Types a tsgun config for editors and the compiler, and returns it unchanged. Not generic on
 * purpose: a misspelled setting is then an excess-property error in the editor, not only at run time.
 *
 * ```ts
 * export default defineConfig({ app: './app.ts', bind: ['0.0.0.0:8000'], workers: 4 });
 * ```
 */
export function defineConfig(config: UserConfig): UserConfig;
export function defineConfig(config: ConfigFunction): ConfigFunction;
export function defineConfig(config: ConfigExport): ConfigExport {
  return config;
}
