// Fuzzing, in process and bounded: the PROXY protocol parser and the conformance check, fed random
// and mutated inputs from a seeded PRNG (TSGUN_FUZZ_SEED=<seed> replays a run; every failure names
// its seed). Properties: no throw, a well-formed result, and the parser's verdict final once given
// (what more bytes cannot change). The end-to-end twin, test/e2e/conformance-fuzz.test.ts, checks
// that the app is never called for what these refuse.

import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { test } from 'node:test';
import { CHUNKED, checkRequest, type RequestHead } from '../../src/worker/conformance.ts';
import { parseProxyHeader, V1_MAX_LENGTH, type ParseResult } from '../../src/worker/proxy-protocol.ts';
import { FUZZ_SEED, mutate, Random } from '../helpers/fuzz.ts';

const ROUNDS = 20_000;
const SIGNATURE = Buffer.from('0d0a0d0a000d0a515549540a', 'hex');

function v2(random: Random): Buffer {
  const family = random.pick([0x11, 0x21, 0x31, 0x00, 0x12, 0x22]);
  const size = family === 0x11 ? 12 : family === 0x21 ? 36 : family === 0x31 ? 216 : random.int(20);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(size);
  return Buffer.concat([SIGNATURE, Buffer.from([random.pick([0x21, 0x20]), family]), length, random.bytes(size)]);
}

function v1(random: Random): Buffer {
  const ip4 = () => Array.from({ length: 4 }, () => random.int(256)).join('.');
  const ip6 = () => Array.from({ length: 8 }, () => random.int(65536).toString(16)).join(':');
  const line = random.pick([
    () => `PROXY TCP4 ${ip4()} ${ip4()} ${random.int(65536)} ${random.int(65536)}\r\n`,
    () => `PROXY TCP6 ${ip6()} ${ip6()} ${random.int(65536)} ${random.int(65536)}\r\n`,
    () => 'PROXY UNKNOWN\r\n',
  ])();
  return Buffer.from(line, 'latin1');
}

/** A header, valid or mutated, maybe followed by what the connection sends next. */
function proxyInput(random: Random): Buffer {
  const roll = random.next();
  if (roll < 0.1) return random.bytes(random.int(64));
  const header = random.next() < 0.5 ? v1(random) : v2(random);
  const tail = random.next() < 0.5 ? Buffer.from('GET / HTTP/1.1\r\n\r\n') : Buffer.alloc(0);
  const whole = Buffer.concat([header, tail]);
  return roll < 0.3 ? whole : mutate(random, whole);
}

function assertWellFormed(result: ParseResult, data: Buffer): void {
  if (result.kind === 'incomplete') return;
  if (result.kind === 'invalid') {
    assert.equal(typeof result.reason, 'string');
    return;
  }
  assert.equal(result.kind, 'complete');
  assert.ok(result.length > 0 && result.length <= data.length, `length ${result.length} of ${data.length}`);
  const { version, source, destination } = result.header;
  if (version === 1) assert.ok(result.length <= V1_MAX_LENGTH);
  else assert.equal(version, 2);
  for (const end of [source, destination]) {
    if (end === null) continue;
    assert.ok(isIP(end.address) !== 0, `address ${end.address}`);
    assert.ok(Number.isInteger(end.port) && end.port >= 0 && end.port <= 65535, `port ${end.port}`);
  }
}

test(`PROXY parser: ${ROUNDS} random and mutated headers, parsed whole and cut anywhere (seed ${FUZZ_SEED})`, () => {
  const random = new Random(FUZZ_SEED);
  const tally = { complete: 0, invalid: 0, incomplete: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const data = proxyInput(random);
    const why = `seed ${FUZZ_SEED}, round ${round}, input ${data.toString('hex')}`;
    try {
      const whole = parseProxyHeader(data);
      assertWellFormed(whole, data);
      tally[whole.kind]++;
      // A prefix of the input: what the parser had seen after an earlier read.
      const cut = random.int(data.length + 1);
      const early = parseProxyHeader(data.subarray(0, cut));
      assertWellFormed(early, data.subarray(0, cut));
      // A verdict, once given, is final: more bytes cannot make an invalid header valid, nor change a complete one.
      if (early.kind === 'invalid') assert.equal(whole.kind, 'invalid', 'an invalid prefix became something else');
      if (early.kind === 'complete') assert.deepEqual(whole, early, 'a complete header changed with more bytes');
    } catch (error) {
      throw new Error(`${why}: ${(error as Error).message}`, { cause: error });
    }
  }
  // The inputs reached every outcome: a fuzzer stuck on one path proves little.
  assert.ok(tally.complete > ROUNDS / 20 && tally.invalid > ROUNDS / 20 && tally.incomplete > 0, `seed ${FUZZ_SEED}: ${JSON.stringify(tally)}`);
});

const METHODS = ['GET', 'POST', 'OPTIONS', 'PUT', 'CONNECT', 'PRI', '', 'G'];
const TARGETS = ['/', '/a?b=c', '*', 'http://h.example/x', 'https://h.example:443/', 's://]ufd/:', 'h.example:443', '', '/#x', 'http://u@h/'];
const NAMES = ['Host', 'host', 'HOST', 'Content-Type', 'Transfer-Encoding', 'Content-Length', 'Authorization', 'Proxy-Authorization', 'X-A', 'Hist', ''];
const VALUES = ['h.example', 'h.example:8080', '[::1]', 'a b', 'chunked', 'gzip, chunked', 'identity', '', '5', 'x'.repeat(9000)];

function randomString(random: Random, max: number): string {
  return random.bytes(random.int(max)).toString('latin1');
}

function randomHead(random: Random): RequestHead {
  const rawHeaders: string[] = [];
  const fields = random.int(8);
  for (let i = 0; i < fields; i++) {
    rawHeaders.push(random.next() < 0.8 ? random.pick(NAMES) : randomString(random, 24));
    rawHeaders.push(random.next() < 0.8 ? random.pick(VALUES) : randomString(random, 40));
  }
  return {
    method: random.next() < 0.9 ? random.pick(METHODS) : randomString(random, 10),
    url: random.next() < 0.7 ? random.pick(TARGETS) : mutate(random, Buffer.from(random.pick(TARGETS) || '/', 'latin1')).toString('latin1'),
    httpVersionMajor: random.next() < 0.8 ? 1 : random.int(4),
    httpVersionMinor: random.next() < 0.8 ? random.int(2) : random.int(12),
    rawHeaders,
  };
}

test(`conformance check: ${ROUNDS} random request heads (seed ${FUZZ_SEED})`, () => {
  const random = new Random(FUZZ_SEED ^ 0x5bd1e995);
  const limits = { requestLine: 4094, fields: 6, fieldSize: 8190, headersSize: 32768 };
  let served = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const h = randomHead(random);
    const why = `seed ${FUZZ_SEED}, round ${round}, head ${JSON.stringify(h)}`;
    const verdict = checkRequest(h, limits);
    if (verdict === null || verdict === CHUNKED) {
      served++;
      // What the check lets through keeps the rules it exists for.
      const hosts = h.rawHeaders.filter((_, i) => i % 2 === 0 && h.rawHeaders[i]!.toLowerCase() === 'host').length;
      assert.ok(hosts <= 1, `${why}: two Host lines served`);
      assert.ok(h.httpVersionMajor === 1 && h.httpVersionMinor <= 1, `${why}: version served`);
      assert.ok(h.httpVersionMinor === 0 || hosts === 1, `${why}: HTTP/1.1 without Host served`);
      assert.ok(h.url !== '*' || h.method === 'OPTIONS', `${why}: * served`);
      assert.ok(!(h.url ?? '').includes('#'), `${why}: a fragment served`);
      assert.equal(
        verdict === CHUNKED,
        h.rawHeaders.some((v, i) => i % 2 === 0 && v.toLowerCase() === 'transfer-encoding'),
        why,
      );
    } else {
      assert.ok([400, 414, 431, 501, 505].includes(verdict.status), why);
      assert.ok(Object.isFrozen(verdict), why);
    }
  }
  assert.ok(served > 0 && served < ROUNDS, `seed ${FUZZ_SEED}: ${served} of ${ROUNDS} served`);
});
