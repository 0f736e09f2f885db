// Allow lists of peers (`forwardedAllowIps`, `proxyAllowIps`): `*`, IP addresses and CIDR ranges.
// The config check and the worker share this parser, so that `tsgun check` rejects what a worker
// could not compile.

import { BlockList, isIP } from 'node:net';
import { TsgunError } from '../errors/tsgun-error.ts';

export const ALLOW_ENTRY_EXPECTED = "expected '*', an IP address or a CIDR range such as 10.0.0.0/8 (host names are not resolved)";

/** One entry, or null when it is none of `*`, an address, a CIDR range. */
export function parseAllowEntry(entry: string): { address: string; version: 4 | 6; prefix: number | null } | null {
  const slash = entry.indexOf('/');
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const version = isIP(address);
  const prefix = slash === -1 ? null : entry.slice(slash + 1);
  if (version === 0 || (prefix !== null && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > (version === 4 ? 32 : 128)))) return null;
  return { address, version: version as 4 | 6, prefix: prefix === null ? null : Number(prefix) };
}

/** Whether a direct peer is trusted. `undefined` is a unix-socket peer: always trusted, as in Gunicorn. */
export type PeerMatcher = (address: string | undefined) => boolean;

/**
 * Compiles an allow list: `*`, IPv4 and IPv6 addresses, CIDR ranges (`10.0.0.0/8`, `fd00::/8`). An
 * IPv4 entry also matches the IPv4-mapped form a dual-stack listener reports (`::ffff:10.1.2.3`).
 */
export function compileAllowList(setting: string, entries: readonly string[]): PeerMatcher {
  if (entries.includes('*')) return () => true;
  const list = new BlockList();
  entries.forEach((entry, i) => {
    const parsed = parseAllowEntry(entry);
    if (parsed === null) {
      throw new TsgunError('TSG_CONFIG_INVALID', `${setting}[${i}] is ${JSON.stringify(entry)}: ${ALLOW_ENTRY_EXPECTED}`, {
        problems: [{ path: `${setting}[${i}]`, message: `${JSON.stringify(entry)} is not '*', an IP address or a CIDR range` }],
      });
    }
    const { address, version, prefix } = parsed;
    const type = version === 4 ? 'ipv4' : 'ipv6';
    if (prefix === null) list.addAddress(address, type);
    else list.addSubnet(address, prefix, type);
  });
  return (address) => {
    if (address === undefined) return true;
    const version = isIP(address);
    return version !== 0 && list.check(address, version === 4 ? 'ipv4' : 'ipv6');
  };
}
