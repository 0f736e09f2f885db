// The checks of a resolved config that read the file system, and only whether things exist and are
// of the right kind: the app module, TLS files, `chdir`, the directories unix sockets, the pidfile
// and the control socket are created in, the log files. Who may write them is sys/verify-access.ts's
// (it needs the account database). Kept apart from the pure rules so that resolution stays testable.

import { existsSync, lstatSync, statSync } from 'node:fs';
import { findPackageJSON } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConfigProblem } from '../errors/tsgun-error.ts';
import { unixPathTooLong } from '../util/unix-path.ts';
import type { CheckContext } from './check-context.ts';
import type { ProcessFile } from './process-files.ts';
import type { ResolvedConfig } from './resolved-config.ts';

/** Checks that need no file system (they run for `tsgun check --target ci` too). */
export function checkAppName(config: ResolvedConfig, context: CheckContext): ConfigProblem[] {
  const { app } = config;
  if (context.isBroken(['app']) || app.exportName === null || /^[A-Za-z_$][\w$]*$/.test(app.exportName)) return [];
  // No code of its own: a malformed value, like the schema's findings (TSG_CONFIG_INVALID).
  const { code: _code, ...problem } = context.problem(['app'], 'TSG_CONFIG_INVALID', `"#${app.exportName}" is not a valid export name`);
  return [problem];
}

export function verifyPaths(config: ResolvedConfig, context: CheckContext): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const { app, paths } = config;
  if (!context.isBroken(['app'])) {
    if (app.isFile) {
      if (!existsSync(app.module)) problems.push(context.problem(['app'], 'TSG_APP_LOAD', `the app module ${app.module} does not exist`));
      else if (statSync(app.module).isDirectory()) problems.push(context.problem(['app'], 'TSG_APP_LOAD', `${app.module} is a directory; name the module file (e.g. ${join(app.module, 'index.js')})`));
    } else if (!packageExists(app.module, app.baseDir)) {
      problems.push(context.problem(['app'], 'TSG_APP_LOAD', `the app package "${app.module}" cannot be found from ${app.baseDir}; install it or start a file path with ./ (./${app.module}.ts)`));
    }
  }
  // Checked here rather than left to `broken`, which grows only between the loader's stages.
  const chdirProblem = paths.chdir === null || context.isBroken(['chdir']) ? null : directoryProblem(paths.chdir);
  if (chdirProblem !== null) problems.push(context.problem(['chdir'], chdirProblem.code, chdirProblem.message));
  for (const { path, file, kind, access, dependsOn } of context.files) {
    // A path relative to a `chdir` that is missing names nothing yet: that is one problem, `chdir`'s.
    if (context.isBroken(...dependsOn) || (chdirProblem !== null && dependsOn.some((d) => d[0] === 'chdir'))) continue;
    // A file the workers only reach is the master's too, whose entry checks what it is.
    if (access === 'reach') continue;
    const problem = kindProblem(file, kind);
    if (problem !== null) problems.push(context.problem(path, problem.code, problem.message));
  }
  return problems;
}

function directoryProblem(dir: string): { code: 'TSG_PATH_MISSING' | 'TSG_PATH_ACCESS'; message: string } | null {
  if (!existsSync(dir)) return { code: 'TSG_PATH_MISSING', message: `the directory ${dir} does not exist` };
  return isDirectory(dir) ? null : { code: 'TSG_PATH_ACCESS', message: `${dir} is not a directory` };
}

/** Whether `file` (a `kind` of file the processes use) exists as it must, or can be created where it must. */
function kindProblem(file: string, kind: ProcessFile['kind']): { code: 'TSG_PATH_MISSING' | 'TSG_PATH_ACCESS'; message: string } | null {
  switch (kind) {
    case 'TLS file':
      if (!existsSync(file)) return { code: 'TSG_PATH_MISSING', message: `the file ${file} does not exist` };
      return isDirectory(file) ? { code: 'TSG_PATH_ACCESS', message: `${file} is a directory; name the PEM file` } : null;
    case 'log': {
      if (isDirectory(file)) return { code: 'TSG_PATH_ACCESS', message: `${file} is a directory; name a log file (e.g. ${join(file, 'tsgun.log')})` };
      // A missing directory is made when the log is opened, unless a part of its path is a file.
      const blocker = nonDirectoryAncestor(dirname(file));
      return blocker === null ? null : { code: 'TSG_PATH_ACCESS', message: `cannot create ${file}: ${blocker} (in its directory path) is not a directory` };
    }
    case 'unix socket':
    case 'pidfile':
    case 'control socket': {
      const tooLong = kind === 'pidfile' ? null : unixPathTooLong(file);
      if (tooLong !== null) return { code: 'TSG_PATH_ACCESS', message: `cannot use ${file} as a ${kind}: ${tooLong}` };
      // Unlike a log's, their directory is not made.
      const dir = dirname(file);
      if (!existsSync(dir)) return { code: 'TSG_PATH_MISSING', message: `the directory ${dir} of the ${kind} ${file} does not exist; tsgun does not create it` };
      if (!isDirectory(dir)) return { code: 'TSG_PATH_ACCESS', message: `${dir} (the directory of the ${kind} ${file}) is not a directory` };
      const found = kind === 'control socket' ? nonSocketKind(file) : null;
      return found === null
        ? null
        : { code: 'TSG_PATH_ACCESS', message: `${file} exists and is ${found}, not a socket; tsgun would refuse to start rather than delete it (remove it or choose another path)` };
    }
  }
}

/** The closest existing ancestor of `dir` (itself included) when it is not a directory, else null. */
function nonDirectoryAncestor(dir: string): string | null {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(current)) return isDirectory(current) ? null : current;
    if (dirname(current) === current) return null;
  }
}

/** What is at `path` in words when it is neither absent nor a socket; a symlink is not followed. */
function nonSocketKind(path: string): string | null {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return null;
  }
  if (stat.isSocket()) return null;
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (stat.isDirectory()) return 'a directory';
  return stat.isFile() ? 'a regular file' : 'a special file';
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function packageExists(specifier: string, baseDir: string): boolean {
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
  try {
    return findPackageJSON(name, pathToFileURL(join(baseDir, 'noop.js'))) !== undefined;
  } catch {
    return false;
  }
}
