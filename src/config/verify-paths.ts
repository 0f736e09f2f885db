// The checks of a resolved config that need the file system: the app module, TLS files and the
// chdir directory must exist, and the controlSocket path must not hold a file that is not a
// socket. Kept apart from the pure rules so that resolution stays testable.

import { existsSync, lstatSync, statSync } from 'node:fs';
import { findPackageJSON } from 'node:module';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConfigProblem } from '../errors/tsgun-error.ts';
import type { ResolvedConfig, ValueSource } from './resolved-config.ts';

export function verifyPaths(config: ResolvedConfig, locate: (path: readonly (string | number)[]) => ValueSource): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const origin = (path: readonly (string | number)[]) => {
    const source = locate(path);
    return source.kind === 'default' ? undefined : source;
  };
  const { app, settings } = config;
  if (app.isFile) {
    if (!existsSync(app.module)) problems.push({ path: 'app', message: `the app module ${app.module} does not exist`, origin: origin(['app']) });
    else if (statSync(app.module).isDirectory()) problems.push({ path: 'app', message: `${app.module} is a directory; name the module file (e.g. ${join(app.module, 'index.js')})`, origin: origin(['app']) });
  } else if (!packageExists(app.module, app.baseDir)) {
    problems.push({ path: 'app', message: `the app package "${app.module}" cannot be found from ${app.baseDir}; install it or start a file path with ./ (./${app.module}.ts)`, origin: origin(['app']) });
  }
  if (app.exportName !== null && !/^[A-Za-z_$][\w$]*$/.test(app.exportName)) {
    problems.push({ path: 'app', message: `"#${app.exportName}" is not a valid export name`, origin: origin(['app']) });
  }
  const tls = settings.tls;
  if (tls !== null) {
    for (const key of ['cert', 'key', 'ca'] as const) {
      const file = tls[key];
      if (file !== undefined && !existsSync(resolveFrom(config, file))) {
        problems.push({ path: `tls.${key}`, message: `the file ${resolveFrom(config, file)} does not exist`, origin: origin(['tls', key]) });
      }
    }
  }
  if (settings.chdir !== null && !isDirectory(resolveFrom(config, settings.chdir))) {
    problems.push({ path: 'chdir', message: `the directory ${resolveFrom(config, settings.chdir)} does not exist`, origin: origin(['chdir']) });
  }
  if (settings.controlSocket !== null) {
    // The master opens it relative to its working directory, which `chdir` sets.
    const base = settings.chdir === null ? process.cwd() : resolveFrom(config, settings.chdir);
    const path = isAbsolute(settings.controlSocket) ? settings.controlSocket : join(base, settings.controlSocket);
    const kind = nonSocketKind(path);
    if (kind !== null) {
      problems.push({ path: 'controlSocket', message: `${path} exists and is ${kind}, not a socket; tsgun would refuse to start rather than delete it (remove it or choose another path)`, origin: origin(['controlSocket']) });
    }
  }
  for (const key of ['errorLog', 'accessLog'] as const) {
    const file = settings[key];
    if (file === null || file === '-') continue;
    // Opened relative to the working directory, which `chdir` sets; permissions are only known to
    // the process that opens it (workers, as `user`), which reports TSG_LOG_OPEN.
    const path = isAbsolute(file) ? file : join(settings.chdir === null ? process.cwd() : resolveFrom(config, settings.chdir), file);
    if (isDirectory(path)) problems.push({ path: key, message: `${path} is a directory; name a log file (e.g. ${join(path, key === 'errorLog' ? 'error.log' : 'access.log')})`, origin: origin([key]) });
  }
  return problems;
}

/** Paths in settings other than `app` are relative to the app's base directory. */
export function resolveFrom(config: ResolvedConfig, path: string): string {
  return path.startsWith('/') ? path : join(config.app.baseDir, path);
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
