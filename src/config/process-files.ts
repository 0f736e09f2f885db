// The files the processes of a config create or read, and which process: the master binds unix
// sockets and writes the pidfile, the control socket and the errorLog (giving that file to the
// workers' user) and reads the TLS files (its config reader, which hands their contents to the
// workers: ResolvedConfig.tlsFiles); workers open the access log and that errorLog, as `user`.
// One list, so that the check that they exist (verify-paths.ts) and the check of who may use them
// (sys/) agree.

import { isAbsolute, resolve } from 'node:path';
import { parseBind } from './bind.ts';
import type { SettingPath } from './check-context.ts';
import type { ResolvedConfig } from './resolved-config.ts';

export interface ProcessFile {
  /** The setting it comes from (`['bind', 1]`, `['tls', 'key']`). */
  readonly path: SettingPath;
  readonly file: string;
  readonly kind: 'unix socket' | 'pidfile' | 'control socket' | 'log' | 'TLS file';
  readonly user: 'master' | 'workers';
  /**
   * As sys/verify-access.ts reads it: `create` makes a new file in the directory (a bind, a rename);
   * `reach` opens a file another process made.
   */
  readonly access: 'read' | 'write' | 'create' | 'reach';
  /** The settings its location depends on: its own, and `chdir` for a path relative to it. */
  readonly dependsOn: readonly SettingPath[];
}

export function processFiles(config: ResolvedConfig): ProcessFile[] {
  const { paths, settings } = config;
  const files: ProcessFile[] = [];
  const inWorkDir = (path: SettingPath, written: string): SettingPath[] => (isAbsolute(written) ? [path] : [path, ['chdir']]);
  settings.bind.forEach((text, i) => {
    const parsed = parseBind(text);
    if (!parsed.ok || parsed.address.kind !== 'unix') return;
    const written = parsed.address.path;
    files.push({ path: ['bind', i], file: resolve(paths.workDir, written), kind: 'unix socket', user: 'master', access: 'create', dependsOn: inWorkDir(['bind', i], written) });
  });
  if (paths.pidfile !== null) files.push({ path: ['pidfile'], file: paths.pidfile, kind: 'pidfile', user: 'master', access: 'create', dependsOn: inWorkDir(['pidfile'], settings.pidfile!) });
  if (paths.controlSocket !== null) {
    files.push({ path: ['controlSocket'], file: paths.controlSocket, kind: 'control socket', user: 'master', access: 'create', dependsOn: inWorkDir(['controlSocket'], settings.controlSocket!) });
  }
  if (paths.errorLog !== '-') {
    const dependsOn = inWorkDir(['errorLog'], settings.errorLog);
    files.push({ path: ['errorLog'], file: paths.errorLog, kind: 'log', user: 'master', access: 'write', dependsOn });
    // Workers open it too, as `user`, after the master made it and gave it to them: a directory
    // above it they cannot enter fails every worker's boot.
    files.push({ path: ['errorLog'], file: paths.errorLog, kind: 'log', user: 'workers', access: 'reach', dependsOn });
  }
  if (paths.accessLog !== null && paths.accessLog !== '-') {
    files.push({ path: ['accessLog'], file: paths.accessLog, kind: 'log', user: 'workers', access: 'write', dependsOn: inWorkDir(['accessLog'], settings.accessLog!) });
  }
  if (paths.tls !== null) {
    for (const key of ['cert', 'key', 'ca'] as const) {
      const file = paths.tls[key];
      if (file !== null) files.push({ path: ['tls', key], file, kind: 'TLS file', user: 'master', access: 'read', dependsOn: [['tls', key]] });
    }
    for (const [name, pair] of Object.entries(paths.tls.sni)) {
      for (const key of ['cert', 'key'] as const) {
        const path = ['tls', 'sni', name, key];
        files.push({ path, file: pair[key], kind: 'TLS file', user: 'master', access: 'read', dependsOn: [path] });
      }
    }
  }
  return files;
}
