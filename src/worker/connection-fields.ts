// The response fields about one connection rather than the message (RFC 9110 7.6.1), which HTTP/2
// forbids (RFC 9113 8.2.2): response-writer.ts drops them from a Fetch app's HTTP/1.1 response
// (but `connection: close`), http2-server.ts from every HTTP/2 response.

const CONNECTION_FIELDS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

/** Whether `name` (any case) is one of them; a length check first keeps other names to one compare. */
export function isConnectionField(name: unknown): boolean {
  if (typeof name !== 'string') return false;
  const n = name.length;
  return (n === 7 || n === 10 || n === 16 || n === 17) && CONNECTION_FIELDS.has(name.toLowerCase());
}
