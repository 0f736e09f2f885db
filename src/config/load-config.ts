// The one entry point that turns a command line and an environment into a ResolvedConfig:
// find the file, read it, resolve the layers, verify paths. Throws a TsgunError with every problem.

import { availableParallelism } from 'node:os';
import { TsgunError, type ConfigProblem } from '../errors/tsgun-error.ts';
import { findConfigFile, loadConfigFile, SEARCH_PLACES, type ConfigContext, type LoadedFile } from './load-file.ts';
import type { CliValue } from './layers.ts';
import { fileOrigin } from './layers.ts';
import type { ResolvedConfig, ValueSource } from './resolved-config.ts';
import { resolveConfig } from './resolve.ts';
import { verifyPaths } from './verify-paths.ts';

export interface LoadConfigOptions {
  /** From --config; else TSGUN_CONFIG; else a search from `cwd`. */
  readonly configPath?: string | undefined;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cli: readonly CliValue[];
  readonly cpus: number;
  readonly command: ConfigContext['command'];
  /** Texts to load instead of the files on disk (the loader's pinning, tested in fresh-import.test.ts). */
  readonly pinned?: Readonly<Record<string, string>> | undefined;
  /**
   * Checks that live above config/ (the accounts of `user` and `group`, in sys/): run with the
   * other path checks, their problems reported with the same file origins.
   */
  readonly verify?: ((config: ResolvedConfig, locate: (path: readonly (string | number)[]) => ValueSource) => readonly ConfigProblem[]) | undefined;
}

/** Where a config comes from: `--config`, the working directory, the environment and the flags. */
export interface ConfigInputs {
  readonly configPath?: string | undefined;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cli: readonly CliValue[];
}

/**
 * The loader's options for `command`: the one place they are assembled, for the CLI's commands and
 * the master's reloads alike (workers load no config). `verify` adds the checks of layers above
 * config/ (the accounts of `user` and `group`, in sys/).
 */
export function loadOptionsFor(inputs: ConfigInputs, command: ConfigContext['command'], verify?: LoadConfigOptions['verify']): LoadConfigOptions {
  return { configPath: inputs.configPath, cwd: inputs.cwd, env: inputs.env, cli: inputs.cli, cpus: availableParallelism(), command, verify };
}

export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const file = await loadFile(options);
  const result = resolveConfig({ file, env: options.env, cli: options.cli, cpus: options.cpus, cwd: options.cwd });
  if (!result.ok) throw invalid(result.problems, file);
  const config = result.config;
  const locate = (p: readonly (string | number)[]): ValueSource => {
    const source = config.sources[p.filter((s) => typeof s === 'string').join('.')] ?? { kind: 'default' };
    return source.kind === 'file' && file !== null ? fileOrigin(file, p, false) : source;
  };
  const problems = [...verifyPaths(config, locate), ...(options.verify?.(config, locate) ?? [])];
  if (problems.length > 0) throw invalid(problems, file);
  return config;
}

export interface LenientLoad {
  /** Each setting's value where it is valid, else its default; `workers` may still be 'auto'. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** What loadConfig would have thrown (without the path checks), or null. */
  readonly error: TsgunError | null;
}

/**
 * The settings as far as they resolve, for a command that must act on a config the master is about
 * to reject (`tsgun reload` only needs to find the master, which then reports the problems as a
 * rolled-back reload): an invalid value falls back to its default, a file that does not load leaves
 * the env vars and flags, no path is checked, and the problem is returned rather than thrown.
 * A config file that is not found still throws.
 */
export async function loadConfigLeniently(options: LoadConfigOptions): Promise<LenientLoad> {
  let file: LoadedFile | null;
  let error: TsgunError | null = null;
  try {
    file = await loadFile(options);
  } catch (thrown) {
    if (!(thrown instanceof TsgunError) || thrown.code !== 'TSG_CONFIG_LOAD') throw thrown;
    file = null;
    error = thrown;
  }
  const result = resolveConfig({ file, env: options.env, cli: options.cli, cpus: options.cpus, cwd: options.cwd });
  if (result.ok) return { settings: result.config.settings as unknown as Record<string, unknown>, error };
  return { settings: result.partial, error: error ?? invalid(result.problems, file) };
}

/** Finds and loads the config file; null when there is none and the app comes from env or flags. */
async function loadFile(options: LoadConfigOptions): Promise<LoadedFile | null> {
  const explicit = options.configPath ?? options.env['TSGUN_CONFIG'];
  const path = explicit ?? (await findConfigFile(options.cwd));
  if (path === null && options.env['TSGUN_APP'] === undefined && !options.cli.some((v) => v.setting === 'app')) {
    throw new TsgunError(
      'TSG_CONFIG_NOT_FOUND',
      `no config file found from ${options.cwd} up to the project root (looked for ${SEARCH_PLACES.join(', ')}), and no app was given; pass --config PATH or an APP`,
    );
  }
  if (path === null) return null;
  return loadConfigFile(explicit === undefined ? path : resolveAgainst(options.cwd, path), { command: options.command, pinned: options.pinned });
}

function resolveAgainst(cwd: string, path: string): string {
  return path.startsWith('/') ? path : `${cwd}/${path}`;
}

function invalid(problems: readonly ConfigProblem[], file: LoadedFile | null): TsgunError {
  const where = file === null ? 'the configuration' : file.file;
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new TsgunError('TSG_CONFIG_INVALID', `invalid config in ${where} (${count})`, { problems, file: file?.file });
}
