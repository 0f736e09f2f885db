// The executable entry: runs the CLI against the real process. The only place that touches
// process.argv and sets the exit code.

import { version } from './version.ts';

const argv = process.argv.slice(2);
// `tsgun --version` is what scripts and health checks run: it answers before commander (or anything
// else) loads. Any other use of the flag goes through commander, which prints the same line.
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${version()}\n`);
} else {
  const { runCli } = await import('./program.ts');
  process.exitCode = await runCli({
    argv,
    env: process.env,
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
