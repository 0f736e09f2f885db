// Turns what a process writes to stdout or stderr (strings and byte chunks, cut anywhere) into whole
// lines, each small enough to become one log line: a JSON log line must stay under the 4 KiB that
// the destination writes atomically (logger.ts), so a longer line is cut into numbered parts.

import { StringDecoder } from 'node:string_decoder';

/**
 * The most bytes a piece of text takes once JSON-escaped in a log line. The rest of the 4096 (the
 * level, time, pid, role, worker, generation, event, stream and part fields, under 300 bytes) leaves
 * ample room; a tighter figure would buy nothing.
 */
export const MAX_TEXT_BYTES = 3072;

/** One log line's worth of a written line. */
export interface LinePiece {
  readonly text: string;
  /** For a line cut into parts: its part number, from 1. Absent for a line that fits in one. */
  readonly part?: number;
  /** For a cut line: true on every part but the last. */
  readonly more?: boolean;
}

/**
 * The bytes `text` takes in JSON as JSON.stringify (and so pino) writes it: `"` and `\` escaped,
 * control characters as `\n` or `\u001b`, a lone surrogate as `\udXXX`, the rest UTF-8.
 */
function escapedBytes(code: number, next: number): number {
  if (code < 0x20) return code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d ? 2 : 6;
  if (code === 0x22 || code === 0x5c) return 2;
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdbff) return next >= 0xdc00 && next <= 0xdfff ? 4 : 6;
  if (code >= 0xdc00 && code <= 0xdfff) return 6; // a low surrogate reached here has no high one before it
  return 3;
}

/** The length of the longest start of `text` that fits in `maxBytes`, never cutting a surrogate pair. */
export function fitLength(text: string, maxBytes: number): number {
  // No UTF-16 unit takes more than 6 bytes: most lines are decided without looking at them.
  if (text.length * 6 <= maxBytes) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : -1;
    const cost = escapedBytes(code, next);
    if (bytes + cost > maxBytes) return i;
    bytes += cost;
    if (cost === 4) i++; // both halves of the pair, counted together
  }
  return text.length;
}

export class LineSplitter {
  readonly #maxBytes: number;
  readonly #decoder = new StringDecoder('utf8');
  /** The line written so far, without its newline. */
  #pending = '';
  /** Parts of the pending line already given out (it was longer than one piece). */
  #parts = 0;

  constructor(maxBytes: number = MAX_TEXT_BYTES) {
    this.#maxBytes = maxBytes;
  }

  /** Whether a partial line is waiting for its newline. */
  get pending(): boolean {
    return this.#pending !== '' || this.#parts > 0;
  }

  /**
   * A chunk as Writable.write takes it. Bytes go through a UTF-8 decoder, so a character cut
   * between two chunks is joined; a string in another encoding (`'hex'`, `'base64'`) is decoded first.
   */
  push(chunk: string | Uint8Array, encoding?: BufferEncoding): LinePiece[] {
    let text: string;
    if (typeof chunk !== 'string') text = this.#decoder.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    else if (encoding === undefined || encoding === 'utf8' || encoding === 'utf-8') text = this.#decoder.end() + chunk;
    else text = this.#decoder.write(Buffer.from(chunk, encoding));
    const out: LinePiece[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      this.#pending += text.slice(start, nl);
      start = nl + 1;
      this.#line(out);
    }
    this.#pending += text.slice(start);
    this.#overflow(out);
    return out;
  }

  /** The partial line (and any incomplete character, as U+FFFD) at the end of the stream. */
  end(): LinePiece[] {
    this.#pending += this.#decoder.end();
    const out: LinePiece[] = [];
    if (this.pending) this.#line(out);
    return out;
  }

  /** The pending line is complete: give it out, in parts if it is too long. */
  #line(out: LinePiece[]): void {
    let line = this.#pending.endsWith('\r') ? this.#pending.slice(0, -1) : this.#pending;
    this.#pending = '';
    for (let fit = fitLength(line, this.#maxBytes); fit < line.length; fit = fitLength(line, this.#maxBytes)) {
      out.push({ text: line.slice(0, fit), part: ++this.#parts, more: true });
      line = line.slice(fit);
    }
    out.push(this.#parts === 0 ? { text: line } : { text: line, part: ++this.#parts, more: false });
    this.#parts = 0;
  }

  /** A partial line already longer than a piece: give out its full parts now, keep the rest. */
  #overflow(out: LinePiece[]): void {
    for (let fit = fitLength(this.#pending, this.#maxBytes); fit < this.#pending.length; fit = fitLength(this.#pending, this.#maxBytes)) {
      out.push({ text: this.#pending.slice(0, fit), part: ++this.#parts, more: true });
      this.#pending = this.#pending.slice(fit);
    }
  }
}
