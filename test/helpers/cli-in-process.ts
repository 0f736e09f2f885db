// Runs the tsgun CLI inside the test process through its injectable I/O (runCli(io) in
// src/cli/program.ts: argv, env, cwd, stdout, stderr), for the fast tier: the same exit code and
// output as the spawned command (cli.ts), without a process per run. Config modules are imported
// by this process, each load afresh (src/config/fresh-import.ts), so runs do not share them.
// test/e2e/cli.test.ts keeps a few spawned runs for what only a real process shows (bin/, main.ts).

import { runCli as runProgram } from '../../src/cli/program.ts';
import { cleanEnv, repoRoot, type CliResult, type RunOptions } from './cli.ts';

/** `tsgun ...args` in this process: what it printed and the exit code it would have exited with. */
export async function runCliInProcess(args: readonly string[], options: Omit<RunOptions, 'timeoutMs'> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runProgram({
    argv: args,
    env: cleanEnv(options.env),
    cwd: options.cwd ?? repoRoot,
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
  });
  return { code, signal: null, stdout, stderr };
}
