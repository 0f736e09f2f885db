// A factory: a function of no parameters, possibly async, that returns the app. tsgun calls it
// once per worker, after the module loaded, so per-worker resources (a database pool, say) are
// created in the worker and never shared across a fork. `onBoot` and `onShutdown` are the optional
// lifecycle exports, run once per worker.

import type { IncomingMessage, ServerResponse } from 'node:http';

let bootedAt = 0;

export async function onBoot(): Promise<void> {
  bootedAt = Date.now();
}

export async function onShutdown(): Promise<void> {
  // Close pools, flush buffers: the worker has drained its requests by now.
}

export default async function createApp() {
  const greeting = `hello from factory, worker ${process.pid}`;
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method === 'POST' && req.url === '/echo') {
      res.setHeader('content-type', 'text/plain');
      req.pipe(res);
      return;
    }
    res.setHeader('content-type', 'text/plain');
    res.end(`${greeting} (booted ${bootedAt > 0 ? 'yes' : 'no'})\n`);
  };
}
