// Fuzzing the edge end to end, bounded in count and time: one tsgun with `proxyProtocol` on, and
// connections that each send a PROXY header and a request, one of the two mutated (seeded PRNG:
// TSGUN_FUZZ_SEED=<seed> replays a run; a failure names the seed and the input). The oracle needs no
// model of HTTP: the requests carry no body, so the app is called exactly once for each response it
// gave (its responses echo X-Case) and never otherwise; and for an invalid PROXY header, or a
// mutation known to make the request invalid, never at all. The worker must not crash nor log an error.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseProxyHeader } from '../../src/worker/proxy-protocol.ts';
import { tempDir } from '../helpers/cli.ts';
import { FUZZ_SEED, mutate, Random } from '../helpers/fuzz.ts';
import { talk } from '../helpers/raw-http.ts';
import { startServer } from '../helpers/server.ts';

const MAX_INPUTS = 400;
const BUDGET_MS = 15_000;

const PROXY_V1 = 'PROXY TCP4 192.0.2.7 192.0.2.1 40000 8000\r\n';
const REQUEST = 'GET /fuzz?q=1 HTTP/1.1\r\nHost: a.example\r\nX-Case: fuzz\r\nAccept: */*\r\nConnection: close\r\n\r\n';

/** Mutations whose result no server may serve, each with what it does to the request. */
const KNOWN_BAD: readonly { readonly what: string; readonly apply: (request: string) => string }[] = [
  { what: 'a second Host line', apply: (r) => r.replace('Host: a.example\r\n', 'Host: a.example\r\nHost: b.example\r\n') },
  { what: 'HTTP/2.0', apply: (r) => r.replace('HTTP/1.1', 'HTTP/2.0') },
  { what: 'no Host', apply: (r) => r.replace('Host: a.example\r\n', '') },
  { what: 'GET *', apply: (r) => r.replace('/fuzz?q=1', '*') },
  { what: 'a space before a colon', apply: (r) => r.replace('Accept:', 'Accept :') },
  { what: 'obs-fold', apply: (r) => r.replace('Accept: */*\r\n', 'Accept: */*\r\n folded\r\n') },
  { what: 'a NUL in a value', apply: (r) => r.replace('*/*', '*/\u0000*') },
  { what: 'a bare LF', apply: (r) => r.replace('Accept: */*\r\n', 'Accept: */*\n') },
];

test(`fuzzing PROXY headers and requests against one tsgun (seed ${FUZZ_SEED})`, async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'calls.txt');
  writeFileSync(file, '');
  const server = await startServer(t, {
    args: ['test/fixtures/edge/conformance-app.mjs', '-b', '127.0.0.1:0', '-w', '1', '--proxy-protocol', '--log-level', 'debug'],
    env: { EDGE_TEST_CALLS: file },
  });
  const port = Number(new URL(await server.url()).port);
  const calls = (): number => readFileSync(file, 'utf8').split('\n').length - 1;
  const random = new Random(FUZZ_SEED);
  const deadline = Date.now() + BUDGET_MS;
  const tally = { served: 0, refused: 0, knownBad: 0, badProxy: 0 };

  let n = 0;
  for (; n < MAX_INPUTS && Date.now() < deadline; n++) {
    const roll = random.next();
    let proxy: Buffer = Buffer.from(PROXY_V1, 'latin1');
    let request: Buffer = Buffer.from(REQUEST, 'latin1');
    let mustRefuse = false;
    let what: string;
    if (roll < 0.3) {
      proxy = mutate(random, proxy);
      // Judged on the header and what follows it, as the worker reads them.
      mustRefuse = parseProxyHeader(Buffer.concat([proxy, request])).kind !== 'complete';
      what = 'a mutated PROXY header';
      if (mustRefuse) tally.badProxy++;
    } else if (roll < 0.45) {
      const bad = random.pick(KNOWN_BAD);
      request = Buffer.from(bad.apply(REQUEST), 'latin1');
      mustRefuse = true;
      what = bad.what;
      tally.knownBad++;
    } else {
      request = mutate(random, request);
      what = 'a mutated request';
    }
    const input = Buffer.concat([proxy, request]);
    const why = `seed ${FUZZ_SEED}, input ${n} (${what}): ${JSON.stringify(input.toString('latin1'))}`;
    const before = calls();
    const text = await send(port, input, why);
    const answered = text.match(/\r\nx-case: /gi)?.length ?? 0;
    const called = calls() - before;
    assert.equal(called, answered, `${why}: ${called} app calls for ${answered} app responses; read ${JSON.stringify(text.slice(0, 300))}`);
    if (mustRefuse) assert.equal(called, 0, `${why}: the app was called for an invalid input`);
    if (called > 0) tally.served++;
    else tally.refused++;
  }

  t.diagnostic(`seed ${FUZZ_SEED}: ${n} inputs, ${JSON.stringify(tally)}`);
  assert.ok(tally.served > 0 && tally.refused > 0, `seed ${FUZZ_SEED}: both outcomes reached: ${JSON.stringify(tally)}`);
  assert.equal(server.events('worker.exited').length, 0, `seed ${FUZZ_SEED}: the worker never crashed`);
  assert.deepEqual(
    server.lines.filter((l) => l.level === 'error' || l.level === 'fatal'),
    [],
    `seed ${FUZZ_SEED}`,
  );
});

/** Sends `input` on a new connection, shuts the writing side (so that nothing waits on a timeout), and reads until closed. */
function send(port: number, input: Buffer, why: string): Promise<string> {
  return talk({ port }, (socket) => void socket.end(input), why);
}
