// A ResolvedConfig for unit tests, built by the real resolver from a config-file layer, as if
// /srv/app/tsgun.config.mjs held `{ app: './app.mjs', ...settings }`.

import assert from 'node:assert/strict';
import { resolveConfig } from '../../src/config/resolve.ts';
import type { ResolvedConfig } from '../../src/config/resolved-config.ts';

export const CONFIG_FILE = '/srv/app/tsgun.config.mjs';

export function resolvedConfig(settings: Record<string, unknown>, texts: Record<string, string> = { [CONFIG_FILE]: 'v1' }): ResolvedConfig {
  const result = resolveConfig({
    file: { file: CONFIG_FILE, config: { app: './app.mjs', ...settings }, locator: undefined, dependencies: [], texts },
    env: {},
    cli: [],
    cpus: 2,
    cwd: '/srv/app',
  });
  if (!result.ok) assert.fail(JSON.stringify(result.problems));
  return result.config;
}
