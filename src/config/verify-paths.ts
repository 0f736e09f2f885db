// The checks of a resolved config that need the file system: the app module, TLS files and the
// chdir directory must exist, and the controlSocket path must not hold a file that is not a
// socket. Kept apart from the pure rules so that resolution stays testable.

import { existsSync, lstatSync, statSync } from 'node:fs';
import { findPackageJSON } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConfigProblem } from '../errors/tsgun-error.ts';
import type { ResolvedConfig, ValueSource } from './resolved-config.ts';

export function verifyPaths(config: ResolvedConfig, locate: (path: readonly (string | number)[]) => ValueSource): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const origin = (path: readonly (string | number)[]) => {
    const source = locate(path);
    return source.kind === 'default' ? undefined : source;
  };
  const { app } = config;
  if (app.isFile) {
    if (!existsSync(app.module)) problems.push({ path: 'app', message: `the app module ${app.module} does not exist`, origin: origin(['app']) });
    else if (statSync(app.module).isDirectory())
      problems.push({ path: 'app', message: `${app.module} is a directory; name the module file (e.g. ${join(app.module, 'index.js')})`, origin: origin(['app']) });
  } else if (!packageExists(app.module, app.baseDir)) {
    problems.push({
      path: 'app',
      message: `the app package "${app.module}" cannot be found from ${app.baseDir}; install it or start a file path with ./ (./${app.module}.ts)`,
      origin: origin(['app']),
    });
  }
  if (app.exportName !== null && !/^[A-Za-z_$][\w$]*$/.test(app.exportName)) {
    problems.push({ path: 'app', message: `"#${app.exportName}" is not a valid export name`, origin: origin(['app']) });
  }
  // Paths as resolution made them absolute (resolve.ts decides what each is relative to).
  const { paths } = config;
  if (paths.tls !== null) {
    for (const key of ['cert', 'key', 'ca'] as const) {
      const file = paths.tls[key];
      if (file !== null && !existsSync(file)) problems.push({ path: `tls.${key}`, message: `the file ${file} does not exist`, origin: origin(['tls', key]) });
    }
  }
  if (paths.chdir !== null && !isDirectory(paths.chdir)) {
    problems.push({ path: 'chdir', message: `the directory ${paths.chdir} does not exist`, origin: origin(['chdir']) });
  }
  if (paths.controlSocket !== null) {
    const kind = nonSocketKind(paths.controlSocket);
    if (kind !== null) {
      problems.push({
        path: 'controlSocket',
        message: `${paths.controlSocket} exists and is ${kind}, not a socket; tsgun would refuse to start rather than delete it (remove it or choose another path)`,
        origin: origin(['controlSocket']),
      });
    }
  }
  for (const key of ['errorLog', 'accessLog'] as const) {
    const path = paths[key];
    if (path === null || path === '-') continue;
    // Permissions are only known to the process that opens it (workers, as `user`), which reports TSG_LOG_OPEN.
    if (isDirectory(path))
      problems.push({ path: key, message: `${path} is a directory; name a log file (e.g. ${join(path, key === 'errorLog' ? 'error.log' : 'access.log')})`, origin: origin([key]) });
  }
  return problems;
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
