// The PROXY-protocol front of a listener (`proxyProtocol`): a plain net.Server accepts instead of
// the HTTP server and hands each connection over once its PROXY header is read (proxy-protocol.ts
// parses it).

import type http from 'node:http';
import net, { type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Logger } from '../log/logger.ts';
import { assertNever } from '../util/assert-never.ts';
import type { PeerMatcher } from './forwarded.ts';
import { readProxyHeader, type ProxyAddress } from './proxy-protocol.ts';

/** A balancer writes the PROXY header as soon as it connects; a peer silent this long is not one. */
export const PROXY_HEADER_TIMEOUT_MS = 5_000;

/** What the front shares with the worker server. */
export interface ProxyConnections {
  /** `proxyAllowIps`: the peers that must send a header. */
  readonly allowed: PeerMatcher;
  readonly logger: Logger;
  /** Connections still waiting for their header (the HTTP server does not have them yet); the drain reads it. */
  readonly pending: Set<Socket>;
  /** The balancer's own address per connection (the socket reports the client's). */
  readonly directPeers: WeakMap<Socket, string | undefined>;
}

/**
 * proxyProtocol: a net.Server accepts each connection paused, takes the PROXY header off it (an
 * allowed peer must send one; another peer must not), makes the socket report the client's
 * address, and hands it to the HTTP(S) server, which never listens itself. Under TLS the header
 * comes before the handshake, so the TLS socket the server wraps around it learns the address
 * on `secureConnection`.
 */
export function proxyFront(server: http.Server, secure: boolean, connections: ProxyConnections): net.Server {
  const { allowed, logger: log, pending, directPeers } = connections;
  const tlsClients = new Map<string, { source: ProxyAddress | null; peer: string | undefined }>();
  if (secure) {
    server.prependListener('secureConnection', (socket: TLSSocket) => {
      // The TLS socket still reports the balancer's address and port: that pair names the connection.
      const key = `${socket.remoteAddress}|${socket.remotePort}`;
      const client = tlsClients.get(key);
      if (client === undefined) return;
      tlsClients.delete(key);
      directPeers.set(socket, client.peer);
      if (client.source !== null) adoptAddress(socket, client.source);
    });
  }
  const allowHalfOpen = (server as unknown as { allowHalfOpen: boolean }).allowHalfOpen;
  const front = net.createServer({ pauseOnConnect: true, allowHalfOpen, noDelay: true }, (socket) => {
    const peer = socket.remoteAddress;
    pending.add(socket);
    socket.once('close', () => pending.delete(socket));
    readProxyHeader(socket, allowed(peer) ? 'required' : 'optional', PROXY_HEADER_TIMEOUT_MS, (outcome) => {
      switch (outcome.kind) {
        case 'header':
        case 'absent': {
          const source = outcome.kind === 'header' ? outcome.header.source : null;
          if (secure) {
            const key = `${peer}|${socket.remotePort}`;
            tlsClients.set(key, { source, peer });
            socket.once('close', () => tlsClients.delete(key));
            // From here the TLS socket is the connection (tracked once its handshake is done).
            pending.delete(socket);
          } else {
            directPeers.set(socket, peer);
            if (source !== null) adoptAddress(socket, source);
            // From here the HTTP server tracks it (the list the drain reads); holding it in a Map
            // for its whole life would cost the GC what it costs without proxyProtocol.
            pending.delete(socket);
          }
          server.emit('connection', socket);
          // The HTTP parser reads the socket's handle directly once the socket resumes; what the
          // header reader pushed back is flushed to it first. TLS resumes the socket itself.
          if (!secure) socket.resume();
          return;
        }
        case 'present':
          log.warn({ event: 'proxy.forbidden-header', peer }, `answered 403 to a PROXY header from ${peer}, which is not in proxyAllowIps`);
          if (secure) socket.destroy();
          else socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
          return;
        case 'invalid':
          log.warn({ event: 'proxy.invalid-header', peer: peer ?? 'unix', reason: outcome.reason }, `closed a connection from ${peer ?? 'a unix socket'}: ${outcome.reason}`);
          socket.destroy();
          return;
        case 'closed':
          // A balancer's TCP health check: connect, then close.
          socket.destroy();
          return;
        default:
          assertNever(outcome);
      }
    });
  });
  // The HTTP server checks headersTimeout and requestTimeout only once it has seen 'listening'.
  front.once('listening', () => server.emit('listening'));
  return front;
}

/** Makes a socket report the client the PROXY header named, for the app and the access log alike. */
function adoptAddress(socket: Socket, source: ProxyAddress): void {
  Object.defineProperty(socket, 'remoteAddress', { value: source.address, configurable: true });
  Object.defineProperty(socket, 'remotePort', { value: source.port, configurable: true });
  Object.defineProperty(socket, 'remoteFamily', { value: source.family, configurable: true });
}
