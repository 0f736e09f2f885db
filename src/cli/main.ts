// The executable entry: runs the CLI against the real process. The only place that touches
// process.argv and exits.

import { version } from './version.ts';

const argv = process.argv.slice(2);
// `tsgun --version` is what scripts and health checks run: it answers before commander (or anything
// else) loads. Any other use of the flag goes through commander, which prints the same line.
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${version()}\n`);
} else {
  // Before anything runs hot, and before the compile cache (whose directory depends on V8's flags).
  const { leanV8 } = await import('../sys/lean-v8.ts');
  leanV8(process.env);
  // Before anything else loads: the CLI, the config (a .ts one without the type stripper) and, in
  // the master, everything it runs. Workers get the same directory (src/sys/compile-cache.ts).
  const { enableCompileCache, privateCompileCacheDir } = await import('../sys/compile-cache.ts');
  enableCompileCache(privateCompileCacheDir(process.env));
  // `serve` reads its config in a reader process (master/config-reader.ts): started now, its Node
  // boots while the CLI loads and parses the command line.
  const { looksLikeServe } = await import('./commands.ts');
  if (looksLikeServe(argv)) {
    // Kept until the master handles them: Node's defaults would end the process, or open the inspector.
    (await import('../master/early-signals.ts')).keepSignalsFromStart();
    (await import('../master/config-reader.ts')).startReaderEarly(process.cwd(), process.env);
  }
  const { runCli } = await import('./program.ts');
  const code = await runCli({
    argv,
    env: process.env,
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    ownsProcessStdout: true,
  });
  // Exit now rather than when the event loop empties: a config function or hook the master
  // abandoned at shutdown may still hold a timer (or an interval, for ever). What the command wrote
  // is already out: stdout and stderr are synchronous for files and pipes on Linux, and the master
  // flushed its logger before it returned.
  process.exit(code);
}
