// The answer to a request Node's parser refused (its 'clientError'): which status it gets.

/** What Node's parser attaches to the errors it reports to 'clientError'. */
export type ParserError = NodeJS.ErrnoException & { bytesParsed?: number; rawPacket?: Buffer };

/**
 * The status for a refused request. Node counts the request target and the header fields against
 * one budget (maxHeaderSize), so an overflow is a request line over the limit (414) or a header
 * section over it (431), told apart by the line the parser was in (overflowInRequestLine).
 */
export function clientErrorStatus(error: ParserError): string {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return error.rawPacket !== undefined && overflowInRequestLine(error.rawPacket, error.bytesParsed ?? 0) ? '414 URI Too Long' : '431 Request Header Fields Too Large';
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return '408 Request Timeout';
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return '413 Payload Too Large';
    default:
      return '400 Bad Request';
  }
}

/** A method token and a space: how a request line starts (a field name is followed by a colon). */
const REQUEST_LINE_START = /^[A-Z][A-Z-]* [^ ]/;

/**
 * Whether the parser overflowed inside a request line, judged from the read it was parsing (the
 * only bytes Node hands over; earlier reads are gone). The line in progress is the one after the
 * last line end before the failure point: a request line when that line end closed an empty line
 * (the end of an earlier head), or, with no line end, when the read itself starts a request line.
 * Exact when the head came in one read, as a long target sent at once does; a target trickled over
 * many reads past the whole budget is taken for a header line (431): both are refused and closed.
 */
function overflowInRequestLine(packet: Buffer, parsed: number): boolean {
  const prefix = packet.subarray(0, Math.min(parsed, packet.length));
  const nl = prefix.lastIndexOf(10);
  if (nl === -1) return REQUEST_LINE_START.test(packet.toString('latin1', 0, 32));
  return nl >= 3 && prefix[nl - 1] === 13 && prefix[nl - 2] === 10 && prefix[nl - 3] === 13;
}
