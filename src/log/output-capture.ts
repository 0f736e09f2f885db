// captureOutput: what user code prints with console.log, console.error or process.stdout.write becomes
// `output.printed` log events of the process that printed it, so that a JSON log stream stays one
// JSON object per line. It replaces the `write` method of process.stdout and process.stderr: every
// console (the global one, `new Console(process.stdout)`) and library calls write on those objects.
// tsgun's own logger writes to fd 1 through its destination (sonic-boom), never through
// process.stdout, so its lines are not captured again. Writes that bypass those objects stay raw:
// a child process the app spawns with inherited stdio, a native addon, fs.writeSync(1), V8's fatal
// errors. Nothing runs per request: only a write calls in.

import type { Writable } from 'node:stream';
import { LineSplitter, type LinePiece } from './line-splitter.ts';
import type { Logger } from './logger.ts';

export type CaptureSetting = boolean | 'auto';

/** `auto` captures when the log lines are JSON: raw text is what would break them. */
export function capturesOutput(setting: CaptureSetting, json: boolean): boolean {
  return setting === 'auto' ? json : setting;
}

export interface OutputCapture {
  /** Logs the partial lines (written without a newline yet). Synchronous: safe in an `exit` listener. */
  flush(): void;
  /** Flushes, then gives the streams their own `write` back. */
  restore(): void;
}

type StreamName = 'stdout' | 'stderr';

/**
 * stdout at info; stderr at warn: stderr carries console.warn, Node's own warnings
 * (DeprecationWarning) and progress as well as console.error, and tsgun cannot tell them apart, so
 * `error` would page someone for a deprecation notice. `stream` says which it was.
 */
const LEVEL: Readonly<Record<StreamName, 'info' | 'warn'>> = { stdout: 'info', stderr: 'warn' };

type WriteCallback = (error?: Error | null) => void;

export function captureOutput(logger: Logger, streams: Readonly<Record<StreamName, Writable>> = { stdout: process.stdout, stderr: process.stderr }): OutputCapture {
  const restores: (() => void)[] = [];
  const splitters = new Map<StreamName, LineSplitter>();
  let inside = false;
  const log = (name: StreamName, pieces: readonly LinePiece[]): void => {
    for (const { text, part, more } of pieces) {
      logger[LEVEL[name]]({ event: 'output.printed', stream: name, ...(part === undefined ? {} : { part, more }) }, text);
    }
  };
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = streams[name];
    const splitter = new LineSplitter();
    splitters.set(name, splitter);
    const own = Object.getOwnPropertyDescriptor(stream, 'write');
    const original = stream.write;
    const write = function (this: Writable, chunk: unknown, encoding?: BufferEncoding | WriteCallback, callback?: WriteCallback): boolean {
      const done = typeof encoding === 'function' ? encoding : callback;
      // A logger that itself wrote through this stream (a destination configured on fd 1 as a
      // stream) would loop: its own writes go out unchanged.
      if (inside || (typeof chunk !== 'string' && !(chunk instanceof Uint8Array))) return original.apply(this, [chunk, encoding, callback] as never);
      inside = true;
      try {
        log(name, splitter.push(chunk, typeof encoding === 'string' ? encoding : undefined));
      } finally {
        inside = false;
      }
      if (done !== undefined) process.nextTick(done);
      return true;
    };
    stream.write = write as Writable['write'];
    restores.push(() => {
      if (own === undefined) delete (stream as { write?: unknown }).write;
      else Object.defineProperty(stream, 'write', own);
    });
  }
  let restored = false;
  const flush = (): void => {
    for (const [name, splitter] of splitters) log(name, splitter.end());
  };
  return {
    flush,
    restore() {
      if (restored) return;
      restored = true;
      flush();
      for (const restore of restores) restore();
    },
  };
}
