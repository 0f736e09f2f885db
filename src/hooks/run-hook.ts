// Runs a user hook: a throw or a hook that does not settle within its time limit is logged with the
// hook's name and reported to the caller, never thrown. Whether a failure matters (a boot hook fails
// the worker's boot) is the caller's decision.

import type { Logger } from 'pino';

export type HookOutcome = { readonly ok: true } | { readonly ok: false; readonly error: Error; readonly timedOut: boolean };

/** The `hook.failed` line, the same wherever a hook runs (awaited here, or as a master effect). */
export function logHookFailure(logger: Logger, name: string, error: Error, timedOut: boolean): void {
  if (timedOut) logger.error({ event: 'hook.failed', hook: name, code: 'TSG_HOOK', timedOut: true }, error.message);
  else logger.error({ event: 'hook.failed', hook: name, code: 'TSG_HOOK', err: error }, `hook ${name} threw: ${error.message}`);
}

/** A config's hook by name, or undefined when it defines none. */
export function hookOf(settings: object, name: string): ((...args: never[]) => unknown) | undefined {
  const hook = (settings as Record<string, unknown>)[name];
  return typeof hook === 'function' ? (hook as (...args: never[]) => unknown) : undefined;
}

export async function runHook(
  name: string,
  hook: ((...args: never[]) => unknown) | undefined,
  args: readonly unknown[],
  options: { readonly timeoutMs: number; readonly logger: Logger },
): Promise<HookOutcome> {
  if (hook === undefined) return { ok: true };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
  });
  try {
    const result = await Promise.race([Promise.resolve().then(() => (hook as (...a: unknown[]) => unknown)(...args)), timeout]);
    if (result === 'timeout') {
      const error = new Error(`hook ${name} did not settle within ${options.timeoutMs} ms`);
      logHookFailure(options.logger, name, error, true);
      return { ok: false, error, timedOut: true };
    }
    return { ok: true };
  } catch (thrown) {
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    logHookFailure(options.logger, name, error, false);
    return { ok: false, error, timedOut: false };
  } finally {
    clearTimeout(timer);
  }
}

/** A synchronous hook on the request path: no timer, no promise; a throw is logged and ignored. */
export function runSyncHook(name: string, hook: ((...args: never[]) => unknown) | undefined, args: readonly unknown[], logger: Logger): void {
  if (hook === undefined) return;
  try {
    (hook as (...a: unknown[]) => unknown)(...args);
  } catch (thrown) {
    logger.error({ event: 'hook.failed', hook: name, code: 'TSG_HOOK', err: thrown }, `hook ${name} threw`);
  }
}
