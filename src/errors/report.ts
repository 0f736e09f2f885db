// How the CLI prints errors: one headline with the code, then one line per problem located
// compiler-style (`file:line:col: path: message`), or the stable JSON shape of `check --format json`.

import { relative } from 'node:path';
import { errorCodes } from './codes.ts';
import { formatOrigin, isTsgunError, type ConfigProblem, type ProblemOrigin } from './tsgun-error.ts';

/** Shortens absolute paths under the working directory, for people. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') ? file : rel;
}

function displayOrigin(origin: ProblemOrigin, cwd: string): string {
  return formatOrigin(origin.kind === 'file' ? { ...origin, file: displayPath(origin.file, cwd) } : origin);
}

export function problemLine(problem: ConfigProblem, cwd: string): string {
  const body = problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`;
  return problem.origin === undefined ? body : `${displayOrigin(problem.origin, cwd)}: ${body}`;
}

/** The text block for any error, ending in a newline. Unknown errors show their stack. */
export function formatError(error: unknown, cwd: string): string {
  if (!isTsgunError(error)) {
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return `tsgun: internal error [TSG_INTERNAL]: ${stack}\n`;
  }
  const head = error.file === undefined ? error.message : error.message.replace(error.file, displayPath(error.file, cwd));
  const lines = [`tsgun: ${head} [${error.code}]`];
  // A load error's single problem repeats the headline's message; print only where it is.
  for (const problem of error.problems) lines.push(`  ${problemLine(problem, cwd)}`);
  if (error.problems.length === 0 && error.code in errorCodes) lines.push(`  ${errorCodes[error.code].remedy}`);
  return `${lines.join('\n')}\n`;
}

export interface JsonProblem {
  readonly code: string;
  readonly path: string;
  readonly message: string;
  readonly origin: ProblemOrigin | null;
}

/** The problems of an error in the documented JSON shape. */
export function jsonProblems(error: unknown): JsonProblem[] {
  if (!isTsgunError(error)) {
    return [{ code: 'TSG_INTERNAL', path: '', message: error instanceof Error ? error.message : String(error), origin: null }];
  }
  if (error.problems.length === 0) return [{ code: error.code, path: '', message: error.message, origin: null }];
  return error.problems.map((p) => ({ code: p.code ?? error.code, path: p.path, message: p.message, origin: p.origin ?? null }));
}
