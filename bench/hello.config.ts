// The hello app as the throughput benchmark serves it: no access log (the cluster peer has none),
// logs at info so the benchmark can read the lifecycle events.

import { defineConfig } from 'tsgun';

export default defineConfig({
  app: '../examples/hello/app.ts',
  bind: ['127.0.0.1:0'],
  workers: 2,
  logLevel: 'info',
  logFormat: 'json',
});
