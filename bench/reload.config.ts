// The Express example app as the reload benchmark (bench/reload.ts) serves it: two workers, JSON logs
// at info so the benchmark can read the lifecycle and reload events, no access log. keepAlive is kept
// short so that a draining worker's idle keep-alive connections close well within gracefulTimeout.

import { defineConfig } from 'tsgun';

export default defineConfig({
  app: '../examples/express/app.ts',
  bind: ['127.0.0.1:0'],
  workers: 2,
  gracefulTimeout: 10,
  keepAlive: 2,
  accessLog: null,
  logLevel: 'info',
  logFormat: 'json',
});
