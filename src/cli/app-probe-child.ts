// The throwaway process `tsgun check` imports the app in (app-probe.ts spawns it). It loads the app
// exactly as a worker does: the same umask, the same switch to `user`/`group` (when started as
// root), then worker/app-adapter.ts's loadApp (module, `#export`, kind of export, factory). It runs
// no `onBoot` and serves nothing: it reports how the load went over IPC, then exits.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AppSpec } from '../config/resolved-config.ts';
import { dropPrivileges, resolveIdentity, systemAccounts } from '../sys/privileges.ts';
import { AppLoadError, loadApp, type AppLoadReason } from '../worker/app-adapter.ts';
import { appFrame, parseProbeRequest, type ProbeReply, type StackFrame } from './app-probe-messages.ts';

/** tsgun's own source (src/ or dist/): frames in it are the loader's, never the app's. */
const tsgunDir = fileURLToPath(new URL('../', import.meta.url));

let replied = false;
function reply(message: ProbeReply): void {
  if (replied) return;
  replied = true;
  // Exit once the reply is out: an app that opened a server or a timer on import keeps no probe alive.
  process.send?.(message, () => process.exit(0));
}

function failure(reason: AppLoadReason | 'uncaught', error: unknown, module?: string): ProbeReply {
  const thrown = error instanceof AppLoadError ? error.cause : error;
  const stack = thrown instanceof Error ? (thrown.stack ?? '') : '';
  const message = error instanceof Error ? error.message : `the app threw ${String(error)}`;
  let frame = appFrame(stack, tsgunDir);
  // A JavaScript syntax error carries no location at all; `node --check` tells it (for the app's own file).
  if (frame === null && thrown instanceof SyntaxError && module !== undefined && /\.[cm]?js$/.test(module)) frame = syntaxErrorAt(module);
  return { type: 'failed', reason, message, frame };
}

function syntaxErrorAt(file: string): StackFrame | null {
  const { stderr } = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 10_000 });
  const lines = (stderr ?? '').split('\n');
  const at = /^(.*):(\d+)$/.exec(lines[0] ?? '');
  if (at === null || at[1] !== file) return null;
  const caret = (lines[2] ?? '').indexOf('^');
  return { file, line: Number(at[2]), column: caret === -1 ? null : caret + 1 };
}

// An error the import set off but did not await (a rejected promise, a throw in a timer) ends a worker too.
process.on('uncaughtException', (error) => reply(failure('uncaught', error)));
process.on('unhandledRejection', (reason) => reply(failure('uncaught', reason)));
// `tsgun check` is gone (killed, interrupted): nothing waits for the answer.
process.on('disconnect', () => process.exit(0));

process.once('message', (raw: unknown) => {
  const request = parseProbeRequest(raw);
  if (request === undefined) return reply({ type: 'failed', reason: 'uncaught', message: 'malformed probe request', frame: null });
  void probe(request.app, request.user, request.group, request.umask);
});

async function probe(app: AppSpec, user: string | number | null, group: string | number | null, umask: number | null): Promise<void> {
  try {
    if (umask !== null) process.umask(umask);
    const identity = resolveIdentity(user, group, systemAccounts());
    // Not root: the check runs as someone else than the server will (a deploy user), so it loads as itself.
    if (identity !== null && process.geteuid?.() === 0) dropPrivileges(identity);
    const loaded = await loadApp(app);
    await loaded.close?.();
    reply({ type: 'loaded', kind: loaded.kind });
  } catch (error) {
    reply(failure(error instanceof AppLoadError ? error.reason : 'import-threw', error, app.isFile ? app.module : undefined));
  }
}
