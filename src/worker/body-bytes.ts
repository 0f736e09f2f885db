// The body bytes a response carried, for the access log's %(B)s: counted as the app writes them,
// whatever API it writes with (write, end, a piped stream), since Node keeps no such count.

import type { ServerResponse } from 'node:http';

/** Counts the body bytes an app writes (the access log's %(B)s), whatever API it writes with. */
export function countBodyBytes(res: ServerResponse): { bytes: number } {
  const counter = { bytes: 0 };
  const size = (chunk: unknown, encoding: unknown): number =>
    typeof chunk === 'string' ? Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : chunk instanceof Uint8Array ? chunk.byteLength : 0;
  const write = res.write;
  const end = res.end;
  res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    counter.bytes += size(chunk, rest[0]);
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof res.write;
  res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    if (typeof chunk !== 'function') counter.bytes += size(chunk, rest[0]);
    return (end as (...a: unknown[]) => ServerResponse).call(this, chunk, ...rest);
  } as typeof res.end;
  return counter;
}
