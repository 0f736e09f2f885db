// The worker process entry. First the compile cache the master uses (its directory is the one
// argument), so that tsgun's modules and a .ts app load compiled; then the worker itself.

import { enableCompileCache } from '../sys/compile-cache.ts';

enableCompileCache(process.argv[2] ?? null);
await import('./process-main.ts');
