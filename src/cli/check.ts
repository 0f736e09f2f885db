// `tsgun check`: validate the config and report, as text for people or as stable JSON for CI.

import { ExitCode } from '../errors/exit-codes.ts';
import { exitCodeOf, requestConfig, type ConfigRequest } from './program.ts';
import { displayPath, formatError, jsonProblems } from '../errors/report.ts';

/** The documented, stable shape of `tsgun check --format json` (see docs/cli.md). */
export interface CheckReport {
  readonly valid: boolean;
  readonly configFile: string | null;
  readonly errors: ReturnType<typeof jsonProblems>;
}

export async function runCheck(request: ConfigRequest, format: 'text' | 'json'): Promise<number> {
  const { io } = request;
  try {
    const config = await requestConfig(request, 'check');
    if (format === 'json') {
      io.stdout(`${JSON.stringify({ valid: true, configFile: config.configFile, errors: [] } satisfies CheckReport)}\n`);
    } else {
      const where = config.configFile === null ? 'the command-line config' : displayPath(config.configFile, io.cwd);
      io.stdout(`${where}: config is valid (app ${config.settings.app}, ${config.binds.length} bind${config.binds.length === 1 ? '' : 's'}, ${config.settings.workers} workers)\n`);
    }
    return ExitCode.OK;
  } catch (error) {
    if (format === 'json') {
      const file = (error as { file?: string }).file ?? null;
      io.stdout(`${JSON.stringify({ valid: false, configFile: file, errors: jsonProblems(error) } satisfies CheckReport)}\n`);
    } else {
      io.stderr(formatError(error, io.cwd));
    }
    return exitCodeOf(error);
  }
}
