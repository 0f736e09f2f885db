// The CPU-heavy app as bench/balance.ts serves it; balanceConnections comes from its command line.

import { defineConfig } from 'tsgun';

export default defineConfig({
  app: './busy-app.ts',
  bind: ['127.0.0.1:0'],
  workers: 2,
  logLevel: 'info',
  logFormat: 'json',
});
