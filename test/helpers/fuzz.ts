// Seeded randomness for fuzz tests: a small PRNG (mulberry32) and byte mutations. The seed comes
// from TSGUN_FUZZ_SEED when set (to replay a failure), else from the clock; a failing assertion
// names it, so that a run can be replayed exactly.

export const FUZZ_SEED = process.env['TSGUN_FUZZ_SEED'] === undefined ? Date.now() >>> 0 : Number(process.env['TSGUN_FUZZ_SEED']) >>> 0;

export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
}

/** Bytes that matter to HTTP/1 and PROXY parsers, favoured by mutations over uniform noise. */
const INTERESTING = Buffer.from(' \t\r\n:/?#@[]%*,;=\u0000\u007f\u0080\u00ff0123456789', 'latin1');

/** One to three random edits of `input`: flip, insert, delete, duplicate a span, truncate, or swap a CRLF for LF. */
export function mutate(random: Random, input: Buffer): Buffer {
  let out = Buffer.from(input);
  const edits = 1 + random.int(3);
  for (let e = 0; e < edits; e++) {
    const at = out.length === 0 ? 0 : random.int(out.length);
    const byte = random.next() < 0.6 ? INTERESTING[random.int(INTERESTING.length)]! : random.int(256);
    switch (random.int(6)) {
      case 0:
        if (out.length > 0) out[at] = byte;
        break;
      case 1:
        out = Buffer.concat([out.subarray(0, at), Buffer.from([byte]), out.subarray(at)]);
        break;
      case 2:
        out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1 + random.int(4))]);
        break;
      case 3: {
        const end = Math.min(out.length, at + 1 + random.int(40));
        out = Buffer.concat([out.subarray(0, end), out.subarray(at, end), out.subarray(end)]);
        break;
      }
      case 4:
        out = out.subarray(0, at);
        break;
      default: {
        const crlf = out.indexOf('\r\n', at);
        if (crlf !== -1) out = Buffer.concat([out.subarray(0, crlf), out.subarray(crlf + 1)]);
      }
    }
  }
  return out;
}
