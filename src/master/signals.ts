// The one table of what each signal the master catches asks for: run-master catches exactly these
// and only enqueues them; the arbiter looks the action up when the signal's turn comes.

export type SignalAction = 'stop' | 'fast-stop' | 'reload' | 'scale-up' | 'scale-down' | 'reopen-logs' | 'upgrade' | 'ignore';

export const SIGNAL_ACTIONS = {
  SIGTERM: 'stop',
  SIGINT: 'fast-stop',
  SIGQUIT: 'fast-stop',
  SIGHUP: 'reload',
  SIGTTIN: 'scale-up',
  SIGTTOU: 'scale-down',
  SIGUSR1: 'reopen-logs',
  // nginx's and Gunicorn's binary upgrade, with an automatic commit or rollback (upgrade.ts).
  SIGUSR2: 'upgrade',
  // WINCH (Gunicorn's daemon-mode stop) has no meaning here: caught so that a stray one is logged
  // rather than killing the master by Node's default action.
  SIGWINCH: 'ignore',
} as const satisfies Readonly<Partial<Record<NodeJS.Signals, SignalAction>>>;

export type MasterSignal = keyof typeof SIGNAL_ACTIONS;

export const MASTER_SIGNALS = Object.keys(SIGNAL_ACTIONS) as readonly MasterSignal[];
