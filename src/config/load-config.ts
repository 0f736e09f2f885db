// The one entry point that turns a command line and an environment into a ResolvedConfig:
// find the file, read it, resolve the layers, verify paths. Throws a TsgunError with every problem.

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
  /** Texts to load instead of the files on disk: a worker loading the config of its generation. */
  readonly pinned?: Readonly<Record<string, string>> | undefined;
  /**
   * Checks that live above config/ (the access-log format is compiled by log/): run with the other
   * path checks, their problems reported with the same file origins.
   */
  readonly verify?: ((config: ResolvedConfig, locate: (path: readonly (string | number)[]) => ValueSource) => readonly ConfigProblem[]) | undefined;
}

export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const explicit = options.configPath ?? options.env['TSGUN_CONFIG'];
  const path = explicit ?? (await findConfigFile(options.cwd));
  let file: LoadedFile | null = null;
  if (path === null && options.env['TSGUN_APP'] === undefined && !options.cli.some((v) => v.setting === 'app')) {
    throw new TsgunError(
      'TSG_CONFIG_NOT_FOUND',
      `no config file found from ${options.cwd} up to the project root (looked for ${SEARCH_PLACES.join(', ')}), and no app was given; pass --config PATH or an APP`,
    );
  }
  if (path !== null) {
    file = await loadConfigFile(explicit === undefined ? path : resolveAgainst(options.cwd, path), { command: options.command, pinned: options.pinned });
  }
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

function resolveAgainst(cwd: string, path: string): string {
  return path.startsWith('/') ? path : `${cwd}/${path}`;
}

function invalid(problems: readonly ConfigProblem[], file: LoadedFile | null): TsgunError {
  const where = file === null ? 'the configuration' : file.file;
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return new TsgunError('TSG_CONFIG_INVALID', `invalid config in ${where} (${count})`, { problems, file: file?.file });
}
