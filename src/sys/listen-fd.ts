// listen() on a socket the master bound (or systemd passed), with tsgun's `backlog`. Node reads
// `options.backlog` only for a port or a path: with `options.fd` it takes the backlog from the second
// argument alone and otherwise listens with 511 (lib/net.js, Server.prototype.listen, the same on
// Node 22 and 24), so `listen({ fd, backlog })` applied 511 whatever the setting.

/** What listenOnFd needs of a net.Server (a fake records the call in unit tests). */
export interface FdListenable {
  listen(options: { fd: number }, backlog: number, onListening: () => void): unknown;
}

/**
 * Listens on `fd` with `backlog`. Linux keeps the value of the last listen() on a socket: every
 * worker calls this with the same setting, so the value holds across respawns and reloads, and it
 * replaces whatever backlog an inherited socket had (systemd's `Backlog=`).
 */
export function listenOnFd(server: FdListenable, fd: number, backlog: number, onListening: () => void): void {
  server.listen({ fd }, backlog, onListening);
}
