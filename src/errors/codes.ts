// Every error code tsgun emits, with what it means and what to do. docs/errors.md is generated from
// this table and a test keeps the two in step.

export const errorCodes = {
  TSG_CONFIG_NOT_FOUND: {
    summary: 'No config file was found, or the file named by --config does not exist.',
    remedy: 'Pass --config PATH, or create tsgun.config.ts (or another supported name) in the project.',
  },
  TSG_CONFIG_LOAD: {
    summary:
      'The config file could not be read or imported: a syntax error, a throw on import, an empty file, a config function or top-level `await` whose promise can never settle (nothing left pending); or, on a reload, it did not finish loading (its config function included) within `bootTimeout`.',
    remedy: 'Fix the file at the location the message names; `tsgun check` reports the same error. A config function that waits on something slow: make it faster, or raise `bootTimeout`.',
  },
  TSG_CONFIG_INVALID: {
    summary: 'The config was read but breaks the schema or a cross-field rule.',
    remedy: 'Each listed problem names the setting, where it came from (file, env var or flag) and what is allowed.',
  },
  TSG_APP_LOAD: {
    summary: 'A worker could not load the app: module not found, export missing, not a handler, or it threw on import or in its factory.',
    remedy:
      'The log line names the reason and carries the stack. `tsgun check` imports the app in a throwaway process, as a worker would, and reports the same reasons with the stack frame of the app that threw (`--no-app` skips the import).',
  },
  TSG_APP_TIMEOUT: {
    summary: '`tsgun check` imported the app in a throwaway process and the import (with its factory) did not finish within `bootTimeout`; a worker would be killed the same way.',
    remedy: 'Find what the module waits on at import (a connection, a lock, a top-level await) and move it into `onBoot` or a factory that finishes in time, or raise `bootTimeout`.',
  },
  TSG_LOG_OPEN: {
    summary:
      'A log file (`errorLog`, `accessLog`) could not be opened: the path is a directory, a part of its directory path is a file, or the process may not write there (workers open the access log after switching to `user`). At start the master exits, a worker fails its boot (a reload rolls back); at USR1 the old file is kept.',
    remedy:
      "The message names the path and the reason. Point the setting at a file the process can write (for workers, as `user`), or fix the directory's owner and mode; `tsgun check` catches a path that is a directory, a directory that cannot be created, and one the process that opens the log may not write (TSG_PATH_ACCESS).",
  },
  TSG_PRIVILEGE_DROP: {
    summary: 'A worker could not switch to `user`/`group`: the user or group does not exist, a numeric `user` has no passwd entry and no `group` is set, or the master is not running as root.',
    remedy:
      'Name an existing user (and group), set `group` for a uid without a passwd entry, and start tsgun as root when it has to switch users; `tsgun check` reports a user or group that does not exist (TSG_ACCOUNT_UNKNOWN).',
  },
  TSG_ACCOUNT_UNKNOWN: {
    summary: 'The `user` or `group` does not exist on this host, or a numeric `user` has no passwd entry and no `group` is set: the workers could not switch to it.',
    remedy: 'Create the account, correct the name, or set `group` next to a numeric `user`. With `tsgun check --target ci` accounts are not looked up (they belong to the machine the config runs on).',
  },
  TSG_PATH_MISSING: {
    summary:
      'A file or directory the config names does not exist: `chdir`, a TLS file, or the directory of a unix socket bind, the pidfile or the control socket (tsgun creates log directories, not these). A missing app module is TSG_APP_LOAD, as a worker reports it.',
    remedy: 'Create it or correct the path; a relative path is resolved as the message shows. A config checked away from its machine (an unbuilt CI checkout): `tsgun check --target ci`.',
  },
  TSG_PATH_ACCESS: {
    summary:
      'A path the config names is of the wrong kind (a directory where a file is expected, a file where a socket is) or the process that uses it may not: the master creates unix sockets, the pidfile, the control socket and the errorLog, and reads the TLS files (a private key may be readable by the master’s user alone); workers open the access log as `user`.',
    remedy: 'The message names the path, who needs it and what is missing; fix the owner or mode of the file or of the directory it is created in, or choose another path.',
  },
  TSG_TLS_INVALID: {
    summary:
      'A TLS file is not usable: `tls.cert` or `tls.ca` holds no PEM certificate, `tls.key` no PEM private key (or an encrypted one), the key does not match the certificate, or (reported by `tsgun check` only: a start does not refuse it) the certificate has expired.',
    remedy: 'Point the setting at the PEM files (convert DER with `openssl x509 -inform der`), pair the key with its certificate, and renew an expired certificate; a reload (HUP) re-reads them.',
  },
  TSG_TLS_EXPIRING: {
    summary: 'A warning: the certificate in `tls.cert` expires within 30 days. The config is still valid (`tsgun check --strict` fails on it).',
    remedy: 'Renew the certificate and reload (HUP); the message gives the expiry date.',
  },
  TSG_BIND: {
    summary: 'A listener could not be opened: the address is in use, not available on this host, or not permitted.',
    remedy: 'Free the port, fix the `bind` address, or start as a user allowed to bind it (ports below 1024 need root or CAP_NET_BIND_SERVICE).',
  },
  TSG_CONTROL_SOCKET: {
    summary:
      'The `controlSocket` could not be opened at start: another running master (or any process) answers on it, the path holds something other than a socket (a regular file, directory or symlink, which tsgun never deletes), or it is not permitted.',
    remedy: 'Stop the other master or give this one its own `controlSocket`; move the file away if it is not needed. Only a stale socket, one nothing answers on, is replaced.',
  },
  TSG_SCALE_REFUSED: {
    summary:
      "`tsgun scale` was refused by the master: the count asked for is outside 1 and the maximum of `workers` (1024), or the master began to stop before the workers settled. The control socket's reply carries it; `tsgun scale` exits 2.",
    remedy: 'Ask for a count within the bounds (`tsgun status` shows the current target), or start the master again if it was stopping.',
  },
  TSG_HOOK: {
    summary: 'A config hook threw or did not settle within its time limit.',
    remedy: 'The log line names the hook; fix the hook. A master-side hook failure never stops the server.',
  },
  TSG_RELOAD_REFUSED: {
    summary:
      'A reload was refused: the new config changes a setting of the `restart` class (backlog, pidfile, controlSocket, umask, chdir, errorLog, logFormat), which only a full restart of tsgun can apply.',
    remedy: 'Revert that setting and reload, or restart tsgun (with a socket-activated or load-balanced deployment, a restart need not drop connections).',
  },
  TSG_RELOAD_FAILED: {
    summary: 'A reload was rolled back: the new generation of workers could not boot (app load error, hook failure, crash, or no ready report within `bootTimeout`), or tsgun began shutting down.',
    remedy: "The reload.rolled-back event carries the failing worker's error and stack; the old generation keeps serving meanwhile. Fix and reload again.",
  },
  TSG_CONTROL: {
    summary:
      'A command for the running master (`reload`, `stop`, `scale`, `status`, `upgrade`, `reopen-logs`) could not get its answer: nothing listens on the control socket, the pidfile names no running tsgun master, the master may not be signalled, it did not answer in time, or it refused the command without a more precise code. Exit code 2.',
    remedy:
      'The message says which. Check that tsgun runs and that `--control-socket` or `--pidfile` (or the config) name its; a stale pidfile or socket is left by a master that was killed. Its log says why it refused or did not answer.',
  },
  TSG_USAGE: {
    summary: 'The command line is malformed: an unknown command or option, a missing argument.',
    remedy: 'Run `tsgun --help` for the commands and options.',
  },
  TSG_INTERNAL: {
    summary: 'An unexpected error inside tsgun itself.',
    remedy: 'Please report it with the stack trace printed alongside.',
  },
} as const satisfies Record<string, { summary: string; remedy: string }>;

export type ErrorCode = keyof typeof errorCodes;
