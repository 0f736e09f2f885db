// The Fetch bridge served by an in-process node:http server, behind what the worker server's guard
// does around a listener (400 for a bad target, 500 before the head, a cut after), and a client that
// reads a whole reply: for the bridge's tests (test/worker/fetch-bridge-*.test.ts).

import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import { fetchListener, type FetchHandler } from '../../src/worker/fetch-bridge.ts';
import { BadRequestTarget } from '../../src/worker/request-url.ts';

export type Listener = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** What the worker server's guard does around the listener: 400 for a bad target, 500 before the head, a cut after. */
export function guard(listener: Listener, before?: (req: IncomingMessage, res: ServerResponse) => void) {
  const fail = (res: ServerResponse, error: unknown): void => {
    if (process.env.DEBUG_FETCH_BRIDGE_TEST) console.error(error);
    if (res.headersSent) res.destroy();
    else {
      res.writeHead(error instanceof BadRequestTarget ? 400 : 500);
      res.end(error instanceof BadRequestTarget ? 'bad request' : 'failed');
    }
  };
  return (req: IncomingMessage, res: ServerResponse): void => {
    before?.(req, res);
    try {
      const result = listener(req, res);
      if (result !== undefined) result.then(undefined, (error: unknown) => fail(res, error));
    } catch (error) {
      fail(res, error);
    }
  };
}

export async function serve(t: TestContext, handler: FetchHandler, before?: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  const server = http.createServer(guard(fetchListener(handler), before));
  server.listen({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return (server.address() as AddressInfo).port;
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  raw: string[];
  body: Buffer;
}

export function request(port: number, options: http.RequestOptions & { body?: string[] } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, agent: false, ...options }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, raw: res.rawHeaders, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    for (const piece of options.body ?? []) req.write(piece);
    req.end();
  });
}
