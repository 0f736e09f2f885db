// A worker's graceful stop, after the master's `drain` (DESIGN.md section 4): the connections are
// drained (drainConnections, which WorkerServer#drain runs), then the app's onShutdown and close
// within what is left of the deadline (at least 1 s), then the workerExit hook.

import type { Socket } from 'node:net';
import type { Logger } from '../log/logger.ts';
import type { LoadedApp } from './app-adapter.ts';
import { responseOf } from './connections.ts';
import type { WorkerServer } from './worker-server.ts';

const DRAIN_POLL_MS = 50;

export interface ConnectionDrain {
  /** Every open connection, looked at again on each poll. */
  readonly connections: () => Socket[];
  /** Closes the listeners without touching their connections. */
  readonly stopAccepting: () => void;
  /** How long a connection must stay idle before it is closed. */
  readonly graceMs: number;
  readonly timeoutMs: number;
  /** HTTP/2 sessions: told to close (GOAWAY) with the listeners, then waited for like connections. */
  readonly sessions?: { close(): void; readonly open: number };
}

/**
 * Stops accepting and lets in-flight requests finish: every further response says Connection: close,
 * and a connection is closed only once it stayed idle for `graceMs` (under load a keep-alive
 * client's next request is usually already in flight when the drain begins; closing it at once
 * is what made a naive retire fail requests). Resolves with the number of connections still open at
 * the deadline, which the caller then cuts.
 */
export async function drainConnections({ connections, stopAccepting, graceMs, timeoutMs, sessions }: ConnectionDrain): Promise<number> {
  // Requests already in flight answer with Connection: close too, so that their clients do not
  // send another request on a connection that is about to go.
  for (const socket of connections()) {
    const res = responseOf(socket);
    if (res !== null && !res.headersSent) {
      res.shouldKeepAlive = false;
      res.setHeader('connection', 'close');
    }
  }
  stopAccepting();
  // An HTTP/2 session needs no idle grace: its GOAWAY tells the client, before it sends, that the
  // connection takes no new streams; it closes itself once the streams in flight are answered.
  sessions?.close();
  const sessionsOpen = (): number => sessions?.open ?? 0;
  const deadline = Date.now() + timeoutMs;
  const idleSince = new Map<Socket, number>();
  for (let open = connections(); (open.length > 0 || sessionsOpen() > 0) && Date.now() < deadline; open = connections()) {
    const now = Date.now();
    for (const socket of open) {
      const res = responseOf(socket);
      if (res !== null && !res.writableFinished) idleSince.delete(socket);
      else if (!idleSince.has(socket)) idleSince.set(socket, now);
      // Idle for the whole grace since the drain began: its client is not about to send.
      if (now - (idleSince.get(socket) ?? now) >= graceMs) socket.end();
    }
    await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
  }
  return connections().length + sessionsOpen();
}

/** What the app gets at least to shut down, even when the connections used up the whole deadline. */
const MIN_SHUTDOWN_MS = 1_000;

export interface DrainOptions {
  readonly server: WorkerServer;
  readonly app: LoadedApp | null;
  readonly logger: Logger;
  readonly timeoutMs: number;
  /** The workerExit hook, run last (its own timeout is the caller's). */
  readonly workerExit: () => Promise<unknown>;
}

export async function drainWorker({ server, app, logger, timeoutMs, workerExit }: DrainOptions): Promise<void> {
  const started = Date.now();
  const { cut } = await server.drain(timeoutMs);
  if (cut > 0) logger.warn({ event: 'worker.drain-cut', connections: cut, timeoutMs }, `graceful timeout: cut ${cut} connections`);
  const left = Math.max(MIN_SHUTDOWN_MS, timeoutMs - (Date.now() - started));
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      (async () => {
        await app?.onShutdown?.();
        await app?.close?.();
      })(),
      new Promise((resolve) => (timer = setTimeout(resolve, left))),
    ]);
  } catch (error) {
    logger.error({ event: 'worker.shutdown-failed', err: error }, 'the app failed while shutting down');
  } finally {
    clearTimeout(timer);
  }
  await workerExit();
  logger.info({ event: 'worker.drained', requests: server.requests, durationMs: Date.now() - started }, 'worker drained');
}
