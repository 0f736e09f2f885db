// A Koa 3 app: tsgun recognises the instance and serves `app.callback()`.

import Koa from 'koa';

const app = new Koa();
app.use(async (ctx) => {
  if ((ctx.method === 'GET' || ctx.method === 'HEAD') && ctx.path === '/') {
    ctx.type = 'text/plain';
    ctx.body = `hello from koa, worker ${process.pid}\n`;
  } else if (ctx.method === 'POST' && ctx.path === '/echo') {
    ctx.type = 'text/plain';
    ctx.body = ctx.req; // streamed straight back
  }
});

export default app;
