// The public API that config files import: `import { defineConfig } from 'tsgun'`. Importing it starts
// nothing and pulls in neither master nor worker code.

import type { ConfigContext } from './config/load-file.ts';
import type { UserConfig } from './config/settings.generated.ts';

export type { UserConfig, Settings, TlsSettings, SettingName, DurationString } from './config/settings.generated.ts';
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

// What follows exists for tsc's error locations (test/e2e/define-config-types.test.ts). Overloads made
// every mistake one TS2769 block at the call, comparing a config object with a function type too (hence
// `Function.prototype.bind` in the message for a wrong `bind`); a plain `UserConfig | ConfigFunction`
// parameter still compares objects with `Function.bind`, and a function's returned object is never
// checked for unknown keys. So the parameter's type is computed from the argument: `Arg` is inferred
// from the argument itself, `Returned` from what a function returns, and the argument is then checked
// against exactly one shape, which tsc elaborates down to the offending key.

/** Names the key in tsc's message: `Type 'number' is not assignable to type '"wrokers is not a tsgun setting"'`. */
type NotASetting<Key> = Key extends string | number ? `${Key} is not a tsgun setting` : never;

/**
 * The keys the user wrote, each with the type of its setting: tsc then reports every wrong key and every
 * wrong value, each at its own key (excess-property checking stops at the first type error). The
 * `UserConfig &` keeps completions for the keys not written yet.
 */
type CheckedConfig<Written> = UserConfig & { [Key in keyof Written]: Key extends keyof UserConfig ? UserConfig[Key] : NotASetting<Key> };

/**
 * An object: plain `UserConfig` while every setting it names has the right type, so that a misspelt key
 * gets tsc's own excess-property error with its "Did you mean" (that needs a literal `Arg`, hence the
 * `const` type parameter, which keeps `'auto'` from widening to `string`); otherwise every key checked.
 */
type ObjectParameter<Arg> = Pick<Arg, keyof Arg & keyof UserConfig> extends UserConfig ? UserConfig : CheckedConfig<Arg>;

/**
 * A function: its returned object checked key by key (tsc elaborates into an arrow's expression body;
 * not into a block body, nor through an async arrow's Promise). Plain `ConfigFunction` when nothing was
 * inferred (a function that returns `any` or a typed `UserConfig`), or when `Returned` has the keys of a
 * Promise (a function that returns `Promise<UserConfig>`: a config has no `then`, await would call it).
 */
type FunctionParameter<Returned> = unknown extends Returned
  ? ConfigFunction
  : 'then' extends keyof Returned
    ? ConfigFunction
    : (context: ConfigContext) => CheckedConfig<Returned> | Promise<CheckedConfig<Returned>>;

type AnyFunction = (...args: never) => unknown;

/**
 * Before `Arg` is inferred (tsc's first pass skips an arrow whose parameters need their context),
 * accept any object: checking an arrow against `UserConfig` there would compare it by its `bind`
 * (Function.prototype.bind against the setting) and leave the arrow's parameters untyped.
 */
type ConfigParameter<Arg, Returned> = unknown extends Arg ? object & Arg : Arg extends AnyFunction ? FunctionParameter<Returned> : ObjectParameter<Arg>;

/**
 * Types a tsgun config for editors and the compiler, and returns it unchanged. Takes the config, or a
 * (possibly async) function of `{ command }` that returns it. A misspelt or mistyped setting is a tsc
 * error at its own key, not only a `tsgun check` error at run time.
 *
 * ```ts
 * export default defineConfig({ app: './app.ts', bind: ['0.0.0.0:8000'], workers: 4 });
 * ```
 */
export function defineConfig<const Arg, Returned>(config: ConfigParameter<Arg, Returned>): Arg extends AnyFunction ? ConfigFunction : UserConfig;
export function defineConfig(config: ConfigExport): ConfigExport {
  return config;
}
