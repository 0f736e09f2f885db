// A worker's graceful stop, after the master's `drain`: the server stops accepting and finishes its
// in-flight requests (WorkerServer#drain, DESIGN.md section 4), then the app's onShutdown and
// close within what is left of the deadline (at least 1 s), then the workerExit hook.

import type { Logger } from '../log/logger.ts';
import type { LoadedApp } from './app-adapter.ts';
import type { WorkerServer } from './worker-server.ts';

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
