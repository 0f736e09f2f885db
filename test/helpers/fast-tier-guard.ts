// The fence around the fast tier. Tests live in two tiers by directory: test/e2e/ starts real
// processes (the CLI, servers, nginx); every other test file runs in-process, and `npm run test:fast`
// runs only those. Preloaded with --import by test:fast and test:unit (so CI enforces it too), this
// makes a test file outside test/e2e/ fail the moment it starts a child process, naming the command,
// instead of quietly making the fast tier slow. A test that needs a process belongs in test/e2e/.
//
// Allowed, because they are short synchronous calls that no API replaces, not servers or the CLI:
// `mkfifo`, `getent` (tsgun's account lookup) and `node --check FILE` (tsgun locating a syntax error
// in a broken JS config).

import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import { basename, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const ALLOWED_TOOLS = new Set(['mkfifo', 'getent']);

// Under `node --test`, each test file runs in a process of its own with the file as argv[1]; the
// runner's own process (which spawns those) has no test file there and is left alone. test:fast runs
// every fast-tier file in the runner's process (--test-isolation=none: one Node start instead of 65);
// there argv[1] is its glob, outside test/e2e/, so that whole process is fenced.
const testFile = process.argv[1];
const where = testFile === undefined ? '' : relative(repoRoot, testFile);
if (/\.test\.[mc]?[jt]s$/.test(where) && !where.startsWith('test/e2e/')) fence(where);

function fence(file: string): void {
  const refuse = (command: string): never => {
    throw new Error(
      `${file} is in the fast tier (outside test/e2e/) but started a child process: ${command}\n` + 'Run the CLI in this process (test/helpers/cli-in-process.ts), or move the test to test/e2e/.',
    );
  };
  const describe = (file: string, args: readonly unknown[]): string => [file, ...args].map(String).join(' ');
  const allowed = (file: string, args: readonly unknown[]): boolean => ALLOWED_TOOLS.has(basename(file)) || (file === process.execPath && args[0] === '--check' && args.length === 2);

  // spawn, fork, exec and execFile all construct a ChildProcess and call its (undocumented) spawn().
  const prototype = childProcess.ChildProcess.prototype as unknown as { spawn: (options: { file: string; args?: readonly string[] }) => void };
  prototype.spawn = (options) => refuse(describe(options.file, (options.args ?? []).slice(1)));
  const { spawnSync, execFileSync, execSync } = childProcess;
  const argsOf = (args: unknown): readonly unknown[] => (Array.isArray(args) ? args : []);
  childProcess.spawnSync = function (this: unknown, file: string, args?: unknown, ...rest: unknown[]) {
    if (!allowed(file, argsOf(args))) refuse(describe(file, argsOf(args)));
    return Reflect.apply(spawnSync, this, [file, args, ...rest]);
  } as typeof spawnSync;
  childProcess.execFileSync = function (this: unknown, file: string, args?: unknown, ...rest: unknown[]) {
    if (!allowed(file, argsOf(args))) refuse(describe(file, argsOf(args)));
    return Reflect.apply(execFileSync, this, [file, args, ...rest]);
  } as typeof execFileSync;
  childProcess.execSync = function (command: string) {
    return refuse(command);
  } as typeof execSync;
  // `import { spawnSync } from 'node:child_process'` in the modules loaded after this one sees these.
  syncBuiltinESMExports();
}
