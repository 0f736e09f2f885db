// The app bench/frameworks.ts serves through tsgun: examples/<BENCH_APP>/app.ts (hello by default),
// no access log (the peers have none), logs at info so the benchmark can read the lifecycle events.

import { defineConfig } from 'tsgun';

export default defineConfig({
  app: `../examples/${process.env.BENCH_APP ?? 'hello'}/app.ts`,
  bind: ['127.0.0.1:0'],
  workers: 2,
  logLevel: 'info',
  logFormat: 'json',
});
