// The PROXY protocol (HAProxy's proxy-protocol.txt, v1 text and v2 binary) that a load balancer
// sends before anything else on a connection to say who the client really is: a pure parser over
// the bytes read so far, and the reader that takes the header off a paused socket.

import { isIPv4, isIPv6, type Socket } from 'node:net';

export interface ProxyAddress {
  readonly address: string;
  readonly port: number;
  readonly family: 'IPv4' | 'IPv6';
}

export interface ProxyHeader {
  readonly version: 1 | 2;
  /**
   * The original connection's endpoints, or null when the header says to keep the socket's own:
   * v1 `UNKNOWN`, v2 `LOCAL` (the balancer's health checks) and v2 families other than TCP.
   */
  readonly source: ProxyAddress | null;
  readonly destination: ProxyAddress | null;
}

export type ParseResult =
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'invalid'; readonly reason: string }
  | { readonly kind: 'complete'; readonly header: ProxyHeader; /** Bytes the header took. */ readonly length: number };

/** The longest v1 line, CRLF included (the spec's limit). */
export const V1_MAX_LENGTH = 107;
const V1_PREFIX = Buffer.from('PROXY ', 'latin1');
const V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
const V2_FIXED_LENGTH = 16;
const INCOMPLETE: ParseResult = Object.freeze({ kind: 'incomplete' });
const PORT = /^\d{1,5}$/;

const invalid = (reason: string): ParseResult => ({ kind: 'invalid', reason });

/** Whether `data` starts `whole`, or is a beginning of it. */
function startsLike(data: Buffer, whole: Buffer): boolean {
  const n = Math.min(data.length, whole.length);
  return data.compare(whole, 0, n, 0, n) === 0;
}

/** `'v1'` / `'v2'` when `data` begins with (a part of) that version's signature, else null. */
export function proxySignature(data: Buffer): 'v1' | 'v2' | null {
  if (data.length === 0) return null;
  if (startsLike(data, V1_PREFIX)) return 'v1';
  if (startsLike(data, V2_SIGNATURE)) return 'v2';
  return null;
}

/**
 * Parses the PROXY header at the start of `data` (everything read so far). `incomplete` asks for
 * more bytes; a result is final as soon as the bytes can no longer become a valid header.
 */
export function parseProxyHeader(data: Buffer): ParseResult {
  switch (proxySignature(data)) {
    case 'v1':
      return parseV1(data);
    case 'v2':
      return parseV2(data);
    default:
      return data.length === 0 ? INCOMPLETE : invalid('the connection does not start with a PROXY protocol header');
  }
}

function parseV1(data: Buffer): ParseResult {
  const lf = data.subarray(0, V1_MAX_LENGTH).indexOf(0x0a);
  if (lf === -1) return data.length >= V1_MAX_LENGTH ? invalid(`v1 header longer than ${V1_MAX_LENGTH} bytes`) : INCOMPLETE;
  if (data[lf - 1] !== 0x0d) return invalid('v1 header not terminated by CRLF');
  const line = data.toString('latin1', 0, lf - 1);
  const parts = line.split(' ');
  const length = lf + 1;
  // UNKNOWN: the balancer could not tell (or would not); whatever follows it is to be ignored.
  if (parts[1] === 'UNKNOWN') return { kind: 'complete', header: { version: 1, source: null, destination: null }, length };
  if (parts[1] !== 'TCP4' && parts[1] !== 'TCP6') return invalid(`v1 protocol ${JSON.stringify(parts[1] ?? '')} is not TCP4, TCP6 or UNKNOWN`);
  if (parts.length !== 6) return invalid(`v1 header needs 6 fields separated by single spaces, got ${JSON.stringify(line)}`);
  const family = parts[1] === 'TCP4' ? 'IPv4' : 'IPv6';
  const isIP = family === 'IPv4' ? isIPv4 : isIPv6;
  const [, , src, dst, srcPort, dstPort] = parts as [string, string, string, string, string, string];
  if (!isIP(src) || !isIP(dst)) return invalid(`v1 ${parts[1]} header with an address that is not ${family}: ${JSON.stringify(line)}`);
  if (!PORT.test(srcPort) || !PORT.test(dstPort) || Number(srcPort) > 65535 || Number(dstPort) > 65535) return invalid(`v1 header with an invalid port: ${JSON.stringify(line)}`);
  return {
    kind: 'complete',
    header: { version: 1, source: { address: src, port: Number(srcPort), family }, destination: { address: dst, port: Number(dstPort), family } },
    length,
  };
}

function parseV2(data: Buffer): ParseResult {
  if (data.length < V2_FIXED_LENGTH) return INCOMPLETE;
  const version = data[12]! >> 4;
  const command = data[12]! & 0x0f;
  if (version !== 2) return invalid(`v2 signature with version ${version}`);
  if (command !== 0 && command !== 1) return invalid(`v2 command ${command} is neither LOCAL nor PROXY`);
  const length = V2_FIXED_LENGTH + data.readUInt16BE(14);
  if (data.length < length) return INCOMPLETE;
  const keep: ParseResult = { kind: 'complete', header: { version: 2, source: null, destination: null }, length };
  // LOCAL: the balancer speaking for itself (health checks); the address block is to be ignored.
  if (command === 0) return keep;
  const familyAndTransport = data[13]!;
  const block = data.subarray(V2_FIXED_LENGTH, length);
  const tcp = V2_TCP[familyAndTransport];
  if (tcp !== undefined) {
    // Source address, destination address, source port, destination port.
    const size = tcp.size;
    if (block.length < 2 * size + 4) return invalid(`v2 ${tcp.name} address block of ${block.length} bytes (${2 * size + 4} needed)`);
    const at = (offset: number, portOffset: number): ProxyAddress => ({ address: tcp.read(block, offset), port: block.readUInt16BE(portOffset), family: tcp.family });
    return { kind: 'complete', header: { version: 2, source: at(0, 2 * size), destination: at(size, 2 * size + 2) }, length };
  }
  switch (familyAndTransport) {
    case 0x31: // a client on a unix socket: no address worth reporting
      return keep;
    default:
      // UNSPEC: the balancer does not know; the spec says to use the real endpoints.
      if (familyAndTransport >> 4 === 0) return keep;
      return invalid(`v2 family/transport 0x${familyAndTransport.toString(16).padStart(2, '0')} is not TCP over IPv4 or IPv6`);
  }
}

function ipv4(b: Buffer, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/** RFC 5952 text, as the kernel and node print it: longest zero run as `::`, IPv4-mapped as `::ffff:a.b.c.d`. */
export function ipv6(b: Buffer, at: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(b.readUInt16BE(at + i * 2));
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return `::ffff:${ipv4(b, at + 12)}`;
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** v2 family/transport bytes for TCP, with the size of one address in the address block. */
const V2_TCP: Readonly<Record<number, { name: string; family: 'IPv4' | 'IPv6'; size: number; read: (b: Buffer, at: number) => string }>> = {
  0x11: { name: 'TCP4', family: 'IPv4', size: 4, read: ipv4 },
  0x21: { name: 'TCP6', family: 'IPv6', size: 16, read: ipv6 },
};

export type HeaderOutcome =
  | { readonly kind: 'header'; readonly header: ProxyHeader }
  /** `optional` mode only: the connection does not start with a PROXY header. */
  | { readonly kind: 'absent' }
  /** `optional` mode only: it does start with one (a peer not allowed to send it). */
  | { readonly kind: 'present' }
  /** The peer closed (or reset) before sending a single byte: a TCP health check, not an error. */
  | { readonly kind: 'closed' }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Reads a PROXY header off a socket accepted paused (`pauseOnConnect`). In `required` mode the
 * header is parsed and must come within `timeoutMs`; in `optional` mode only its presence is
 * sniffed, and a peer still silent at `timeoutMs` is let through (HTTP's own timeouts apply).
 * Whatever was read past the header goes back into the socket (`unshift`) and the socket is left
 * paused, with only an error sink of ours, ready to be handed to an HTTP server. Settles once.
 */
export function readProxyHeader(socket: Socket, mode: 'required' | 'optional', timeoutMs: number, done: (outcome: HeaderOutcome) => void): void {
  let buffered: Buffer | null = null;
  let settled = false;
  const settle = (outcome: HeaderOutcome, rest: Buffer | null): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    socket.off('data', onData);
    socket.off('end', onEnd);
    socket.off('close', onEnd);
    socket.off('error', onError);
    socket.pause();
    if (rest !== null && rest.length > 0) socket.unshift(rest);
    // An error with no listener would crash the worker: one stays until the socket is gone (the
    // HTTP server adds its own; under TLS the raw socket gets none).
    socket.on('error', ignore);
    done(outcome);
  };
  const onData = (chunk: Buffer): void => {
    const data = buffered === null ? chunk : Buffer.concat([buffered, chunk]);
    if (mode === 'optional') {
      const signature = proxySignature(data);
      if (signature === null) return settle({ kind: 'absent' }, data);
      if (data.length >= (signature === 'v1' ? V1_PREFIX.length : V2_SIGNATURE.length)) return settle({ kind: 'present' }, null);
      buffered = data;
      return;
    }
    const result = parseProxyHeader(data);
    if (result.kind === 'incomplete') buffered = data;
    else if (result.kind === 'invalid') settle(result, null);
    else settle({ kind: 'header', header: result.header }, data.subarray(result.length));
  };
  const onEnd = (): void => {
    if (buffered === null) settle({ kind: 'closed' }, null);
    else settle({ kind: 'invalid', reason: `the connection ended after ${buffered.length} bytes of an incomplete PROXY header` }, null);
  };
  const onError = (error: NodeJS.ErrnoException): void => {
    if (buffered === null) settle({ kind: 'closed' }, null);
    else settle({ kind: 'invalid', reason: `socket error after ${buffered.length} bytes of an incomplete PROXY header: ${error.code ?? error.message}` }, null);
  };
  const timer = setTimeout(() => {
    if (mode === 'optional') settle({ kind: 'absent' }, buffered);
    else settle({ kind: 'invalid', reason: `no complete PROXY header within ${timeoutMs} ms (${buffered?.length ?? 0} bytes received)` }, null);
  }, timeoutMs);
  socket.on('data', onData);
  socket.once('end', onEnd);
  socket.once('close', onEnd);
  socket.on('error', onError);
  socket.resume();
}

function ignore(): void {}
