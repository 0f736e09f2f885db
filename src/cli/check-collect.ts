// What `tsgun check` finds in one config: the resolved config, or an error that carries every
// problem with its code, severity and location, sorted by location. The loader runs the config's
// own checks (load-config.ts's inspectConfig); this adds the app import, in a throwaway process.
// Rendering (text, json, github, sarif) is check.ts's.

import type { LoadConfigOptions } from '../config/load-config.ts';
import type { ResolvedConfig } from '../config/resolved-config.ts';
import { isTsgunError, TsgunError, type ConfigProblem } from '../errors/tsgun-error.ts';
import type { CheckOptions, ConfigRequest } from './program.ts';
import { printingToStderr } from './printing-to-stderr.ts';

/** One config file's result. */
export interface CheckedFile {
  /** The config file checked (absolute), or null when none was found or it could not be determined. */
  readonly configFile: string | null;
  /** The resolved config when it resolved (there may still be warnings in `error`). */
  readonly config: ResolvedConfig | null;
  /** Every problem found (its headline code: TSG_CONFIG_INVALID, TSG_CONFIG_LOAD, TSG_CONFIG_NOT_FOUND…), or null. */
  readonly error: TsgunError | null;
}

/** What the app import depends on: with one of these broken, importing the app would not be the worker's import. */
const APP_INPUTS = [['app'], ['bootTimeout'], ['chdir'], ['env'], ['user'], ['group'], ['umask']] as const;

export async function collectCheck(request: ConfigRequest, options: Pick<CheckOptions, 'target' | 'app'>): Promise<CheckedFile> {
  const [{ inspectConfig, loadOptionsFor, sortProblems }, { verifyAccounts }] = await Promise.all([import('../config/load-config.ts'), import('../sys/privileges.ts')]);
  const { io } = request;
  const loadOptions: LoadConfigOptions = {
    ...loadOptionsFor({ configPath: request.configPath, cwd: io.cwd, env: io.env, cli: request.cli }, 'check', verifyAccounts),
    target: options.target,
  };
  let inspection;
  try {
    inspection = await printingToStderr(io, () => inspectConfig(loadOptions));
  } catch (error) {
    if (!isTsgunError(error)) throw error;
    return { configFile: error.file ?? null, config: null, error };
  }
  const { file, provisional, context } = inspection;
  let problems: readonly ConfigProblem[] = inspection.problems;
  // The app import is the worker's: on the target machine only, and only when what it depends on is sound.
  // `app !== false`: commander leaves it undefined when neither --app nor --no-app is given.
  if (options.app !== false && options.target === 'machine' && provisional !== null && !context.isBroken(...APP_INPUTS)) {
    const { probeApp } = await import('./app-probe.ts');
    const fault = await probeApp(provisional, io.env, io.cwd);
    if (fault !== null) problems = sortProblems([...problems, context.problem(['app'], fault.code, fault.message)]);
  }
  const configFile = file?.file ?? null;
  if (problems.length === 0) return { configFile, config: inspection.config, error: null };
  const errors = problems.filter((p) => p.severity !== 'warning').length;
  const warnings = problems.length - errors;
  const where = configFile ?? 'the configuration';
  const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  const summary =
    errors === 0 ? `${where} is valid, with ${count(warnings, 'warning')}` : `invalid config in ${where} (${count(errors, 'problem')}${warnings === 0 ? '' : ` and ${count(warnings, 'warning')}`})`;
  const error = new TsgunError('TSG_CONFIG_INVALID', summary, { problems, file: configFile ?? undefined });
  return { configFile, config: errors === 0 ? inspection.config : null, error };
}
