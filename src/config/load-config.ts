// The one entry point that turns a command line and an environment into a ResolvedConfig:
// find the file, read it, resolve the layers, then check it against the machine (files, TLS,
// accounts). Every check runs; a TsgunError carries every problem, sorted by location.

import { availableParallelism } from 'node:os';
import { TsgunError, type ConfigProblem } from '../errors/tsgun-error.ts';
import { findConfigFile, loadConfigFile, SEARCH_PLACES, type ConfigContext, type LoadedFile } from './load-file.ts';
import type { CliValue } from './layers.ts';
import { fileOrigin } from './layers.ts';
import type { ResolvedConfig, ValueSource } from './resolved-config.ts';
import { resolveConfig } from './resolve.ts';
import { createCheckContext, type CheckContext, type SettingPath } from './check-context.ts';
import { processFiles } from './process-files.ts';
import { checkAppName, verifyPaths } from './verify-paths.ts';
import { verifyTls } from './verify-tls.ts';

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
   * Checks that live above config/ (the accounts of `user` and `group` and who may use which file,
   * in sys/): run after the file system checks, their problems reported with the same origins.
   */
  readonly verify?: ((config: ResolvedConfig, locate: (path: SettingPath) => ValueSource, context: CheckContext) => readonly ConfigProblem[]) | undefined;
  /**
   * 'machine' (the default): every check, as on the machine the config runs on. 'ci': only those
   * that do not depend on that machine (schema, rules, formats): no file system, accounts or TLS files.
   */
  readonly target?: 'machine' | 'ci' | undefined;
  /** The time `check` judges certificate expiry at (tests); now by default. */
  readonly now?: Date | undefined;
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
  const inspected = await inspectConfig(options);
  if (inspected.config === null || inspected.problems.some((p) => p.severity !== 'warning')) throw invalid(inspected.problems, inspected.file);
  return inspected.config;
}

/** What inspectConfig found: every problem, errors and warnings, sorted by where each value came from. */
export interface Inspection {
  readonly file: LoadedFile | null;
  /** The resolved config when no error was found (warnings aside), else null. */
  readonly config: ResolvedConfig | null;
  /** The config as far as it resolved, errors or not (for checks above config/, such as the app import); null when even that failed. */
  readonly provisional: ResolvedConfig | null;
  readonly problems: readonly ConfigProblem[];
  /** The context the checks ran with: `broken` holds every error's path. */
  readonly context: CheckContext;
}

/**
 * Every check at once: schema, rules and formats (resolution), then, for the machine target, the
 * file system (existence and kind), the TLS files and the checks of `verify`. A problem in one
 * setting hides only the checks that depend on it (check-context.ts), so that `workers: "many"`
 * no longer hides a missing `chdir`. A file that cannot be found or loaded still throws.
 */
export async function inspectConfig(options: LoadConfigOptions): Promise<Inspection> {
  const file = await loadFile(options);
  const result = resolveConfig({ file, env: options.env, cli: options.cli, cpus: options.cpus, cwd: options.cwd });
  const config = result.ok ? result.config : result.provisional;
  const problems: ConfigProblem[] = result.ok ? [] : [...result.problems];
  const broken = new Set(problems.map((p) => p.path));
  const locate = (p: SettingPath): ValueSource => {
    const source = config?.sources[p.filter((s) => typeof s === 'string').join('.')] ?? { kind: 'default' };
    return source.kind === 'file' && file !== null ? fileOrigin(file, p, false) : source;
  };
  const context = createCheckContext(locate, broken, config === null ? [] : processFiles(config));
  const add = (found: readonly ConfigProblem[]): void => {
    for (const problem of found) {
      problems.push(problem);
      if (problem.severity !== 'warning') broken.add(problem.path);
    }
  };
  if (config !== null) {
    add(checkAppName(config, context));
    if ((options.target ?? 'machine') === 'machine') {
      add(verifyPaths(config, context));
      // Expiry is `check`'s to judge (verify-tls.ts says why a start does not refuse an expired certificate).
      add(verifyTls(config, context, options.command === 'check' ? (options.now ?? new Date()) : null));
      add(options.verify?.(config, locate, context) ?? []);
    }
  }
  const clean = result.ok && problems.every((p) => p.severity === 'warning');
  return { file, config: clean ? config : null, provisional: config, problems: sortProblems(problems), context };
}

/** By location: file (line, column), then env vars, then flags, then defaults; the order found within each. */
export function sortProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const rank = (p: ConfigProblem): number => (p.origin === undefined ? 3 : p.origin.kind === 'file' ? 0 : p.origin.kind === 'env' ? 1 : 2);
  return problems
    .map((problem, index) => ({ problem, index, rank: rank(problem) }))
    .sort((a, b) => {
      if (a.rank !== b.rank) return a.rank - b.rank;
      const x = a.problem.origin;
      const y = b.problem.origin;
      if (x?.kind === 'file' && y?.kind === 'file') {
        if (x.file !== y.file) return x.file < y.file ? -1 : 1;
        const byLine = (x.line ?? 0) - (y.line ?? 0);
        if (byLine !== 0) return byLine;
        const byColumn = (x.column ?? 0) - (y.column ?? 0);
        if (byColumn !== 0) return byColumn;
      }
      return a.index - b.index;
    })
    .map((entry) => entry.problem);
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
 * So does a config file that is not found: `tsgun stop --pidfile PATH` run from another directory
 * finds its master by the flag alone. A master named on the command line (`--control-socket`,
 * `--pidfile`) is found without the file, which is not read: a config function that hangs (its
 * secret store down) or prints must not stand between an operator and `tsgun stop`.
 */
export async function loadConfigLeniently(options: LoadConfigOptions): Promise<LenientLoad> {
  let file: LoadedFile | null = null;
  let error: TsgunError | null = null;
  const named = options.cli.some((v) => v.setting === 'controlSocket' || v.setting === 'pidfile');
  try {
    if (!named) file = await loadFile(options);
  } catch (thrown) {
    if (!(thrown instanceof TsgunError) || (thrown.code !== 'TSG_CONFIG_LOAD' && thrown.code !== 'TSG_CONFIG_NOT_FOUND')) throw thrown;
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
