// The periodic checks of a server's open connections, on a PeriodicClock (periodic-clock.ts) and
// only while there are any: Node's own check of each HTTP server (headersTimeout, requestTimeout,
// every connectionsCheckingInterval) and, in a worker, the stall sweep (bodyTimeout, sendTimeout).
// As intervals of their own they woke an idle process once a second each, at moments of their own;
// with no connection open they have nothing to look at, and the first connection arms them again.
//
// Node keeps its interval under a symbol and runs a bound function; neither is public API, so both
// are looked up and checked, and where they are not found Node's interval is left as it is (checked
// as before, not aligned).

import type http from 'node:http';
import type net from 'node:net';
import type { PeriodicClock } from './periodic-clock.ts';

/** A periodic check: its period and what it does. */
export interface Check {
  readonly periodMs: number;
  readonly run: () => void;
}

/** What Node's interval timer has that is taken over: its period and its bound check. */
interface CheckTimer {
  readonly _repeat: number | null;
  readonly _onTimeout: () => void;
}

const isCheckTimer = (v: unknown): v is CheckTimer & NodeJS.Timeout =>
  typeof v === 'object' && v !== null && typeof (v as CheckTimer)._onTimeout === 'function' && typeof (v as CheckTimer)._repeat === 'number' && (v as CheckTimer)._repeat! > 0;

/**
 * Takes `server`'s connections check off its own interval (which is cleared) and returns it, to be
 * run on the clock at the same period; call once the server listens (Node arms the interval on
 * 'listening'). Null when Node's interval was not found: then it keeps running.
 */
export function takeConnectionsCheck(server: http.Server): Check | null {
  const key = Object.getOwnPropertySymbols(server).find((symbol) => symbol.description === 'http.server.connectionsCheckingInterval');
  const timer = key === undefined ? undefined : (server as unknown as Record<symbol, unknown>)[key];
  if (!isCheckTimer(timer)) return null;
  const check = timer._onTimeout;
  clearInterval(timer);
  return { periodMs: timer._repeat!, run: () => check() };
}

/** Connections a listening server holds (net.Server's own count, what getConnections() reports). */
const held = (server: net.Server): number => (server as net.Server & { _connections?: number })._connections ?? 1;

/**
 * Runs `checks` on `clock` while any of `listeners` holds a connection: a tick that finds none
 * stops them, and the next connection on any listener starts them again (each from the next
 * multiple of its period, as precise as before). Returns what stops them for good.
 */
export function checkWhileConnected(checks: readonly Check[], listeners: readonly net.Server[], clock: PeriodicClock): () => void {
  if (checks.length === 0) return () => {};
  let running: (() => void)[] = [];
  let closed = false;
  const idle = (): boolean => listeners.every((server) => held(server) === 0);
  const wake = (): void => {
    for (const server of listeners) server.off('connection', wake);
    if (!closed && running.length === 0) start();
  };
  const pause = (): void => {
    for (const stop of running) stop();
    running = [];
    for (const server of listeners) server.once('connection', wake);
  };
  const start = (): void => {
    running = checks.map((check) =>
      clock.every(check.periodMs, () => {
        if (running.length > 0 && idle()) pause();
        else check.run();
      }),
    );
  };
  start();
  return () => {
    closed = true;
    for (const stop of running) stop();
    running = [];
    for (const server of listeners) server.off('connection', wake);
  };
}
