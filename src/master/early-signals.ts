// Signals that reach `tsgun serve` while it starts, before its master handles them (run-master.ts).
// Node's default action for HUP, TTIN, TTOU, WINCH and USR2 ends or ignores the process without a
// word, and for USR1 it opens the inspector on 127.0.0.1:9229 for the master's whole life (a root
// master, open to any local user): a logrotate `kill -USR1` racing a restart was enough. They are
// kept from the CLI's first steps and handled once the arbiter runs. TERM, INT and QUIT keep Node's
// default until the config is read: a start that hangs in a config function must still stop.

import type { MasterSignal } from './signals.ts';

/** The signals kept from the start; the master keeps TERM, INT and QUIT too once its config is read. */
const KEPT_FROM_START: readonly MasterSignal[] = ['SIGHUP', 'SIGTTIN', 'SIGTTOU', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

const kept: MasterSignal[] = [];
let keeping = false;
const keep = (signal: MasterSignal): void => void kept.push(signal);

/** Starts keeping the signals above (idempotent). */
export function keepSignalsFromStart(): void {
  if (keeping) return;
  keeping = true;
  for (const signal of KEPT_FROM_START) process.on(signal, keep);
}

/** Stops keeping them (the caller handles them from now on) and returns those that came, in order. */
export function takeSignalsFromStart(): MasterSignal[] {
  if (keeping) for (const signal of KEPT_FROM_START) process.off(signal, keep);
  keeping = false;
  return kept.splice(0);
}
