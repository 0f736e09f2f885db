// The name in the master's and the workers' process titles (`tsgun: master [name]`): `procName`,
// else the app module's file name without its extension.

import { basename } from 'node:path';
import type { ResolvedConfig } from './resolved-config.ts';

export function processName(config: ResolvedConfig): string {
  return config.settings.procName ?? basename(config.app.module).replace(/\.[cm]?[jt]s$/, '');
}
