// The executable entry: runs the CLI against the real process. The only place that touches
// process.argv and sets the exit code.

import { runCli } from './program.ts';

process.exitCode = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
