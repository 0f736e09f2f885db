// A Hono app: a Web-standard `fetch(Request) => Response` handler. tsgun streams request and
// response bodies between node:http and the Fetch API.

import { Hono } from 'hono';

const app = new Hono();
app.get('/', (c) => c.text(`hello from hono, worker ${process.pid}\n`));
app.post('/echo', (c) => new Response(c.req.raw.body, { headers: { 'content-type': 'text/plain' } }));

export default app;
