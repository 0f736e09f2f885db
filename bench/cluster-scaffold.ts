// The primary of a bench peer: a bare node:cluster with a shared listening socket (SCHED_NONE: every
// worker accepts on the one socket, as tsgun's workers do). Prints `listening <port>` once every
// worker listens; SIGTERM stops the workers. Worker processes get the address to listen on.

import cluster from 'node:cluster';

export interface PeerAddress {
  readonly host: string;
  readonly port: number;
}

/** In the primary, forks WORKERS workers and returns null; in a worker, returns where to listen. */
export function clusterPeer(): PeerAddress | null {
  const workers = Number(process.env.WORKERS ?? 2);
  const port = Number(process.env.PORT ?? 0);
  const host = process.env.HOST ?? '127.0.0.1';
  if (!cluster.isPrimary) return { host, port };
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  let listening = 0;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('listening', (_worker, address) => {
    if (++listening === workers) process.stdout.write(`listening ${address.port}\n`);
  });
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill();
    process.exit(0);
  });
  return null;
}
