// V8 settings for the tsgun process itself (the CLI and the master it becomes), set before it loads
// anything. The master supervises: it runs a few handlers a second and never serves a request, so
// V8's compilers beyond the interpreter (Sparkplug, Maglev, TurboFan) buy it nothing, yet the first
// function they compile pages in their machine code and grows the heap: measured on the hello
// example, 7 MiB of the master's RSS (the node binary's resident pages 46 → 40 MiB). Its young
// generation is kept at its initial size too (2 MiB more); a master's allocations are small and
// short-lived.
//
// Only this process: a worker or any process tsgun starts gets Node's defaults (these flags are
// set at run time, so they are not in process.execArgv, which node-flags.ts hands on).
// TSGUN_MASTER_V8=default keeps V8's defaults (to compare, or should a Node release misbehave).

import v8 from 'node:v8';

export const LEAN_V8_FLAGS = ['--no-sparkplug', '--no-maglev', '--no-turbofan', '--semi-space-growth-factor=1'] as const;

/** Applies LEAN_V8_FLAGS unless `env` opts out; returns whether it did. Call first, before other imports. */
export function leanV8(env: Readonly<Record<string, string | undefined>>): boolean {
  if (env['TSGUN_MASTER_V8'] === 'default') return false;
  for (const flag of LEAN_V8_FLAGS) v8.setFlagsFromString(flag);
  return true;
}
