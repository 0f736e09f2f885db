// The statuses tsgun itself answers in place of a response not yet sent: a refusal (400, 413, 417…),
// the 500 of an app that failed, the 503 of requestTimeout.

import type { ServerResponse } from 'node:http';
import type { Logger } from '../log/logger.ts';

/**
 * Answers `status` with `text`. What the app set on the response goes: its Content-Length would
 * misframe this body, and a field HTTP/2 forbids (`keep-alive`) made this answer throw too, which
 * took the worker down. Should the answer still fail, the connection (HTTP/2: the stream) is cut
 * rather than left waiting. HTTP/1.1 closes after it.
 */
export function answerInPlace(res: ServerResponse, status: number, text: string, logger: Logger): void {
  const h2 = (res as { stream?: unknown }).stream !== undefined;
  try {
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    // Its own reason phrase: a writeHead(200) that failed (a header value Node refuses) left "OK".
    // (HTTP/2 has none; Node warns when one is set.) Not an ESM import of node:http: that reads
    // every export, and its lazy WebSocket getters load undici (test/e2e/lean-worker.test.ts).
    if (!h2) res.statusMessage = process.getBuiltinModule('node:http').STATUS_CODES[status] ?? '';
    // HTTP/2 has no Connection field (Node drops it with a warning): the stream ends, the session stays.
    if (h2) res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    else res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
    res.end(`${text}\n`);
  } catch (error) {
    logger.warn({ event: 'request.answer-failed', status, err: error }, `could not answer ${status}; the ${h2 ? 'stream' : 'connection'} is cut`);
    res.destroy(error as Error);
  }
}
