// Process exit codes shared by the CLI, the master and the workers. Documented in docs/errors.md.

export const ExitCode = {
  /** Success; for `check`, the config is valid. */
  OK: 0,
  /** The config is invalid or could not be loaded. */
  CONFIG_INVALID: 1,
  /** Usage error, or the command could not run at all (e.g. the named config file does not exist). */
  USAGE: 2,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
