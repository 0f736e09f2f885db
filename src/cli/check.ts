// `tsgun check [FILE...]`: check each config and report, as text for people or as stable JSON for
// CI. What is checked is check-collect.ts's; this module renders the results and picks the exit code.

import { ExitCode } from '../errors/exit-codes.ts';
import { displayPath, formatError, jsonProblems } from '../errors/report.ts';
import { collectCheck, type CheckedFile } from './check-collect.ts';
import { exitCodeOf, type CheckOptions, type ConfigRequest } from './program.ts';

/** The documented, stable shape of `tsgun check --format json` (see docs/cli.md). */
export interface CheckReport {
  readonly valid: boolean;
  readonly configFile: string | null;
  readonly errors: ReturnType<typeof jsonProblems>;
}

export async function runCheck(requests: readonly ConfigRequest[], options: CheckOptions): Promise<number> {
  let exitCode: number = ExitCode.OK;
  for (const request of requests) {
    const { io } = request;
    const result = await collectCheck(request, options);
    const code = exitCodeOfResult(result, options.strict);
    exitCode = Math.max(exitCode, code);
    if (options.format === 'json') {
      const report: CheckReport = { valid: code === ExitCode.OK, configFile: result.configFile, errors: result.error === null ? [] : jsonProblems(result.error) };
      io.stdout(`${JSON.stringify(report)}\n`);
    } else if (result.error === null && result.config !== null) {
      const config = result.config;
      const where = config.configFile === null ? 'the command-line config' : displayPath(config.configFile, io.cwd);
      io.stdout(`${where}: config is valid (app ${config.settings.app}, ${config.binds.length} bind${config.binds.length === 1 ? '' : 's'}, ${config.settings.workers} workers)\n`);
    } else {
      io.stderr(formatError(result.error, io.cwd));
    }
  }
  return exitCode;
}

function exitCodeOfResult(result: CheckedFile, strict: boolean): number {
  if (result.error === null) return ExitCode.OK;
  const onlyWarnings = result.error.problems.length > 0 && result.error.problems.every((p) => p.severity === 'warning');
  if (onlyWarnings && !strict) return ExitCode.OK;
  return exitCodeOf(result.error);
}
