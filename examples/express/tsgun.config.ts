// Serves examples/express/app.ts on 127.0.0.1:8000 with two workers.

import { defineConfig } from 'tsgun';

export default defineConfig({
  app: './app.ts',
  bind: ['127.0.0.1:8000'],
  workers: 2,
});
