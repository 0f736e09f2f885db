// What a config module or config function prints (a dotenv banner, a debug console.log) while
// `check`, `print-config` or `reload --dry-run` load it in this process goes to stderr: their
// stdout is a report that scripts parse (one JSON object per file, SARIF, a YAML config that loads
// back), and a line before it broke every one of them. (`serve` reads its config in a reader
// process, whose output the master logs; `check`'s app import runs in a process of its own.)

import type { CliIo } from './program.ts';

let depth = 0;
let restore: (() => void) | null = null;

/** Runs `load` with this process's stdout writes sent to stderr, when `io` owns the process's stdout. */
export async function printingToStderr<T>(io: Pick<CliIo, 'ownsProcessStdout'>, load: () => Promise<T>): Promise<T> {
  // In a test's process, stdout is the test runner's own channel: left alone.
  if (io.ownsProcessStdout !== true) return load();
  if (depth++ === 0) {
    const stdout = process.stdout;
    const write = stdout.write;
    stdout.write = ((...args: Parameters<typeof write>) => process.stderr.write(...(args as Parameters<typeof process.stderr.write>))) as typeof write;
    restore = () => {
      stdout.write = write;
    };
  }
  try {
    return await load();
  } finally {
    if (--depth === 0) {
      restore?.();
      restore = null;
    }
  }
}
