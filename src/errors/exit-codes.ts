// Process exit codes shared by the CLI, the master and the workers. Documented in docs/errors.md.

export const ExitCode = {
  /** Success; for `check`, the config is valid. */
  OK: 0,
  /** The config is invalid or could not be loaded. */
  CONFIG_INVALID: 1,
  /** Usage error, or the command could not run at all (e.g. the named config file does not exist). */
  USAGE: 2,
  /** A worker could not load the app (TSG_APP_LOAD). The master does not respawn it in a tight loop. */
  APP_LOAD: 3,
  /** A worker's boot step failed: a boot hook (`postFork`, `postWorkerInit`), the switch to `user`, a log file. */
  BOOT_HOOK: 4,
  /** A worker died of an uncaught exception after logging it. */
  WORKER_CRASH: 5,
  /** The master could not open a listener (TSG_BIND). */
  BIND: 6,
  /** `tsgun reload`: the reload was refused or rolled back; the old generation keeps serving. */
  RELOAD_ROLLED_BACK: 7,
  /** The master gave up: the first generation never became ready (a worker failed `bootAttempts` boots in a row). Gunicorn exits 3 here. */
  BOOT_FAILED: 8,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
