// The smallest tsgun app: a plain Node request listener.

import type { IncomingMessage, ServerResponse } from 'node:http';

export default function hello(_req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(`hello from worker ${process.pid}\n`);
}
