// tls.sni: one certificate per server name, chosen while the TLS handshake reads the client's SNI
// extension. The files are the generation's (ResolvedConfig.tlsFiles, read when its config was), so a
// reload (new workers) serves renewed files, as it does for tls.cert, and a respawn the same ones.

import { readFileSync } from 'node:fs';
import type { SecureContext, SecureContextOptions } from 'node:tls';

export type SniCallback = (servername: string, callback: (error: Error | null, context?: SecureContext) => void) => void;

/** A name's files, absolute (resolve.ts made them so). */
export interface SniFiles {
  readonly cert: string;
  readonly key: string;
}

/**
 * The SNICallback for `entries`, or undefined when there are none. An exact name wins over a
 * wildcard; `*.example.com` covers one label (`a.example.com`, not `example.com` nor
 * `a.b.example.com`, as certificates' wildcards do, RFC 6125 6.4.3). A name that matches nothing gets
 * the server's default context (tls.cert): Node uses it when the callback passes no context.
 * `shared` carries the settings every context must repeat (ciphers, minimum version, the client
 * CA): a context chosen here replaces the default one for the connection.
 */
export function sniCallback(entries: Readonly<Record<string, SniFiles>>, shared: SecureContextOptions, read: (path: string) => Buffer = readFileSync): SniCallback | undefined {
  const names = Object.keys(entries);
  if (names.length === 0) return undefined;
  const tls = process.getBuiltinModule('node:tls');
  const exact = new Map<string, SecureContext>();
  const wildcard = new Map<string, SecureContext>();
  for (const name of names) {
    const files = entries[name]!;
    const context = tls.createSecureContext({ ...shared, cert: read(files.cert), key: read(files.key) });
    const lower = name.toLowerCase();
    if (lower.startsWith('*.')) wildcard.set(lower.slice(2), context);
    else exact.set(lower, context);
  }
  return (servername, callback) => callback(null, contextFor(servername, exact, wildcard));
}

/** The context for a client's server name (a trailing dot and letter case do not matter). */
export function contextFor<T>(servername: string, exact: ReadonlyMap<string, T>, wildcard: ReadonlyMap<string, T>): T | undefined {
  let name = servername.toLowerCase();
  if (name.endsWith('.')) name = name.slice(0, -1);
  const found = exact.get(name);
  if (found !== undefined) return found;
  const dot = name.indexOf('.');
  return dot > 0 ? wildcard.get(name.slice(dot + 1)) : undefined;
}
