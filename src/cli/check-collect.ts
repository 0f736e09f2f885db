// What `tsgun check` finds in one config: the resolved config, or an error that carries every
// problem with its code, severity and location. Rendering (text, json, github, sarif) is check.ts's.

import type { ResolvedConfig } from '../config/resolved-config.ts';
import { isTsgunError, type TsgunError } from '../errors/tsgun-error.ts';
import { requestConfig, type CheckOptions, type ConfigRequest } from './program.ts';

/** One config file's result. */
export interface CheckedFile {
  /** The config file checked (absolute), or null when none was found or it could not be determined. */
  readonly configFile: string | null;
  /** The resolved config when it resolved (there may still be warnings in `error`). */
  readonly config: ResolvedConfig | null;
  /** Every problem found (its headline code: TSG_CONFIG_INVALID, TSG_CONFIG_LOAD, TSG_CONFIG_NOT_FOUND…), or null. */
  readonly error: TsgunError | null;
}

export async function collectCheck(request: ConfigRequest, _options: Pick<CheckOptions, 'target' | 'app'>): Promise<CheckedFile> {
  try {
    const config = await requestConfig(request, 'check');
    return { configFile: config.configFile, config, error: null };
  } catch (error) {
    if (!isTsgunError(error)) throw error;
    return { configFile: error.file ?? null, config: null, error };
  }
}
