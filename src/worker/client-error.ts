// The answer to a request Node's parser refused (its 'clientError'): which status it gets, and when
// it may be written. Node's own handler (lib/_http_server.js socketOnError) writes a status only when
// the socket is writable and no response on it has begun; tsgun goes further for pipelining: a
// status written while an earlier request's response is still owed would be read as that response,
// so the earlier responses are let finish first, and the connection closes after them.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../log/logger.ts';
import { CONNECT_REFUSAL } from './conformance.ts';
import { responseOf } from './connections.ts';

/** What Node's parser attaches to the errors it reports to 'clientError'. */
export type ParserError = NodeJS.ErrnoException & { bytesParsed?: number; rawPacket?: Buffer };

/** How long a connection answered with an error status may take to read it before it is cut. */
export const CLIENT_ERROR_LINGER_MS = 5_000;

/**
 * The status for a refused request, or null when none is owed: the client asked to close and sent
 * more (HPE_CLOSED_CONNECTION: the bytes after `Connection: close` are ignored, as RFC 9112 9.6 has
 * a server stop reading), or the socket itself failed (ECONNRESET…: nobody to answer). Node counts
 * the request target and the header fields against one budget (maxHeaderSize), so an overflow is a
 * request line over the limit (414) or a header section over it (431), told apart by the line the
 * parser was in (overflowInRequestLine).
 */
export function clientErrorStatus(error: ParserError): string | null {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return error.rawPacket !== undefined && overflowInRequestLine(error.rawPacket, error.bytesParsed ?? 0) ? '414 URI Too Long' : '431 Request Header Fields Too Large';
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return '408 Request Timeout';
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return '413 Payload Too Large';
    case 'HPE_CLOSED_CONNECTION':
      return null;
    default:
      return error.code?.startsWith('HPE_') ? '400 Bad Request' : null;
  }
}

/** `request.client-error`'s reason for an error of Node's parser (docs/events.md lists them). */
export function clientErrorReason(code: string | undefined): string {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return 'head-too-large';
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 'head-timeout';
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 'chunk-extensions-too-large';
    case 'HPE_CLOSED_CONNECTION':
      return 'data-after-close';
    case 'HPE_INVALID_METHOD':
      return 'invalid-method';
    case 'HPE_INVALID_URL':
      return 'invalid-target';
    case 'HPE_INVALID_VERSION':
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_UNEXPECTED_SPACE':
      return 'invalid-request-line';
    case 'HPE_INVALID_HEADER_TOKEN':
    case 'HPE_CR_EXPECTED':
    case 'HPE_LF_EXPECTED':
      return 'invalid-field';
    case 'HPE_INVALID_CONTENT_LENGTH':
    case 'HPE_UNEXPECTED_CONTENT_LENGTH':
    case 'HPE_INVALID_TRANSFER_ENCODING':
    case 'HPE_INVALID_CHUNK_SIZE':
    case 'HPE_STRICT':
      return 'invalid-framing';
    case 'HPE_INVALID_EOF_STATE':
      return 'incomplete-request';
    case 'HPE_PAUSED_H2_UPGRADE':
      return 'http2-preface';
    default:
      return code?.startsWith('HPE_') ? 'malformed' : 'connection-error';
  }
}

/** What a connection is busy with when its parser fails. */
export interface InFlight {
  readonly headersSent: boolean;
  /** The app (or the guard) ended the response: only flushing is left. */
  readonly ended: boolean;
  /** The response's request was read whole: the failure is in bytes after it (a pipelined request). */
  readonly requestComplete: boolean;
}

export type ClientErrorPlan =
  /** Write the status now and close. */
  | { readonly kind: 'answer'; readonly status: string }
  /** Let the responses owed on the connection finish, then write the status (if any) and close. */
  | { readonly kind: 'after-responses'; readonly status: string | null }
  /** Close now: nothing may be written (a response is half-sent, or the socket is gone). */
  | { readonly kind: 'close' };

/**
 * Decides what to do when the parser fails on a connection (pure: see answerClientError). The
 * failure is the in-flight request's own (its body broke) when that request is incomplete: then the
 * status answers it if its response has not begun, as Node does. Otherwise the failure belongs to a
 * later request, whose answer waits for the responses owed before it.
 */
export function planClientError(status: string | null, writable: boolean, inFlight: InFlight | null): ClientErrorPlan {
  if (!writable) return { kind: 'close' };
  if (inFlight === null) return status === null ? { kind: 'close' } : { kind: 'answer', status };
  if (inFlight.requestComplete) return { kind: 'after-responses', status };
  // The request's body broke after its response was written whole (the app did not wait for the
  // body): that response is its answer.
  if (inFlight.ended) return { kind: 'after-responses', status: null };
  if (!inFlight.headersSent && status !== null) return { kind: 'answer', status };
  return { kind: 'close' };
}

/**
 * The worker's 'clientError' handler: acts on planClientError and logs each failed connection once
 * as `request.client-error` (debug).
 */
export class ClientErrors {
  readonly #logger: Logger;
  /** Connections whose failure is being answered: Node reports every later read on them again. */
  readonly #answering = new WeakSet<Socket>();

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** The guard refused a request on this connection and closes it: its parser's next complaint is no new refusal. */
  refused(socket: Socket): void {
    this.#answering.add(socket);
  }

  /** A CONNECT request, which Node hands to the server's 'connect' listeners and never to the app: 501, and the connection closes. */
  refuseConnect(socket: Socket): void {
    const r = CONNECT_REFUSAL;
    this.#logger.debug({ event: 'request.client-error', code: r.code, reason: r.reason, status: r.status }, r.message);
    this.#answering.add(socket);
    socket.on('error', ignore);
    endWith(socket, `${r.status} ${r.text}`);
    // Whatever the client sends on is read and dropped until it closes.
    socket.resume();
  }

  handle(error: ParserError, socket: Socket): void {
    // The parser keeps failing on each later read, which is also how the rest of what the client
    // sends is read and dropped until the connection closes (rather than left unread, which would
    // make the close a reset that can destroy the answer before the client reads it).
    if (this.#answering.has(socket)) return;
    this.#answering.add(socket);
    const status = clientErrorStatus(error);
    const res = responseOf(socket);
    const plan = planClientError(status, socket.writable && !socket.destroyed, res === null ? answeredMidBody(socket) : inFlightOf(res));
    const answered = plan.kind === 'close' || plan.status === null ? null : Number(plan.status.slice(0, 3));
    this.#logger.debug({ event: 'request.client-error', code: error.code, reason: clientErrorReason(error.code), status: answered }, error.message);
    switch (plan.kind) {
      case 'answer':
        return endWith(socket, plan.status);
      case 'close':
        // A connection already ending (its last response said Connection: close) is let finish.
        if (socket.writableEnded && !socket.destroyed) return lingerThenDestroy(socket);
        return void socket.destroy();
      case 'after-responses':
        return afterResponses(socket, () => endWith(socket, plan.status));
    }
  }
}

function inFlightOf(res: ServerResponse): InFlight {
  return { headersSent: res.headersSent, ended: res.writableEnded, requestComplete: res.req.complete };
}

const ANSWERED_WHOLE: InFlight = { headersSent: true, ended: true, requestComplete: false };

/**
 * With no response on the socket: a request whose body the parser was still reading when it failed
 * had its response finished and detached already (the app answered without reading the body), so
 * that response was its answer (regression: a 400 followed the 200, read by a client reusing the
 * connection as the answer to its next request). Else (between requests, or in a new head) null.
 */
function answeredMidBody(socket: Socket): InFlight | null {
  const incoming = (socket as Socket & { parser?: { incoming?: IncomingMessage | null } | null }).parser?.incoming;
  return incoming !== null && incoming !== undefined && !incoming.complete ? ANSWERED_WHOLE : null;
}

/** Calls `done` once no response is owed on the socket (Node hands the next pipelined one over as each finishes). */
function afterResponses(socket: Socket, done: () => void): void {
  const res = responseOf(socket);
  if (socket.destroyed) return;
  if (res === null) return done();
  // Node's own 'finish' listener, added when the request came, runs first: it detaches this
  // response, assigns the next one queued, or ends the socket when this one said Connection: close.
  res.once('finish', () => afterResponses(socket, done));
}

/**
 * Writes the status (if any) and closes the writing side, unless the connection is closing already
 * (the last response owed said Connection: close: then nothing more may be written).
 */
function endWith(socket: Socket, status: string | null): void {
  if (socket.destroyed) return;
  if (socket.writable && status === null) socket.end();
  else if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  lingerThenDestroy(socket);
}

/** A client that never reads its answer, or never closes its side, must not hold the connection. */
function lingerThenDestroy(socket: Socket): void {
  socket.setTimeout(CLIENT_ERROR_LINGER_MS, () => socket.destroy());
}

function ignore(): void {}

/** A method token and a space: how a request line starts (a field name is followed by a colon). */
const REQUEST_LINE_START = /^[A-Z][A-Z-]* [^ ]/;

/**
 * Whether the parser overflowed inside a request line, judged from the read it was parsing (the
 * only bytes Node hands over; earlier reads are gone). Node counts the budget as llhttp hands it
 * the pieces of the head, each at the end of its piece or of the read: a target at the space
 * before the version, a field name at its colon, a value at its line end. So when the failure
 * point is inside the read, the byte there tells: a space not after a colon ends a target. When the
 * piece ran to the end of the read, the line in progress starts after the read's last line end: a
 * request line when that line end closed an empty line (the end of an earlier head), or, with no
 * line end, when the read itself starts a request line. A line that starts before the read and
 * ends after it (a target trickled over three reads or more past the whole budget) is taken for a
 * header line (431): both are refused and closed.
 */
function overflowInRequestLine(packet: Buffer, parsed: number): boolean {
  if (parsed > 0 && parsed < packet.length) return packet[parsed] === 32 && packet[parsed - 1] !== 58;
  const prefix = packet.subarray(0, Math.min(parsed, packet.length));
  const nl = prefix.lastIndexOf(10);
  if (nl === -1) return REQUEST_LINE_START.test(packet.toString('latin1', 0, 32));
  return nl >= 3 && prefix[nl - 1] === 13 && prefix[nl - 2] === 10 && prefix[nl - 3] === 13;
}
