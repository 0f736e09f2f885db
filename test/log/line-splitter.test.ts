// The line splitter behind captureOutput: whole lines out of chunks cut anywhere, each piece small
// enough (once JSON-escaped) for a log line that is written atomically.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitLength, LineSplitter, MAX_TEXT_BYTES, type LinePiece } from '../../src/log/line-splitter.ts';

const texts = (pieces: readonly LinePiece[]): string[] => pieces.map((p) => p.text);
/** Bytes of the text in a JSON string, as pino writes it, without the quotes. */
const jsonBytes = (text: string): number => Buffer.byteLength(JSON.stringify(text)) - 2;

test('a line is given out at its newline; a partial line waits for the rest', () => {
  const s = new LineSplitter();
  assert.deepEqual(s.push('hel'), []);
  assert.equal(s.pending, true);
  assert.deepEqual(s.push('lo\nwor'), [{ text: 'hello' }]);
  assert.deepEqual(s.push('ld\n\nlast\n'), [{ text: 'world' }, { text: '' }, { text: 'last' }]);
  assert.equal(s.pending, false);
  assert.deepEqual(s.end(), []);
});

test('CRLF ends a line like LF, also when the CR and the LF come in different chunks; a lone CR stays', () => {
  const s = new LineSplitter();
  assert.deepEqual(texts(s.push('dos\r\nline\r')), ['dos']);
  assert.deepEqual(texts(s.push('\nprogress 10%\rprogress 20%\n')), ['line', 'progress 10%\rprogress 20%']);
});

test('end() gives out the partial line, and nothing when there is none', () => {
  const s = new LineSplitter();
  s.push('no newline yet');
  assert.deepEqual(s.end(), [{ text: 'no newline yet' }]);
  assert.deepEqual(s.end(), []);
});

test('a UTF-8 character cut between two byte chunks is joined, not replaced', () => {
  const bytes = Buffer.from('crème brûlée 🍮\n');
  for (let cut = 1; cut < bytes.length; cut++) {
    const s = new LineSplitter();
    const out = [...s.push(bytes.subarray(0, cut)), ...s.push(new Uint8Array(bytes.subarray(cut)))];
    assert.deepEqual(texts(out), ['crème brûlée 🍮'], `cut at byte ${cut}`);
  }
});

test('an incomplete character left at the end becomes U+FFFD; strings in other encodings are decoded', () => {
  const s = new LineSplitter();
  s.push(Buffer.from('é').subarray(0, 1));
  assert.deepEqual(texts(s.end()), ['\ufffd']);
  assert.deepEqual(texts(s.push(Buffer.from('hex line\n').toString('hex'), 'hex')), ['hex line']);
  assert.deepEqual(texts(s.push(Buffer.from('b64\n').toString('base64'), 'base64')), ['b64']);
});

test('a line longer than a log line may take is cut into numbered parts that join back to it', () => {
  for (const line of ['x'.repeat(10_000), 'é'.repeat(5000), '🍮'.repeat(3000), '"\\'.repeat(4000), '\u0001'.repeat(2000), `${'a'.repeat(1023)}🍮`.repeat(10)]) {
    const s = new LineSplitter();
    const out = s.push(`${line}\n`);
    assert.ok(out.length > 1, 'cut');
    assert.equal(out.map((p) => p.text).join(''), line, 'nothing lost');
    out.forEach((p, i) => {
      assert.equal(p.part, i + 1);
      assert.equal(p.more, i < out.length - 1);
      assert.ok(jsonBytes(p.text) <= MAX_TEXT_BYTES, `part ${p.part} takes ${jsonBytes(p.text)} bytes`);
      assert.ok(!/^[\udc00-\udfff]/.test(p.text) && !/[\ud800-\udbff]$/.test(p.text), 'no surrogate pair cut');
    });
  }
});

test('a long line written in small chunks is cut as it grows, then numbered on across the newline', () => {
  const s = new LineSplitter(100);
  const out: LinePiece[] = [];
  for (let i = 0; i < 250; i++) out.push(...s.push('z'));
  assert.deepEqual(
    out.map((p) => [p.text.length, p.part, p.more]),
    [
      [100, 1, true],
      [100, 2, true],
    ],
  );
  out.push(...s.push('!\nnext\n'));
  assert.deepEqual(out.slice(2), [{ text: `${'z'.repeat(50)}!`, part: 3, more: false }, { text: 'next' }]);
});

test('a line that fits exactly is not cut', () => {
  const s = new LineSplitter(10);
  assert.deepEqual(s.push('0123456789\n'), [{ text: '0123456789' }]);
  assert.deepEqual(s.push('0123456789'), []);
  assert.deepEqual(s.push('\n'), [{ text: '0123456789' }]);
});

test('fitLength counts bytes as JSON.stringify writes them', () => {
  for (const text of ['plain', 'tab\there', 'quote"back\\slash', 'ctl\u0001\u001b', 'é€🍮', 'lone \ud800 high', 'lone \udc00 low']) {
    const padded = text.repeat(200);
    const fit = fitLength(padded, 500);
    assert.ok(jsonBytes(padded.slice(0, fit)) <= 500, text);
    const pair = /^[\ud800-\udbff][\udc00-\udfff]/.test(padded.slice(fit));
    assert.ok(jsonBytes(padded.slice(0, fit + (pair ? 2 : 1))) > 500, `${text}: the longest start that fits`);
  }
});
