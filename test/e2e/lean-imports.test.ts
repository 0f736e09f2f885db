// What each entry point loads (issue 9, "lean processes"): `tsgun --version` nothing but its own two
// modules, `tsgun --help` commander and no other package, `tsgun check` neither ajv (the validator is
// compiled at build time) nor the logger or the config watcher. A module hook preloaded with
// --import records every module the process loads.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { cleanEnv, cliEntry, repoRoot, tempDir } from '../helpers/cli.ts';

const HOOK = `
import { registerHooks } from 'node:module';
import { writeFileSync } from 'node:fs';
const loaded = [];
registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
process.on('exit', () => writeFileSync(process.env.LOADED_OUT, JSON.stringify(loaded)));
`;

interface Loaded {
  /** Files under src/, relative to it. */
  readonly own: string[];
  /** Package names of the files loaded from node_modules. */
  readonly packages: string[];
  readonly stdout: string;
}

function packageOf(url: string): string {
  const parts = url.slice(url.lastIndexOf('/node_modules/') + '/node_modules/'.length).split('/');
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** Runs `node [args]` from the repository with the recording hook; what it loaded. */
function loadedBy(t: TestContext, args: readonly string[]): Loaded {
  const dir = tempDir(t, 'tsgun-imports-');
  const hook = join(dir, 'hook.mjs');
  const out = join(dir, 'loaded.json');
  writeFileSync(hook, HOOK);
  const r = spawnSync(process.execPath, ['--conditions=tsgun-source', '--import', hook, ...args], {
    cwd: repoRoot,
    env: cleanEnv({ LOADED_OUT: out }),
    encoding: 'utf8',
    timeout: 60_000, // a kill switch for a hung process, not a measurement
  });
  assert.equal(r.status, 0, `node ${args.join(' ')}: ${r.stderr}`);
  const urls = (JSON.parse(readFileSync(out, 'utf8')) as string[]).filter((url) => url.startsWith('file:'));
  const src = new URL('../../src/', import.meta.url).href;
  return {
    own: urls.filter((url) => url.startsWith(src)).map((url) => url.slice(src.length)),
    packages: [...new Set(urls.filter((url) => url.includes('/node_modules/')).map(packageOf))].sort(),
    stdout: r.stdout,
  };
}

test('tsgun --version loads no package and no module but main.ts and version.ts', (t) => {
  for (const flag of ['--version', '-v']) {
    const loaded = loadedBy(t, [cliEntry, flag]);
    assert.match(loaded.stdout, /^\d+\.\d+\.\d+\n$/);
    assert.deepEqual(loaded.packages, []);
    assert.deepEqual(loaded.own.sort(), ['cli/main.ts', 'cli/version.ts']);
  }
});

test('tsgun --help loads commander and no other package', (t) => {
  const loaded = loadedBy(t, [cliEntry, '--help']);
  assert.match(loaded.stdout, /^Usage: tsgun /);
  assert.deepEqual(loaded.packages, ['commander']);
  for (const heavy of ['config/load-config.ts', 'config/validate.ts', 'master/run-master.ts', 'log/logger.ts']) {
    assert.ok(!loaded.own.includes(heavy), `--help loaded ${heavy}`);
  }
});

test('tsgun check loads no ajv, no logger and no watcher', (t) => {
  const loaded = loadedBy(t, [cliEntry, 'check', '--config', 'examples/hello/tsgun.config.ts']);
  assert.match(loaded.stdout, /config is valid/);
  assert.ok(loaded.own.includes('config/schema-validator.generated.ts'), 'check validates with the generated validator');
  for (const name of ['ajv', 'pino', 'pino-pretty', 'chokidar']) assert.ok(!loaded.packages.includes(name), `check loaded ${name}`);
});

test('validating a config loads no ajv', (t) => {
  const validate = new URL('../../src/config/validate.ts', import.meta.url).href;
  const script = `
    const { validateConfigObject } = await import(${JSON.stringify(validate)});
    process.stdout.write(JSON.stringify(validateConfigObject({ workers: 'many', tls: { cert: 1 } }).map((p) => p.message)));
  `;
  const loaded = loadedBy(t, ['--input-type=module', '-e', script]);
  assert.deepEqual(JSON.parse(loaded.stdout), ['must be an integer from 1 to 1024 or "auto" (got "many")', 'must be a non-empty string (got 1)']);
  assert.deepEqual(loaded.packages, []);
});
