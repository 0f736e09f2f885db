// The one error class tsgun throws: a stable code, a message that says what to do, and a cause.

import { assertNever } from '../util/assert-never.ts';
import type { ErrorCode } from './codes.ts';

/** One problem found in a config, located as precisely as the source allows. */
export interface ConfigProblem {
  /** Dotted key path (`tls.cert`, `bind[1]`), or '' for the config as a whole. */
  readonly path: string;
  readonly message: string;
  /** Where the offending value came from: a file (with line/column for JSON and YAML), an env var or a CLI flag. */
  readonly origin?: ProblemOrigin;
  /** This problem's own code, when it differs from the error's (`tsgun check` mixes kinds of problem). */
  readonly code?: ErrorCode;
  /** 'warning' does not make a config invalid (`tsgun check --strict` counts it); default 'error'. */
  readonly severity?: ProblemSeverity;
}

export type ProblemSeverity = 'error' | 'warning';

export type ProblemOrigin =
  | { readonly kind: 'file'; readonly file: string; readonly line?: number; readonly column?: number }
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'cli'; readonly flag: string };

export interface TsgunErrorOptions {
  readonly cause?: unknown;
  readonly problems?: readonly ConfigProblem[];
  readonly file?: string;
}

export class TsgunError extends Error {
  readonly code: ErrorCode;
  readonly problems: readonly ConfigProblem[];
  readonly file: string | undefined;

  constructor(code: ErrorCode, message: string, options: TsgunErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TsgunError';
    this.code = code;
    this.problems = options.problems ?? [];
    this.file = options.file;
  }
}

export function isTsgunError(error: unknown): error is TsgunError {
  return error instanceof TsgunError;
}

/** `file:line:column`, `env TSGUN_X` or `flag --x`: the prefix a problem is printed with. */
export function formatOrigin(origin: ProblemOrigin): string {
  switch (origin.kind) {
    case 'file':
      if (origin.line === undefined) return origin.file;
      // No column is better than a made-up one.
      return origin.column === undefined ? `${origin.file}:${origin.line}` : `${origin.file}:${origin.line}:${origin.column}`;
    case 'env':
      return `env ${origin.name}`;
    case 'cli':
      return `flag ${origin.flag}`;
    default:
      return assertNever(origin);
  }
}
