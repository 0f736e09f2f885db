// Preloaded (--import) by the test scripts: every test file runs in a Node process of its own, which
// type-strips and compiles the same helpers and src/ modules again. Node's compile cache keeps both,
// so each file after the first loads them from node_modules/.cache (measured: 0.30 -> 0.16 s of CPU
// to import server.ts, load.ts and reload.ts; 116 test files). Only this process: nothing is set in
// the environment, so the tsgun processes a test starts keep their own private cache (compile-cache.ts
// in src/sys, and test/e2e/compile-cache.test.ts, which must see exactly that one).

import module from 'node:module';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../node_modules/.cache/tsgun-tests', import.meta.url));
if (process.env['NODE_DISABLE_COMPILE_CACHE'] === undefined) {
  try {
    module.enableCompileCache?.(dir);
  } catch {
    // An optimisation only: the tests run the same without it.
  }
}
