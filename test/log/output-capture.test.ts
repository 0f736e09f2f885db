// captureOutput in process: writes to (fake) stdout and stderr streams become output.printed events
// of the given logger; the streams get their own write back on restore.

import assert from 'node:assert/strict';
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { readCliLayer, readEnvLayer } from '../../src/config/layers.ts';
import { captureOutput, capturesOutput } from '../../src/log/output-capture.ts';

class Sink extends Writable {
  readonly chunks: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(chunk.toString());
    done();
  }
}

function setup() {
  const logged: Record<string, unknown>[] = [];
  const logger = pino(
    { base: { role: 'worker', worker: 3 }, formatters: { level: (label) => ({ level: label }) } },
    { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const streams = { stdout: new Sink(), stderr: new Sink() };
  return { logged, logger, streams };
}

const fields = ({ level, event, stream, msg, worker, part, more }: Record<string, unknown>) => ({ level, event, stream, msg, worker, ...(part === undefined ? {} : { part, more }) });

test('console output becomes output.printed events: stdout at info, stderr at warn, one per line', async () => {
  const { logged, logger, streams } = setup();
  const capture = captureOutput(logger, streams);
  const console = new Console(streams.stdout, streams.stderr);
  console.log('hello %s', 'world');
  console.error('first\nsecond');
  console.warn({ a: 1 });
  await new Promise<void>((resolve) => streams.stdout.write('with a callback\n', () => resolve()));
  assert.deepEqual(logged.map(fields), [
    { level: 'info', event: 'output.printed', stream: 'stdout', msg: 'hello world', worker: 3 },
    { level: 'warn', event: 'output.printed', stream: 'stderr', msg: 'first', worker: 3 },
    { level: 'warn', event: 'output.printed', stream: 'stderr', msg: 'second', worker: 3 },
    { level: 'warn', event: 'output.printed', stream: 'stderr', msg: '{ a: 1 }', worker: 3 },
    { level: 'info', event: 'output.printed', stream: 'stdout', msg: 'with a callback', worker: 3 },
  ]);
  assert.deepEqual(streams.stdout.chunks, [], 'nothing reached the stream itself');
  capture.restore();
});

test('printf-like text (%s, %d) in a printed line is logged as it is, not formatted again', () => {
  const { logged, logger, streams } = setup();
  captureOutput(logger, streams);
  streams.stdout.write('100%d done, %s %j %%\n');
  assert.equal(logged[0]!['msg'], '100%d done, %s %j %%');
});

test('flush logs partial lines; restore flushes, then writes go to the stream again', () => {
  const { logged, logger, streams } = setup();
  const capture = captureOutput(logger, streams);
  streams.stdout.write('no newline');
  streams.stderr.write(Buffer.from('bytes'));
  assert.equal(logged.length, 0);
  capture.flush();
  assert.deepEqual(
    logged.map((l) => [l['stream'], l['msg']]),
    [
      ['stdout', 'no newline'],
      ['stderr', 'bytes'],
    ],
  );
  streams.stdout.write('tail');
  capture.restore();
  assert.equal(logged.at(-1)!['msg'], 'tail');
  streams.stdout.write('raw again\n');
  assert.deepEqual(streams.stdout.chunks, ['raw again\n']);
  assert.equal(Object.hasOwn(streams.stdout, 'write'), false, 'the prototype write is back');
});

test('a long line is logged in parts with part and more', () => {
  const { logged, logger, streams } = setup();
  captureOutput(logger, streams);
  streams.stdout.write(`${'x'.repeat(4000)}\n`);
  assert.deepEqual(
    logged.map((l) => [l['part'], l['more'], (l['msg'] as string).length]),
    [
      [1, true, 3072],
      [2, false, 928],
    ],
  );
});

test('a logger that itself writes through the captured stream does not loop', () => {
  const streams = { stdout: new Sink(), stderr: new Sink() };
  const logger = pino({ base: null }, streams.stdout);
  captureOutput(logger, streams);
  streams.stdout.write('printed\n');
  assert.equal(streams.stdout.chunks.length, 1);
  assert.match(streams.stdout.chunks[0]!, /"event":"output.printed".*"msg":"printed"/);
});

test("captureOutput 'auto' follows the log format; true and false are kept", () => {
  assert.equal(capturesOutput('auto', true), true);
  assert.equal(capturesOutput('auto', false), false);
  assert.equal(capturesOutput(true, false), true);
  assert.equal(capturesOutput(false, true), false);
});

test('captureOutput from env and flags: true/false words and auto; anything else is refused', () => {
  const env = (text: string) => readEnvLayer({ TSGUN_CAPTURE_OUTPUT: text });
  assert.deepEqual(
    ['auto', 'false', 'off', 'true', '1'].map((text) => env(text).assignments[0]?.value),
    ['auto', false, false, true, true],
  );
  assert.equal(env('sometimes').assignments.length, 0);
  assert.equal(env('sometimes').problems.length, 1);
  const cli = readCliLayer([{ setting: 'captureOutput', flag: '--capture-output', raw: 'false' }]);
  assert.deepEqual(cli.assignments[0]?.value, false);
});
