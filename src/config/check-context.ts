// What each check of a resolved config is given: where every value came from, which settings
// already have a problem (so that a check skips what depends on them instead of repeating the
// fault as noise: a missing `chdir` is one problem, not one more per log file relative to it), and
// the files the processes will use. Its helpers are methods, so that checks in sys/ (a layer-mate
// that may import config/ only for types) use them too.

import type { ErrorCode } from '../errors/codes.ts';
import type { ConfigProblem, ProblemOrigin, ProblemSeverity } from '../errors/tsgun-error.ts';
import type { ProcessFile } from './process-files.ts';
import type { ValueSource } from './resolved-config.ts';

export type SettingPath = readonly (string | number)[];

export interface CheckContext {
  /** Where the value at `path` came from (`['tls', 'cert']`, `['bind', 2]`). */
  readonly locate: (path: SettingPath) => ValueSource;
  /** The paths of the errors found so far (`chdir`, `bind[1]`, `tls.cert`); grows as the checks run. */
  readonly broken: ReadonlySet<string>;
  /**
   * Whether a check of one of `paths` depends on a value with a problem: the setting itself or a
   * part of it (`tls` for `tls.cert`, `bind` for `bind[0]`, `tls.cert` for a check of `tls` as a
   * whole). A sibling (`bind[1]` for `bind[0]`) does not count.
   */
  isBroken(...paths: SettingPath[]): boolean;
  /** A problem at `path` with its own code, located where the value came from. */
  problem(path: SettingPath, code: ErrorCode, message: string, severity?: ProblemSeverity): ConfigProblem;
  /** The files the processes create or read (process-files.ts). */
  readonly files: readonly ProcessFile[];
}

export function createCheckContext(locate: (path: SettingPath) => ValueSource, broken: ReadonlySet<string>, files: readonly ProcessFile[]): CheckContext {
  const originAt = (path: SettingPath): ProblemOrigin | undefined => {
    const source = locate(path);
    return source.kind === 'default' ? undefined : source;
  };
  return {
    locate,
    broken,
    files,
    isBroken: (...paths) =>
      paths.some((path) => {
        const text = pathText(path);
        for (const b of broken) if (b === text || text.startsWith(`${b}.`) || text.startsWith(`${b}[`) || b.startsWith(`${text}.`) || b.startsWith(`${text}[`)) return true;
        return false;
      }),
    problem: (path, code, message, severity = 'error') => {
      const origin = originAt(path);
      return { path: pathText(path), message, code, ...(origin === undefined ? {} : { origin }), ...(severity === 'error' ? {} : { severity }) };
    },
  };
}

/**
 * `['bind', 2]` → `bind[2]`, `['tls', 'cert']` → `tls.cert`, a key that is no identifier quoted
 * (`tls.sni["a.example"].cert`, as validate.ts's formatPath writes it): the path a problem is reported at.
 */
export function pathText(path: SettingPath): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : !/^[A-Za-z_$][\w$]*$/.test(part) ? `[${JSON.stringify(part)}]` : i === 0 ? part : `.${part}`)).join('');
}
