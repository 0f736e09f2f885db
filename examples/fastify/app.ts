// A Fastify 5 instance: tsgun waits for `ready()`, routes requests through it, and calls
// `close()` (so onClose hooks run) when the worker shuts down gracefully.

import Fastify from 'fastify';

const app = Fastify();
app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
app.get('/', async (_req, reply) => {
  reply.type('text/plain');
  return `hello from fastify, worker ${process.pid}\n`;
});
app.post('/echo', async (req, reply) => {
  reply.type('text/plain');
  return String(req.body ?? '');
});

export default app;
