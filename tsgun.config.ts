// The project's own config (used by `npm run dev` and a smoke test): the hello example on port 8000.

import { defineConfig } from 'tsgun';

export default defineConfig(({ command }) => ({
  app: './examples/hello/app.ts',
  bind: ['127.0.0.1:8000'],
  workers: 2,
  logLevel: command === 'serve' ? 'info' : 'warn',
}));
