// What Node's HTTP server already knows about its connections, read rather than tracked again in
// JS: tracking every connection (a Map entry and a 'close' listener per socket) made young objects
// survive scavenges and cost ~20% of the CPU per request with one connection per request.

import type http from 'node:http';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** The response a connection is busy with, if any. */
export function responseOf(socket: Socket): ServerResponse | null {
  return (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage ?? null;
}

/**
 * The connections an http.Server tracks itself (Node >= 18.2 keeps them for its header and request
 * timeouts; closeIdleConnections() reads the same list). Not public API, so looked up by the
 * symbol's description; on a runtime without it, the drain falls back to the deadline.
 */
export function trackedByNode(server: http.Server): Socket[] {
  const key = Object.getOwnPropertySymbols(server).find((symbol) => symbol.description === 'http.server.connections');
  const list = key === undefined ? undefined : (server as unknown as Record<symbol, { all?: () => { socket?: Socket | null }[] } | undefined>)[key];
  if (typeof list?.all !== 'function') return [];
  const sockets: Socket[] = [];
  for (const parser of list.all()) if (parser.socket) sockets.push(parser.socket);
  return sockets;
}
