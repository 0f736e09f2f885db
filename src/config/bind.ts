// Parses `bind` addresses: HOST:PORT, [V6]:PORT, unix:PATH[|MODE], fd://N.

import { isIP } from 'node:net';

export type BindAddress =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number; readonly family: 4 | 6 | 0; readonly text: string }
  | { readonly kind: 'unix'; readonly path: string; readonly mode: number | null; readonly text: string }
  | { readonly kind: 'fd'; readonly fd: number; readonly text: string };

export type BindParse = { readonly ok: true; readonly address: BindAddress } | { readonly ok: false; readonly reason: string };

const FORMS = 'expected HOST:PORT, [IPV6]:PORT, unix:PATH (optionally unix:PATH|MODE) or fd://N';
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function parseBind(text: string): BindParse {
  const fail = (why: string): BindParse => ({ ok: false, reason: `${why}; ${FORMS}` });
  if (text.startsWith('unix:')) {
    const [rawPath, rawMode, ...extra] = text.slice(5).split('|');
    if (rawPath === undefined || rawPath === '') return fail('the unix socket path is empty');
    if (extra.length > 0) return fail('more than one "|MODE"');
    let mode: number | null = null;
    if (rawMode !== undefined) {
      if (!/^0?[0-7]{3}$/.test(rawMode)) return fail(`the socket mode "${rawMode}" is not an octal mode such as 660`);
      mode = Number.parseInt(rawMode, 8);
    }
    return { ok: true, address: { kind: 'unix', path: rawPath, mode, text } };
  }
  if (text.startsWith('fd://')) {
    const raw = text.slice(5);
    if (!/^\d{1,9}$/.test(raw)) return fail(`"${raw}" is not a file descriptor number`);
    return { ok: true, address: { kind: 'fd', fd: Number(raw), text } };
  }
  // `http://0.0.0.0:8000` is a common slip; without this it reads as a host with a colon in it.
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(text);
  if (scheme !== null) return fail(`a bind address is not a URL; drop "${scheme[0]}"`);
  let host: string;
  let rawPort: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close === -1) return fail('an IPv6 address opened with "[" is not closed');
    host = text.slice(1, close);
    if (isIP(host) !== 6) return fail(`"${host}" is not an IPv6 address`);
    if (text[close + 1] !== ':') return fail('the port is missing after the IPv6 address');
    rawPort = text.slice(close + 2);
  } else {
    const colon = text.lastIndexOf(':');
    if (colon === -1) return fail('the port is missing');
    host = text.slice(0, colon);
    rawPort = text.slice(colon + 1);
    if (host.includes(':')) {
      const ipv6 = isIP(host) === 6 || isIP(text) === 6;
      return fail(ipv6 ? 'an IPv6 address must be written in brackets, as [::1]:8000' : `"${host}" is not a valid host name or IP address`);
    }
    if (host === '') return fail('the host is missing (use 0.0.0.0 or [::] for every interface)');
    if (isIP(host) === 0 && !HOSTNAME.test(host)) return fail(`"${host}" is not a valid host name or IP address`);
  }
  if (!/^\d{1,5}$/.test(rawPort) || Number(rawPort) > 65535) return fail(`"${rawPort}" is not a port from 0 to 65535`);
  const family = isIP(host);
  return { ok: true, address: { kind: 'tcp', host, port: Number(rawPort), family: family === 4 || family === 6 ? family : 0, text } };
}

/** The identity of a listener, for finding duplicates: `127.0.0.1:80` and `127.0.0.1:080` are one. */
export function bindKey(address: BindAddress): string {
  switch (address.kind) {
    case 'tcp':
      return `tcp:${address.host.toLowerCase()}:${address.port}`;
    case 'unix':
      return `unix:${address.path}`;
    case 'fd':
      return `fd:${address.fd}`;
  }
}
