// An Express 5 app: Express apps are Node request listeners, so tsgun serves them as they are.

import express from 'express';

const app = express();
app.use(express.text({ type: '*/*' }));
app.get('/', (_req, res) => {
  res.type('text/plain').send(`hello from express, worker ${process.pid}\n`);
});
app.post('/echo', (req, res) => {
  res.type('text/plain').send(String(req.body ?? ''));
});

export default app;
