// The PROXY protocol parser (v1 text, v2 binary): good headers, bad ones, headers cut anywhere
// across reads, and the socket reader that takes a header off a paused connection.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import net, { type AddressInfo, type Socket } from 'node:net';
import { test, type TestContext } from 'node:test';
import { ipv6, parseProxyHeader, readProxyHeader, V1_MAX_LENGTH, type HeaderOutcome, type ParseResult } from '../../src/worker/proxy-protocol.ts';

const SIGNATURE = Buffer.from('0d0a0d0a000d0a515549540a', 'hex');

/** A v2 header: version/command byte, family/transport byte, address block and TLVs. */
function v2(verCmd: number, famProto: number, block: Buffer, tlvs: Buffer = Buffer.alloc(0)): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(block.length + tlvs.length);
  return Buffer.concat([SIGNATURE, Buffer.from([verCmd, famProto]), length, block, tlvs]);
}

function inet4(src: string, dst: string, srcPort: number, dstPort: number): Buffer {
  const b = Buffer.alloc(12);
  src.split('.').forEach((x, i) => (b[i] = Number(x)));
  dst.split('.').forEach((x, i) => (b[4 + i] = Number(x)));
  b.writeUInt16BE(srcPort, 8);
  b.writeUInt16BE(dstPort, 10);
  return b;
}

function inet6(src: Buffer, dst: Buffer, srcPort: number, dstPort: number): Buffer {
  const ports = Buffer.alloc(4);
  ports.writeUInt16BE(srcPort, 0);
  ports.writeUInt16BE(dstPort, 2);
  return Buffer.concat([src, dst, ports]);
}

function complete(result: ParseResult): Extract<ParseResult, { kind: 'complete' }> {
  assert.equal(result.kind, 'complete', JSON.stringify(result));
  return result as Extract<ParseResult, { kind: 'complete' }>;
}

function invalid(data: Buffer | string, pattern: RegExp): void {
  const result = parseProxyHeader(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  assert.equal(result.kind, 'invalid', `${JSON.stringify(data.toString())} should be invalid`);
  assert.match((result as { reason: string }).reason, pattern);
}

/** Every strict prefix of `header` is incomplete, then the whole parses the same as in one read. */
function assertIncompleteUntilWhole(header: Buffer): void {
  for (let n = 0; n < header.length; n++) assert.equal(parseProxyHeader(header.subarray(0, n)).kind, 'incomplete', `prefix of ${n} bytes`);
  assert.equal(complete(parseProxyHeader(header)).length, header.length);
}

test('v1 TCP4: the client address and port, and where the header ends', () => {
  const data = Buffer.from('PROXY TCP4 203.0.113.7 10.0.0.1 51234 8080\r\nGET / HTTP/1.1\r\n\r\n', 'latin1');
  const r = complete(parseProxyHeader(data));
  assert.deepEqual(r.header, {
    version: 1,
    source: { address: '203.0.113.7', port: 51234, family: 'IPv4' },
    destination: { address: '10.0.0.1', port: 8080, family: 'IPv4' },
  });
  assert.equal(data.subarray(r.length).toString(), 'GET / HTTP/1.1\r\n\r\n');
});

test('v1 TCP6 and UNKNOWN (whatever follows UNKNOWN is ignored)', () => {
  const six = complete(parseProxyHeader(Buffer.from('PROXY TCP6 2001:db8::7 2001:db8::1 40000 443\r\n')));
  assert.deepEqual(six.header.source, { address: '2001:db8::7', port: 40000, family: 'IPv6' });
  assert.equal(six.length, 46);
  for (const line of ['PROXY UNKNOWN\r\n', 'PROXY UNKNOWN ffff:f:f:f:f:f:f:ffff ffff:f:f:f:f:f:f:ffff 65535 65535\r\n']) {
    const r = complete(parseProxyHeader(Buffer.from(line)));
    assert.deepEqual(r.header, { version: 1, source: null, destination: null });
    assert.equal(r.length, line.length);
  }
});

test('v1 at the spec limit of 107 bytes parses; one byte more without CRLF is refused', () => {
  const group = 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';
  const longest = `PROXY UNKNOWN ${group} ${group} 65535 65535\r\n`;
  assert.equal(longest.length, V1_MAX_LENGTH);
  assert.equal(complete(parseProxyHeader(Buffer.from(longest))).length, 107);
  invalid(`PROXY UNKNOWN ${group} ${group} 65535 655355\r\n`, /longer than 107/);
  // Refused as soon as 107 bytes came without a line end, not when the peer stops sending.
  invalid(`PROXY TCP4 ${'1'.repeat(120)}`, /longer than 107/);
});

test('v1 cut at every byte is incomplete until its CRLF arrives', () => {
  assertIncompleteUntilWhole(Buffer.from('PROXY TCP4 192.0.2.1 192.0.2.2 1 2\r\n'));
  assertIncompleteUntilWhole(Buffer.from('PROXY TCP6 ::1 ::1 65535 0\r\n'));
});

test('malformed v1 headers are refused with a reason', () => {
  invalid('GET / HTTP/1.1\r\n\r\n', /does not start with a PROXY protocol header/);
  invalid('PROXY\r\n', /does not start/); // "PROXY" then CR, not a space
  invalid('proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n', /does not start/);
  invalid('PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n', /not TCP4, TCP6 or UNKNOWN/);
  invalid('PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n', /6 fields/);
  invalid('PROXY TCP4 1.2.3.4  5.6.7.8 1 2\r\n', /6 fields/);
  invalid('PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n', /6 fields/);
  invalid('PROXY TCP4 2001:db8::1 5.6.7.8 1 2\r\n', /not IPv4/);
  invalid('PROXY TCP6 1.2.3.4 ::1 1 2\r\n', /not IPv6/);
  invalid('PROXY TCP4 1.2.3.400 5.6.7.8 1 2\r\n', /not IPv4/);
  invalid('PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n', /invalid port/);
  invalid('PROXY TCP4 1.2.3.4 5.6.7.8 -1 2\r\n', /invalid port/);
  invalid('PROXY TCP4 1.2.3.4 5.6.7.8 http 2\r\n', /invalid port/);
  invalid('PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n', /not terminated by CRLF/);
});

test('v2 PROXY over TCP4, with TLVs skipped and the request after them left alone', () => {
  const tlvs = Buffer.from([0x01, 0x00, 0x02, 0x68, 0x32, 0x04, 0x00, 0x01, 0x00]); // ALPN "h2", NOOP
  const header = v2(0x21, 0x11, inet4('198.51.100.9', '10.0.0.1', 61000, 80), tlvs);
  const data = Buffer.concat([header, Buffer.from('GET / HTTP/1.1\r\n\r\n')]);
  const r = complete(parseProxyHeader(data));
  assert.deepEqual(r.header, {
    version: 2,
    source: { address: '198.51.100.9', port: 61000, family: 'IPv4' },
    destination: { address: '10.0.0.1', port: 80, family: 'IPv4' },
  });
  assert.equal(r.length, header.length);
  assert.equal(data.subarray(r.length).toString(), 'GET / HTTP/1.1\r\n\r\n');
});

test('v2 PROXY over TCP6', () => {
  const src = Buffer.from('20010db8000000000000000000000007', 'hex');
  const dst = Buffer.from('00000000000000000000ffffc0000201', 'hex');
  const r = complete(parseProxyHeader(v2(0x21, 0x21, inet6(src, dst, 1234, 443))));
  assert.deepEqual(r.header.source, { address: '2001:db8::7', port: 1234, family: 'IPv6' });
  assert.deepEqual(r.header.destination, { address: '::ffff:192.0.2.1', port: 443, family: 'IPv6' });
});

test("v2 LOCAL, UNSPEC and unix families keep the socket's own addresses", () => {
  for (const header of [v2(0x20, 0x00, Buffer.alloc(0)), v2(0x20, 0x11, inet4('1.2.3.4', '5.6.7.8', 1, 2)), v2(0x21, 0x00, Buffer.alloc(0)), v2(0x21, 0x31, Buffer.alloc(216))]) {
    const r = complete(parseProxyHeader(header));
    assert.deepEqual(r.header, { version: 2, source: null, destination: null });
    assert.equal(r.length, header.length);
  }
});

test('v2 cut at every byte is incomplete until its declared length arrived', () => {
  assertIncompleteUntilWhole(v2(0x21, 0x11, inet4('192.0.2.1', '192.0.2.2', 1, 2), Buffer.alloc(300, 0x04)));
});

test('malformed v2 headers are refused with a reason', () => {
  invalid(v2(0x11, 0x11, inet4('1.2.3.4', '5.6.7.8', 1, 2)), /version 1/);
  invalid(v2(0x22, 0x11, inet4('1.2.3.4', '5.6.7.8', 1, 2)), /command 2/);
  invalid(v2(0x21, 0x12, inet4('1.2.3.4', '5.6.7.8', 1, 2)), /0x12 is not TCP/);
  invalid(v2(0x21, 0x41, Buffer.alloc(12)), /0x41 is not TCP/);
  invalid(v2(0x21, 0x11, Buffer.alloc(8)), /TCP4 address block of 8 bytes/);
  invalid(v2(0x21, 0x21, Buffer.alloc(12)), /TCP6 address block of 12 bytes/);
  // The signature differs in its fifth byte: "\r\n\r\n" then not NUL (a bare HTTP request with blank lines).
  invalid('\r\n\r\nGET / HTTP/1.1\r\n\r\n', /does not start/);
});

test('IPv6 addresses print as node prints them (RFC 5952)', () => {
  const cases: [string, string][] = [
    ['00000000000000000000000000000001', '::1'],
    ['00000000000000000000000000000000', '::'],
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'],
    ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'],
    ['fe800000000000000000000000000000', 'fe80::'],
    ['00000000000000000000ffff7f000001', '::ffff:127.0.0.1'],
  ];
  for (const [hex, text] of cases) assert.equal(ipv6(Buffer.from(hex, 'hex'), 0), text);
  // The WHATWG URL parser compresses the same way: use it as an oracle on random addresses with zero runs.
  for (let i = 0; i < 500; i++) {
    const b = Buffer.alloc(16);
    for (let g = 0; g < 8; g++) if (Math.random() < 0.5) b.writeUInt16BE(Math.floor(Math.random() * 0x10000), g * 2);
    if (b.subarray(0, 10).every((x) => x === 0) && b.readUInt16BE(10) === 0xffff) continue;
    const text = ipv6(b, 0);
    assert.equal(`[${text}]`, new URL(`http://[${text}]/`).hostname, b.toString('hex'));
    assert.ok(net.isIPv6(text));
  }
});

/** A server that accepts paused and runs readProxyHeader on each connection. */
async function reader(t: TestContext, mode: 'required' | 'optional', timeoutMs = 2_000): Promise<{ port: number; next: () => Promise<{ outcome: HeaderOutcome; socket: Socket }> }> {
  const results: { outcome: HeaderOutcome; socket: Socket }[] = [];
  const waiting: ((r: { outcome: HeaderOutcome; socket: Socket }) => void)[] = [];
  const server = net.createServer({ pauseOnConnect: true }, (socket) => {
    readProxyHeader(socket, mode, timeoutMs, (outcome) => {
      const r = { outcome, socket };
      const w = waiting.shift();
      if (w !== undefined) w(r);
      else results.push(r);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => server.close());
  return {
    port: (server.address() as AddressInfo).port,
    next: () => (results.length > 0 ? Promise.resolve(results.shift()!) : new Promise((resolve) => waiting.push(resolve))),
  };
}

/** Reads what is left in the socket after the header, by resuming it. */
function rest(socket: Socket, bytes: number): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if (text.length >= bytes) resolve(text);
    });
    socket.resume();
  });
}

test('readProxyHeader: a header split over many writes, the request pushed back for the next reader', async (t) => {
  const { port, next } = await reader(t, 'required');
  const client = net.connect(port, '127.0.0.1');
  t.after(() => client.destroy());
  const pieces = ['PRO', 'XY TCP4 203.0.113.7 ', '10.0.0.1 5', '1234 80\r', '\nGET / HT', 'TP/1.1\r\n\r\n'];
  for (const piece of pieces) {
    client.write(piece);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  const { outcome, socket } = await next();
  assert.equal(outcome.kind, 'header');
  assert.deepEqual((outcome as { header: { source: unknown } }).header.source, { address: '203.0.113.7', port: 51234, family: 'IPv4' });
  assert.equal(await rest(socket, 18), 'GET / HTTP/1.1\r\n\r\n');
});

test('readProxyHeader: garbage, a silent peer and a health check that just closes', async (t) => {
  const { port, next } = await reader(t, 'required', 200);
  const garbage = net.connect(port, '127.0.0.1', () => garbage.write('GET / HTTP/1.1\r\n\r\n'));
  garbage.on('error', () => undefined);
  const first = await next();
  assert.deepEqual(first.outcome, { kind: 'invalid', reason: 'the connection does not start with a PROXY protocol header' });
  first.socket.destroy();

  const silent = net.connect(port, '127.0.0.1', () => silent.write('PROXY TCP4 1.2'));
  t.after(() => silent.destroy());
  const second = await next();
  assert.equal(second.outcome.kind, 'invalid');
  assert.match((second.outcome as { reason: string }).reason, /no complete PROXY header within 200 ms \(14 bytes received\)/);
  second.socket.destroy();

  const check = net.connect(port, '127.0.0.1', () => check.end());
  assert.deepEqual((await next()).outcome, { kind: 'closed' });
});

test('readProxyHeader optional: plain HTTP goes through untouched, a PROXY header is spotted', async (t) => {
  const { port, next } = await reader(t, 'optional');
  const plain = net.connect(port, '127.0.0.1', () => plain.write('GET /plain HTTP/1.1\r\n\r\n'));
  t.after(() => plain.destroy());
  const first = await next();
  assert.deepEqual(first.outcome, { kind: 'absent' });
  assert.equal(await rest(first.socket, 23), 'GET /plain HTTP/1.1\r\n\r\n');

  for (const header of [Buffer.from('PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n'), v2(0x21, 0x11, inet4('1.2.3.4', '5.6.7.8', 1, 2))]) {
    const sneaky = net.connect(port, '127.0.0.1', async () => {
      // One byte at a time: "P" alone could still be POST.
      for (const byte of header) {
        if (sneaky.destroyed) return;
        sneaky.write(Buffer.from([byte]));
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    });
    sneaky.on('error', () => undefined);
    t.after(() => sneaky.destroy());
    const { outcome, socket } = await next();
    assert.deepEqual(outcome, { kind: 'present' });
    socket.destroy();
  }
});

test('readProxyHeader optional: a peer still ambiguous or silent at the deadline is let through to HTTP', async (t) => {
  const { port, next } = await reader(t, 'optional', 150);
  const slow = net.connect(port, '127.0.0.1', () => slow.write('P'));
  t.after(() => slow.destroy());
  const { outcome, socket } = await next();
  assert.deepEqual(outcome, { kind: 'absent' });
  const read = rest(socket, 5);
  slow.write('UT /');
  assert.equal(await read, 'PUT /', 'the byte read while sniffing comes first');
});
